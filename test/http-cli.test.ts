/**
 * The CLI on HTTP APIs: check reports the HTTP rules, explain decides a route (with --client-id for the
 * audience), matrix shows the routes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from './cli-helpers';
import { httpBaseline, route } from './http-fixtures';
import { baseline, withChanges } from './rules/fixtures';
import { main } from '../src/cli/main';
import { TestTokenIssuer } from '../src/testing';

const POOL_ID = 'us-east-1_Cli123';
const issuer = new TestTokenIssuer({ userPoolId: POOL_ID });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-cli-'));
const file = path.join(dir, 'http.json');
fs.writeFileSync(file, JSON.stringify(withChanges(httpBaseline(), { GetMe: route('GET /me') })));
const jwks = path.join(dir, 'jwks.json');
fs.writeFileSync(jwks, issuer.jwks);

async function run(...args: string[]) {
  const io = capture();
  const code = await main(args, io);
  return { code, ...io };
}

test('check: the HTTP rules run through the CLI', async () => {
  const r = await run('check', file, '--format', 'json');
  const out = JSON.parse(r.stdout);
  expect(out.findings.map((f: any) => [f.ruleId, f.resource])).toEqual([['UnscopedJwtRoute', 'GetMe']]);
  expect(r.code).toBe(0);
});

test('explain: decided with --client-id, open without it', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = issuer.mintAccessToken({ clientId: 'machine-1', scopes: ['api/read'], issuedAt: new Date(now * 1000) });
  const base = ['explain', '--template', file, '--method', 'GET', '--path', '/items', '--token', token, '--now', String(now), '--jwks', jwks, '--pool-id', `Pool=${POOL_ID}`, '--format', 'json'];
  const decided = await run(...base, '--client-id', 'Machine=machine-1');
  expect(decided.stderr).toBe('');
  expect(JSON.parse(decided.stdout)).toMatchObject({ status: 200, decided: true });
  const open = await run(...base);
  expect(JSON.parse(open.stdout)).toMatchObject({ status: 'unknown', decided: false, wouldBe: 200, open: ['audience (the client ids of Machine are not known: pass --client-id LogicalId=<id>)'] });
  expect(open.code).toBe(1);
  const other = await run(...base, '--client-id', 'Machine=someone-else');
  expect(JSON.parse(other.stdout)).toMatchObject({ status: 401, decided: true, message: 'Unauthorized' });
  const bad = await run(...base, '--client-id', 'Nope=x1');
  expect([bad.code, bad.stderr.trim()]).toEqual([2, expect.stringContaining('--client-id Nope: no app client with that logical id (clients: Machine)')]);
});

test('explain: no route matches an HTTP API: 404 (an assumption)', async () => {
  const r = await run('explain', '--template', file, '--method', 'GET', '--path', '/nothing', '--format', 'json');
  const out = JSON.parse(r.stdout);
  expect([out.status, out.message]).toEqual([404, 'Not Found']);
  expect(out.assumptions).toContain('an HTTP API answers a request that no route matches with 404 {"message":"Not Found"}: believed, not stated in the API Gateway reference pages');
});

test('matrix: routes and callers', async () => {
  const r = await run('matrix', file, '--format', 'json');
  const out = JSON.parse(r.stdout);
  expect(out.methods.map((m: any) => [m.method, m.path, m.requires.tokenUse, m.callers.map((c: any) => c.allowed)])).toEqual([
    ['GET', '/items', 'access', [true, false]],
    ['POST', '/items', 'access', [true, false]],
    // The signed-in user: Machine sets no ExplicitAuthFlows, so Cognito's defaults let users sign in through it (SRP).
    ['GET', '/me', 'any', [true, true]],
  ]);
});

test('explain: a path that starts with a stage name is explained (REST stage, HTTP named stage; never $default)', async () => {
  const staged = path.join(dir, 'staged.json');
  fs.writeFileSync(staged, JSON.stringify(withChanges(httpBaseline(), {
    V1: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: 'v1', AutoDeploy: true } },
    Default: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true } },
  })));
  const r = await run('explain', '--template', staged, '--method', 'GET', '--path', '/v1/items', '--format', 'json');
  const out = JSON.parse(r.stdout);
  expect(out.status).toBe(404);
  expect(out.fixes).toEqual([
    "the path starts with 'v1', a stage of the API (V1): API Gateway matches the path after the stage, so ask about /items; otherwise check the URL (stage, then the path), or add a route for GET /v1/items (or a $default route)",
  ]);
  // A REST API's stage (here a Deployment's StageName): the same hint with the REST fix.
  const rest = path.join(dir, 'rest-staged.json');
  fs.writeFileSync(rest, JSON.stringify(withChanges(baseline(), { Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } } })));
  const restOut = JSON.parse((await run('explain', '--template', rest, '--method', 'GET', '--path', '/prod/', '--format', 'json')).stdout);
  expect([restOut.status, restOut.fixes]).toEqual([403, [
    "the path starts with 'prod', a stage of the API (Deployment): API Gateway matches the path after the stage, so ask about /; otherwise check the URL (stage, then the resource path), or add the resource and method (and deploy the API)",
  ]]);
  // Near miss: a first segment that is no stage of the API gets the plain fix.
  const other = JSON.parse((await run('explain', '--template', staged, '--method', 'GET', '--path', '/v2/items', '--format', 'json')).stdout);
  expect(other.fixes).toEqual(['check the URL (stage, then the path), or add a route for GET /v2/items (or a $default route)']);
});
