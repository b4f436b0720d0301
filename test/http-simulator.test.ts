/**
 * The simulator on HTTP API routes: one case per row of DESIGN.md §8, and the tri-state (a status only
 * when every check that matters was made).
 */
import { ISSUER, httpBaseline, route } from './http-fixtures';
import { withChanges } from './rules/fixtures';
import { buildModel } from '../src/private/model/build';
import { routeScopesRow } from '../src/private/simulator/http';
import { SimResult, Simulator } from '../src/private/simulator/simulate';
import { parseJwks } from '../src/private/simulator/token';
import { TestTokenIssuer } from '../src/testing';

const POOL_ID = 'us-east-1_Http123';
const issuer = new TestTokenIssuer({ userPoolId: POOL_ID, keyId: 'k1' });
const otherPool = new TestTokenIssuer({ userPoolId: 'us-east-1_Other999', keyId: 'k1' });
const otherKey = new TestTokenIssuer({ userPoolId: POOL_ID, keyId: 'rotated' });
const NOW = Math.floor(Date.now() / 1000);

const template = withChanges(httpBaseline(), {
  GetPublic: route('GET /public', undefined, { AuthorizationType: 'NONE', AuthorizerId: undefined }),
  GetMe: route('GET /me'),
  Proxy: route('ANY /files/{proxy+}', ['api/read']),
  Web: {
    Type: 'AWS::Cognito::UserPoolClient',
    Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'] },
  },
  Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Machine' }, { Ref: 'Web' }] } } },
});
const model = buildModel([{ name: 'T', template: template as any }]);
const options = { jwks: parseJwks(issuer.jwks), poolIds: { 'T#Pool': POOL_ID }, clientIds: { Machine: 'machine-1', Web: 'web-1' } };
const sim = new Simulator(model, options);

// Every token is issued at NOW (the request time): a token minted a second later would carry an iat after the request.
const AT = new Date(NOW * 1000);
const access = (clientId: string, scopes: string[], extra: { issuedAt?: Date } = {}) =>
  issuer.mintAccessToken({ clientId, scopes, issuedAt: AT, ...extra });
const idToken = (clientId: string) => issuer.mintIdToken({ clientId, issuedAt: AT });
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

function brief(r: SimResult) {
  return { status: r.status, decided: r.decided, message: r.message, failing: r.checks.filter((c) => c.result === 'fail').map((c) => c.name) };
}

function run(method: string, path: string, token?: string, s: Simulator = sim) {
  return s.simulate({ method, path, token, now: NOW });
}

describe('DESIGN.md §8, row by row', () => {
  test.each([
    // [row, method, path, token, status, message, failing checks]
    ['1 NONE passes', 'GET', '/public', undefined, 200, 'OK (passed to the integration)', []],
    ['2 no token', 'GET', '/items', undefined, 401, 'Unauthorized', ['identity-source']],
    ['3 not a JWT', 'GET', '/items', 'not-a-jwt', 401, 'Unauthorized', ['token-format']],
    ['3 Bearer prefix accepted', 'GET', '/items', `Bearer ${access('machine-1', ['api/read'])}`, 200, 'OK (passed to the integration with the token claims)', []],
    ['3 alg not RSA', 'GET', '/items', `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ iss: issuer.issuer, client_id: 'machine-1', exp: NOW + 60, scope: 'api/read' })}.c2ln`, 401, 'Unauthorized', ['alg', 'signature']],
    ['3 kid not in the JWKS', 'GET', '/items', otherKey.mintAccessToken({ clientId: 'machine-1', scopes: ['api/read'], issuedAt: AT }), 401, 'Unauthorized', ['kid', 'signature']],
    ['4 iss of another pool', 'GET', '/items', otherPool.mintAccessToken({ clientId: 'machine-1', scopes: ['api/read'], issuedAt: AT }), 401, 'Unauthorized', ['signature', 'issuer']],
    ['5 access token: client_id not in the audience', 'GET', '/items', access('stranger-1', ['api/read']), 401, 'Unauthorized', ['audience']],
    ['5 ID token: aud in the audience, route without scopes', 'GET', '/me', idToken('web-1'), 200, 'OK (passed to the integration with the token claims)', []],
    ['5 ID token: aud not in the audience', 'GET', '/me', idToken('stranger-1'), 401, 'Unauthorized', ['audience']],
    ['6 expired', 'GET', '/items', access('machine-1', ['api/read'], { issuedAt: new Date((NOW - 7200) * 1000) }), 401, 'Unauthorized', ['expiry']],
    ['7 scope missing: refused', 'GET', '/items', access('machine-1', ['api/write']), 403, 'Forbidden', ['scopes']],
    ['7 an ID token on a scoped route: refused (no scope claim)', 'GET', '/items', idToken('web-1'), 403, 'Forbidden', ['scopes']],
    ['8 greedy route, scope carried', 'DELETE', '/files/a/b', access('machine-1', ['api/read']), 200, 'OK (passed to the integration with the token claims)', []],
    ['0 no route matches', 'GET', '/nothing', undefined, 404, 'Not Found', ['route']],
    ['0 a path whose routes take other verbs only', 'DELETE', '/items', undefined, 404, 'Not Found', ['route']],
  ])('%s', (_row, method, path, token, status, message, failing) => {
    expect(brief(run(method as string, path as string, token as string | undefined))).toEqual({ status, decided: true, message, failing });
  });

  test('6 nbf in the future (iat too)', () => {
    const t = issuer.mintAccessToken({ clientId: 'machine-1', scopes: ['api/read'], issuedAt: new Date((NOW + 600) * 1000) });
    const r = run('GET', '/items', t);
    expect(brief(r)).toEqual({ status: 401, decided: true, message: 'Unauthorized', failing: ['not-before'] });
  });

  test('7 scp (a list or a string) is read like scope, any one of the route\'s scopes suffices', () => {
    const route7 = model.methods.find((m) => m.logicalId === 'GetItems')!;
    const decoded = (payload: object) => ({ header: { alg: 'RS256' }, payload, signature: 'x' }) as any;
    expect(routeScopesRow(route7, decoded({ scp: ['other', 'api/read'] }))?.result).toBe('pass');
    expect(routeScopesRow(route7, decoded({ scp: 'api/read other' }))?.result).toBe('pass');
    expect(routeScopesRow(route7, decoded({ scope: 'api/write', scp: ['other'] }))).toMatchObject({
      result: 'fail',
      detail: "the token carries 'api/write' 'other'; the route needs one of 'api/read'",
    });
    // A route without scopes has no scope row.
    expect(routeScopesRow(model.methods.find((m) => m.logicalId === 'GetMe')!, decoded({}))).toBeUndefined();
  });

  test('an access token on a route without scopes passes too (no token_use check)', () => {
    expect(brief(run('GET', '/me', access('machine-1', ['api/write'])))).toEqual({ status: 200, decided: true, message: 'OK (passed to the integration with the token claims)', failing: [] });
  });

  test('$default catches what no other route matches; a more specific route wins', () => {
    const m = buildModel([{ name: 'T', template: withChanges(template, { Default: route('$default', undefined, { AuthorizationType: 'NONE', AuthorizerId: undefined }) }) as any }]);
    const s = new Simulator(m, options);
    expect(run('GET', '/nothing', undefined, s).matched?.logicalId).toBe('Default');
    expect(brief(run('GET', '/nothing', undefined, s))).toEqual({ status: 200, decided: true, message: 'OK (passed to the integration)', failing: [] });
    expect(run('GET', '/files/x', undefined, s).matched?.logicalId).toBe('Proxy');
  });

  test('assumptions are stated: 404 and 403 are believed, not documented', () => {
    expect(run('GET', '/nothing').assumptions[0]).toBe('an HTTP API answers a request that no route matches with 404 {"message":"Not Found"}: believed, not stated in the API Gateway reference pages');
    expect(run('GET', '/items', access('machine-1', ['api/write'])).assumptions).toContain(
      'an HTTP API refuses a valid token without a required scope with 403 Forbidden (www-authenticate: error="insufficient_scope"): believed, not stated in the API Gateway reference pages',
    );
  });
});

describe('tri-state', () => {
  test('client ids not given: the audience check is open, no status', () => {
    const s = new Simulator(model, { jwks: options.jwks, poolIds: options.poolIds });
    const r = run('GET', '/items', access('machine-1', ['api/read']), s);
    expect(r.status).toBeUndefined();
    expect(r.decided).toBe(false);
    expect(r.wouldBe).toBe(200);
    expect(r.open).toEqual(['audience (the client ids of Machine, Web are not known: pass --client-id LogicalId=<id>)']);
  });

  test('no JWKS: kid and signature open; a failing audience still decides 401', () => {
    const s = new Simulator(model, { poolIds: options.poolIds, clientIds: options.clientIds });
    expect(run('GET', '/items', access('machine-1', ['api/read']), s)).toMatchObject({ status: undefined, decided: false, open: ['signature (pass --jwks)'] });
    expect(brief(run('GET', '/items', access('stranger-1', ['api/read']), s))).toEqual({ status: 401, decided: true, message: 'Unauthorized', failing: ['audience'] });
  });

  test('a refused scope while the signature is open: refused for sure, but 401 or 403 is not decided', () => {
    const s = new Simulator(model, { poolIds: options.poolIds, clientIds: options.clientIds });
    const r = run('GET', '/items', access('machine-1', ['api/write']), s);
    expect([r.status, r.decided, r.wouldBe, r.open]).toEqual([undefined, false, 403, ['signature (pass --jwks)']]);
    expect(r.reasons[r.reasons.length - 1]).toBe('403 only if signature (pass --jwks); if one of them fails, 401');
  });

  test('a literal issuer with a trailing slash: a Cognito token never passes', () => {
    const m = buildModel([{ name: 'T', template: withChanges(template, { Jwt: { Properties: { JwtConfiguration: { Issuer: `${issuer.issuer}/`, Audience: ['machine-1'] } } } }) as any }]);
    const r = new Simulator(m, options).simulate({ method: 'GET', path: '/items', token: access('machine-1', ['api/read']), now: NOW });
    expect(brief(r)).toEqual({ status: 401, decided: true, message: 'Unauthorized', failing: ['issuer'] });
    expect(r.fixes).toContain(`make the authorizer's issuer exactly ${issuer.issuer} (no trailing slash)`);
  });
});
