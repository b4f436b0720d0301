import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, CognitoApiAuthProps, HostedUiDomain } from '../src';
import { withValidations } from './support/needs';

const read = () => new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
const write = () => new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });

function setup(props: Partial<CognitoApiAuthProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1' } });
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.api',
    scopes: [read(), write()],
    ...props,
  });
  return { app, stack, auth };
}

function withApi(stack: Stack) {
  return new apigateway.RestApi(stack, 'Api');
}

const mock = () => new apigateway.MockIntegration();

function resourcesOf(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

function onlyResource(template: Template, type: string): any {
  const all = Object.values(resourcesOf(template, type));
  expect(all).toHaveLength(1);
  return all[0];
}

describe('user pool defaults', () => {
  test('secure pool defaults', () => {
    const { stack } = setup();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
          },
        },
        UserPoolTier: 'ESSENTIALS',
      }),
    });
    const pool = onlyResource(template, 'AWS::Cognito::UserPool');
    expect(pool.Properties.UserPoolAddOns).toBeUndefined();
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('featurePlan PLUS enforces threat protection', () => {
    const { stack } = setup({ featurePlan: cognito.FeaturePlan.PLUS });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  test('pool props are passed through', () => {
    const { stack } = setup({
      userPoolName: 'my-pool',
      mfa: cognito.Mfa.REQUIRED,
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        UserPoolName: 'my-pool',
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'INACTIVE',
      }),
    });
  });

  test('mfa OFF has no second factor', () => {
    const { stack } = setup({ mfa: cognito.Mfa.OFF });
    const pool = onlyResource(Template.fromStack(stack), 'AWS::Cognito::UserPool');
    expect(pool.Properties.MfaConfiguration).toBe('OFF');
    expect(pool.Properties.EnabledMfas).toBeUndefined();
  });
});

describe('resource server', () => {
  test('identifier, derived name and scopes', () => {
    const { stack, auth } = setup();
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'com.example.api',
      Name: 'com.example.api',
      UserPoolId: { Ref: Match.stringLikeRegexp('AuthUserPool') },
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'Read items' },
        { ScopeName: 'write', ScopeDescription: 'Write items' },
      ],
    });
    expect(auth.resourceServerIdentifier).toBe('com.example.api');
  });

  test('a URL identifier gets a valid derived Name', () => {
    const { stack } = setup({ resourceServerIdentifier: 'https://api.example.com/v1' });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'https://api.example.com/v1',
      Name: 'api.example.com-v1',
    });
  });

  test('explicit resourceServerName is used', () => {
    const { stack } = setup({ resourceServerIdentifier: 'https://api.example.com', resourceServerName: 'Items API' });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Name: 'Items API' });
  });

  test('scope(), scopes and fullScopeName()', () => {
    const { auth } = setup();
    expect(auth.scope('write').scopeDescription).toBe('Write items');
    expect(auth.scopes.map((s) => s.scopeName)).toEqual(['read', 'write']);
    expect(auth.fullScopeName(auth.scope('read'))).toBe('com.example.api/read');
    // scopes is a copy
    auth.scopes.pop();
    expect(auth.scopes).toHaveLength(2);
  });

  test('addScope() after clients and methods lands in the template', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    const api = withApi(stack);
    const admin = new cognito.ResourceServerScope({ scopeName: 'admin', scopeDescription: 'Administer' });
    api.root.addMethod('DELETE', mock(), auth.requireScopes(admin));
    auth.addMachineClient('Ops', { scopes: [admin] });
    auth.addScope(admin);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'Read items' },
        { ScopeName: 'write', ScopeDescription: 'Write items' },
        { ScopeName: 'admin', ScopeDescription: 'Administer' },
      ],
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'DELETE', AuthorizationScopes: ['com.example.api/admin'] });
  });
});

describe('clients', () => {
  test('user client: code grant, no secret, no direct auth flows, explicit scopes, depends on the resource server', () => {
    const { stack, auth } = setup();
    const client = auth.addUserClient('Web', {
      callbackUrls: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      logoutUrls: ['https://app.example.com/'],
      oidcScopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
      scopes: [auth.scope('read')],
    });
    expect(auth.clients).toEqual([client]);
    const template = Template.fromStack(stack);
    const serverId = Object.keys(resourcesOf(template, 'AWS::Cognito::UserPoolResourceServer'))[0];
    template.hasResource('AWS::Cognito::UserPoolClient', {
      DependsOn: [serverId],
      Properties: {
        UserPoolId: { Ref: Match.stringLikeRegexp('AuthUserPool') },
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', { 'Fn::Join': ['', [{ Ref: serverId }, '/read']] }],
        CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
        LogoutURLs: ['https://app.example.com/'],
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        SupportedIdentityProviders: ['COGNITO'],
      },
    });
  });

  test('user client defaults to openid only', () => {
    const { stack, auth } = setup();
    auth.addUserClient('Web', { callbackUrls: ['exampleapp://auth/login'] });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['exampleapp://auth/login'],
    });
  });

  test('user client token validities, default redirect and identity providers', () => {
    const { stack, auth } = setup();
    auth.addUserClient('Web', {
      callbackUrls: ['https://app.example.com/a', 'https://app.example.com/b'],
      defaultRedirectUri: 'https://app.example.com/b',
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.hours(2),
      refreshTokenValidity: Duration.days(7),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      userPoolClientName: 'web',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'web',
      DefaultRedirectURI: 'https://app.example.com/b',
      AccessTokenValidity: 30,
      IdTokenValidity: 120,
      RefreshTokenValidity: 10080,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  test('implicit grant adds the flow and one warning, with the one acknowledgement id', () => {
    const { stack, auth } = setup();
    auth.addUserClient('Legacy', { callbackUrls: ['https://app.example.com/cb'], implicitGrant: true });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['implicit', 'code'] });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('implicit'));
    expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([[
      '/Stack/Auth/Legacy/Resource',
      "[cdk-cognito-scopes::ImplicitGrant] Stack/Auth/Legacy: App client Stack/Auth/Legacy/Resource allows the 'implicit' flow: tokens are returned in the URL fragment, "
      + 'where browser history, logs and referrers can leak them, and no refresh token is issued. '
      + "Fix: Use the 'code' flow with PKCE instead of 'implicit' (CognitoApiAuth: omit implicitGrant). "
      + "Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::ImplicitGrant', reason: '...' }) on Stack/Auth/Legacy or a construct above it. "
      + '[ack: cdk-cognito-scopes::ImplicitGrant]',
    ]]);
  });

  withValidations('implicit grant: one Validations acknowledgement with the one id silences it', () => {
    const { stack, auth } = setup();
    const client = auth.addUserClient('Legacy', { callbackUrls: ['https://app.example.com/cb'], implicitGrant: true });
    Validations.of(client).acknowledge({ id: 'cdk-cognito-scopes::ImplicitGrant', reason: 'legacy SPA, removed next quarter' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('implicit'));
  });

  test('no implicit-grant warning by default', () => {
    const { stack, auth } = setup();
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('implicitGrant'));
  });

  test('machine client: client_credentials only, secret, custom scopes only, depends on the resource server', () => {
    const { stack, auth } = setup();
    auth.addMachineClient('Machine', { scopes: [auth.scope('read'), auth.scope('write'), auth.scope('read')], accessTokenValidity: Duration.minutes(15) });
    const template = Template.fromStack(stack);
    const serverId = Object.keys(resourcesOf(template, 'AWS::Cognito::UserPoolResourceServer'))[0];
    template.hasResource('AWS::Cognito::UserPoolClient', {
      DependsOn: [serverId],
      Properties: Match.objectLike({
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: [
          { 'Fn::Join': ['', [{ Ref: serverId }, '/read']] },
          { 'Fn::Join': ['', [{ Ref: serverId }, '/write']] },
        ],
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 15,
        CallbackURLs: Match.absent(),
      }),
    });
  });

  test('only the machine client has a secret, and no secret reaches the outputs', () => {
    const { stack, auth } = setup();
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'] });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    const template = Template.fromStack(stack);
    const clients = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
    expect(clients.map((c) => c.Properties.GenerateSecret).sort()).toEqual([false, true]);
    const json = JSON.stringify(template.toJSON().Outputs);
    expect(json).not.toMatch(/ClientSecret|Secret/i);
    template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 0);
  });

  test('props and options are not mutated', () => {
    const scopes = [read(), write()];
    const props: CognitoApiAuthProps = { resourceServerIdentifier: 'com.example.api', scopes };
    const frozenScopes = [...scopes];
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const auth = new CognitoApiAuth(stack, 'Auth', props);
    const callbackUrls = ['https://app.example.com/cb'];
    const clientScopes = [scopes[0]];
    const oidcScopes = [cognito.OAuthScope.OPENID];
    auth.addUserClient('Web', { callbackUrls, scopes: clientScopes, oidcScopes });
    auth.addScope(new cognito.ResourceServerScope({ scopeName: 'admin', scopeDescription: 'Admin' }));
    auth.requireScopes(...clientScopes);
    expect(scopes).toEqual(frozenScopes);
    expect(props.scopes).toBe(scopes);
    expect(scopes).toHaveLength(2);
    expect(callbackUrls).toEqual(['https://app.example.com/cb']);
    expect(clientScopes).toHaveLength(1);
    expect(oidcScopes).toEqual([cognito.OAuthScope.OPENID]);
  });
});

test('frozen props and options are accepted (nothing is written to them)', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const scopes = Object.freeze([read(), write()]) as unknown as cognito.ResourceServerScope[];
  const auth = new CognitoApiAuth(stack, 'Auth', Object.freeze({ resourceServerIdentifier: 'com.example.api', scopes }));
  auth.addScope(new cognito.ResourceServerScope({ scopeName: 'admin', scopeDescription: 'Admin' }));
  const callbackUrls = Object.freeze(['https://app.example.com/cb']) as unknown as string[];
  auth.addUserClient('Web', Object.freeze({ callbackUrls, scopes, oidcScopes: Object.freeze([cognito.OAuthScope.OPENID]) as unknown as cognito.OAuthScope[] }));
  auth.addMachineClient('Machine', Object.freeze({ scopes }));
  expect(() => Template.fromStack(stack)).not.toThrow();
  expect(auth.scopes).toHaveLength(3);
});

describe('domain and URLs', () => {
  test('cognito prefix domain, authorize URL and token endpoint', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'my-app-auth' });
    const domainId = Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'))[0];
    const tokenEndpoint = stack.resolve(auth.tokenEndpoint);
    expect(tokenEndpoint['Fn::Join'][1][1]).toEqual({ Ref: domainId });
    expect(tokenEndpoint['Fn::Join'][1][2]).toBe('.auth.eu-west-1.amazoncognito.com/oauth2/token');
    const authorizeUrl = stack.resolve(auth.authorizeUrl);
    expect(authorizeUrl['Fn::Join'][1][2]).toBe('.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
  });

  test('custom domain', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    const cert = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const auth = new CognitoApiAuth(stack, 'Auth', {
      resourceServerIdentifier: 'com.example.api',
      scopes: [read()],
      domain: HostedUiDomain.customDomain('auth.example.com', cert),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'auth.example.com',
      CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
    });
    expect(auth.tokenEndpoint).toBe('https://auth.example.com/oauth2/token');
    expect(auth.authorizeUrl).toBe('https://auth.example.com/oauth2/authorize');
  });

  test('no domain: no domain resource, no authorize URL or token endpoint', () => {
    const { stack, auth } = setup();
    Template.fromStack(stack).resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    expect(auth.domain).toBeUndefined();
    expect(auth.authorizeUrl).toBeUndefined();
    expect(auth.tokenEndpoint).toBeUndefined();
  });

  test('issuer and JWKS URL', () => {
    const { stack, auth } = setup();
    const issuer = stack.resolve(auth.issuer);
    expect(issuer['Fn::Join'][1][0]).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(issuer['Fn::Join'][1][1].Ref).toMatch(/^AuthUserPool/);
    const jwks = stack.resolve(auth.jwksUrl);
    expect(jwks['Fn::Join'][1][2]).toBe('/.well-known/jwks.json');
  });
});

describe('outputs', () => {
  test('pool id, issuer, JWKS URL, authorize URL, token endpoint and one per client', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'] });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    const outputs = Template.fromStack(stack).toJSON().Outputs;
    const descriptions = Object.values(outputs).map((o: any) => o.Description).sort();
    expect(descriptions).toEqual([
      'App client id of Machine',
      'App client id of Web',
      'Cognito user pool id',
      'JSON Web Key Set URL',
      'OAuth 2.0 authorize endpoint',
      'OAuth 2.0 token endpoint',
      'Token issuer (iss claim)',
    ]);
  });

  test('outputs: false adds none', () => {
    const { stack, auth } = setup({ outputs: false, domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'] });
    expect(Template.fromStack(stack).toJSON().Outputs).toBeUndefined();
  });
});

describe('authorizer and method options', () => {
  test('no authorizer until used, so the construct synthesizes without an API', () => {
    const { stack } = setup();
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Authorizer', 0);
  });

  test('authorizer: identity source, TTL, pool', () => {
    const { stack, auth } = setup({ authorizerName: 'items-auth', authorizerCacheTtl: Duration.minutes(10) });
    withApi(stack).root.addMethod('GET', mock(), auth.requireIdToken());
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      Name: 'items-auth',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 600,
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserPool'), 'Arn'] }],
    });
  });

  test('default TTL is 300 s and the same authorizer is reused', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    expect(auth.authorizer).toBe(auth.authorizer);
    auth.addMachineClient('Machine', { scopes: [auth.scope('write')] });
    const api = withApi(stack);
    api.root.addMethod('GET', mock(), auth.requireIdToken());
    api.root.addMethod('POST', mock(), auth.requireScopes(auth.scope('write')));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 300 });
  });

  test('requireScopes: COGNITO_USER_POOLS with full scope identifiers (deduplicated)', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    const options = auth.requireScopes(auth.scope('read'), auth.scope('write'), auth.scope('read'));
    expect(options.authorizationScopes).toEqual(['com.example.api/read', 'com.example.api/write']);
    expect(options.authorizationType).toBe(apigateway.AuthorizationType.COGNITO);
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    withApi(stack).root.addResource('items').addMethod('GET', mock(), options);
    const template = Template.fromStack(stack);
    const authorizerId = Object.keys(resourcesOf(template, 'AWS::ApiGateway::Authorizer'))[0];
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: authorizerId },
      AuthorizationScopes: ['com.example.api/read', 'com.example.api/write'],
    });
  });

  test('requireIdToken: authorizer without scopes', () => {
    const { stack, auth } = setup();
    withApi(stack).root.addMethod('GET', mock(), auth.requireIdToken());
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: { Ref: Match.stringLikeRegexp('AuthAuthorizer') },
      AuthorizationScopes: Match.absent(),
    });
  });

  test('allowPublic: authorization NONE, no authorizer', () => {
    const { stack, auth } = setup();
    withApi(stack).root.addMethod('GET', mock(), auth.allowPublic());
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
      AuthorizationScopes: Match.absent(),
    });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
  });

  test('order independence: methods before clients and scopes', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth'), scopes: [read()] });
    const api = withApi(stack);
    const later = new cognito.ResourceServerScope({ scopeName: 'later', scopeDescription: 'Added last' });
    api.root.addMethod('GET', mock(), auth.requireScopes(later));
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: [later] });
    auth.addScope(later);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('CORS gateway responses', () => {
    const { stack, auth } = setup();
    const api = withApi(stack);
    api.root.addMethod('GET', mock(), auth.requireIdToken());
    auth.addCorsGatewayResponses(api);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 4);
    for (const type of ['UNAUTHORIZED', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        RestApiId: { Ref: Match.stringLikeRegexp('Api') },
        ResponseParameters: {
          'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
          'gatewayresponse.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent'",
          'gatewayresponse.header.Access-Control-Allow-Methods': "'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD'",
        },
      });
    }
  });

  test('CORS gateway responses with one origin, without 5XX', () => {
    const { stack, auth } = setup();
    const api = withApi(stack);
    api.root.addMethod('GET', mock(), auth.requireIdToken());
    auth.addCorsGatewayResponses(api, { allowOrigin: 'https://app.example.com', allowMethods: ['GET'], allowHeaders: ['Authorization'], includeServerErrors: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 3);
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
        'gatewayresponse.header.Access-Control-Allow-Headers': "'Authorization'",
        'gatewayresponse.header.Access-Control-Allow-Methods': "'GET'",
        'gatewayresponse.header.Vary': "'Origin'",
      },
    });
  });
});

describe('imported user pool', () => {
  test('resource server, clients, domain and authorizer go on the imported pool', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1' } });
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_AbCdEf123');
    const auth = new CognitoApiAuth(stack, 'Auth', {
      userPool: pool,
      resourceServerIdentifier: 'com.example.api',
      scopes: [read()],
      domain: HostedUiDomain.cognitoPrefix('imported-auth'),
    });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    withApi(stack).root.addMethod('GET', mock(), auth.requireScopes(auth.scope('read')));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { UserPoolId: 'eu-west-1_AbCdEf123' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { UserPoolId: 'eu-west-1_AbCdEf123' });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { UserPoolId: 'eu-west-1_AbCdEf123' });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      ProviderARNs: [{ 'Fn::Join': ['', Match.arrayWith([':userpool/eu-west-1_AbCdEf123'])] }],
    });
    expect(auth.userPool).toBe(pool);
    expect(auth.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123');
    expect(auth.jwksUrl).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json');
  });
});

describe('whole-stack rules at synth', () => {
  test('a scope no client may request fails synthesis; a client in another stack of the app that may request it clears it', () => {
    const { app, stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    withApi(stack).root.addMethod('GET', mock(), auth.requireScopes(auth.scope('read')));
    expect(() => Template.fromStack(stack)).toThrow(/\[cdk-cognito-scopes::UnrequestableMethodScope\] Stack\/Api\/Default\/GET: .*'com\.example\.api\/read'/);

    // Another stack of the app adds a client: the check reads the whole app, so it sees that client.
    const other = new Stack(app, 'Clients', { env: { region: 'eu-west-1' } });
    new cognito.UserPoolClient(other, 'Web', { userPool: auth.userPool });
    const shared = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    withApi(shared.stack).root.addMethod('GET', mock(), shared.auth.requireScopes(shared.auth.scope('read')));
    const otherStack = new Stack(shared.app, 'Clients', { env: { region: 'eu-west-1' } });
    new cognito.UserPoolClient(otherStack, 'Web', {
      userPool: shared.auth.userPool,
      oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(shared.auth.resourceServer, shared.auth.scope('read'))] },
      generateSecret: true,
    });
    expect(() => Template.fromStack(shared.stack)).not.toThrow();
  });

  test('scoped methods without a hosted-UI domain fail synthesis, naming the pool and the fix', () => {
    const { stack, auth } = setup();
    withApi(stack).root.addMethod('GET', mock(), auth.requireScopes(auth.scope('read')));
    expect(() => Template.fromStack(stack)).toThrow(
      '[cdk-cognito-scopes::NoDomainForCustomScopes] Stack/Auth/ResourceServer: CognitoApiAuth Stack/Auth has no domain, and its user pool Stack/Auth/UserPool/Resource has none either, '
      + "but 1 method(s) require its custom scopes ('com.example.api/read'; e.g. GET / (Stack/Api/Default/GET/Resource)): without a domain there is no /oauth2/token endpoint, so no token ever carries them. "
      + "Fix: Pass domain: HostedUiDomain.cognitoPrefix('...') (or HostedUiDomain.customDomain(...)) to CognitoApiAuth Stack/Auth, or add a domain to the user pool where it is defined (pool.addDomain(...)). "
      + "Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::NoDomainForCustomScopes', reason: '...' }) on Stack/Auth/ResourceServer or a construct above it.",
    );
  });

  test('a method added with plain aws-cdk-lib calls to the same API is checked too', () => {
    const { stack, auth } = setup({ domain: HostedUiDomain.cognitoPrefix('my-app-auth') });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    const api = withApi(stack);
    api.root.addMethod('GET', mock(), auth.requireScopes(auth.scope('read')));
    api.root.addResource('raw').addMethod('GET', mock(), {
      authorizer: auth.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['read'],
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[cdk-cognito-scopes::ShortMethodScope\] Stack\/Api\/Default\/raw\/GET: .*'read'.*com\.example\.api\/read/);
  });
});
