/**
 * The construct door over a whole app (issue 11): the model of every stack, built once per
 * synthesis, equal to the model of the synthesized templates; each finding reported once.
 */
import { App, CfnOutput, CfnResource, Fn, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as sam from 'aws-cdk-lib/aws-sam';
import { PlatformStack, buildPlatformApp } from './platform-app';
import { CognitoApiAuth, HostedUiDomain } from '../src';
import { constructPathsByTemplate, withConstructPaths } from '../src/private/construct-paths';
import * as build from '../src/private/model/build';
import { RenderedApp, renderApp } from '../src/private/model/from-stack';
import { loadCloudAssembly } from '../src/private/model/load';
import { AuthModel, Finding } from '../src/private/model/types';
import { compareFindings, runRules } from '../src/private/rules/engine';
import { checkStack } from '../src/private/stack-validation';

/** A model as plain data, with the construct-tree door's stand-in logical ids replaced by the real ones. */
function comparable(m: unknown, real: (s: string) => string = (s) => s): unknown {
  return JSON.parse(
    JSON.stringify(m, (k, v) => (k === 'constructPath' || k === 'file' ? undefined : v instanceof Set ? [...v].map(real).sort() : typeof v === 'string' ? real(v) : v)),
  );
}

type Brief = Pick<Finding, 'ruleId' | 'severity' | 'template' | 'logicalId' | 'message' | 'fix'>;

function findingsOf(m: AuthModel, real: (s: string) => string = (s) => s): Brief[] {
  return runRules(m).map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    template: real(f.template),
    logicalId: real(f.logicalId),
    message: real(f.message),
    fix: real(f.fix),
  })).sort(compareFindings);
}

/**
 * The model of an app through both doors: the construct tree, rendered while the app is validated
 * (as the synth-time check does, after CDK's prepare phase), and the cloud assembly the synth
 * writes (given as one app, in the same stack order, with construct paths from the tree). The
 * app may have mistakes: the templates are then written by a synthesis without validation.
 */
function bothDoors(app: App): { fromTree: AuthModel; rendered: RenderedApp; fromDisk: AuthModel } {
  let tree: { fromTree: AuthModel; rendered: RenderedApp } | undefined;
  app.node.addValidation({
    validate: () => {
      const rendered = renderApp(app);
      tree = { rendered, fromTree: build.buildModel([rendered.input]) };
      return [];
    },
  });
  try {
    app.synth({ force: true });
  } catch (e) {
    if (!/Validation failed/.test(String(e))) throw e;
  }
  const assembly = app.synth({ force: true, skipValidation: true });
  const order = app.node.children.filter((c): c is Stack => Stack.isStack(c)).map((s) => s.artifactId);
  // The loader reads the assembly's stacks as one app (app-wiring.ts), in the manifest's order (the tree's).
  const [whole, ...rest] = loadCloudAssembly(assembly.directory);
  expect(rest).toEqual([]);
  expect(Object.values(whole.nested ?? {}).map((i) => i.name)).toEqual(order);
  const paths = constructPathsByTemplate(app);
  const nested = Object.fromEntries(Object.entries(whole.nested ?? {}).map(([k, i]) => [k, withConstructPaths(i, paths)]));
  const disk = { ...whole, nested };
  return { ...tree!, fromDisk: build.buildModel([disk]) };
}

describe('construct door over a multi-stack app = synthesized templates', () => {
  test('pool in PlatformStack, API in OrdersStack: equal models and findings', () => {
    const { app } = buildPlatformApp({ domain: false, shortScope: true, unrequestableScope: true });
    const { fromTree, rendered, fromDisk } = bothDoors(app);
    const real = (s: string) => rendered.withRealIds(s);
    expect(comparable(fromTree, real)).toEqual(comparable(fromDisk));
    expect(findingsOf(fromTree, real)).toEqual(findingsOf(fromDisk));
    expect(findingsOf(fromDisk).filter((f) => f.severity === 'error').map((f) => f.ruleId).sort()).toEqual([
      'NoDomainForCustomScopes',
      'ShortMethodScope',
      'UnrequestableMethodScope',
    ]);
    // The pool is shared through CDK's exports only: it is not exported to stacks outside the app.
    expect(fromTree.userPools.map((p) => [real(p.key), p.exported])).toEqual([[`PlatformStack#${platformPoolId(app)}`, false]]);
  });

  test('a pool exported by hand stays exported: clients outside the app may request the scope', () => {
    const { app, platform, orders } = buildPlatformApp({ unrequestableScope: true });
    // Named by hand, and imported by a stack of the app too: still an offer to stacks outside it.
    platform.exportValue(platform.pool.userPoolId, { name: 'shared-pool-id' });
    new CfnOutput(orders, 'SharedPool', { value: Fn.importValue('shared-pool-id') });
    const { fromTree, rendered, fromDisk } = bothDoors(app);
    const real = (s: string) => rendered.withRealIds(s);
    expect(comparable(fromTree, real)).toEqual(comparable(fromDisk));
    const unrequestable = findingsOf(fromTree, real).filter((f) => f.ruleId === 'UnrequestableMethodScope');
    expect(unrequestable.map((f) => f.severity)).toEqual(['warning']);
    expect(unrequestable[0].message).toContain('(clients outside the templates, or whose scopes could not be read, may allow it)');
  });
});

describe('the platform-team setup with an HTTP API', () => {
  test('pool in PlatformStack, auth in OrdersStack, HTTP API in a third stack: the issuer and audience cross stacks, both doors agree', () => {
    const { app, auth } = buildPlatformApp();
    const httpStack = new Stack(app, 'OrdersHttpStack', { env: { region: 'eu-west-1' } });
    const api = new apigwv2.HttpApi(httpStack, 'Http', { corsPreflight: { allowOrigins: ['https://shop.example.com'] } });
    const integration = new HttpUrlIntegration('Backend', 'https://backend.example.com');
    api.addRoutes({ path: '/orders', methods: [apigwv2.HttpMethod.GET], integration, ...auth.httpRouteScopes(auth.scope('read')) });
    // The mistake to catch across stacks: a short scope on a plain route with the construct's authorizer.
    api.addRoutes({ path: '/orders/export', methods: [apigwv2.HttpMethod.GET], integration, authorizer: auth.httpAuthorizer, authorizationScopes: ['read'] });
    const { fromTree, rendered, fromDisk } = bothDoors(app);
    const real = (s: string) => rendered.withRealIds(s);
    expect(comparable(fromTree, real)).toEqual(comparable(fromDisk));
    expect(findingsOf(fromTree, real)).toEqual(findingsOf(fromDisk));
    // The authorizer is tied to the platform's pool, with the three clients of OrdersStack as its audience.
    const jwt = fromDisk.authorizers.find((a) => a.apiKind === 'http')!;
    expect(jwt.jwt).toMatchObject({ issuerMatch: 'exact', issuerPool: `PlatformStack#${platformPoolId(app)}` });
    expect((jwt.jwt!.audience as Array<{ client?: string }>).map((e) => e.client?.split('#')[0])).toEqual(['OrdersStack', 'OrdersStack', 'OrdersStack']);
    expect(findingsOf(fromDisk).filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.logicalId.replace(/[0-9A-F]{8}$/, '')])).toEqual([
      ['ShortMethodScope', 'HttpGETordersexport'],
    ]);
  });
});

function platformPoolId(app: App): string {
  const platform = app.node.findChild('PlatformStack') as PlatformStack;
  return platform.getLogicalId(platform.pool.node.defaultChild as cognito.CfnUserPool);
}

describe('once per app synthesis, each finding once', () => {
  /** The platform app with a second API stack (its own CognitoApiAuth on the platform pool). */
  function twoApis(options: Parameters<typeof buildPlatformApp>[0]) {
    const built = buildPlatformApp(options);
    const invoices = new Stack(built.app, 'InvoicesStack', { env: { region: 'eu-west-1' } });
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read invoices' });
    const auth = new CognitoApiAuth(invoices, 'InvoicesAuth', {
      userPool: built.platform.pool,
      resourceServerIdentifier: 'https://invoices.example.com',
      scopes: [read],
      domain: HostedUiDomain.cognitoPrefix('invoices-example-auth'),
    });
    auth.addMachineClient('Billing', { scopes: [read] });
    const api = new apigateway.RestApi(invoices, 'InvoicesApi');
    api.root.addResource('invoices').addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(read));
    return { ...built, invoices, invoicesApi: api, invoicesAuth: auth };
  }

  afterEach(() => jest.restoreAllMocks());

  test('the model is built once per synthesis, whatever the number of stacks', () => {
    const { app } = twoApis({});
    const spy = jest.spyOn(build, 'buildModel');
    app.synth({ force: true });
    expect(spy).toHaveBeenCalledTimes(1);
    app.synth({ force: true });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  test('a finding of a stack without the construct is reported once; each API stack reports its own', () => {
    const { app, platform, invoicesApi, invoicesAuth } = twoApis({ shortScope: true });
    // A mistake in the platform stack, which has no CognitoApiAuth: 'cognito' is not allowed in a prefix.
    platform.pool.addDomain('Hosted', { cognitoDomain: { domainPrefix: 'platform-cognito' } });
    invoicesApi.root.addResource('raw').addMethod('GET', new apigateway.MockIntegration(), {
      authorizer: invoicesAuth.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['read'],
    });
    let message = '';
    try {
      app.synth({ force: true });
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n').slice(1).map((l) => l.replace(/^(.*?\] \S+): .*$/, '$1'));
    expect(lines).toEqual([
      '  [OrdersStack/OrdersAuth] [cdk-cognito-scopes::ShortMethodScope] OrdersStack/OrdersApi/Default/orders/export/GET',
      '  [OrdersStack/OrdersAuth] [cdk-cognito-scopes::InvalidDomainPrefix] PlatformStack/Users/Hosted',
      '  [InvoicesStack/InvoicesAuth] [cdk-cognito-scopes::ShortMethodScope] InvoicesStack/InvoicesApi/Default/raw/GET',
    ]);
  });

  test('checkStack gives a stack its part of the app check', () => {
    const { orders, invoices } = twoApis({ shortScope: true });
    expect(checkStack(orders).map((e) => e.replace(/^(\[[^\]]+\] \S+): .*$/, '$1'))).toEqual(['[cdk-cognito-scopes::ShortMethodScope] OrdersStack/OrdersApi/Default/orders/export/GET']);
    expect(checkStack(invoices)).toEqual([]);
  });
});

describe('nested stacks and stages', () => {
  test('a method in a nested stack using the parent stack authorizer: checked outside synthesis too', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1' } });
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
    const auth = new CognitoApiAuth(stack, 'Auth', { resourceServerIdentifier: 'com.example.api', scopes: [read], domain: HostedUiDomain.cognitoPrefix('nested-doors') });
    auth.addMachineClient('Machine', { scopes: [read] });
    const nested = new NestedStack(stack, 'Methods');
    new apigateway.RestApi(nested, 'Api').root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), {
      authorizer: auth.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['read'],
    });
    const expected =
      "[cdk-cognito-scopes::ShortMethodScope] Stack/Methods/Api/Default/items/GET: Method GET /items (Stack/Methods/Api/Default/items/GET/Resource) requires scope 'read', written short: " +
      "no access token ever carries 'read', so every call gets 401. Resource server Stack/Auth/ResourceServer/Resource defines it as 'com.example.api/read'. " +
      "Fix: Use the full scope 'com.example.api/read' in AuthorizationScopes. " +
      "Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: '...' }) on Stack/Methods/Api/Default/items/GET or a construct above it.";
    // Before synthesis CDK has not replaced the reference by a nested-stack parameter yet.
    expect(checkStack(stack)).toEqual([expected]);
    expect(() => app.synth()).toThrow(`Validation failed with the following errors:\n  [Stack/Auth] ${expected}`);
  });

  test('stacks of a stage: the pool in another stack of the stage is seen', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const platform = new PlatformStack(stage as unknown as App, 'PlatformStack');
    const stack = new Stack(stage, 'OrdersStack', { env: { region: 'eu-west-1' } });
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read orders' });
    const auth = new CognitoApiAuth(stack, 'OrdersAuth', { userPool: platform.pool, resourceServerIdentifier: 'https://orders.example.com', scopes: [read] });
    auth.addMachineClient('Partner', { scopes: [read] });
    new apigateway.RestApi(stack, 'OrdersApi').root.addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(read));
    expect(() => app.synth()).toThrow(/\[Prod\/OrdersStack\/OrdersAuth\] \[cdk-cognito-scopes::NoDomainForCustomScopes\] Prod\/OrdersStack\/OrdersAuth\/ResourceServer: CognitoApiAuth Prod\/OrdersStack\/OrdersAuth has no domain, and its user pool Prod\/PlatformStack\/Users\/Resource has none either/);
  });
});

describe('what the construct door does not analyse is named (as by the template door)', () => {
  test('a WebSocket API, SAM resources and a cloned REST API next to the L3 (a route of an HTTP API defined elsewhere is read)', () => {
    const { app, orders } = buildPlatformApp();
    new apigwv2.CfnApi(orders, 'HttpApi', { name: 'orders-ws', protocolType: 'WEBSOCKET' });
    new apigwv2.CfnRoute(orders, 'ForeignRoute', { apiId: 'abc123', routeKey: 'GET /x' });
    orders.addTransform('AWS::Serverless-2016-10-31');
    orders.addTransform('OrdersMacro');
    new sam.CfnFunction(orders, 'Fn', {
      codeUri: 's3://bucket/key',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      events: { Get: { type: 'Api', properties: { path: '/x', method: 'get' } as sam.CfnFunction.ApiEventProperty } },
    });
    new CfnResource(orders, 'SamApi', { type: 'AWS::Serverless::Api', properties: { StageName: 'prod', DefinitionUri: 's3://bucket/api.yaml' } });
    new sam.CfnStateMachine(orders, 'Flow', { definitionUri: 's3://bucket/flow.json', events: { Start: { type: 'Api', properties: { path: '/start', method: 'post' } } } });
    new apigateway.CfnRestApi(orders, 'Clone', { name: 'clone', cloneFrom: 'abc123' });
    const { fromTree, rendered, fromDisk } = bothDoors(app);
    const real = (s: string) => rendered.withRealIds(s);
    expect(comparable(fromTree.notAnalysed, real)).toEqual(comparable(fromDisk.notAnalysed));
    expect(fromTree.notAnalysed.map((n) => `${n.resourceType} ${n.kind}`).sort()).toEqual([
      'AWS::ApiGateway::RestApi openapi',
      'AWS::ApiGatewayV2::Api http-api',
      'AWS::Serverless::Api sam',
      'AWS::Serverless::StateMachine sam',
      'Transform transform',
    ]);
    // The function's Api event is read by both doors: a method of the implicit ServerlessRestApi.
    const events = (m: typeof fromTree) =>
      m.methods
        .filter((x) => x.declaration !== undefined)
        .map((x) => [x.httpMethod, x.path, x.authorizationType, x.declaration, real(x.restApi as string)]);
    expect(events(fromTree)).toEqual([['GET', '/x', 'NONE', 'Events.Get', 'OrdersStack#ServerlessRestApi']]);
    expect(events(fromDisk)).toEqual(events(fromTree));
    Annotations.fromStack(orders).hasInfo('/OrdersStack/Clone', Match.stringLikeRegexp('^\\[cdk-cognito-scopes::NotAnalysed\\] OrdersStack/Clone: .*CloneFrom'));
    Annotations.fromStack(orders).hasInfo('/OrdersStack/Flow', Match.stringLikeRegexp("^\\[cdk-cognito-scopes::NotAnalysed\\] OrdersStack/Flow: .*its event 'Start' \\(Api\\) declares API methods"));
  });
});

describe('SAM HttpApi in a CDK app: both doors read it', () => {
  test('aws-sam CfnHttpApi with a JWT authorizer and a function event: same model, same findings', () => {
    const app = new App();
    const stack = new Stack(app, 'SamHttp', { env: { region: 'eu-west-1' } });
    new cognito.UserPool(new Stack(app, 'Other', { env: { region: 'eu-west-1' } }), 'OtherPool'); // bothDoors reads an app of stacks
    stack.addTransform('AWS::Serverless-2016-10-31');
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addResourceServer('Server', { identifier: 'items', scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' })] });
    pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'sam-http-doors' } });
    const client = pool.addClient('Client', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('items/read')] } });
    const api = new sam.CfnHttpApi(stack, 'Api', {
      auth: {
        defaultAuthorizer: 'Jwt',
        // Authorizers is free-form JSON in aws-sam: written as in a SAM template.
        authorizers: { Jwt: { JwtConfiguration: { issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${pool.userPoolId}`, audience: [client.userPoolClientId] }, IdentitySource: '$request.header.Authorization' } },
      },
      corsConfiguration: { allowOrigins: ['https://app.example.com'] },
    });
    const fn = new sam.CfnFunction(stack, 'Fn', {
      codeUri: 's3://bucket/key',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      events: {
        GetItems: { type: 'HttpApi', properties: { path: '/items', method: 'get', auth: { authorizer: 'Jwt', authorizationScopes: ['read'] } } as sam.CfnFunction.HttpApiEventProperty },
      },
    });
    // aws-sam renders the event as its first matching union member (the REST Api event), which drops ApiId: set it as an override.
    fn.addPropertyOverride('Events.GetItems.Properties.ApiId', api.ref);
    const { fromTree, rendered, fromDisk } = bothDoors(app);
    const real = (s: string) => rendered.withRealIds(s);
    expect(comparable(fromTree, real)).toEqual(comparable(fromDisk));
    expect(findingsOf(fromTree, real)).toEqual(findingsOf(fromDisk));
    expect(fromDisk.methods.map((m) => [m.routeKey, m.authorizationType, m.scopes, m.declaration])).toEqual([['GET /items', 'JWT', ['read'], 'Events.GetItems']]);
    // The client names the scope with OAuthScope.custom(): no dependency on the resource server.
    expect(findingsOf(fromDisk).filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(['ShortMethodScope', 'ClientBeforeResourceServer']);
  });
});
