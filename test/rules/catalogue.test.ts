import * as fs from 'fs';
import * as path from 'path';
import { changed, model } from './fixtures';
import { CATALOGUE } from '../../src/private/rules/catalogue';
import { catalogueSection, catalogueTable } from '../../src/private/rules/catalogue-table';
import { runRules } from '../../src/private/rules/engine';

describe('the rule catalogue', () => {
  test('ids are unique, PascalCase, with a severity and one-line texts', () => {
    const ids = CATALOGUE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of CATALOGUE) {
      expect(r.id).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      for (const text of [r.summary, r.why, r.fix]) {
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/\n/);
      }
    }
  });

  test('every rule is exercised by a test of test/rules', () => {
    const dir = __dirname;
    const sources = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts' && f !== 'catalogue-readme.test.ts')
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const untested = CATALOGUE.filter((r) => !sources.includes(`ruleId: '${r.id}'`) && !sources.includes(`'${r.id}', `)).map((r) => r.id);
    expect(untested).toEqual([]);
  });

  test('runRules({ only }) runs only the named rules', () => {
    const m = model(changed({ GetItems: { Properties: { AuthorizationScopes: ['read'] } }, Machine: { DependsOn: null } }));
    expect(new Set(runRules(m).map((f) => f.ruleId))).toEqual(new Set(['ShortMethodScope', 'ClientBeforeResourceServer']));
    expect(runRules(m, { only: ['ShortMethodScope'] }).map((f) => f.ruleId)).toEqual(['ShortMethodScope']);
  });

  test('the README table has one row per rule, in catalogue order', () => {
    const rows = catalogueTable().split('\n').slice(2);
    expect(rows.map((r) => /^\| `(\w+)` \|/.exec(r)?.[1])).toEqual(CATALOGUE.map((r) => r.id));
    expect(catalogueSection()).toMatch(/^<!-- catalogue:start -->\n\| id \| severity \|[^]*\n<!-- catalogue:end -->$/);
    // no raw '<' (would read as HTML) and no unescaped '|' inside cells
    for (const row of rows) {
      expect(row).not.toMatch(/</);
      expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
    }
  });
});
