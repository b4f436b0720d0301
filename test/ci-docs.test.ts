import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { parseCheckArgs } from '../src/cli/check';

const DOCS = path.join(__dirname, '..', 'docs', 'ci');

/** Every string value of a parsed YAML document. */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

/** The arguments after `npx cognito-scopes check` in a shell command line, up to a redirection or the end. */
function checkCommands(doc: unknown): string[][] {
  const out: string[][] = [];
  for (const s of strings(doc)) {
    for (const line of s.split('\n')) {
      const m = /\bnpx cognito-scopes check\b(.*)$/.exec(line);
      if (m) out.push(m[1].split(/\s+/).filter(Boolean).filter((_, i, all) => !all.slice(0, i + 1).some((w) => w.startsWith('>') || w === '|')));
    }
  }
  return out;
}

describe('CI examples in docs/ci', () => {
  test('github-actions.yml: check with --format sarif, uploaded by github/codeql-action/upload-sarif', () => {
    const doc = parse(fs.readFileSync(path.join(DOCS, 'github-actions.yml'), 'utf8'));
    const steps: any[] = doc.jobs.check.steps;
    const commands = checkCommands(doc);
    expect(commands.length).toBe(2);
    const opts = commands.map((c) => parseCheckArgs(c));
    expect(opts.map((o) => o.format)).toEqual(['sarif', 'github']);
    expect(opts[0]).toMatchObject({ paths: ['cdk.out'], failOn: 'error' });
    const sarifStep = steps.find((s) => typeof s.run === 'string' && s.run.includes('--format sarif'));
    const file = /> (\S+)$/.exec(sarifStep.run)![1];
    const upload = steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.with.sarif_file).toBe(file);
    expect(upload.if).toBe('always()');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(sarifStep));
    expect(doc.permissions['security-events']).toBe('write');
  });

  test('gitlab-ci.yml: check with --format junit, the output is the JUnit report artifact', () => {
    const doc = parse(fs.readFileSync(path.join(DOCS, 'gitlab-ci.yml'), 'utf8'));
    const commands = checkCommands(doc);
    expect(commands.length).toBe(1);
    expect(parseCheckArgs(commands[0])).toMatchObject({ format: 'junit', failOn: 'error', baseline: 'cognito-scopes-baseline.json', paths: ['cdk.out'] });
    const line = doc['cognito-scopes'].script.find((s: string) => s.includes('cognito-scopes check'));
    expect(doc['cognito-scopes'].artifacts.reports.junit).toBe(/> (\S+)$/.exec(line)![1]);
    expect(doc['cognito-scopes'].artifacts.when).toBe('always');
  });

  test('pre-commit-hooks.yaml: the entry is a valid check command once pre-commit appends the file names', () => {
    const doc = parse(fs.readFileSync(path.join(DOCS, 'pre-commit-hooks.yaml'), 'utf8'));
    const hook = doc.repos[0].hooks[0];
    expect(hook.pass_filenames).toBe(true);
    const commands = checkCommands(hook);
    expect(commands.length).toBe(1);
    expect(parseCheckArgs([...commands[0], 'templates/api.yaml'])).toMatchObject({ failOn: 'error', format: 'text', paths: ['templates/api.yaml'] });
    expect(new RegExp(hook.files).test('templates/api.yaml')).toBe(true);
  });

  test('an invalid command in an example would be caught', () => {
    expect(() => parseCheckArgs(checkCommands({ run: 'npx cognito-scopes check cdk.out --format sarf > x' })[0])).toThrow(/--format must be one of/);
    expect(() => parseCheckArgs(checkCommands({ run: 'npx cognito-scopes check cdk.out --skip-rules Nope' })[0])).toThrow(/unknown rule/);
  });
});
