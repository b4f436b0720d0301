import * as fs from 'fs';
import * as path from 'path';
import { capture, fixtureOnDisk } from './cli-helpers';
import { READ } from './simulator.fixtures';
import { main } from '../src/cli/main';
import { TestTokenIssuer } from '../src/testing';

const POOL_ID = 'us-east-1_Test123';
const issuer = new TestTokenIssuer({ userPoolId: POOL_ID });
const { dir, templateFile, cdkOut, poolLogicalId } = fixtureOnDisk();
const jwksFile = path.join(dir, 'jwks.json');
fs.writeFileSync(jwksFile, issuer.jwks);

async function explain(...args: string[]) {
  const io = capture();
  const code = await main(['explain', ...args], io);
  return { code, ...io };
}

describe('cognito-scopes explain', () => {
  test('JSON: a passing access token', async () => {
    const token = issuer.mintAccessToken({ clientId: 'web', scopes: [READ] });
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token', token, '--jwks', jwksFile, '--pool-id', `${poolLogicalId}=${POOL_ID}`, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      status: 200,
      decided: true,
      wouldBe: 200,
      refused: false,
      open: [],
      message: expect.any(String),
      checks: expect.any(Array),
      reasons: expect.any(Array),
      fixes: [],
      assumptions: expect.any(Array),
    });
    for (const c of out.checks) expect(Object.keys(c).sort()).toEqual(['detail', 'name', 'result']);
    expect(out.checks.find((c: any) => c.name === 'issuer').result).toBe('pass');
    expect(out.checks.find((c: any) => c.name === 'signature').result).toBe('pass');
  });

  test('JSON: ID token on a scoped method names the clients allowed the scope', async () => {
    const r = await explain('--template', cdkOut, '--method', 'get', '--path', '/items', '--token', `Bearer ${issuer.mintIdToken({ clientId: 'web' })}`, '--jwks', jwksFile, '--pool-id', `${poolLogicalId}=${POOL_ID}`, '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe(401);
    expect(out.message).toBe('Unauthorized');
    expect(out.fixes.join('\n')).toMatch(/requires `com\.example\.api\/read`; an ID token was sent; send an access token from a client allowed that scope \(Web, Machine\)/);
    expect(out.checks.find((c: any) => c.name === 'bearer-prefix').result).toBe('pass');
  });

  test('--token-file, expired at --now', async () => {
    const tokenFile = path.join(dir, 'token.txt');
    fs.writeFileSync(tokenFile, issuer.mintAccessToken({ clientId: 'web', scopes: [READ], issuedAt: new Date('2030-01-01T00:00:00Z') }) + '\n');
    const now = String(Date.parse('2030-01-01T02:00:00Z') / 1000);
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token-file', tokenFile, '--jwks', jwksFile, '--pool-id', `${poolLogicalId}=${POOL_ID}`, '--now', now, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 401, message: 'The incoming token has expired' });
    const earlier = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token-file', tokenFile, '--jwks', jwksFile, '--pool-id', `${poolLogicalId}=${POOL_ID}`, '--now', String(Date.parse('2030-01-01T00:30:00Z') / 1000), '--format', 'json');
    expect(JSON.parse(earlier.stdout).status).toBe(200);
  });

  test('no token option: no Authorization header; text output', async () => {
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/items');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GET \/items → 401 Unauthorized/);
    expect(r.stdout).toMatch(/FAIL {4}identity-source: header Authorization is missing/);
    expect(r.stdout).toMatch(/fix:\n {2}- send the token in the Authorization header/);
    expect(r.stdout).toMatch(/assumed:[\s\S]*new deployment/);
  });

  test('without --pool-id and --jwks: issuer and signature open, the answer undecided (exit 1), assumptions say so', async () => {
    const token = issuer.mintAccessToken({ clientId: 'web', scopes: [READ] });
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token', token, '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect({ status: out.status, decided: out.decided, wouldBe: out.wouldBe, open: out.open }).toEqual({
      status: 'unknown',
      decided: false,
      wouldBe: 200,
      open: [`issuer pool id (pass --pool-id ${poolLogicalId}=<region>_<id>)`, 'signature (pass --jwks)'],
    });
    expect(out.checks.find((c: any) => c.name === 'issuer').result).toBe('unknown');
    expect(out.checks.find((c: any) => c.name === 'signature').result).toBe('unknown');
    expect(out.assumptions.join('\n')).toMatch(new RegExp(`--pool-id ${poolLogicalId}=`));
  });

  test('unknown route: 403 Missing Authentication Token', async () => {
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/nope', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 403, message: 'Missing Authentication Token' });
  });

  test('AWS_IAM method: no decision, exit 1', async () => {
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/iam');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('GET /iam → no decision (not simulated: authorization AWS_IAM): authorization (AWS_IAM is not simulated)');
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['unreadable template', ['--template', path.join(__dirname, 'nope.json'), '--method', 'GET', '--path', '/'], /no such file/],
    ['not a template', ['--template', __filename, '--method', 'GET', '--path', '/'], /not valid JSON or YAML|not a CloudFormation template/],
    ['both --token and --token-file', ['--template', templateFile, '--method', 'GET', '--path', '/', '--token', 'a', '--token-file', 'b'], /not both/],
    ['bad --pool-id syntax', ['--template', templateFile, '--method', 'GET', '--path', '/', '--pool-id', 'Pool:us-east-1_x'], /--pool-id must be LogicalId=/],
    ['--pool-id of no pool', ['--template', templateFile, '--method', 'GET', '--path', '/', '--pool-id', 'Nope=us-east-1_Abc'], /no user pool with that logical id/],
    ['non-numeric --now', ['--template', templateFile, '--method', 'GET', '--path', '/', '--now', 'tomorrow'], /--now must be epoch seconds/],
    ['missing --method', ['--template', templateFile, '--path', '/'], /--method is required/],
    ['missing --template', ['--method', 'GET', '--path', '/'], /--template is required/],
    ['path without /', ['--template', templateFile, '--method', 'GET', '--path', 'items'], /--path must start with \//],
    ['unknown flag', ['--template', templateFile, '--method', 'GET', '--path', '/', '--verbose', 'x'], /unknown option --verbose/],
    ['bad --format', ['--template', templateFile, '--method', 'GET', '--path', '/', '--format', 'xml'], /--format must be one of text, json/],
    ['unreadable --token-file', ['--template', templateFile, '--method', 'GET', '--path', '/', '--token-file', path.join(dir, 'missing')], /--token-file .*no such file/],
    ['bad --jwks', ['--template', templateFile, '--method', 'GET', '--path', '/', '--jwks', templateFile], /--jwks .*not a JWKS/],
    ['repeated --method', ['--template', templateFile, '--method', 'GET', '--method', 'POST', '--path', '/'], /more than once/],
  ];
  test.each(bad)('bad input → exit 2, one line: %s', async (_name, args, message) => {
    const r = await explain(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
