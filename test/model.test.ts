import { App, Duration, Fn, Stack, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { buildExampleApp } from '../example/example-stack';
import { CognitoApiAuth, HostedUiDomain } from '../src';
import { withValidations } from './support/needs';
import { buildModel } from '../src/private/model/build';
import { RenderedStack, renderStack } from '../src/private/model/from-stack';
import { loadCloudAssembly, parseTemplateText } from '../src/private/model/load';
import { AuthModel, isUnknown } from '../src/private/model/types';
import { checkStack } from '../src/private/stack-validation';

function handWritten(stack: Stack) {
  const pool = new cognito.UserPool(stack, 'Pool');
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' });
  const rs = pool.addResourceServer('Rs', { identifier: 'https://api.example.com', scopes: [read] });
  pool.addClient('Machine', {
    generateSecret: true,
    oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(rs, read)] },
  });
  const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['*'] } });
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
  const items = api.root.addResource('items');
  items.addResource('{id}').addMethod('GET', new apigateway.MockIntegration(), {
    authorizer,
    authorizationScopes: ['https://api.example.com/read'],
  });
  api.root.addMethod('GET');
  return { api };
}

/** The example's topology (web and machine clients, domain, CORS, one method per access mode) with the L3. */
function l3App(app: App) {
  const stack = new Stack(app, 'ModelL3', { env: { region: 'us-east-1' } });
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.api',
    scopes: [read, write],
    domain: HostedUiDomain.cognitoPrefix('example-model-auth'),
  });
  auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/callback', 'http://localhost:3000/callback'], scopes: [read] });
  auth.addMachineClient('Machine', { scopes: [read, write] });
  const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
  auth.addCorsGatewayResponses(api, { allowOrigin: 'https://app.example.com' });
  const integration = new apigateway.MockIntegration({
    integrationResponses: [{ statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } }],
  });
  const cors = { methodResponses: [{ statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }] };
  const items = api.root.addResource('items');
  items.addMethod('GET', integration, { ...auth.requireScopes(read), ...cors });
  items.addMethod('POST', integration, { ...auth.requireScopes(write), ...cors });
  api.root.addResource('me').addMethod('GET', integration, { ...auth.requireIdToken(), ...cors });
  return { stack, auth, api };
}

/** A model as plain data, with the construct-tree door's stand-in logical ids replaced by the real ones. */
function comparable(m: AuthModel, rendered?: RenderedStack): unknown {
  const real = (s: string) => (rendered ? rendered.withRealIds(s) : s);
  return JSON.parse(
    // acknowledgements: the synth-time check records acknowledged findings in the template it writes (compared apart).
    JSON.stringify(m, (k, v) => (k === 'constructPath' || k === 'file' || k === 'acknowledgements' ? undefined : v instanceof Set ? [...v].map(real).sort() : typeof v === 'string' ? real(v) : v)),
  );
}

/**
 * The model of a stack through both doors: the construct tree, rendered while the app is validated
 * (as the synth-time check does), and the cloud assembly the synth writes.
 */
function bothDoors(app: App, stack: Stack): { fromTree: AuthModel; rendered: RenderedStack; fromDisk: AuthModel } {
  let tree: { fromTree: AuthModel; rendered: RenderedStack } | undefined;
  stack.node.addValidation({
    validate: () => {
      const rendered = renderStack(stack);
      tree = { rendered, fromTree: buildModel([rendered.input]) };
      return [];
    },
  });
  app.synth({ force: true });
  return { ...tree!, fromDisk: buildModel(loadCloudAssembly(app.outdir)) };
}

describe('AuthModel from CDK templates', () => {
  test('reads pools, resource servers, clients, authorizers and full method paths', () => {
    const stack = new Stack(new App(), 'S', { env: { region: 'eu-west-1' } });
    handWritten(stack);
    const json = Template.fromStack(stack).toJSON();
    const model = buildModel([{ name: 'S', template: json, region: 'eu-west-1' }]);
    expect(model.userPools).toHaveLength(1);
    const poolKey = model.userPools[0].key;
    expect(model.resourceServers[0]).toMatchObject({ pool: poolKey, identifier: 'https://api.example.com' });
    expect(model.resourceServers[0].scopes).toEqual([{ name: 'read', description: 'Read' }]);
    const client = model.clients[0];
    expect(client.pool).toBe(poolKey);
    expect(client.allowedOAuthScopes).toEqual(['https://api.example.com/read']);
    expect(client.allowedOAuthFlows).toEqual(['client_credentials']);
    expect([...client.createdAfter]).toContain(model.resourceServers[0].key);
    expect(model.authorizers[0].providerPools).toEqual([poolKey]);
    const get = model.methods.find((m) => m.path === '/items/{id}' && m.httpMethod === 'GET')!;
    expect(get).toMatchObject({ authorizationType: 'COGNITO_USER_POOLS', authorizer: model.authorizers[0].key, scopes: ['https://api.example.com/read'] });
    const options = model.methods.filter((m) => m.httpMethod === 'OPTIONS');
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => o.corsHeaders && o.authorizationType === 'NONE')).toBe(true);
    expect(model.methods.find((m) => m.path === '/' && m.httpMethod === 'GET')).toBeDefined();
  });

  test('the construct-tree door sees the same model as the template door', () => {
    const stack = new Stack(new App(), 'S');
    handWritten(stack);
    const rendered = renderStack(stack);
    const fromTree = buildModel([rendered.input]);
    const fromJson = buildModel([{ name: 'S', template: Template.fromStack(stack).toJSON() }]);
    expect(comparable(fromTree, rendered)).toEqual(comparable(fromJson));
    expect(fromTree.methods[0].constructPath).toMatch(/^S\/Api\//);
  });

  test('the construct-tree door matches the template door on an L3 app, property overrides included', () => {
    const app = new App();
    const { stack, auth, api } = l3App(app);
    const method = api.root.getResource('items')!.node.findChild('GET').node.defaultChild as apigateway.CfnMethod;
    method.addPropertyOverride('AuthorizationScopes', ['com.example.api/read', 'com.example.api/write']);
    const client = auth.clients[0].node.defaultChild as cognito.CfnUserPoolClient;
    client.addPropertyOverride('CallbackURLs.1', 'https://other.example.com/cb');
    auth.addUserClient('Validities', {
      callbackUrls: ['https://app.example.com/callback'],
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.hours(2),
      refreshTokenValidity: Duration.days(7),
    });
    let fromTree: AuthModel | undefined;
    let rendered: RenderedStack | undefined;
    stack.node.addValidation({ validate: () => ((rendered = renderStack(stack)), (fromTree = buildModel([rendered.input])), []) });
    const json = app.synth().getStackByName(stack.stackName).template;
    const fromJson = buildModel([{ name: stack.artifactId, template: json, region: 'us-east-1' }]);
    expect(comparable(fromTree!, rendered)).toEqual(comparable(fromJson));
    expect(fromTree!.methods.find((m) => m.path === '/items' && m.httpMethod === 'GET')!.scopes).toEqual(['com.example.api/read', 'com.example.api/write']);
    expect(fromTree!.clients[0].callbackUrls).toEqual(['https://app.example.com/callback', 'https://other.example.com/cb']);
    expect(fromTree!.methods.filter((m) => m.corsHeaders).length).toBeGreaterThan(4);
    expect(fromTree!.gatewayResponses).toHaveLength(4);
    expect(fromTree!.domains.map((d) => d.domain)).toEqual(['example-model-auth']);
    expect(fromTree!.clients.find((c) => rendered!.withRealIds(c.logicalId).startsWith('AuthValidities'))!.tokenValidity).toEqual({
      accessToken: 30,
      idToken: 120,
      refreshToken: 10080,
      units: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'minutes' },
    });
  });

  test('nested stacks: methods in a nested stack resolve the parent authorizer and paths', () => {
    const app = new App();
    const stack = new Stack(app, 'P');
    const pool = new cognito.UserPool(stack, 'Pool');
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('ANY');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
    const nested = new NestedStack(stack, 'Methods');
    const restApi = apigateway.RestApi.fromRestApiAttributes(nested, 'ImportedApi', { restApiId: api.restApiId, rootResourceId: api.restApiRootResourceId });
    restApi.root.addResource('orders').addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: ['x/y'] });
    const { fromTree, rendered, fromDisk } = bothDoors(app, stack);
    for (const [model, real] of [[fromTree, (s: string) => rendered.withRealIds(s)], [fromDisk, (s: string) => s]] as const) {
      const m = model.methods.find((x) => x.path === '/orders')!;
      expect(m).toBeDefined();
      expect(m.restApi).toBe(model.restApis.find((a) => a.defined)!.key);
      expect(m.authorizer).toBe(model.authorizers[0].key);
      expect(real(m.template)).toMatch(/^P\/Methods/);
    }
  });

  test('the construct-tree door matches the template door: nested outputs, logical ids as values, literal ids in overrides', () => {
    const app = new App();
    const stack = new Stack(app, 'Tricky', { env: { region: 'eu-west-1' } });
    // A pool in a nested stack used by a client in the parent: Fn::GetAtt <nested>.Outputs.<output id>.
    const nested = new NestedStack(stack, 'Identity');
    const pool = new cognito.UserPool(nested, 'Pool');
    const server = new cognito.UserPoolResourceServer(stack, 'Server', {
      userPool: pool,
      identifier: 'com.example.tricky',
      scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' })],
    });
    const client = new cognito.UserPoolClient(stack, 'Client', {
      userPool: pool,
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('com.example.tricky/read')] },
    });
    const cfnServer = server.node.defaultChild as cognito.CfnUserPoolResourceServer;
    // A real logical id written literally in an override.
    (client.node.defaultChild as cognito.CfnUserPoolClient).addOverride('DependsOn', [stack.getLogicalId(cfnServer)]);
    const api = new apigateway.RestApi(stack, 'Api');
    const authorizer = new apigateway.CfnAuthorizer(stack, 'Authorizer', {
      restApiId: api.restApiId,
      name: 'tricky',
      type: 'COGNITO_USER_POOLS',
      identitySource: 'method.request.header.Authorization',
      providerArns: [pool.userPoolArn],
    });
    const read = api.root.addResource('read').addMethod('GET', new apigateway.MockIntegration(), {
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['com.example.tricky/read'],
    });
    // A logical id token used as a value, and a literal one in a property override.
    (read.node.defaultChild as apigateway.CfnMethod).addPropertyOverride('AuthorizerId', Fn.ref(authorizer.logicalId));
    const write = api.root.addResource('write').addMethod('POST', new apigateway.MockIntegration(), {
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: [Fn.join('/', [cfnServer.identifier, 'read'])],
    });
    (write.node.defaultChild as apigateway.CfnMethod).addPropertyOverride('AuthorizerId', { Ref: stack.getLogicalId(authorizer) });
    const { fromTree, rendered, fromDisk } = bothDoors(app, stack);
    expect(comparable(fromTree, rendered)).toEqual(comparable(fromDisk));
    const treeClient = fromTree.clients[0];
    expect(rendered.withRealIds(treeClient.pool as string)).toMatch(/^Tricky\/Identity.*#Pool/);
    expect([...treeClient.createdAfter].map((k) => rendered.withRealIds(k))).toContain(`Tricky#${stack.getLogicalId(cfnServer)}`);
    expect(fromTree.methods.filter((m) => m.authorizer !== undefined)).toHaveLength(2);
    expect(fromTree.methods.find((m) => m.httpMethod === 'POST')!.scopes).toEqual(['com.example.tricky/read']);
  });

  withValidations('the construct-tree door matches the template door on the example app', () => {
    const app = new App();
    const stack = buildExampleApp(app);
    const { fromTree, rendered, fromDisk } = bothDoors(app, stack);
    expect(comparable(fromTree, rendered)).toEqual(comparable(fromDisk));
    expect(fromTree.methods.length).toBeGreaterThan(5);
    // The acknowledgements the construct honoured (the public health check, the HTTP route that takes any
    // token of the audience) were recorded in the written template only.
    expect(fromDisk.templates[0].acknowledgements).toEqual([
      { logicalId: 'ApihealthGET8A9DC1E4', ruleId: 'PublicMethodOnCognitoApi', reason: 'GET /health is a deliberately public health check (allowPublic()); it returns no data.' },
      {
        logicalId: 'HttpApiGETme466879BE',
        ruleId: 'UnscopedJwtRoute',
        reason: "GET /me deliberately takes any token of the app's own clients (the audience): it returns the caller's own claims.",
      },
    ]);
  });

  test('synth-time findings name real logical ids, not the stand-ins of the rendered templates', () => {
    const app = new App();
    const stack = new Stack(app, 'Ids', { env: { region: 'eu-west-1' } });
    const pool = new cognito.UserPool(stack, 'Pool');
    const server = new cognito.UserPoolResourceServer(stack, 'Server', {
      userPool: pool,
      identifier: 'com.example.ids',
      scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' })],
    });
    // The scope is written as a string, so the client does not depend on the resource server.
    pool.addClient('Client', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('com.example.ids/read')] } });
    const errors = checkStack(stack);
    const serverId = stack.getLogicalId(server.node.defaultChild as cognito.CfnUserPoolResourceServer);
    expect(errors.join('\n')).toContain(`Add DependsOn: ${serverId} to the client`);
    expect(errors.join('\n')).not.toMatch(/\u27e6/);
  });

  test('YAML short forms and unresolved values', () => {
    const t = parseTemplateText(
      [
        'Parameters:',
        '  Ident: { Type: String }',
        'Resources:',
        '  Pool: { Type: AWS::Cognito::UserPool }',
        '  Rs:',
        '    Type: AWS::Cognito::UserPoolResourceServer',
        '    Properties:',
        '      UserPoolId: !Ref Pool',
        '      Identifier: !Ref Ident',
        '      Name: api',
        '  Client:',
        '    Type: AWS::Cognito::UserPoolClient',
        '    Properties:',
        '      UserPoolId: !Ref Pool',
        '      AllowedOAuthScopes: [!Sub "${Rs}/read", "com.example/write"]',
        '  Authz:',
        '    Type: AWS::ApiGateway::Authorizer',
        '    Properties:',
        '      RestApiId: abc123',
        '      Type: COGNITO_USER_POOLS',
        '      ProviderARNs: [!GetAtt Pool.Arn, "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123"]',
      ].join('\n'),
      't.yaml',
    );
    const model = buildModel([{ name: 't.yaml', template: t }]);
    expect(isUnknown(model.resourceServers[0].identifier)).toBe(true);
    expect(isUnknown((model.clients[0].allowedOAuthScopes as any[])[0])).toBe(true);
    expect((model.clients[0].allowedOAuthScopes as any[])[1]).toBe('com.example/write');
    expect(model.authorizers[0].providerPools).toEqual(['t.yaml#Pool', 'external:us-east-1_AbC123']);
    expect(model.userPools.find((p) => p.external)?.poolId).toBe('us-east-1_AbC123');
  });
});
