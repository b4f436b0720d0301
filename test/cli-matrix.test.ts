import * as path from 'path';
import { capture, fixtureOnDisk } from './cli-helpers';
import { WRITE } from './simulator.fixtures';
import { main } from '../src/cli/main';

const { templateFile, cdkOut } = fixtureOnDisk();

async function matrix(...args: string[]) {
  const io = capture();
  const code = await main(['matrix', ...args], io);
  return { code, ...io };
}

describe('cognito-scopes matrix', () => {
  test('JSON shape; the fixture has undecided cells (AWS_IAM, a validation expression on an ID-token method): exit 1', async () => {
    const r = await matrix(templateFile, '--format', 'json');
    expect(r.stderr).toBe('cognito-scopes matrix: 6 of 60 answers could not be decided ("allowed": null); their why says what would decide them (exit 1)\n');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['methods']);
    for (const m of out.methods) {
      expect(m).toEqual({
        api: expect.any(String),
        method: expect.any(String),
        path: expect.any(String),
        requires: { tokenUse: expect.any(String), scopes: expect.any(Array) },
        callers: expect.any(Array),
      });
      for (const c of m.callers) {
        expect(Object.keys(c)).toEqual(['caller', 'allowed', 'via', 'why']);
        expect([true, false, null]).toContain(c.allowed);
        expect(c.why).not.toBe('');
        // null exactly when the why says unknown
        expect(c.allowed === null).toBe(c.why.startsWith('unknown: '));
      }
    }
    const nulls = out.methods.flatMap((m: any) => m.callers.filter((c: any) => c.allowed === null).map((c: any) => `${m.method} ${m.path} ${c.caller}`));
    expect(nulls).toEqual([
      'GET /iam Web', 'GET /iam Machine', 'GET /iam OtherWeb', 'GET /iam signed-in user (InitiateAuth)',
      'GET /validated Web', 'GET /validated signed-in user (InitiateAuth)',
    ]);
    const post = out.methods.find((m: any) => m.method === 'POST' && m.path === '/items');
    expect(post.requires).toEqual({ tokenUse: 'access', scopes: [WRITE] });
    expect(post.callers.filter((c: any) => c.allowed).map((c: any) => c.caller)).toEqual(['Machine']);
  });

  test('markdown (default) from a cdk.out directory', async () => {
    const r = await matrix(cdkOut);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cognito-scopes matrix: 6 of 60 answers could not be decided (❔); their why says what would decide them (exit 1)\n');
    expect(r.stdout).toContain('| `GET` | `/iam` | not-modelled | ❔ [');
    expect(r.stdout).toMatch(/^\| Method \| Path \| Requires \|/);
    expect(r.stdout).toContain('✅ `com.example.api/write`');
    expect(r.stdout).toMatch(/\n1\. /);
  });

  test.each([
    ['missing file', [path.join(__dirname, 'nope.json')], /no such file/],
    ['no template', [], /give a template/],
    ['bad format', [templateFile, '--format', 'html'], /--format must be one of markdown, json/],
    ['unknown flag', [templateFile, '--all', 'x'], /unknown option --all/],
  ])('bad input → exit 2: %s', async (_n, args, message) => {
    const r = await matrix(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
