/**
 * The test kit and the caller matrix on HTTP APIs: AuthSimulator, AuthMatrix and TestTokenIssuer.tokenFor
 * work on routes as on REST methods (the same model, the same engine).
 */
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { ISSUER, httpBaseline, httpFixture, route } from './http-fixtures';
import { withChanges } from './rules/fixtures';
import { buildMatrix } from '../src/private/matrix';
import { buildModel } from '../src/private/model/build';
import { AuthMatrix, AuthSimulator, TestTokenIssuer } from '../src/testing';

const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_Kit123' });

describe('AuthSimulator on an HTTP API (aws-cdk-lib HttpUserPoolAuthorizer)', () => {
  test('with userPoolClients: the client\'s token passes, a token without the scope is refused (403)', () => {
    const f = httpFixture();
    const sim = AuthSimulator.fromStack(f.stack, { issuer });
    const ok = sim.simulate({ method: 'GET', path: '/items', token: issuer.tokenFor(f.client) });
    expect([ok.status, ok.decided, ok.matchedMethod]).toEqual([200, true, expect.stringContaining('GET /items')]);
    const refused = sim.simulate({ method: 'GET', path: '/items', token: issuer.mintAccessToken({ clientId: f.stack.getLogicalId(f.client.node.defaultChild as any), scopes: ['api/write'] }) });
    expect([refused.status, refused.message]).toEqual([403, 'Forbidden']);
  });

  test('without userPoolClients: the only client that may request the scope is not in the audience (401)', () => {
    const f = httpFixture({ authorizer: (_s, pool) => new HttpUserPoolAuthorizer('Auth', pool) });
    const r = AuthSimulator.fromStack(f.stack, { issuer }).simulate({ method: 'GET', path: '/items', token: issuer.tokenFor(f.client) });
    expect([r.status, r.checks.filter((c) => c.result === 'fail').map((c) => c.name)]).toEqual([401, ['audience']]);
  });
});

describe('the caller matrix on HTTP routes', () => {
  const template = withChanges(httpBaseline(), {
    GetMe: route('GET /me'),
    Web: {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'] },
    },
    Left: {
      Type: 'AWS::Cognito::UserPoolClient',
      DependsOn: ['Rs'],
      Properties: { UserPoolId: { Ref: 'Pool' }, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['api/read'] },
    },
    Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Machine' }, { Ref: 'Web' }] } } },
  });

  test('the audience decides, and a route without scopes takes any token (ID or access)', () => {
    const m = buildMatrix(buildModel([{ name: 'T', template: template as any }]));
    expect(m.callers).toEqual(['Machine', 'Web', 'Left', 'signed-in user (InitiateAuth)']);
    const cells = (path: string, verb: string) => m.methods.find((r) => r.path === path && r.method === verb)!;
    expect(cells('/items', 'GET').requires).toEqual({ tokenUse: 'access', scopes: ['api/read'] });
    expect(cells('/items', 'GET').callers.map((c) => [c.allowed, c.via, c.why])).toEqual([
      [true, 'api/read', 'it is allowed api/read and gets it through the client_credentials flow'],
      [false, '', 'it is not allowed api/read (AllowedOAuthScopes)'],
      [false, '', "its client id is not in the authorizer's audience: its tokens get 401"],
      [false, '', "InitiateAuth access tokens carry only aws.cognito.signin.user.admin, never the route's scopes (ID tokens carry no scope): refused"],
    ]);
    expect(cells('/me', 'GET').requires).toEqual({ tokenUse: 'any', scopes: [] });
    expect(cells('/me', 'GET').callers.map((c) => [c.allowed, c.via])).toEqual([
      [true, 'api/read'],
      [true, 'id token'],
      [false, ''],
      [true, 'id token'],
    ]);
  });

  test('AuthMatrix (test kit) answers on routes', () => {
    const kit = AuthMatrix.fromTemplateJson(JSON.stringify(template));
    expect(kit.callersOf('GET', '/items')).toEqual(['Machine']);
    expect(kit.canCall('Left', 'GET', '/me')).toBe(false);
    expect(kit.why('Left', 'GET', '/me')).toBe("its client id is not in the authorizer's audience: its tokens get 401");
    const md = kit.toMarkdown();
    expect(md.split('\n').find((l) => l.includes('/me'))).toBe('| `GET` | `/me` | any token (ID or access) | ✅ `read` | ✅ ID token | ❌ [2] | ✅ ID token |');
  });

  test('an audience entry the model cannot tie to a client leaves the cell undecided (null), never false', () => {
    const t = withChanges(template, { Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Machine' }, 'literal-client-id'] } } } });
    const m = buildMatrix(buildModel([{ name: 'T', template: t as any }]));
    const left = m.methods.find((r) => r.path === '/items' && r.method === 'GET')!.callers.find((c) => c.caller === 'Left')!;
    expect(left.allowed).toBeNull();
  });
});
