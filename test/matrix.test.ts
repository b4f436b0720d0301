import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ADMIN, READ, WRITE, buildFixture } from './simulator.fixtures';
import { buildMatrix, matrixMarkdown } from '../src/private/matrix';
import { buildModel } from '../src/private/model/build';
import { AuthMatrix } from '../src/testing';

const SIGNED_IN = AuthMatrix.SIGNED_IN_USER;

describe('AuthMatrix over the fixture API', () => {
  const matrix = AuthMatrix.fromStack(buildFixture().stack);
  const cell = (caller: string, method: string, path: string) => matrix.methodsFor(method, path)[0].callers.find((c) => c.caller === caller)!;

  test('callers: app clients by construct id, then the signed-in-user pseudo-caller', () => {
    expect(matrix.callers).toEqual(['Web', 'Machine', 'OtherWeb', SIGNED_IN]);
  });

  test('only Machine can POST /items', () => {
    expect(matrix.callersOf('POST', '/items')).toEqual(['Machine']);
    expect(matrix.canCall('Machine', 'POST', '/items')).toBe(true);
    expect(matrix.canCall('Web', 'POST', '/items')).toBe(false);
    expect(cell('Web', 'POST', '/items').why).toMatch(/not allowed com\.example\.api\/write/);
    expect(cell('Machine', 'POST', '/items')).toMatchObject({ answer: 'yes', decided: true, allowed: true, via: WRITE });
    expect(cell('Web', 'POST', '/items')).toMatchObject({ answer: 'no', decided: true, allowed: false, via: '' });
  });

  test('scoped method: requires access + scopes; InitiateAuth users cannot', () => {
    const row = matrix.methodsFor('GET', '/items')[0];
    expect(row.requires).toEqual({ tokenUse: 'access', scopes: [READ] });
    expect(matrix.callersOf('GET', '/items')).toEqual(['Web', 'Machine']);
    expect(cell(SIGNED_IN, 'GET', '/items').why).toMatch(/carry only aws\.cognito\.signin\.user\.admin/);
    expect(cell('OtherWeb', 'GET', '/items').why).toMatch(/not one of this method's authorizer's pools/);
  });

  test('any-of: read or write', () => {
    expect(matrix.methodsFor('GET', '/multi')[0].requires.scopes).toEqual([READ, WRITE]);
    expect(matrix.callersOf('GET', '/multi')).toEqual(['Web', 'Machine']);
  });

  test('ID-token method: client_credentials cannot, signed-in users can', () => {
    expect(matrix.methodsFor('GET', '/items/{id}')[0].requires).toEqual({ tokenUse: 'id', scopes: [] });
    expect(cell('Web', 'GET', '/items/{id}')).toMatchObject({ allowed: true, via: 'id token' });
    expect(cell('Machine', 'GET', '/items/{id}').why).toMatch(/client_credentials mints only access tokens/);
    expect(cell(SIGNED_IN, 'GET', '/items/{id}')).toMatchObject({ allowed: true, via: 'id token' });
  });

  test('admin scope: every signed-in user passes (a silent hole)', () => {
    expect(matrix.canCall(SIGNED_IN, 'GET', '/me')).toBe(true);
    expect(cell(SIGNED_IN, 'GET', '/me')).toMatchObject({ via: ADMIN });
    expect(cell('Machine', 'GET', '/me').allowed).toBe(false);
  });

  test('public methods and CORS preflights are allowed via public', () => {
    expect(matrix.callersOf('GET', '/public')).toEqual(matrix.callers);
    expect(cell('Machine', 'OPTIONS', '/items')).toMatchObject({ allowed: true, via: 'public', why: expect.stringMatching(/preflight/) });
    expect(matrix.methodsFor('GET', '/public')[0].requires.tokenUse).toBe('none');
  });

  test('protected preflight: allowed with a token, but the why warns', () => {
    expect(cell('Web', 'OPTIONS', '/guarded').why).toMatch(/preflight without a token/);
  });

  test('short scope and validation expression: nobody', () => {
    expect(matrix.callersOf('GET', '/short')).toEqual([]);
    expect(cell('Web', 'GET', '/short').why).toMatch(/not a full scope/);
    expect(matrix.callersOf('GET', '/validated-scoped')).toEqual([]);
    expect(cell('Web', 'GET', '/validated-scoped').why).toMatch(/identityValidationExpression/);
  });

  test('not modelled: AWS_IAM is undecided for every caller, and the helpers refuse it', () => {
    expect(matrix.methodsFor('GET', '/iam')[0].requires.tokenUse).toBe('not-modelled');
    expect(cell('Web', 'GET', '/iam')).toMatchObject({ answer: 'unknown', decided: false, allowed: false, why: expect.stringMatching(/^unknown: authorization AWS_IAM is not modelled/) });
    expect(() => matrix.canCall('Web', 'GET', '/iam')).toThrow(/^AuthMatrix\.canCall\(GET \/iam\): the matrix could not decide for 'Web'/);
    expect(() => matrix.callersOf('GET', '/iam')).toThrow(/could not decide for 'Web' .*; 'Machine' .*; 'OtherWeb' .*; 'signed-in user \(InitiateAuth\)'/);
  });

  test('validation expression on an ID-token method: undecided (aud is the client id, known after deploy), except where another condition says no', () => {
    expect(cell('Web', 'GET', '/validated')).toMatchObject({ answer: 'unknown', why: expect.stringMatching(/IdentityValidationExpression \/web-client-\.\*\/ matches it, which is only known after deploy$/) });
    expect(cell('Machine', 'GET', '/validated')).toMatchObject({ answer: 'no', decided: true, why: expect.stringMatching(/client_credentials mints only access tokens/) });
    expect(cell('OtherWeb', 'GET', '/validated')).toMatchObject({ answer: 'no', decided: true });
    expect(matrix.canCall('Machine', 'GET', '/validated')).toBe(false);
    expect(matrix.answer(SIGNED_IN, 'GET', '/validated')).toMatchObject({ answer: 'unknown', decided: false });
  });

  test('helpers refuse unknown methods and callers', () => {
    expect(() => matrix.callersOf('GET', '/nope')).toThrow(/no method GET \/nope/);
    expect(() => matrix.canCall('Nobody', 'GET', '/items')).toThrow(/no caller 'Nobody'/);
    expect(matrix.why('Web', 'POST', '/items')).toMatch(/not allowed/);
    expect(matrix.why('Machine', 'POST', '/items')).toMatch(/^allowed via/);
  });

  test('markdown and JSON', () => {
    const md = matrix.toMarkdown();
    expect(md).toMatch(/^\| Method \| Path \| Requires \| Web \| Machine \| OtherWeb \| signed-in user \(InitiateAuth\) \|/);
    expect(md).toContain('| `POST` | `/items` | access: `com.example.api/write` | ❌ [');
    expect(md).toContain('✅ `com.example.api/write`');
    const json = JSON.parse(matrix.toJson());
    expect(Object.keys(json.methods[0])).toEqual(['api', 'method', 'path', 'requires', 'callers']);
  });
});

describe('why a client cannot get a scoped token', () => {
  function scenario(setup: (pool: cognito.UserPool, rs: cognito.UserPoolResourceServer, read: cognito.ResourceServerScope) => void, domain = true) {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' });
    const rs = pool.addResourceServer('Rs', { identifier: 'com.example.api', scopes: [read] });
    if (domain) pool.addDomain('D', { cognitoDomain: { domainPrefix: 'x-example' } });
    setup(pool, rs, read);
    const api = new apigateway.RestApi(stack, 'Api');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'A', { cognitoUserPools: [pool] });
    api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: [READ] });
    return AuthMatrix.fromStack(stack).methodsFor('GET', '/')[0].callers[0];
  }

  test('no domain in the pool', () => {
    const c = scenario((pool, rs, read) => pool.addClient('C', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(rs, read)] } }), false);
    expect(c).toMatchObject({ allowed: false, why: expect.stringMatching(/has no domain/) });
  });

  test('client_credentials without a secret', () => {
    const c = scenario((pool, rs, read) => pool.addClient('C', { oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(rs, read)] } }));
    expect(c.why).toMatch(/needs a client secret/);
  });

  test('code flow can mint the custom scope', () => {
    const c = scenario((pool, rs, read) => pool.addClient('C', { oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.resourceServer(rs, read)], callbackUrls: ['https://x.example.com/cb'] } }));
    expect(c).toMatchObject({ allowed: true, via: READ, why: expect.stringMatching(/code/) });
  });

  test('OAuth disabled on the client', () => {
    const c = scenario((pool) => pool.addClient('C', { disableOAuth: true }));
    expect(c.allowed).toBe(false);
    expect(c.why).toMatch(/not allowed|OAuth is not enabled/);
  });
});

describe('unresolved values and scale', () => {
  test('unresolved client scopes give unknown, never a yes or no', () => {
    const template = {
      Parameters: { Scopes: { Type: 'CommaDelimitedList' } },
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool' },
        Rs: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }] } },
        Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'x-example' } },
        Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthScopes: { Ref: 'Scopes' }, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: true } },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
        Authz: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }], IdentitySource: 'method.request.header.Authorization' } },
        M: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: ['api/read'] } },
      },
    };
    const m = AuthMatrix.fromTemplateJson(JSON.stringify(template));
    const c = m.methodsFor('GET', '/')[0].callers.find((x) => x.caller === 'Client')!;
    expect(c).toEqual({
      caller: 'Client',
      answer: 'unknown',
      decided: false,
      allowed: false,
      via: '',
      why: 'unknown: its AllowedOAuthScopes could not be resolved (parameter Scopes has no value in the template); they decide whether it is allowed api/read',
    });
    expect(() => m.canCall('Client', 'GET', '/')).toThrow(/could not decide for 'Client'/);
    expect(JSON.parse(m.toJson()).methods[0].callers[0].allowed).toBeNull();
    expect(m.toMarkdown()).toContain('| `GET` | `/` | access: `read` | ❔ [1] |');
  });

  test('10,000 methods × 3 clients stays fast', () => {
    const resources: Record<string, unknown> = {
      Pool: { Type: 'AWS::Cognito::UserPool' },
      Rs: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }, { ScopeName: 'write', ScopeDescription: 'w' }] } },
      Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'x-example' } },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
      Authz: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] } },
    };
    for (const [i, scopes] of [['api/read'], ['api/write'], ['api/read', 'api/write']].entries()) {
      resources[`Client${i}`] = { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthScopes: scopes, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: true } };
    }
    for (let i = 0; i < 10_000; i++) {
      resources[`R${i}`] = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: `r${i}` } };
      resources[`M${i}`] = { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: `R${i}` }, HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: [i % 2 ? 'api/read' : 'api/write'] } };
    }
    // Correctness at 10,000 methods; its speed is measured in bench/ (npm run bench), not asserted here.
    const matrix = buildMatrix(buildModel([{ name: 't', template: { Resources: resources } as never }]));
    matrixMarkdown(matrix);
    expect(matrix.methods).toHaveLength(10_000);
    expect(matrix.methods.find((m) => m.path === '/r1')!.callers.filter((c) => c.allowed).map((c) => c.caller)).toEqual(['Client0', 'Client2']);
  });
});
