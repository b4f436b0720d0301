/**
 * Issue 11: the platform team's stack owns the user pool, an API stack passes it to
 * `CognitoApiAuth`. The construct's own synth-time check (no plugin registered) and the test kit
 * see the whole app.
 */
import * as path from 'path';
import { App, IPolicyValidationContextBeta1, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { PlatformStack, buildPlatformApp } from './platform-app';
import { AuthMatrix, AuthSimulator, CognitoApiAuth, CognitoScopesChecks, HostedUiDomain, TestTokenIssuer } from '../src';
import { withValidations } from './support/needs';

/** The message synthesis fails with, or undefined when it succeeds. */
function synthError(app: App): string | undefined {
  try {
    app.synth({ force: true });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const FAILED = 'Validation failed with the following errors:\n';

const SHORT_SCOPE =
  "  [OrdersStack/OrdersAuth] [cdk-cognito-scopes::ShortMethodScope] OrdersStack/OrdersApi/Default/orders/export/GET: Method GET /orders/export (OrdersStack/OrdersApi/Default/orders/export/GET/Resource) requires scope 'read', written short: " +
  "no access token ever carries 'read', so every call gets 401. Resource server OrdersStack/OrdersAuth/ResourceServer/Resource defines it as 'https://orders.example.com/read'. " +
  "Fix: Use the full scope 'https://orders.example.com/read' in AuthorizationScopes." +
  " Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: '...' }) on OrdersStack/OrdersApi/Default/orders/export/GET or a construct above it.";

describe('platform app: the construct alone fails synthesis (no plugin registered)', () => {
  test('the app as designed synthesizes', () => {
    expect(synthError(buildPlatformApp().app)).toBeUndefined();
  });

  test('a short scope on a plain addMethod', () => {
    expect(synthError(buildPlatformApp({ shortScope: true }).app)).toBe(FAILED + SHORT_SCOPE);
  });

  test('a missing domain: the finding is on the pool in the platform stack', () => {
    expect(synthError(buildPlatformApp({ domain: false }).app)).toBe(
      FAILED +
        '  [OrdersStack/OrdersAuth] [cdk-cognito-scopes::NoDomainForCustomScopes] OrdersStack/OrdersAuth/ResourceServer: CognitoApiAuth OrdersStack/OrdersAuth has no domain, ' +
        'and its user pool PlatformStack/Users/Resource has none either, ' +
        "but 4 method(s) require its custom scopes ('https://orders.example.com/read', 'https://orders.example.com/write', 'https://orders.example.com/admin'; e.g. GET /orders (OrdersStack/OrdersApi/Default/orders/GET/Resource)): " +
        'without a domain there is no /oauth2/token endpoint, so no token ever carries them. ' +
        "Fix: Pass domain: HostedUiDomain.cognitoPrefix('...') (or HostedUiDomain.customDomain(...)) to CognitoApiAuth OrdersStack/OrdersAuth, " +
        'or add a domain to the user pool where it is defined (pool.addDomain(...)).' +
        " Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::NoDomainForCustomScopes', reason: '...' }) on OrdersStack/OrdersAuth/ResourceServer or a construct above it.",
    );
  });

  test('a method scope no client may request is an error: every client of the shared pool is in the app', () => {
    expect(synthError(buildPlatformApp({ unrequestableScope: true }).app)).toBe(
      FAILED +
        "  [OrdersStack/OrdersAuth] [cdk-cognito-scopes::UnrequestableMethodScope] OrdersStack/OrdersApi/Default/refunds/POST: Method POST /refunds (OrdersStack/OrdersApi/Default/refunds/POST/Resource) requires scope 'https://orders.example.com/refunds.approve', " +
        "but no app client of the authorizer's user pools may request it: no token the method accepts can be issued. " +
        "Clients: 'OrdersStack/OrdersAuth/WebSpa/Resource', 'OrdersStack/OrdersAuth/Partner/Resource', 'OrdersStack/OrdersAuth/Admin/Resource'. " +
        "Fix: Add 'https://orders.example.com/refunds.approve' to the AllowedOAuthScopes of the app client that calls this method." +
        " Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::UnrequestableMethodScope', reason: '...' }) on OrdersStack/OrdersApi/Default/refunds/POST or a construct above it.",
    );
  });

  test('a client in a third stack that may request the scope clears it', () => {
    const { app, platform, auth } = buildPlatformApp({ unrequestableScope: true });
    const refunds = new Stack(app, 'RefundsStack', { env: { region: 'eu-west-1' } });
    new cognito.UserPoolClient(refunds, 'Approver', {
      userPool: platform.pool,
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(auth.resourceServer, auth.scope('refunds.approve'))] },
    });
    expect(synthError(app)).toBeUndefined();
  });

  withValidations('an acknowledged finding is dropped', () => {
    const { app, api } = buildPlatformApp({ shortScope: true });
    const method = api.root.getResource('orders')!.getResource('export')!.node.findChild('GET');
    Validations.of(method).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'a legacy route, refused by design' });
    expect(synthError(app)).toBeUndefined();
  });
});

describe('platform app: the plugin door agrees with the construct door', () => {
  test('the same errors, the unrequestable scope included', () => {
    const { app } = buildPlatformApp({ domain: false, shortScope: true, unrequestableScope: true });
    const construct = (synthError(app) ?? '').split('\n').slice(1).map((l) => /\[cdk-cognito-scopes::(\w+)\]/.exec(l)?.[1]);
    const assembly = app.synth({ force: true, skipValidation: true });
    const context = {
      templatePaths: assembly.stacks.map((s) => path.join(assembly.directory, s.templateFile)),
      appConstruct: app,
    } as unknown as IPolicyValidationContextBeta1;
    const report = new CognitoScopesChecks().validate(context);
    const errors = report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName);
    expect(errors.sort()).toEqual(['NoDomainForCustomScopes', 'ShortMethodScope', 'UnrequestableMethodScope']);
    expect(construct.sort()).toEqual(errors);
    expect(report.success).toBe(false);
  });
});

/** An app with the short-scope mistake, the pool in one of three places. */
function shortScopeApp(pool: 'own' | 'same-stack' | 'other-stack'): App {
  const app = new App();
  const platform = pool === 'other-stack' ? new PlatformStack(app, 'PlatformStack') : undefined;
  const stack = new Stack(app, 'OrdersStack', { env: { region: 'eu-west-1' } });
  const userPool = pool === 'own' ? undefined : pool === 'same-stack' ? new cognito.UserPool(stack, 'Users') : platform!.pool;
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read orders' });
  const auth = new CognitoApiAuth(stack, 'OrdersAuth', {
    userPool,
    resourceServerIdentifier: 'https://orders.example.com',
    scopes: [read],
    domain: HostedUiDomain.cognitoPrefix('orders-example-auth'),
  });
  auth.addMachineClient('Partner', { scopes: [read] });
  const api = new apigateway.RestApi(stack, 'OrdersApi');
  const orders = api.root.addResource('orders');
  orders.addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(read));
  orders.addResource('export').addMethod('GET', new apigateway.MockIntegration(), {
    authorizer: auth.authorizer,
    authorizationType: apigateway.AuthorizationType.COGNITO,
    authorizationScopes: ['read'],
  });
  return app;
}

describe('the same findings wherever the pool is', () => {
  test.each(['own', 'same-stack', 'other-stack'] as const)('pool: %s', (pool) => {
    expect(synthError(shortScopeApp(pool))).toBe(FAILED + SHORT_SCOPE);
  });
});

describe('platform app: the test kit sees the whole app', () => {
  const { orders } = buildPlatformApp({ partnerWithoutWrite: true });
  const matrix = AuthMatrix.fromStack(orders);
  const issuer = new TestTokenIssuer({ userPoolId: 'eu-west-1_Orders123' });
  const simulator = AuthSimulator.fromStack(orders, { issuer });

  test('every caller of every method is decided, callers named by construct id', () => {
    // The templates carry no aws:cdk:path metadata: the names come from the construct tree.
    expect(JSON.stringify(Template.fromStack(orders).toJSON())).not.toContain('aws:cdk:path');
    expect(matrix.callers).toEqual(['WebSpa', 'Partner', 'Admin', AuthMatrix.SIGNED_IN_USER]);
    const undecided = matrix.methods.flatMap((m) => m.callers.filter((c) => !c.decided).map((c) => `${c.caller} ${m.method} ${m.path}: ${c.why}`));
    expect(undecided).toEqual([]);
    expect(matrix.methods.map((m) => `${m.method} ${m.path}`)).toEqual([
      'GET /health',
      'GET /me',
      'GET /orders',
      'POST /orders',
      'DELETE /orders/{id}',
      'GET /orders/{id}',
    ]);
  });

  test('who can call what', () => {
    expect(matrix.callersOf('POST', '/orders')).toEqual(['WebSpa']);
    expect(matrix.callersOf('DELETE', '/orders/{id}')).toEqual(['Admin']);
    expect(matrix.callersOf('GET', '/orders')).toEqual(['WebSpa', 'Partner', 'Admin']);
    expect(matrix.answer('Partner', 'POST', '/orders')).toMatchObject({
      answer: 'no',
      why: 'it is not allowed https://orders.example.com/write (AllowedOAuthScopes)',
    });
  });

  test('the simulator catches the partner client missing a scope, and the fix names the client that has it', () => {
    const token = issuer.mintAccessToken({ clientId: 'partner-client', scopes: ['https://orders.example.com/read'] });
    const result = simulator.simulate({ method: 'POST', path: '/orders', token: `Bearer ${token}` });
    expect(result.status).toBe(401);
    expect(result.fixes).toEqual([
      'this method requires `https://orders.example.com/write`; get an access token from /oauth2/token with scope=https://orders.example.com/write from a client allowed that scope (WebSpa)',
    ]);
    const read = simulator.simulate({ method: 'GET', path: '/orders', token: `Bearer ${token}` });
    expect(read.status).toBe(200);
  });

  test('the answers are about the given stack: the methods of other stacks are left out', () => {
    const { app, platform, orders: ordersStack } = buildPlatformApp();
    new apigateway.RestApi(platform, 'PlatformApi').root.addResource('orders').addMethod('PUT');
    const m = AuthMatrix.fromStack(ordersStack);
    expect(m.methods.map((x) => `${x.method} ${x.path}`)).not.toContain('PUT /orders');
    expect(AuthMatrix.fromStack(platform).methods.map((x) => `${x.method} ${x.path}`)).toEqual(['PUT /orders']);
    expect(app.node.findChild('OrdersStack')).toBe(ordersStack);
  });

  test('clients of the shared pool in other API stacks are callers too; clients with the same id are told apart by their construct', () => {
    const built = buildPlatformApp();
    const invoices = new Stack(built.app, 'InvoicesStack', { env: { region: 'eu-west-1' } });
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read invoices' });
    const invoicesAuth = new CognitoApiAuth(invoices, 'InvoicesAuth', { userPool: built.platform.pool, resourceServerIdentifier: 'https://invoices.example.com', scopes: [read] });
    invoicesAuth.addUserClient('WebSpa', { callbackUrls: ['https://shop.example.com/invoices'], scopes: [read] });
    new apigateway.RestApi(invoices, 'InvoicesApi').root.addMethod('GET', new apigateway.MockIntegration(), invoicesAuth.requireScopes(read));
    const m = AuthMatrix.fromStack(built.orders);
    expect(m.callers).toEqual(['OrdersAuth/WebSpa', 'Partner', 'Admin', 'InvoicesAuth/WebSpa', AuthMatrix.SIGNED_IN_USER]);
    expect(m.callersOf('GET', '/orders')).toEqual(['OrdersAuth/WebSpa', 'Partner', 'Admin']);
    expect(m.answer('InvoicesAuth/WebSpa', 'GET', '/orders')).toMatchObject({ answer: 'no', why: 'it is not allowed https://orders.example.com/read (AllowedOAuthScopes)' });
  });

  test('with path metadata the callers have the same names', () => {
    const withMetadata = buildPlatformApp({ context: { 'aws:cdk:enable-path-metadata': true } });
    expect(AuthMatrix.fromStack(withMetadata.orders).callers).toEqual(['WebSpa', 'Partner', 'Admin', AuthMatrix.SIGNED_IN_USER]);
  });
});

describe('platform app: the CLI over cdk.out agrees with the construct door', () => {
  test('check reports the same errors (the unrequestable scope an error: the shared pool is the app wiring, not an export); matrix decides every caller', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../src/cli/main') as typeof import('../src/cli/main');
    const { app } = buildPlatformApp({ domain: false, shortScope: true, unrequestableScope: true });
    const construct = (synthError(app) ?? '').split('\n').slice(1).map((l) => /\[cdk-cognito-scopes::(\w+)\]/.exec(l)?.[1]).sort();
    const dir = app.synth({ force: true, skipValidation: true }).directory;
    const out = { stdout: '', stderr: '' };
    const io = { out: (t: string) => { out.stdout += t + '\n'; }, err: (t: string) => { out.stderr += t + '\n'; } };
    expect(await main(['check', dir, '--format', 'json'], io)).toBe(1);
    const json = JSON.parse(out.stdout);
    const errors = json.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { ruleId: string }) => f.ruleId).sort();
    expect(errors).toEqual(['NoDomainForCustomScopes', 'ShortMethodScope', 'UnrequestableMethodScope']);
    expect(errors).toEqual(construct);
    out.stdout = '';
    expect(await main(['matrix', dir, '--format', 'json'], io)).toBe(0);
    const callers: Array<{ allowed: unknown }> = JSON.parse(out.stdout).methods.flatMap((m: { callers: Array<{ allowed: unknown }> }) => m.callers);
    expect(callers.filter((c) => c.allowed === null)).toEqual([]);
  });
});
