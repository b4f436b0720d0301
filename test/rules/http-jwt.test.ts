/**
 * HTTP APIs (API Gateway v2) with JWT authorizers: the model reads them into the same elements as REST
 * (apiKind 'http'), the scope rules apply to routes, and the HTTP rules catch the JWT traps (DESIGN.md §8).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { ISSUER, httpBaseline, httpFixture, route } from '../http-fixtures';
import { Tpl, brief, checkAll, model, withChanges } from './fixtures';
import { buildModel } from '../../src/private/model/build';
import { Unknown } from '../../src/private/model/types';
import { runRules } from '../../src/private/rules/engine';

function changed(changes: Record<string, any>): Tpl {
  return withChanges(httpBaseline(), changes);
}

function findings(t: Tpl) {
  return brief(checkAll(t));
}

describe('model', () => {
  test('routes, the JWT authorizer and the HTTP API become the same elements as REST', () => {
    const m = model(httpBaseline());
    expect(m.notAnalysed).toEqual([]);
    expect(m.restApis).toEqual([
      { key: 'T#Api', template: 'T', logicalId: 'Api', constructPath: undefined, name: 'api', defined: true, hasOpenApiBody: false, apiKind: 'http', corsConfiguration: true },
    ]);
    const get = m.methods.find((x) => x.logicalId === 'GetItems')!;
    expect(get).toMatchObject({ apiKind: 'http', restApi: 'T#Api', httpMethod: 'GET', path: '/items', routeKey: 'GET /items', authorizationType: 'JWT', authorizer: 'T#Jwt', scopes: ['api/read'] });
    const a = m.authorizers[0];
    expect(a).toMatchObject({ apiKind: 'http', type: 'JWT', restApi: 'T#Api', providerPools: ['T#Pool'], identitySource: '$request.header.Authorization' });
    expect(a.jwt).toMatchObject({
      issuer: 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}',
      issuerPool: 'T#Pool',
      issuerMatch: 'exact',
      audience: [{ client: 'T#Machine' }],
    });
  });

  test('$default and greedy routes; a WebSocket API stays not analysed', () => {
    const m = model(
      changed({
        Def: route('$default'),
        Proxy: route('ANY /{proxy+}'),
        Ws: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'ws', ProtocolType: 'WEBSOCKET' } },
        WsRoute: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: '$connect' } },
      }),
    );
    expect(m.methods.filter((x) => x.logicalId === 'Def' || x.logicalId === 'Proxy').map((x) => [x.httpMethod, x.path])).toEqual([
      ['ANY', '$default'],
      ['ANY', '/{proxy+}'],
    ]);
    expect(m.methods.some((x) => x.logicalId === 'WsRoute')).toBe(false);
    // An HTTP API with an inline OpenAPI body is read (its explicit routes too); one in a file (BodyS3Location) is named as not analysed.
    const body = model(changed({ Api: { Properties: { Body: { openapi: '3.0.1', paths: {} } } } }));
    expect(body.methods.map((x) => x.logicalId)).toEqual(['GetItems', 'PostItems']);
    expect(body.notAnalysed).toEqual([]);
    const file = model(changed({ Api: { Properties: { BodyS3Location: { Bucket: 'b', Key: 'api.yaml' } } } }));
    expect(file.methods.map((x) => x.logicalId)).toEqual(['GetItems', 'PostItems']);
    expect(file.notAnalysed.map((n) => [n.logicalId, n.reason])).toEqual([
      ['Api', 'its routes are defined by an OpenAPI file in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; the routes, authorizers and scopes it declares were not checked'],
    ]);
    expect(m.notAnalysed.map((n) => [n.logicalId, n.kind, n.reason])).toEqual([
      ['Ws', 'http-api', 'it is a WebSocket API, which cdk-cognito-scopes does not model (it reads HTTP APIs); its routes, authorizers and scopes were not checked'],
    ]);
  });

  test('issuer forms: Fn::Sub, GetAtt ProviderURL, a literal with a known pool id, a trailing slash, the hosted-UI domain, another provider', () => {
    const issuerOf = (issuer: unknown, physicalIds?: Record<string, string>) => {
      const t = changed({ Jwt: { Properties: { JwtConfiguration: { Issuer: issuer, Audience: [{ Ref: 'Machine' }] } } } });
      const m = buildModel([{ name: 'T', template: t as any, region: 'eu-west-1' }], { physicalIds });
      const { issuer: i, issuerPool, issuerMatch, issuerProblem } = m.authorizers[0].jwt!;
      return { i, issuerPool, issuerMatch, issuerProblem };
    };
    expect(issuerOf({ 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}' })).toEqual({
      i: 'https://cognito-idp.eu-west-1.amazonaws.com/${Pool}', issuerPool: 'T#Pool', issuerMatch: 'exact', issuerProblem: undefined,
    });
    expect(issuerOf({ 'Fn::GetAtt': ['Pool', 'ProviderURL'] })).toMatchObject({ issuerPool: 'T#Pool', issuerMatch: 'exact' });
    expect(issuerOf({ 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}/' })).toEqual({
      i: 'https://cognito-idp.eu-west-1.amazonaws.com/${Pool}/', issuerPool: 'T#Pool', issuerMatch: 'mismatch', issuerProblem: 'it ends with a slash',
    });
    expect(issuerOf('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', { Pool: 'eu-west-1_AbC123' })).toMatchObject({ issuerPool: 'T#Pool', issuerMatch: 'exact' });
    expect(issuerOf('https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_AbC123', { Pool: 'eu-west-1_AbC123' })).toMatchObject({
      issuerPool: 'T#Pool', issuerMatch: 'mismatch', issuerProblem: "its region 'us-east-1' is not the pool's region 'eu-west-1'",
    });
    expect(issuerOf('https://my-login.auth.eu-west-1.amazoncognito.com')).toMatchObject({ issuerPool: undefined, issuerMatch: 'mismatch' });
    expect(issuerOf('https://example.eu.auth0.com/')).toEqual({ i: 'https://example.eu.auth0.com/', issuerPool: undefined, issuerMatch: 'none', issuerProblem: undefined });
    // Untrusted text cannot forge the reader's markers.
    const forged = issuerOf({ 'Fn::Join': ['', ['https://cognito-idp.\u0000R:T\u0000.amazonaws.com/', { Ref: 'Pool' }]] });
    expect(forged.issuerMatch).toBeInstanceOf(Unknown);
    expect((forged.issuerMatch as Unknown).why).toBe('the issuer contains a NUL character');
  });
});

describe('rules', () => {
  test('the correct HTTP API: no finding', () => {
    expect(findings(httpBaseline())).toEqual([]);
  });

  test('scope rules apply to routes: short, undefined, mixed', () => {
    const t = changed({
      GetItems: { Properties: { AuthorizationScopes: ['read'] } },
      PostItems: { Properties: { AuthorizationScopes: ['api/wirte', 'openid'] } },
    });
    expect(findings(t)).toEqual([
      {
        ruleId: 'ShortMethodScope',
        severity: 'error',
        logicalId: 'GetItems',
        message:
          "Route GET /items (T/GetItems) requires scope 'read', written short: no access token ever carries 'read', so every call is refused (403). Resource server T/Rs defines it as 'api/read'.",
      },
      {
        ruleId: 'UndefinedMethodScope',
        severity: 'error',
        logicalId: 'PostItems',
        message:
          "Route POST /items (T/PostItems) requires scope 'api/wirte', which no resource server of the authorizer's user pools (user pool T/Pool) defines: no token can carry it, so every call is refused (403). Defined scopes: 'api/read', 'api/write'.",
      },
      {
        ruleId: 'MixedBuiltInAndCustomScopes',
        severity: 'warning',
        logicalId: 'PostItems',
        message:
          "Route POST /items (T/PostItems) accepts built-in scope 'openid' alongside custom scope 'api/wirte': a token needs only ANY one of them, so every signed-in user whose access token carries 'openid' passes without 'api/wirte'.",
      },
    ]);
  });

  test('a scope counts as requestable only if a client in the audience may request it', () => {
    const t = changed({
      Other: {
        Type: 'AWS::Cognito::UserPoolClient',
        DependsOn: ['Rs'],
        Properties: { UserPoolId: { Ref: 'Pool' }, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['api/write'] },
      },
      Machine: { Properties: { AllowedOAuthScopes: ['api/read'] } },
    });
    const f = brief(checkAll(t).filter((x) => x.ruleId === 'UnrequestableMethodScope'));
    expect(f).toEqual([
      {
        ruleId: 'UnrequestableMethodScope',
        severity: 'error',
        logicalId: 'PostItems',
        message:
          "Route POST /items (T/PostItems) requires scope 'api/write', but no app client in the audience of JWT authorizer T/Jwt may request it: no token the route accepts can be issued. Audience clients: 'T/Machine'. 'T/Other' may request it but is not in the audience.",
      },
    ]);
    // The same client in the audience: requestable.
    const ok = withChanges(t, { Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Machine' }, { Ref: 'Other' }] } } } });
    expect(checkAll(ok).filter((x) => x.ruleId === 'UnrequestableMethodScope')).toEqual([]);
  });

  test('JwtIssuerNotPoolIssuer: a trailing slash', () => {
    const t = changed({ Jwt: { Properties: { JwtConfiguration: { Issuer: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}/' }, Audience: [{ Ref: 'Machine' }] } } } });
    const f = checkAll(t).filter((x) => x.ruleId === 'JwtIssuerNotPoolIssuer');
    expect(brief(f)).toEqual([
      {
        ruleId: 'JwtIssuerNotPoolIssuer',
        severity: 'error',
        logicalId: 'Jwt',
        message:
          "JWT authorizer T/Jwt has issuer 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}/', which is not a user pool's issuer: it ends with a slash. Every token's 'iss' differs from it, so every call gets 401. The pool's issuer is 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}'.",
      },
    ]);
    expect(f[0].fix).toBe("Set JwtConfiguration.Issuer to 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}'.");
  });

  test('JwtIssuerNotPoolIssuer: the hosted-UI domain', () => {
    const t = changed({ Jwt: { Properties: { JwtConfiguration: { Issuer: 'https://http-rules-login.auth.eu-west-1.amazoncognito.com', Audience: [{ Ref: 'Machine' }] } } } });
    expect(brief(checkAll(t).filter((x) => x.ruleId === 'JwtIssuerNotPoolIssuer'))).toEqual([
      {
        ruleId: 'JwtIssuerNotPoolIssuer',
        severity: 'error',
        logicalId: 'Jwt',
        message:
          "JWT authorizer T/Jwt has issuer 'https://http-rules-login.auth.eu-west-1.amazoncognito.com', which is not a user pool's issuer: it is a hosted-UI domain (…amazoncognito.com), not the issuer: Cognito tokens carry 'iss' https://cognito-idp.{region}.amazonaws.com/{poolId}. Every token's 'iss' differs from it, so every call gets 401.",
      },
    ]);
  });

  test('AudienceMissesClients: the audience client can request none of the routes\' scopes, the left-out one can', () => {
    const t = changed({
      Web: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'] },
      },
      Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Web' }] } } },
    });
    const f = checkAll(t).filter((x) => x.ruleId === 'AudienceMissesClients');
    expect(brief(f)).toEqual([
      {
        ruleId: 'AudienceMissesClients',
        severity: 'error',
        logicalId: 'Jwt',
        message:
          "JWT authorizer T/Jwt has audience 'T/Web', which no route's caller uses, and leaves out 'T/Machine': tokens of the left-out clients get 401 ('the token does not have a valid audience').",
      },
    ]);
    expect(f[0].fix).toBe('Give the authorizer the calling clients as its audience (HttpUserPoolAuthorizer: userPoolClients: [Machine]; CognitoApiAuth: httpAuthorizer).');
    // Both in the audience: nothing left out.
    expect(checkAll(withChanges(t, { Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Web' }, { Ref: 'Machine' }] } } } })).filter((x) => x.ruleId === 'AudienceMissesClients')).toEqual([]);
  });

  test('AuthorizerSharedAcrossApis: a route of another HTTP API uses the authorizer', () => {
    const t = changed({
      Api2: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api2', ProtocolType: 'HTTP' } },
      Other: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api2' }, RouteKey: 'GET /other', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Jwt' }, AuthorizationScopes: ['api/read'] } },
    });
    expect(brief(checkAll(t).filter((x) => x.ruleId === 'AuthorizerSharedAcrossApis'))).toEqual([
      {
        ruleId: 'AuthorizerSharedAcrossApis',
        severity: 'error',
        logicalId: 'Other',
        message: 'Route GET /other (T/Other) of HTTP API T/Api2 uses authorizer T/Jwt, which belongs to HTTP API T/Api.',
      },
    ]);
  });

  test('PublicMethodOnCognitoApi: a public route on an HTTP API with a user pool JWT authorizer', () => {
    const t = changed({ GetHealth: route('GET /health', undefined, { AuthorizationType: 'NONE', AuthorizerId: undefined }) });
    expect(findings(t)).toEqual([
      {
        ruleId: 'PublicMethodOnCognitoApi',
        severity: 'warning',
        logicalId: 'GetHealth',
        message: 'Route GET /health (T/GetHealth) is public (AuthorizationType NONE) on HTTP API T/Api, which uses a Cognito user pool JWT authorizer: anyone can call it without a token.',
      },
    ]);
  });

  test('UncallableMethod: a route without scopes whose audience clients can get no token', () => {
    const t = changed({
      GetItems: route('GET /items'),
      PostItems: null,
      Machine: { Properties: { GenerateSecret: false } },
    });
    expect(brief(checkAll(t).filter((x) => x.ruleId === 'UncallableMethod'))).toEqual([
      {
        ruleId: 'UncallableMethod',
        severity: 'warning',
        logicalId: 'GetItems',
        message:
          'Route GET /items (T/GetItems) accepts any token of a client in the audience of JWT authorizer T/Jwt, but no audience client can get one (T/Machine: client_credentials needs a client secret and it has none): every call gets 401.',
      },
    ]);
    // With the secret back, the machine client gets a token: callable.
    expect(checkAll(changed({ GetItems: route('GET /items'), PostItems: null })).filter((x) => x.ruleId === 'UncallableMethod')).toEqual([]);
  });

  test('a REQUEST (Lambda) authorizer is not Cognito: its routes get no scope or audience finding', () => {
    const t = changed({
      Lambda: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: { ApiId: { Ref: 'Api' }, Name: 'lambda', AuthorizerType: 'REQUEST', IdentitySource: ['$request.header.X-Key'] } },
      GetLambda: route('GET /lambda', undefined, { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Lambda' } }),
    });
    const m = model(t);
    expect(m.authorizers.find((a) => a.logicalId === 'Lambda')).toMatchObject({ type: 'REQUEST', jwt: undefined, providerPools: undefined });
    expect(findings(t)).toEqual([]);
  });

  test('AudienceClientOfOtherPool', () => {
    const t = changed({
      Pool2: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Stranger: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool2' } } },
      Jwt: { Properties: { JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Machine' }, { Ref: 'Stranger' }] } } },
    });
    expect(brief(checkAll(t).filter((x) => x.ruleId === 'AudienceClientOfOtherPool'))).toEqual([
      {
        ruleId: 'AudienceClientOfOtherPool',
        severity: 'error',
        logicalId: 'Jwt',
        message:
          "JWT authorizer T/Jwt has issuer 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}' (user pool T/Pool) but its audience lists 'T/Stranger' of another user pool: their tokens carry that pool's issuer, so they get 401.",
      },
    ]);
  });

  test('JwtIdentitySourceNotAuthorization', () => {
    const t = changed({ Jwt: { Properties: { IdentitySource: ['$request.header.X-Token'] } } });
    expect(brief(checkAll(t).filter((x) => x.ruleId === 'JwtIdentitySourceNotAuthorization'))).toEqual([
      {
        ruleId: 'JwtIdentitySourceNotAuthorization',
        severity: 'warning',
        logicalId: 'Jwt',
        message:
          "JWT authorizer T/Jwt reads the token from '$request.header.X-Token', not '$request.header.Authorization': a token sent in the Authorization header is not read, and the call gets 401.",
      },
    ]);
    expect(checkAll(changed({ Jwt: { Properties: { IdentitySource: ['$request.header.authorization'] } } })).filter((x) => x.ruleId === 'JwtIdentitySourceNotAuthorization')).toEqual([]);
  });

  test('UnscopedJwtRoute: a JWT route without scopes beside scoped routes', () => {
    const t = changed({ GetHealth: route('GET /health') });
    expect(findings(t)).toEqual([
      {
        ruleId: 'UnscopedJwtRoute',
        severity: 'warning',
        logicalId: 'GetHealth',
        message:
          'Route GET /health (T/GetHealth) has no AuthorizationScopes while other routes of the API require scopes (e.g. GET /items (T/GetItems)): any valid ID or access token of a client in the audience passes it, whatever scopes the token carries.',
      },
    ]);
    // Only unscoped routes: nothing to compare with, no warning.
    expect(checkAll(changed({ GetItems: route('GET /items'), PostItems: route('POST /items') })).filter((x) => x.ruleId === 'UnscopedJwtRoute')).toEqual([]);
  });

  test('HttpPreflightBehindAuthorizer: a catch-all JWT route without CorsConfiguration', () => {
    const t = changed({ Api: { Properties: { CorsConfiguration: null } }, Proxy: route('ANY /{proxy+}', ['api/read']) });
    expect(brief(checkAll(t).filter((x) => x.ruleId === 'HttpPreflightBehindAuthorizer'))).toEqual([
      {
        ruleId: 'HttpPreflightBehindAuthorizer',
        severity: 'warning',
        logicalId: 'Proxy',
        message:
          "Route ANY /{proxy+} (T/Proxy) requires a JWT and catches every path, and HTTP API T/Api has no CorsConfiguration: a browser's preflight (OPTIONS, sent without a token) reaches the route, gets 401, and the browser reports a CORS error.",
      },
    ]);
    // With CorsConfiguration API Gateway answers the preflight itself.
    expect(checkAll(changed({ Proxy: route('ANY /{proxy+}', ['api/read']) })).filter((x) => x.ruleId === 'HttpPreflightBehindAuthorizer')).toEqual([]);
  });
});

describe('aws-cdk-lib HttpUserPoolAuthorizer', () => {
  test('without userPoolClients: the audience is the auto-created UserPoolAuthorizerClient and the real client is left out', () => {
    const f = httpFixture({ authorizer: (_s, pool) => new HttpUserPoolAuthorizer('Auth', pool) });
    const template = Template.fromStack(f.stack).toJSON();
    const found = runRules(buildModel([{ name: 'Http', template }]));
    const audience = found.filter((x) => x.ruleId === 'AudienceMissesClients');
    expect(audience.map((x) => [x.severity, x.logicalId, x.message])).toEqual([
      [
        'error',
        'ApiAuth3D21DCFE',
        "JWT authorizer Http/ApiAuth3D21DCFE has audience 'Http/PoolUserPoolAuthorizerClient8FD741AA' (created by HttpUserPoolAuthorizer without userPoolClients), which no route's caller uses, and leaves out 'Http/PoolMachine75D22E2D': " +
          "tokens of the left-out clients get 401 ('the token does not have a valid audience').",
      ],
    ]);
    // The scope is requestable only by the left-out client: the route is uncallable too.
    expect(found.filter((x) => x.ruleId === 'UnrequestableMethodScope').map((x) => x.severity)).toEqual(['error']);
  });

  test('with userPoolClients: no audience finding', () => {
    const f = httpFixture();
    const found = runRules(buildModel([{ name: 'Http', template: Template.fromStack(f.stack).toJSON() }]));
    expect(found.filter((x) => x.severity !== 'info').map((x) => x.ruleId)).toEqual([]);
  });

  test('HttpJwtAuthorizer with the pool URL plus a slash', () => {
    const f = httpFixture({
      authorizer: (_s, pool, client) => new HttpJwtAuthorizer('Auth', `${pool.userPoolProviderUrl}/`, { jwtAudience: [client.userPoolClientId] }),
    });
    const found = runRules(buildModel([{ name: 'Http', template: Template.fromStack(f.stack).toJSON() }]));
    expect(found.filter((x) => x.severity !== 'info').map((x) => [x.ruleId, x.logicalId])).toEqual([['JwtIssuerNotPoolIssuer', expect.stringMatching(/^ApiAuth/)]]);
  });
});
