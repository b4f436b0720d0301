import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE_END, CATALOGUE_START, catalogueTable } from '../../src/private/rules/catalogue-table';

test('README.md contains exactly the generated rule catalogue table between the markers', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const between = readme.slice(start + CATALOGUE_START.length, end).trim();
  expect(between).toBe(catalogueTable());
});
