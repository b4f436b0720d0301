import { baseline, brief, checkAll } from './fixtures';

test('the baseline fixture is clean for every rule', () => {
  expect(brief(checkAll(baseline()))).toEqual([]);
});
