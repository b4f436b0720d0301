import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, CognitoApiAuthProps, HostedUiDomain, UserClientOptions } from '../src';

const scope = (scopeName: string, scopeDescription = `${scopeName} access`) => new cognito.ResourceServerScope({ scopeName, scopeDescription });

function make(props: Partial<CognitoApiAuthProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.api',
    scopes: [scope('read'), scope('write')],
    ...props,
  });
  return { app, stack, auth };
}

function userClient(options: Partial<UserClientOptions>) {
  const { auth } = make();
  return () => auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], ...options });
}

describe('resource server props', () => {
  test('identifier with a space', () => {
    expect(() => make({ resourceServerIdentifier: 'com example api' })).toThrow(
      "[cdk-cognito-scopes::InvalidResourceServerIdentifier] Stack/Auth: resourceServerIdentifier must match [\\x21\\x23-\\x5B\\x5D-\\x7E]+ (no spaces, '\"' or '\\'): got 'com example api'. "
      + "Use a string without spaces, '\"' or '\\', such as 'com.example.api' or 'https://api.example.com'.");
  });

  test('empty identifier', () => {
    expect(() => make({ resourceServerIdentifier: '' })).toThrow(
      "[cdk-cognito-scopes::InvalidResourceServerIdentifier] Stack/Auth: resourceServerIdentifier must be 1–256 characters long: got '' (0 characters). "
      + "Use a string without spaces, '\"' or '\\', such as 'com.example.api' or 'https://api.example.com'.");
  });

  test('identifier longer than 256', () => {
    expect(() => make({ resourceServerIdentifier: 'a'.repeat(257) })).toThrow(/resourceServerIdentifier must be 1–256 characters long: got 'a+' \(257 characters\)/);
  });

  test('a URL as resourceServerName', () => {
    expect(() => make({ resourceServerIdentifier: 'https://api.example.com', resourceServerName: 'https://api.example.com' })).toThrow(
      "[cdk-cognito-scopes::InvalidResourceServerName] Stack/Auth: resourceServerName must match [\\w\\s+=,.@-]+ (a URL is not a valid Name): got 'https://api.example.com'. "
      + "Omit resourceServerName to derive one, or pass a name such as 'api.example.com'.");
  });

  test('scope name with a slash', () => {
    expect(() => make({ scopes: [scope('items/read')] })).toThrow(
      "[cdk-cognito-scopes::InvalidScopeName] Stack/Auth: scopeName must match [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+ (no spaces, '/', '\"' or '\\'): got 'items/read'. "
      + "Use a short name without spaces, '/', '\"' or '\\', such as 'read' or 'items.write'.");
  });

  test('scope name with a space', () => {
    expect(() => make({ scopes: [scope('read all')] })).toThrow(/\[cdk-cognito-scopes::InvalidScopeName\] Stack\/Auth: scopeName must match .* got 'read all'\./);
  });

  test('empty scope description', () => {
    expect(() => make({ scopes: [scope('read', '')] })).toThrow(
      "[cdk-cognito-scopes::InvalidScopeDescription] Stack/Auth: scopeDescription of 'read' must be 1–256 characters long: got '' (0 characters). Describe what the scope allows in 1–256 characters.");
  });

  test('duplicate scope in props', () => {
    expect(() => make({ scopes: [scope('read'), scope('read', 'again')] })).toThrow(
      "[cdk-cognito-scopes::DuplicateScopeName] Stack/Auth: scope names must be unique on a resource server: got 'read' twice. Remove the duplicate or rename it.");
  });

  test('duplicate scope via addScope()', () => {
    const { auth } = make();
    expect(() => auth.addScope(scope('write'))).toThrow(
      "[cdk-cognito-scopes::DuplicateScopeName] Stack/Auth: scope names must be unique on a resource server: got 'write' twice. Remove the duplicate or rename it.");
  });

  test('no scopes', () => {
    expect(() => make({ scopes: [] })).toThrow(
      "[cdk-cognito-scopes] Stack/Auth: scopes must define at least one scope: got 0. Pass e.g. [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read access' })].");
  });

  test('more than 100 scopes', () => {
    const many = Array.from({ length: 101 }, (_, i) => scope(`s${i}`));
    expect(() => make({ scopes: many })).toThrow(
      '[cdk-cognito-scopes::TooManyScopes] Stack/Auth: scopes must define at most 100 scopes per resource server: got 101. Split the API over several resource servers.');
  });

  test('the 101st scope via addScope()', () => {
    const { auth } = make({ scopes: Array.from({ length: 100 }, (_, i) => scope(`s${i}`)) });
    expect(() => auth.addScope(scope('one-more'))).toThrow(
      "[cdk-cognito-scopes::TooManyScopes] Stack/Auth: scopes must define at most 100 scopes per resource server: got 'one-more' as scope 101. Split the API over several resource servers.");
  });

  test('an unresolved identifier needs an explicit name', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const identifier = Lazy.string({ produce: () => 'com.example.api' });
    expect(() => new CognitoApiAuth(stack, 'Auth', { resourceServerIdentifier: identifier, scopes: [scope('read')] })).toThrow(
      /^\[cdk-cognito-scopes\] Stack\/Auth: resourceServerName is required when resourceServerIdentifier is a token: got '\$\{Token\[TOKEN\.\d+\]\}'\. Pass a name such as 'my-api'\.$/);
    const auth = new CognitoApiAuth(stack, 'Auth2', { resourceServerIdentifier: identifier, resourceServerName: 'my-api', scopes: [scope('read')] });
    expect(stack.resolve(auth.fullScopeName(auth.scope('read')))).toBe('com.example.api/read');
  });

  test('scope() with an unknown name lists the defined scopes', () => {
    const { auth } = make();
    expect(() => auth.scope('admin')).toThrow(
      "[cdk-cognito-scopes] Stack/Auth: scope() found no scope with this name on resource server 'com.example.api': got 'admin'. Defined scopes: 'read', 'write'; add it with addScope() first.");
  });
});

describe('scopes that are not defined fail at synth', () => {
  test('client asks for an undefined scope', () => {
    const { stack, auth } = make();
    auth.addMachineClient('Machine', { scopes: [scope('admin')] });
    expect(() => Template.fromStack(stack)).toThrow(
      "Validation failed with the following errors:\n  [Stack/Auth] [cdk-cognito-scopes::UndefinedClientScope] Stack/Auth/Machine: App client Stack/Auth/Machine/Resource allows scope 'com.example.api/admin', "
      + 'which no resource server of user pool Stack/Auth/UserPool/Resource defines: Cognito rejects the client. '
      + "Fix: Use '<resource server identifier>/<scope name>' of a resource server of the client's pool, or define the scope. "
      + "Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::UndefinedClientScope', reason: '...' }) on Stack/Auth/Machine or a construct above it.");
  });

  test('user client asks for an undefined scope', () => {
    const { app, auth } = make();
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: [scope('admin')] });
    // One error for one problem (the construct no longer reports it beside the rule).
    expect(() => app.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[Stack\/Auth\] \[cdk-cognito-scopes::UndefinedClientScope\] Stack\/Auth\/Web: App client Stack\/Auth\/Web\/Resource allows scope 'com\.example\.api\/admin'[^\n]*$/);
  });

  test('method requires an undefined scope: the message names the method', () => {
    const { stack, auth } = make();
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addResource('items').addMethod('DELETE', new apigateway.MockIntegration(), auth.requireScopes(scope('admin')));
    expect(() => Template.fromStack(stack)).toThrow(
      "[cdk-cognito-scopes::UndefinedMethodScope] Stack/Api/Default/items/DELETE: Method DELETE /items (Stack/Api/Default/items/DELETE/Resource) requires scope 'com.example.api/admin', "
      + "which no resource server of the authorizer's user pools (user pool Stack/Auth/UserPool/Resource) defines: no token can carry it, so every call gets 401. "
      + "Defined scopes: 'com.example.api/read', 'com.example.api/write'. Fix: Define 'com.example.api/admin' on a resource server of the authorizer's user pool, or require one of the defined scopes.");
  });

  test('requireScopes() with no scope', () => {
    const { auth } = make();
    expect(() => auth.requireScopes()).toThrow(
      "[cdk-cognito-scopes] Stack/Auth: requireScopes() needs at least one scope: got none. Pass e.g. auth.scope('read'), or use requireIdToken() for methods that take ID tokens.");
  });
});

describe('user client options', () => {
  test('http callback on a non-local host', () => {
    expect(userClient({ callbackUrls: ['http://app.example.com/cb'] })).toThrow(
      '[cdk-cognito-scopes::InvalidCallbackUrl] Stack/Auth/Web: callbackUrls[0] must use HTTPS (http is allowed only for http://localhost, http://127.0.0.1 and http://[::1]): '
      + "got 'http://app.example.com/cb'. Use 'https://app.example.com/cb'.");
  });

  test('http on localhost, 127.0.0.1 and [::1] and app schemes are fine', () => {
    expect(userClient({
      callbackUrls: ['http://localhost:3000/cb', 'http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'exampleapp://auth/login'],
      logoutUrls: ['http://localhost:3000/'],
    })).not.toThrow();
  });

  test('callback with a fragment', () => {
    expect(userClient({ callbackUrls: ['https://app.example.com/cb', 'https://app.example.com/#/cb'] })).toThrow(
      "[cdk-cognito-scopes::InvalidCallbackUrl] Stack/Auth/Web: callbackUrls[1] must not contain a fragment ('#'): got 'https://app.example.com/#/cb'. Use 'https://app.example.com/'.");
  });

  test('relative callback', () => {
    expect(userClient({ callbackUrls: ['/callback'] })).toThrow(
      "[cdk-cognito-scopes::InvalidCallbackUrl] Stack/Auth/Web: callbackUrls[0] must be an absolute URL with a scheme: got '/callback'. Use a full URL such as 'https://app.example.com/callback'.");
  });

  test('bad logout URL', () => {
    expect(userClient({ logoutUrls: ['http://app.example.com/'] })).toThrow(
      /^\[cdk-cognito-scopes::InvalidLogoutUrl\] Stack\/Auth\/Web: logoutUrls\[0\] must use HTTPS .*got 'http:\/\/app\.example\.com\/'\. Use 'https:\/\/app\.example\.com\/'\.$/);
  });

  test('callback URL longer than 1024', () => {
    const url = 'https://app.example.com/' + 'a'.repeat(1001);
    expect(userClient({ callbackUrls: [url] })).toThrow(/\[cdk-cognito-scopes::InvalidCallbackUrl\] Stack\/Auth\/Web: callbackUrls\[0\] must be 1–1024 characters long: .* \(1025 characters\)\. Use a shorter URL\./);
  });

  test('more than 100 callback URLs', () => {
    const urls = Array.from({ length: 101 }, (_, i) => `https://app.example.com/cb${i}`);
    expect(userClient({ callbackUrls: urls })).toThrow('[cdk-cognito-scopes::InvalidCallbackUrl] Stack/Auth/Web: callbackUrls must list at most 100 URLs: got 101. Remove unused URLs.');
  });

  test('no callback URL', () => {
    expect(userClient({ callbackUrls: [] })).toThrow(
      "[cdk-cognito-scopes] Stack/Auth/Web: callbackUrls must list at least one URL for a user client: got none. Pass e.g. ['https://app.example.com/callback'].");
  });

  test('defaultRedirectUri not among the callbacks', () => {
    expect(userClient({ defaultRedirectUri: 'https://app.example.com/other' })).toThrow(
      "[cdk-cognito-scopes::DefaultRedirectNotInCallbacks] Stack/Auth/Web: defaultRedirectUri must be one of callbackUrls: got 'https://app.example.com/other'. Add it to callbackUrls or pick one of 'https://app.example.com/cb'.");
  });

  test('email without openid', () => {
    expect(userClient({ oidcScopes: [cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE] })).toThrow(
      "[cdk-cognito-scopes::OidcScopeWithoutOpenid] Stack/Auth/Web: oidcScopes 'email', 'profile' is only granted together with 'openid': got 'email profile'. Add OAuthScope.OPENID.");
  });

  test('custom scope string in oidcScopes', () => {
    expect(userClient({ oidcScopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.custom('com.example.api/read')] })).toThrow(
      '[cdk-cognito-scopes] Stack/Auth/Web: oidcScopes may only contain built-in scopes (openid, email, phone, profile, aws.cognito.signin.user.admin): '
      + "got 'com.example.api/read'. Pass custom scopes as ResourceServerScope objects in 'scopes'.");
  });

  test('no scope at all', () => {
    expect(userClient({ oidcScopes: [] })).toThrow(
      '[cdk-cognito-scopes] Stack/Auth/Web: a user client needs at least one scope: got no oidcScopes and no scopes. Pass oidcScopes: [cognito.OAuthScope.OPENID] and/or custom scopes.');
  });

  test('access token validity below 5 minutes', () => {
    expect(userClient({ accessTokenValidity: Duration.minutes(4) })).toThrow(
      "[cdk-cognito-scopes::InvalidTokenValidity] Stack/Auth/Web: accessTokenValidity must be between 5 minutes and 1 day: got '4 minutes'. Use a value in that range, or omit it for Cognito's default.");
  });

  test('ID token validity above 1 day', () => {
    expect(userClient({ idTokenValidity: Duration.hours(25) })).toThrow(
      "[cdk-cognito-scopes::InvalidTokenValidity] Stack/Auth/Web: idTokenValidity must be between 5 minutes and 1 day: got '25 hours'. Use a value in that range, or omit it for Cognito's default.");
  });

  test('refresh token validity out of range', () => {
    expect(userClient({ refreshTokenValidity: Duration.minutes(59) })).toThrow(
      "[cdk-cognito-scopes::InvalidTokenValidity] Stack/Auth/Web: refreshTokenValidity must be between 60 minutes and 10 years (3650 days): got '59 minutes'. Use a value in that range, or omit it for Cognito's default.");
    expect(userClient({ refreshTokenValidity: Duration.days(3651) })).toThrow(/refreshTokenValidity must be between 60 minutes and 10 years \(3650 days\): got '3651 days'/);
  });

  test('token validity bounds are inclusive', () => {
    expect(userClient({
      accessTokenValidity: Duration.minutes(5),
      idTokenValidity: Duration.days(1),
      refreshTokenValidity: Duration.days(3650),
    })).not.toThrow();
  });
});

describe('client scope limit', () => {
  test('more than 50 scopes on one client', () => {
    const many = Array.from({ length: 51 }, (_, i) => scope(`s${i}`));
    const { auth } = make({ scopes: many });
    expect(() => auth.addMachineClient('Machine', { scopes: many })).toThrow(
      '[cdk-cognito-scopes::TooManyClientScopes] Stack/Auth/Machine: an app client may be allowed at most 50 OAuth scopes: got 51. Split the scopes over several clients.');
    expect(() => auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: many.slice(0, 50) })).toThrow(
      '[cdk-cognito-scopes::TooManyClientScopes] Stack/Auth/Web: an app client may be allowed at most 50 OAuth scopes: got 51. Split the scopes over several clients.');
    expect(() => auth.addMachineClient('Machine50', { scopes: many.slice(0, 50) })).not.toThrow();
  });
});

describe('machine client options', () => {
  test('client_credentials without scopes', () => {
    const { auth } = make();
    expect(() => auth.addMachineClient('Machine', { scopes: [] })).toThrow(
      '[cdk-cognito-scopes] Stack/Auth/Machine: scopes must list at least one custom scope for a machine client: got none. '
      + "client_credentials tokens carry only custom scopes; pass e.g. scopes: [auth.scope('read')].");
  });

  test('access token validity above 1 day', () => {
    const { auth } = make();
    expect(() => auth.addMachineClient('Machine', { scopes: [auth.scope('read')], accessTokenValidity: Duration.days(2) })).toThrow(
      "[cdk-cognito-scopes::InvalidTokenValidity] Stack/Auth/Machine: accessTokenValidity must be between 5 minutes and 1 day: got '2 days'. Use a value in that range, or omit it for Cognito's default.");
  });
});

describe('domain', () => {
  test('prefix with a reserved word', () => {
    expect(() => make({ domain: HostedUiDomain.cognitoPrefix('my-cognito-login') })).toThrow(
      "[cdk-cognito-scopes::InvalidDomainPrefix] Stack/Auth: domain prefix must not contain 'aws', 'amazon' or 'cognito': got 'my-cognito-login'. Pick a prefix without 'cognito'. Try 'my-login'.");
  });

  test('uppercase prefix', () => {
    expect(() => make({ domain: HostedUiDomain.cognitoPrefix('MyApp') })).toThrow(
      "[cdk-cognito-scopes::InvalidDomainPrefix] Stack/Auth: domain prefix must match ^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$ (lowercase letters, digits, inner hyphens): got 'MyApp'. Try 'myapp'.");
  });

  test('prefix ending with a hyphen', () => {
    expect(() => make({ domain: HostedUiDomain.cognitoPrefix('my-app-') })).toThrow(
      "[cdk-cognito-scopes::InvalidDomainPrefix] Stack/Auth: domain prefix must match ^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$ (lowercase letters, digits, inner hyphens): got 'my-app-'. Try 'my-app'.");
  });

  test('prefix longer than 63', () => {
    expect(() => make({ domain: HostedUiDomain.cognitoPrefix('a'.repeat(64)) })).toThrow(
      `[cdk-cognito-scopes::InvalidDomainPrefix] Stack/Auth: domain prefix must be 1–63 characters long: got '${'a'.repeat(64)}' (64 characters). Use a prefix of 1–63 characters.`);
  });

  test('custom domain given as a URL', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const cert = { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } as any;
    expect(() => new CognitoApiAuth(stack, 'Auth', {
      resourceServerIdentifier: 'com.example.api',
      scopes: [scope('read')],
      domain: HostedUiDomain.customDomain('https://auth.example.com', cert),
    })).toThrow("[cdk-cognito-scopes] Stack/Auth: custom domain name must be a fully qualified host name without scheme or path: got 'https://auth.example.com'. Pass a name such as 'auth.example.com'.");
  });
});

describe('authorizer and pool props', () => {
  test('TTL above 3600 s', () => {
    expect(() => make({ authorizerCacheTtl: Duration.hours(2) })).toThrow(
      "[cdk-cognito-scopes::InvalidAuthorizerTtl] Stack/Auth: authorizerCacheTtl must be a whole number of seconds between 0 and 3600: got '7200 seconds'. "
      + 'Use e.g. Duration.minutes(5) (the default), or Duration.seconds(0) to disable caching.');
  });

  test('TTL of 0 and 3600 are fine', () => {
    expect(() => make({ authorizerCacheTtl: Duration.seconds(0) })).not.toThrow();
    expect(() => make({ authorizerCacheTtl: Duration.hours(1) })).not.toThrow();
  });

  test('pool props together with an imported pool', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_AbCdEf123');
    expect(() => new CognitoApiAuth(stack, 'Auth', {
      userPool: pool,
      userPoolName: 'x',
      removalPolicy: RemovalPolicy.DESTROY,
      resourceServerIdentifier: 'com.example.api',
      scopes: [scope('read')],
    })).toThrow("[cdk-cognito-scopes] Stack/Auth: pool props cannot be combined with an imported userPool: got 'userPoolName', 'removalPolicy'. "
      + 'Configure the imported pool where it is defined and remove these props, or omit userPool to let the construct create the pool.');
  });

  test('CORS origin with a path', () => {
    const { stack, auth } = make();
    const api = new apigateway.RestApi(stack, 'Api');
    expect(() => auth.addCorsGatewayResponses(api, { allowOrigin: 'https://app.example.com/' })).toThrow(
      "[cdk-cognito-scopes] Stack/Auth: allowOrigin must be '*' or one origin (scheme://host[:port], no path): got 'https://app.example.com/'. Use e.g. 'https://app.example.com'.");
  });

  test('CORS gateway responses added twice to one API', () => {
    const { stack, auth } = make();
    const api = new apigateway.RestApi(stack, 'Api');
    auth.addCorsGatewayResponses(api);
    expect(() => auth.addCorsGatewayResponses(api)).toThrow(
      "[cdk-cognito-scopes] Stack/Auth: addCorsGatewayResponses() was already called for this API: got 'Stack/Api'. Call it once per API.");
  });
});
