/**
 * explain and matrix through the CLI on a SAM fixture and an OpenAPI fixture: the operations read from
 * either are the methods the simulator and the matrix answer for.
 */
import * as path from 'path';
import { capture } from './cli-helpers';
import { main } from '../src/cli/main';

const D = path.join(__dirname, 'fixtures', 'decl', 'same-api');

async function run(...args: string[]) {
  const io = capture();
  const code = await main(args, io);
  return { code, ...io };
}

test.each([
  ['sam.yaml', 'Api'],
  ['openapi.yaml', 'items'],
])('matrix on %s: one row per operation (SAM: per event and generated preflight), who can call each', async (name, api) => {
  const r = await run('matrix', path.join(D, name), '--format', 'json');
  expect([r.code, r.stderr]).toEqual([0, '']);
  const out = JSON.parse(r.stdout);
  expect(out.notAnalysed).toEqual([]);
  expect(out.methods.map((m: any) => [m.api, m.method, m.path, m.requires.tokenUse, m.requires.scopes, m.callers.filter((c: any) => c.allowed).map((c: any) => `${c.caller} via ${c.via}`)])).toEqual([
    // The API's name (the RestApi's Name; a SAM API without one: its logical id).
    [api, 'GET', '/health', 'none', [], ['Client via public', 'signed-in user (InitiateAuth) via public']],
    [api, 'OPTIONS', '/health', 'access', ['com.example.api/read'], ['Client via com.example.api/read']],
    [api, 'GET', '/items', 'access', ['com.example.api/read'], ['Client via com.example.api/read']],
    [api, 'OPTIONS', '/items', 'access', ['com.example.api/read'], ['Client via com.example.api/read']],
    [api, 'POST', '/items', 'access', ['write'], []],
  ]);
  const post = out.methods.find((m: any) => m.method === 'POST');
  expect(post.callers.find((c: any) => c.caller === 'Client').why).toBe('`write` is not a full scope (identifier/name): no token ever carries it');
});

test('explain on SAM: the event with the default authorizer needs the Authorization header; the event that opts out passes', async () => {
  const items = await run('explain', '--template', path.join(D, 'sam.yaml'), '--method', 'GET', '--path', '/items', '--format', 'json');
  expect(items.code).toBe(0);
  const out = JSON.parse(items.stdout);
  expect([out.status, out.decided, out.message]).toEqual([401, true, 'Unauthorized']);
  expect(out.checks.map((c: any) => [c.name, c.result, c.detail])).toEqual([
    ['header-size', 'pass', "request line and headers: 19 bytes of API Gateway's 10,240-byte quota"],
    ['route', 'pass', 'GET /items → method GET /items (Handler)'],
    ['authorization', 'pass', 'COGNITO_USER_POOLS authorizer Api'],
    ['identity-source', 'fail', 'header Authorization is missing'],
  ]);
  const health = await run('explain', '--template', path.join(D, 'sam.yaml'), '--method', 'GET', '--path', '/health');
  expect(health.code).toBe(0);
  expect(health.stdout.split('\n')[0]).toBe('GET /health → 200 OK (passed to the integration)');
});

test('explain on an OpenAPI body: the preflight operation behind the authorizer gets 401', async () => {
  const r = await run('explain', '--template', path.join(D, 'openapi.yaml'), '--method', 'OPTIONS', '--path', '/items');
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines.slice(0, 2)).toEqual(['OPTIONS /items → 401 Unauthorized', 'method: OPTIONS /items (Api) of items']);
  expect(r.stdout).toContain(
    '  - this OPTIONS method is protected by the authorizer, and browsers send the CORS preflight without a Authorization header, so the preflight gets 401 and the browser reports a CORS error\n',
  );
});

test('check on SAM in text: the finding names the function, and the event where it is declared', async () => {
  const r = await run('check', path.join(D, 'sam.yaml'));
  expect(r.code).toBe(1);
  const lines = r.stdout.split('\n');
  const at = lines.indexOf('  Handler');
  expect(at).toBeGreaterThan(0);
  expect(lines.slice(at + 1, at + 7)).toEqual([
    "    ERROR   ShortMethodScope: Method POST /items (sam.yaml/Handler) requires scope 'write', written short: no access token ever carries 'write', so every call gets 401. Resource server sam.yaml/ResourceServer defines it as 'com.example.api/write'.",
    '            at: Events.PostItem',
    "            fix: Use the full scope 'com.example.api/write' in the event's Auth.AuthorizationScopes.",
    '    WARNING PublicMethodOnCognitoApi: Method GET /health (sam.yaml/Handler) is public (Auth.Authorizer NONE, or no DefaultAuthorizer) on REST API sam.yaml/Api, which uses a Cognito authorizer: anyone can call it without a token.',
    '            at: Events.Health',
    expect.stringMatching(/^ {12}fix: Attach the Cognito authorizer; /),
  ]);
});
