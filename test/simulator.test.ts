import { Duration } from 'aws-cdk-lib';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { ADMIN, READ, WRITE, buildFixture } from './simulator.fixtures';
import { MethodModel } from '../src/private/model/types';
import { matchRoute } from '../src/private/simulator/routes';
import { AuthSimulator, SimulationCheckResult, SimulationResult, TestTokenIssuer } from '../src/testing';

const POOL_ID = 'us-east-1_Test123';
const issuer = new TestTokenIssuer({ userPoolId: POOL_ID, keyId: 'test-key-1' });
const otherPool = new TestTokenIssuer({ userPoolId: 'us-east-1_Other999' });
const sameIdOtherKey = new TestTokenIssuer({ userPoolId: POOL_ID, keyId: 'rotated-away' });

const { stack, poolLogicalId } = buildFixture();
const sim = AuthSimulator.fromStack(stack, { issuer });
const withCors = AuthSimulator.fromStack(buildFixture({ corsOnUnauthorized: true }).stack, { issuer });

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const id = () => issuer.mintIdToken({ clientId: 'web-client-1', email: 'jane@example.com' });
const access = (scopes: string[]) => issuer.mintAccessToken({ clientId: 'web-client-1', scopes });

function check(r: SimulationResult, name: string) {
  return r.checks.find((c) => c.name === name);
}
function failing(r: SimulationResult): string[] {
  return r.checks.filter((c) => c.result === SimulationCheckResult.FAIL).map((c) => c.name);
}

describe('test kit tokens are accepted by aws-jwt-verify', () => {
  const verifier = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: null, clientId: null });
  verifier.cacheJwks(JSON.parse(issuer.jwks));

  test('ID token', () => {
    const payload = verifier.verifySync(issuer.mintIdToken({ clientId: 'web', username: 'jane', groups: ['admins'], email: 'jane@example.com' }));
    expect(payload).toMatchObject({ 'token_use': 'id', 'aud': 'web', 'cognito:username': 'jane', 'cognito:groups': ['admins'], 'iss': issuer.issuer });
    expect(payload).toHaveProperty('origin_jti');
    expect(payload).toHaveProperty('event_id');
    expect(payload).toHaveProperty('auth_time');
  });

  test('access token: client_id and scope, no aud', () => {
    const payload = verifier.verifySync(access([READ, WRITE]));
    expect(payload).toMatchObject({ token_use: 'access', client_id: 'web-client-1', scope: `${READ} ${WRITE}`, username: 'test-user' });
    expect(payload.aud).toBeUndefined();
    expect(CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: 'access', clientId: 'web-client-1', scope: READ, jwksCache: undefined })).toBeDefined();
  });

  test('client credentials token: sub is the client id, no user name', () => {
    const payload = verifier.verifySync(issuer.mintClientCredentialsToken({ clientId: 'machine-1', scopes: [WRITE] }));
    expect(payload).toMatchObject({ sub: 'machine-1', client_id: 'machine-1', token_use: 'access', scope: WRITE });
    expect(payload.username).toBeUndefined();
  });

  test('expired and foreign tokens are refused by aws-jwt-verify too', () => {
    expect(() => verifier.verifySync(issuer.mintIdToken({ clientId: 'web', issuedAt: new Date(Date.now() - 7200_000) }))).toThrow(/expired/i);
    expect(() => verifier.verifySync(otherPool.mintIdToken({ clientId: 'web' }))).toThrow();
  });

  test('header has kid and RS256; JWKS has the public key only', () => {
    const header = JSON.parse(Buffer.from(id().split('.')[0], 'base64url').toString());
    expect(header).toEqual({ kid: 'test-key-1', alg: 'RS256' });
    const jwks = JSON.parse(issuer.jwks);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: 'test-key-1', alg: 'RS256', kty: 'RSA', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
    expect(issuer.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test123');
  });

  test('bad pool id is refused', () => {
    expect(() => new TestTokenIssuer({ userPoolId: 'not-a-pool' })).toThrow(/user pool id/);
  });
});

interface Case {
  readonly name: string;
  readonly row: string;
  readonly method: string;
  readonly path: string;
  readonly token?: () => string;
  readonly headers?: () => Record<string, string>;
  readonly now?: Date;
  readonly status: number;
  readonly message?: string;
  readonly failing?: string[];
  readonly fix?: RegExp;
  readonly reason?: RegExp;
  readonly sim?: () => AuthSimulator;
}

const CASES: Case[] = [
  // Row 0: route.
  { row: '0', name: 'unknown route', method: 'GET', path: '/nope', status: 403, message: 'Missing Authentication Token', failing: ['route'] },
  { row: '0', name: 'known resource, verb not deployed', method: 'DELETE', path: '/items', token: () => access([READ]), status: 403, message: 'Missing Authentication Token', failing: ['route'], fix: /GET, OPTIONS, POST/ },
  { row: '0', name: 'path deeper than any resource', method: 'GET', path: '/items/1/extra', status: 403, failing: ['route'] },
  { row: '0', name: 'CORS preflight on a resource without OPTIONS', method: 'OPTIONS', path: '/public', status: 403, failing: ['route'], fix: /add a CORS preflight/ },
  // Row 1: NONE.
  { row: '1', name: 'public method, no token', method: 'GET', path: '/public', status: 200 },
  { row: '1', name: 'public method ignores a bad token', method: 'GET', path: '/public', token: () => 'garbage', status: 200 },
  { row: '1', name: 'CORS preflight (public OPTIONS)', method: 'OPTIONS', path: '/items', headers: () => ({ 'Origin': 'https://app.example.com', 'Access-Control-Request-Method': 'GET' }), status: 200 },
  { row: '1', name: 'query string and trailing slash are ignored', method: 'get', path: '/public/?x=1', status: 200 },
  // Row 2: identity source.
  { row: '2', name: 'missing Authorization header', method: 'GET', path: '/items', status: 401, message: 'Unauthorized', failing: ['identity-source'], fix: /Authorization header/ },
  { row: '2', name: 'empty Authorization header', method: 'GET', path: '/items', headers: () => ({ Authorization: '' }), status: 401, failing: ['identity-source'] },
  { row: '2', name: 'CORS preflight on a protected OPTIONS', method: 'OPTIONS', path: '/guarded', headers: () => ({ Origin: 'https://app.example.com' }), status: 401, failing: ['identity-source', 'cors-on-error'], fix: /OPTIONS method public/ },
  { row: '2', name: 'header names are case-insensitive', method: 'GET', path: '/items', headers: () => ({ authorization: access([READ]) }), status: 200 },
  { row: '2', name: 'custom identity source X-Token', method: 'GET', path: '/xtoken', headers: () => ({ 'x-token': id() }), status: 200 },
  { row: '2', name: 'custom identity source: Authorization is not read', method: 'GET', path: '/xtoken', headers: () => ({ Authorization: id() }), status: 401, failing: ['identity-source'], fix: /X-Token/ },
  // Row 3: validation expression.
  { row: '3', name: 'validation expression matches aud', method: 'GET', path: '/validated', token: id, status: 200 },
  { row: '3', name: 'validation expression does not match aud', method: 'GET', path: '/validated', token: () => issuer.mintIdToken({ clientId: 'mobile-2' }), status: 401, failing: ['validation-expression'] },
  { row: '3', name: 'validation expression with scopes: access tokens have no aud', method: 'GET', path: '/validated-scoped', token: () => access([READ]), status: 401, failing: ['validation-expression'], fix: /remove identityValidationExpression/ },
  // Row 4: structure, Bearer, whitespace.
  { row: '4', name: 'not a JWT', method: 'GET', path: '/items', token: () => 'not-a-jwt', status: 401, failing: ['token-format'] },
  { row: '4', name: 'two-part token', method: 'GET', path: '/items', token: () => access([READ]).split('.').slice(0, 2).join('.'), status: 401, failing: ['token-format'] },
  { row: '4', name: 'Bearer prefix is accepted', method: 'GET', path: '/items', token: () => `Bearer ${access([READ])}`, status: 200 },
  { row: '4', name: 'whitespace around the token', method: 'GET', path: '/items', token: () => ` ${access([READ])}\n`, status: 401, failing: ['token-whitespace'], fix: /strip whitespace/ },
  { row: '4', name: 'whitespace inside the token', method: 'GET', path: '/items', token: () => access([READ]).replace('.', '.\n'), status: 401, failing: ['token-whitespace'], fix: /strip whitespace/ },
  { row: '4', name: 'whitespace before Bearer', method: 'GET', path: '/items', token: () => ` Bearer ${access([READ])}`, status: 401, failing: ['token-whitespace'] },
  { row: '4', name: 'Bearer prefix then whitespace', method: 'GET', path: '/items', token: () => `Bearer  ${access([READ])}`, status: 401, failing: ['token-whitespace'] },
  // Row 5: issuer.
  { row: '5', name: 'token from another pool', method: 'GET', path: '/items', token: () => otherPool.mintAccessToken({ clientId: 'x', scopes: [READ] }), status: 401, failing: ['issuer', 'kid', 'signature'], reason: /us-east-1_Other999/ },
  // Row 6: kid, alg, signature.
  {
    row: '6',
    name: 'tampered payload',
    method: 'GET',
    path: '/items',
    status: 401,
    failing: ['signature'],
    reason: /altered/,
    token: () => {
      const [h, p, s] = access([READ]).split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      payload.scope = `${READ} ${WRITE}`;
      return `${h}.${b64(payload)}.${s}`;
    },
  },
  {
    row: '6',
    name: 'alg none (unsigned)',
    method: 'GET',
    path: '/items',
    status: 401,
    failing: ['alg', 'signature'],
    token: () => `${b64({ alg: 'none', kid: 'test-key-1' })}.${access([READ]).split('.')[1]}.`,
  },
  {
    row: '6',
    name: 'alg HS256 signed with the public key',
    method: 'GET',
    path: '/items',
    status: 401,
    failing: ['alg', 'signature'],
    token: () => `${b64({ alg: 'HS256', kid: 'test-key-1' })}.${access([READ]).split('.')[1]}.c2lnbmF0dXJl`,
  },
  { row: '6', name: 'unknown kid (same pool id, another key)', method: 'GET', path: '/items', token: () => sameIdOtherKey.mintAccessToken({ clientId: 'x', scopes: [READ] }), status: 401, failing: ['kid', 'signature'] },
  // Row 7: expiry.
  {
    row: '7',
    name: 'expired',
    method: 'GET',
    path: '/items',
    status: 401,
    message: 'The incoming token has expired',
    failing: ['expiry'],
    fix: /fresh token/,
    token: () => issuer.mintAccessToken({ clientId: 'web', scopes: [READ], issuedAt: new Date(Date.now() - 2 * 3600_000), expiresIn: Duration.hours(1) }),
  },
  {
    row: '7',
    name: 'expired client credentials token',
    method: 'GET',
    path: '/items',
    status: 401,
    message: 'The incoming token has expired',
    failing: ['expiry'],
    fix: /request a new token/,
    token: () => issuer.mintClientCredentialsToken({ clientId: 'm', scopes: [READ], issuedAt: new Date(Date.now() - 2 * 3600_000) }),
  },
  {
    row: '7',
    name: 'valid at an earlier `now`',
    method: 'GET',
    path: '/items',
    status: 200,
    now: new Date(Date.now() - 7000_000),
    token: () => issuer.mintAccessToken({ clientId: 'web', scopes: [READ], issuedAt: new Date(Date.now() - 7200_000) }),
  },
  {
    row: '7',
    name: 'expired and tampered: Unauthorized',
    method: 'GET',
    path: '/items',
    status: 401,
    message: 'Unauthorized',
    failing: ['signature', 'expiry'],
    token: () => {
      const [h, p, s] = issuer.mintAccessToken({ clientId: 'web', scopes: [READ], issuedAt: new Date(Date.now() - 2 * 3600_000) }).split('.');
      return `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), username: 'admin' })}.${s}`;
    },
  },
  // Row 8: no scopes → ID token.
  { row: '8', name: 'ID token on an unscoped method', method: 'GET', path: '/items/42', token: id, status: 200 },
  { row: '8', name: 'access token on an unscoped method', method: 'GET', path: '/items/42', token: () => access([READ]), status: 401, failing: ['token-use'], fix: /send the ID token/ },
  // Row 9: scopes → access token, ANY-of.
  { row: '9', name: 'ID token on a scoped method', method: 'GET', path: '/items', token: id, status: 401, failing: ['token-use'], fix: /requires `com\.example\.api\/read`; an ID token was sent; send an access token from a client allowed that scope \(Web, Machine\)/ },
  { row: '9', name: 'access token with the scope', method: 'GET', path: '/items', token: () => access([READ]), status: 200 },
  { row: '9', name: 'access token without the scope', method: 'POST', path: '/items', token: () => access([READ]), status: 401, failing: ['scopes'], fix: /\(Machine\)/ },
  { row: '9', name: 'any-of: write alone passes read-or-write', method: 'GET', path: '/multi', token: () => access([WRITE]), status: 200 },
  { row: '9', name: 'any-of: unrelated scopes fail', method: 'GET', path: '/multi', token: () => access(['openid', 'email']), status: 401, failing: ['scopes'] },
  { row: '9', name: 'InitiateAuth access token on a custom scope', method: 'GET', path: '/items', token: () => access([ADMIN]), status: 401, failing: ['scopes'], reason: /InitiateAuth/ },
  { row: '9', name: 'InitiateAuth access token on an admin-scope method', method: 'GET', path: '/me', token: () => access([ADMIN]), status: 200 },
  { row: '9', name: 'short method scope never matches', method: 'GET', path: '/short', token: () => access([READ]), status: 401, failing: ['scopes'], reason: /short/ },
  { row: '9', name: '{proxy+} matches greedily, ANY matches every verb', method: 'DELETE', path: '/files/a/b/c.txt', token: () => issuer.mintClientCredentialsToken({ clientId: 'm', scopes: [READ] }), status: 200 },
  // Gateway responses.
  { row: 'gw', name: 'UNAUTHORIZED gateway response with CORS headers', method: 'GET', path: '/items', headers: () => ({ Origin: 'https://app.example.com' }), status: 401, failing: ['identity-source'], sim: () => withCors },
  { row: 'gw', name: 'no gateway response: a browser sees a CORS error', method: 'GET', path: '/items', token: id, headers: () => ({ Origin: 'https://app.example.com' }), status: 401, failing: ['token-use', 'cors-on-error'] },
];

describe('API Gateway decision table (DESIGN.md §5)', () => {
  test.each(CASES.map((c) => [`row ${c.row}: ${c.name}`, c] as const))('%s', (_name, c) => {
    const s = c.sim ? c.sim() : sim;
    const r = s.simulate({ method: c.method, path: c.path, token: c.token?.(), headers: c.headers?.(), now: c.now });
    expect({ status: r.status, failing: failing(r) }).toEqual({ status: c.status, failing: c.failing ?? [] });
    if (c.message) expect(r.message).toBe(c.message);
    if (c.fix) expect(r.fixes.join('\n')).toMatch(c.fix);
    if (c.reason) expect(r.reasons.join('\n')).toMatch(c.reason);
    expect(r.fixes.length).toBe(new Set(r.checks.filter((x) => x.result === SimulationCheckResult.FAIL).map((x) => x.fix)).size);
    expect(r.assumptions.join('\n')).toMatch(/only after a new deployment/);
    if (r.status === 200) {
      expect(check(r, 'resource-policy')?.result).toBe(SimulationCheckResult.UNKNOWN);
      expect(r.reasons.length).toBeGreaterThan(0);
    } else {
      expect(r.reasons.length).toBeGreaterThan(0);
    }
  });

  test('every row of the table is covered', () => {
    const rows = new Set(CASES.map((c) => c.row));
    for (const row of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) expect(rows).toContain(row);
  });

  test('Bearer prefix: the check says it rests on evidence, not a reference page', () => {
    const r = sim.simulate({ method: 'GET', path: '/items', token: `Bearer ${access([READ])}` });
    expect(check(r, 'bearer-prefix')?.detail).toMatch(/evidence, not by an AWS reference page/);
  });

  test('row 10: resource policy is an assumption, never a pass', () => {
    const r = sim.simulate({ method: 'GET', path: '/items', token: access([READ]) });
    expect(check(r, 'resource-policy')).toMatchObject({ result: 'unknown' });
    expect(r.assumptions.join('\n')).toMatch(/resource policy not modelled/);
  });

  test('row 11: claims pass; route, ANY and matched method are reported', () => {
    const r = sim.simulate({ method: 'PATCH', path: '/files/x', token: access([READ]) });
    expect(r.status).toBe(200);
    expect(r.matchedMethod).toBe('ANY /files/{proxy+}');
    expect(check(r, 'route')?.detail).toMatch(/via ANY/);
  });

  test('gateway response: status/headers it changes and CORS presence', () => {
    const r = withCors.simulate({ method: 'GET', path: '/items', headers: { Origin: 'https://app.example.com' } });
    expect(check(r, 'gateway-response')?.detail).toMatch(/UNAUTHORIZED.*Access-Control-Allow-Origin: 'https:\/\/app.example.com'/);
    expect(check(r, 'cors-on-error')?.result).toBe('pass');
  });

  test('unknown pool id: issuer is open (never pass), the answer undecided, and simulate() refuses to give a status', () => {
    const noIds = AuthSimulator.fromStack(stack, { jwks: issuer.jwks });
    const r = noIds.trySimulate({ method: 'GET', path: '/items', token: access([READ]) });
    expect(check(r, 'issuer')?.result).toBe(SimulationCheckResult.UNKNOWN);
    expect(r.assumptions.join('\n')).toMatch(new RegExp(`poolIds \\{ '${poolLogicalId}': '<region>_<id>' \\}`));
    expect({ decided: r.decided, status: r.status, wouldBe: r.wouldBe, refused: r.refused, open: r.open }).toEqual({
      decided: false,
      status: undefined,
      wouldBe: 200,
      refused: false,
      open: [`issuer pool id (give poolIds { '${poolLogicalId}': '<region>_<id>' } or issuer)`],
    });
    expect(() => noIds.simulate({ method: 'GET', path: '/items', token: access([READ]) })).toThrow(
      `AuthSimulator: GET /items is not decided, so simulate() gives no status: open: issuer pool id (give poolIds { '${poolLogicalId}': '<region>_<id>' } or issuer); it would be 200 if they pass (trySimulate() returns the undecided answer)`,
    );
  });

  test('given pool id: issuer checked against it', () => {
    const ids = AuthSimulator.fromStack(stack, { jwks: issuer.jwks, poolIds: { [poolLogicalId]: POOL_ID } });
    expect(check(ids.simulate({ method: 'GET', path: '/items', token: access([READ]) }), 'issuer')?.result).toBe('pass');
    const wrong = AuthSimulator.fromStack(stack, { jwks: issuer.jwks, poolIds: { [poolLogicalId]: 'us-east-1_Else' } });
    expect(failing(wrong.simulate({ method: 'GET', path: '/items', token: access([READ]) }))).toContain('issuer');
  });

  test('no JWKS: key id and signature are open; alg none still fails (decided)', () => {
    const noJwks = AuthSimulator.fromStack(stack, { poolIds: { [poolLogicalId]: POOL_ID } });
    const r = noJwks.trySimulate({ method: 'GET', path: '/items', token: access([READ]) });
    expect(check(r, 'kid')?.result).toBe('unknown');
    expect(check(r, 'signature')?.result).toBe('unknown');
    expect(r.assumptions.join('\n')).toMatch(/no JWKS/);
    expect({ decided: r.decided, wouldBe: r.wouldBe, open: r.open }).toEqual({ decided: false, wouldBe: 200, open: ['signature (give jwks or issuer)'] });
    const none = noJwks.simulate({ method: 'GET', path: '/items', token: `${b64({ alg: 'none' })}.${access([READ]).split('.')[1]}.` });
    expect(none.status).toBe(401);
    expect(none.decided).toBe(true);
    expect(failing(none)).toEqual(expect.arrayContaining(['kid', 'alg', 'signature']));
  });

  test('AWS_IAM methods are not simulated: undecided, no would-be status', () => {
    const r = sim.trySimulate({ method: 'GET', path: '/iam' });
    expect({ decided: r.decided, status: r.status, wouldBe: r.wouldBe, refused: r.refused, open: r.open }).toEqual({
      decided: false,
      status: undefined,
      wouldBe: undefined,
      refused: false,
      open: ['authorization (AWS_IAM is not simulated)'],
    });
    expect(check(r, 'authorization')?.result).toBe('unknown');
    expect(() => sim.simulate({ method: 'GET', path: '/iam' })).toThrow(
      'AuthSimulator: GET /iam is not decided, so simulate() gives no status: open: authorization (AWS_IAM is not simulated); no status can be predicted (trySimulate() returns the undecided answer)',
    );
  });

  test('simulates from template JSON and file', () => {
    const { app, stack: s2 } = buildFixture();
    const assembly = app.synth();
    const json = JSON.stringify(assembly.getStackArtifact(s2.artifactId).template);
    const r = AuthSimulator.fromTemplateJson(json, { issuer }).simulate({ method: 'GET', path: '/items', token: access([READ]) });
    expect(r.status).toBe(200);
    const f = AuthSimulator.fromTemplateFile(assembly.directory, { issuer }).simulate({ method: 'POST', path: '/items', token: id() });
    expect(f.status).toBe(401);
    expect(f.fixes.join('\n')).toMatch(/PoolMachine|Machine/);
  });
});

describe('route matching precedence', () => {
  const method = (path: string, httpMethod: string) => ({ path, httpMethod, restApi: 'api', key: `${httpMethod} ${path}`, logicalId: `${httpMethod}${path}` }) as unknown as MethodModel;
  const methods = [
    method('/', 'GET'),
    method('/things/special', 'GET'),
    method('/things/{id}', 'ANY'),
    method('/things/{id}', 'DELETE'),
    method('/{proxy+}', 'ANY'),
  ];
  test.each([
    ['GET', '/', 'GET /'],
    ['GET', '/things/special', 'GET /things/special'],
    ['GET', '/things/42', 'ANY /things/{id}'],
    ['DELETE', '/things/42', 'DELETE /things/{id}'],
    ['GET', '/things/42/more', 'ANY /{proxy+}'],
    ['POST', '/other', 'ANY /{proxy+}'],
  ])('%s %s → %s', (verb, path, expected) => {
    const r = matchRoute(methods, verb, path);
    expect(`${r.match?.method.httpMethod} ${r.match?.resourcePath}`).toBe(expected);
  });
  test('a literal resource without the verb does not fall back to a parameter resource', () => {
    expect(matchRoute(methods, 'POST', '/things/special')).toEqual({ resourceWithoutVerb: { path: '/things/special', verbs: ['GET'] } });
  });
  test('path parameters are captured', () => {
    expect(matchRoute(methods, 'GET', '/a/b/c').match?.params).toEqual({ proxy: 'a/b/c' });
  });
});

describe('tokens Cognito never issues', () => {
  test('signPayload: a refresh-like token_use is refused on both kinds of method', () => {
    const token = issuer.signPayload(JSON.stringify({ iss: issuer.issuer, token_use: 'refresh', exp: Math.floor(Date.now() / 1000) + 600 }));
    const scoped = sim.simulate({ method: 'GET', path: '/items', token });
    expect(failing(scoped)).toEqual(['token-use']);
    const unscoped = sim.simulate({ method: 'GET', path: '/items/1', token });
    expect(failing(unscoped)).toEqual(['token-use']);
    expect(unscoped.reasons.join()).toMatch(/not a Cognito ID token/);
  });
  test('no exp claim: expiry fails (Cognito tokens always carry exp), 401 Unauthorized', () => {
    const token = issuer.signPayload(JSON.stringify({ iss: issuer.issuer, token_use: 'id', aud: 'web' }));
    const r = sim.simulate({ method: 'GET', path: '/items/1', token });
    expect(check(r, 'expiry')).toMatchObject({ result: 'fail', detail: 'the token has no exp claim; Cognito tokens always carry one, and API Gateway refuses a token without it' });
    expect({ status: r.status, message: r.message }).toEqual({ status: 401, message: 'Unauthorized' });
  });
});
