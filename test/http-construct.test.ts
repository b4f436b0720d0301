/**
 * CognitoApiAuth on HTTP APIs: a JWT authorizer whose audience is every client the construct creates
 * (resolved at synth time) plus addHttpAudience(), and route options from scope objects.
 */
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, HostedUiDomain } from '../src';
import { buildModel } from '../src/private/model/build';
import { runRules } from '../src/private/rules/engine';
import { checkStack } from '../src/private/stack-validation';

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1' } });
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.api',
    scopes: [
      new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' }),
      new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' }),
    ],
    domain: HostedUiDomain.cognitoPrefix('http-construct-test'),
    outputs: false,
  });
  const api = new HttpApi(stack, 'Http', { corsPreflight: { allowOrigins: ['https://app.example.com'] } });
  const integration = new HttpUrlIntegration('Backend', 'https://backend.example.com');
  return { app, stack, auth, api, integration };
}

test('routes take the authorizer and full scopes; clients added after the routes are in the audience', () => {
  const { stack, auth, api, integration } = setup();
  api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration, ...auth.httpRouteScopes(auth.scope('read')) });
  api.addRoutes({ path: '/items', methods: [HttpMethod.POST], integration, ...auth.httpRouteScopes(auth.scope('write'), auth.scope('write')) });
  // Clients after the routes.
  auth.addMachineClient('Worker', { scopes: [auth.scope('write')] });
  auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: [auth.scope('read')] });
  auth.addHttpAudience('external-client-1');

  const t = Template.fromStack(stack);
  const clients = Object.keys(t.findResources('AWS::Cognito::UserPoolClient'));
  expect(clients).toHaveLength(2); // no hidden client
  t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: {
      Audience: [{ Ref: clients.find((c) => c.includes('Worker')) }, { Ref: clients.find((c) => c.includes('Web')) }, 'external-client-1'],
      Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: Match.stringLikeRegexp('AuthUserPool') }]] },
    },
  });
  t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /items', AuthorizationType: 'JWT', AuthorizationScopes: ['com.example.api/read'] });
  t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /items', AuthorizationType: 'JWT', AuthorizationScopes: ['com.example.api/write'] });

  // The synth-time check (construct tree) and the template find nothing wrong.
  expect(checkStack(stack)).toEqual([]);
  const model = buildModel([{ name: 'Stack', template: t.toJSON(), region: 'eu-west-1' }]);
  expect(runRules(model).map((f) => f.ruleId)).toEqual([]);
  expect(model.authorizers.map((a) => [a.apiKind, a.jwt?.issuerMatch, a.jwt && Array.isArray(a.jwt.audience) ? a.jwt.audience.length : undefined])).toEqual([['http', 'exact', 3]]);
  // The stage HttpApi creates: $default (its invoke URL has no stage segment).
  expect(model.stages?.map((x) => [x.restApi, x.name])).toEqual([[`Stack#${Object.keys(t.findResources('AWS::ApiGatewayV2::Api'))[0]}`, '$default']]);
});

test('httpRouteAnyToken(): no scopes, and the warning says what it accepts', () => {
  const { app, stack, auth, api, integration } = setup();
  auth.addMachineClient('Worker', { scopes: [auth.scope('read')] });
  api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration, ...auth.httpRouteScopes(auth.scope('read')) });
  api.addRoutes({ path: '/me', methods: [HttpMethod.GET], integration, ...auth.httpRouteAnyToken() });
  expect(auth.httpRouteAnyToken().authorizationScopes).toBeUndefined();
  app.synth();
  Annotations.fromStack(stack).hasWarning('/Stack/Http/GET--me/Resource', Match.stringLikeRegexp(
    '^\\[cdk-cognito-scopes::UnscopedJwtRoute\\] Stack/Http/GET--me: Route GET /me \\(Stack/Http/GET--me/Resource\\) has no AuthorizationScopes while other routes of the API require scopes',
  ));
});

test('httpRouteScopes() needs a scope; an authorizer without any audience fails synthesis', () => {
  const { app, auth, api, integration } = setup();
  expect(() => auth.httpRouteScopes()).toThrow("httpRouteScopes() needs at least one scope: got none. Pass e.g. auth.scope('read'), or use httpRouteAnyToken() for a route that takes any token of the audience.");
  api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration, ...auth.httpRouteScopes(auth.scope('read')) });
  expect(() => app.synth()).toThrow(/\[cdk-cognito-scopes::AudienceMissesClients\] Stack\/Auth: the HTTP API authorizer has no audience/);
});

test('one authorizer per HTTP API: routes of a second API, and of the first API imported in a nested stack, point at their own API', () => {
  const { stack, auth, api, integration } = setup();
  auth.addMachineClient('Worker', { scopes: [auth.scope('read')] });
  api.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration, ...auth.httpRouteScopes(auth.scope('read')) });
  const second = new HttpApi(stack, 'Second', { corsPreflight: { allowOrigins: ['https://app.example.com'] } });
  second.addRoutes({ path: '/orders', methods: [HttpMethod.GET], integration: new HttpUrlIntegration('Orders', 'https://backend.example.com/o'), ...auth.httpRouteScopes(auth.scope('read')) });
  // The first API's routes in a nested stack, through an import of the API: no second authorizer on it.
  const nested = new NestedStack(stack, 'Routes');
  const imported = HttpApi.fromHttpApiAttributes(nested, 'Api', { httpApiId: api.apiId });
  new HttpRoute(nested, 'Later', {
    httpApi: imported,
    routeKey: HttpRouteKey.with('/later', HttpMethod.GET),
    integration: new HttpUrlIntegration('Later', 'https://backend.example.com/l'),
    ...auth.httpRouteScopes(auth.scope('read')),
  });

  const t = Template.fromStack(stack);
  const authorizers = t.findResources('AWS::ApiGatewayV2::Authorizer');
  expect(Object.values(authorizers).map((a) => a.Properties.ApiId)).toEqual([{ Ref: apiLogicalId(t, 'Http') }, { Ref: apiLogicalId(t, 'Second') }]);
  const byApi = new Map(Object.entries(authorizers).map(([lid, a]) => [a.Properties.ApiId.Ref, lid]));
  const routes = t.findResources('AWS::ApiGatewayV2::Route');
  for (const r of Object.values(routes)) expect(r.Properties.AuthorizerId).toEqual({ Ref: byApi.get(r.Properties.ApiId.Ref) });
  // Both authorizers carry the same issuer, audience and name.
  const [a, b] = Object.values(authorizers).map((x) => x.Properties);
  expect(b.JwtConfiguration).toEqual(a.JwtConfiguration);
  expect(b.Name).toEqual(a.Name);
  // The nested stack's route points at the parent's first authorizer, passed as a parameter.
  const nestedTemplate = Template.fromStack(nested);
  const route = Object.values(nestedTemplate.findResources('AWS::ApiGatewayV2::Route'))[0];
  const param = route.Properties.AuthorizerId.Ref;
  const nestedResource = Object.values(t.findResources('AWS::CloudFormation::Stack'))[0];
  expect(nestedResource.Properties.Parameters[param]).toEqual({ Ref: byApi.get(apiLogicalId(t, 'Http')) });
  expect(Object.keys(nestedTemplate.findResources('AWS::ApiGatewayV2::Authorizer'))).toEqual([]);

  // No finding: in particular not AuthorizerSharedAcrossApis.
  expect(checkStack(stack)).toEqual([]);
});

function apiLogicalId(t: Template, id: string): string {
  return Object.keys(t.findResources('AWS::ApiGatewayV2::Api')).find((lid) => lid.startsWith(id))!;
}
