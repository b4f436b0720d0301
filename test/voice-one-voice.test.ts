/**
 * Issue 11 (one voice): one id, one format, one warning per problem, whichever door reports it.
 */
import * as cdk from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, CognitoScopesChecks, HostedUiDomain } from '../src';
import { changed, check } from './rules/fixtures';
import { withValidations } from './support/needs';
import { buildMatrix } from '../src/private/matrix';
import { buildModel } from '../src/private/model/build';
import { renderStack } from '../src/private/model/from-stack';
import { checkStack } from '../src/private/stack-validation';

const read = () => new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });

function orders(props: { domain?: HostedUiDomain } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Orders', { env: { region: 'eu-west-1' } });
  const auth = new CognitoApiAuth(stack, 'Auth', { resourceServerIdentifier: 'com.example.orders', scopes: [read()], ...props });
  return { app, stack, auth };
}

/** The templates of a synthesized app, as the plugin sees them. */
function pluginReport(app: App) {
  const assembly = app.synth();
  const paths = assembly.stacks.map((s) => s.templateFullPath);
  // As aws-cdk-lib calls plugins: the template paths and the app's construct tree (for construct paths).
  return new CognitoScopesChecks().validate({ templatePaths: paths, appConstruct: app } as unknown as cdk.IPolicyValidationContextBeta1);
}

describe('one format in every door', () => {
  test('the same finding reads the same in the construct\'s annotation and in the plugin report', () => {
    const { app, stack, auth } = orders({ domain: HostedUiDomain.cognitoPrefix('orders-voice') });
    auth.addUserClient('Legacy', { callbackUrls: ['https://app.example.com/cb'], implicitGrant: true });
    const head = "[cdk-cognito-scopes::ImplicitGrant] Orders/Auth/Legacy: App client Orders/Auth/Legacy/Resource allows the 'implicit' flow: tokens are returned in the URL fragment, "
      + 'where browser history, logs and referrers can leak them, and no refresh token is issued.';
    const fix = "Use the 'code' flow with PKCE instead of 'implicit' (CognitoApiAuth: omit implicitGrant).";
    const annotations = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('implicit'));
    expect(annotations.map((a) => a.entry.data)).toEqual([
      `${head} Fix: ${fix} Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::ImplicitGrant', reason: '...' }) on Orders/Auth/Legacy or a construct above it. `
      + '[ack: cdk-cognito-scopes::ImplicitGrant]',
    ]);
    const violations = pluginReport(app).violations.filter((v) => v.ruleName === 'ImplicitGrant');
    expect(violations.map((v) => [v.description, v.fix])).toEqual([[head, fix]]);
  });

  test('an eager prop error names the rule id and the construct path', () => {
    expect(() => orders({ domain: HostedUiDomain.cognitoPrefix('my-cognito-auth') })).toThrow(
      "[cdk-cognito-scopes::InvalidDomainPrefix] Orders/Auth: domain prefix must not contain 'aws', 'amazon' or 'cognito': got 'my-cognito-auth'. Pick a prefix without 'cognito'. Try 'my-auth'.",
    );
  });

  test('a prop error no rule corresponds to keeps the tag and the path', () => {
    const { auth } = orders();
    expect(() => auth.scope('write')).toThrow(
      "[cdk-cognito-scopes] Orders/Auth: scope() found no scope with this name on resource server 'com.example.orders': got 'write'. Defined scopes: 'read'; add it with addScope() first.",
    );
  });
});

describe('the missing-domain error names the CognitoApiAuth and its domain prop', () => {
  test('a pool another team defines in the stack: the finding points at the construct, not at their pool', () => {
    const stack = new Stack(new App(), 'Orders', { env: { region: 'eu-west-1' } });
    const pool = new cognito.UserPool(stack, 'IdentityTeamPool');
    const mine = new CognitoApiAuth(stack, 'Mine', { userPool: pool, resourceServerIdentifier: 'com.example.mine', scopes: [read()] });
    mine.addMachineClient('Machine', { scopes: [mine.scope('read')] });
    new apigateway.RestApi(stack, 'Api').root.addMethod('GET', new apigateway.MockIntegration(), mine.requireScopes(mine.scope('read')));
    const errors = checkStack(stack).filter((e) => e.includes('NoDomainForCustomScopes'));
    expect(errors).toEqual([
      '[cdk-cognito-scopes::NoDomainForCustomScopes] Orders/Mine/ResourceServer: CognitoApiAuth Orders/Mine has no domain, and its user pool Orders/IdentityTeamPool/Resource has none either, '
      + "but 1 method(s) require its custom scopes ('com.example.mine/read'; e.g. GET / (Orders/Api/Default/GET/Resource)): without a domain there is no /oauth2/token endpoint, so no token ever carries them. "
      + "Fix: Pass domain: HostedUiDomain.cognitoPrefix('...') (or HostedUiDomain.customDomain(...)) to CognitoApiAuth Orders/Mine, or add a domain to the user pool where it is defined (pool.addDomain(...)). "
      + "Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::NoDomainForCustomScopes', reason: '...' }) on Orders/Mine/ResourceServer or a construct above it.",
    ]);
  });

  test('plain aws-cdk-lib (no CognitoApiAuth layout): the pool and pool.addDomain(...), as before', () => {
    const found = check('NoDomainForCustomScopes', changed({ Domain: null }));
    expect(found.map((f) => [f.logicalId, f.fix])).toEqual([
      ['Pool', 'Add a domain to the user pool (CDK: pool.addDomain(...) with a cognitoDomain prefix or a custom domain).'],
    ]);
  });
});

describe('what the matrix knows, check reports', () => {
  test('an ID-token method of a CognitoApiAuth with only a machine client: one UncallableMethod warning, and ❌ for every caller in the matrix', () => {
    const { stack, auth } = orders({ domain: HostedUiDomain.cognitoPrefix('orders-voice') });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(auth.scope('read')));
    api.root.addResource('me').addMethod('GET', new apigateway.MockIntegration(), auth.requireIdToken());
    expect(checkStack(stack)).toEqual([]);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('UncallableMethod'));
    expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([[
      '/Orders/Api/Default/me/GET/Resource',
      '[cdk-cognito-scopes::UncallableMethod] Orders/Api/Default/me/GET: Method GET /me (Orders/Api/Default/me/GET/Resource) accepts an ID token (it has no scopes), '
      + "but no app client of the authorizer's user pools (user pool Orders/Auth/UserPool/Resource) can get one "
      + '(Orders/Auth/Machine/Resource: client_credentials mints only access tokens (with custom scopes); this method has no scopes, so it needs an ID token): every call gets 401. '
      + 'Fix: Add an app client that can get the token the method accepts (an ID token for a method without scopes: a user client with openid or sign-in flows), or require scopes a client can get. '
      + "Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::UncallableMethod', reason: '...' }) on Orders/Api/Default/me/GET or a construct above it. "
      + '[ack: cdk-cognito-scopes::UncallableMethod]',
    ]]);
    const me = buildMatrix(buildModel([renderStack(stack).input])).methods.find((m) => m.path === '/me')!;
    expect(me.callers.map((c) => c.allowed)).toEqual([false, false]);
  });

  test('with a user client the same method is callable: no warning', () => {
    const { stack, auth } = orders({ domain: HostedUiDomain.cognitoPrefix('orders-voice') });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'] });
    new apigateway.RestApi(stack, 'Api').root.addResource('me').addMethod('GET', new apigateway.MockIntegration(), auth.requireIdToken());
    expect(checkStack(stack)).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('UncallableMethod'));
  });
});

describe('one finding per problem', () => {
  test('a scope of an exported pool that the resource server with its identifier does not define is still reported (identifiers are unique in a pool)', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['com.example.api/admin'] } } });
    t.Outputs = { PoolId: { Value: { Ref: 'Pool' }, Export: { Name: 'pool' } } };
    expect(check('UndefinedMethodScope', t).map((f) => f.logicalId)).toEqual(['GetItems']);
    expect(check('UnrequestableMethodScope', t)).toEqual([]);
    // A scope of another identifier on an exported pool: another stack may define its resource server.
    const other = changed({ GetItems: { Properties: { AuthorizationScopes: ['com.example.other/read'] } } });
    other.Outputs = t.Outputs;
    expect(check('UndefinedMethodScope', other)).toEqual([]);
  });
});

describe('with the plugin registered, one report in one round', () => {
  function withShortScope(register: boolean) {
    const { app, stack, auth } = orders({ domain: HostedUiDomain.cognitoPrefix('orders-voice') });
    if (register) cdk.Validations.of(app).addPlugins(new CognitoScopesChecks());
    auth.addUserClient('Legacy', { callbackUrls: ['https://app.example.com/cb'], implicitGrant: true });
    new apigateway.RestApi(stack, 'Api').root.addMethod('GET', new apigateway.MockIntegration(), {
      authorizer: auth.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['read'],
    });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    return { stack, message };
  }

  test('without the plugin the construct reports the error itself', () => {
    expect(withShortScope(false).message).toMatch(/^Validation failed with the following errors:\n {2}\[Orders\/Auth\] \[cdk-cognito-scopes::ShortMethodScope\] Orders\/Api\/Default\/GET: /);
  });

  withValidations('with the plugin the construct leaves every finding to it: no construct error, no duplicate warning', () => {
    const { stack, message } = withShortScope(true);
    expect(message).not.toMatch(/\[Orders\/Auth\] \[cdk-cognito-scopes::/);
    expect(message).toMatch(/ShortMethodScope/);
    // The plugin's report lists the warning; the construct adds no annotation of its own.
    expect(message).toMatch(/WARNING \[cdk-cognito-scopes::ImplicitGrant\]/);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:warning');
    expect(warnings.map((m) => String(m.data)).filter((d) => d.includes('cdk-cognito-scopes'))).toEqual([]);
  });
});
