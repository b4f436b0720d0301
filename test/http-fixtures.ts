/**
 * HTTP API fixtures (API Gateway v2 with JWT authorizers), synthesized with plain aws-cdk-lib.
 */
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { OAuthScope, ResourceServerScope, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Json, Tpl } from './rules/fixtures';

export interface HttpFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly pool: UserPool;
  readonly api: HttpApi;
  readonly client: UserPoolClient;
}

/**
 * A pool with a resource server (`api/read`, `api/write`), a domain, one machine client allowed `api/read`,
 * and an HTTP API whose `GET /items` requires `api/read` through `authorizer(pool, client)`.
 */
export function httpFixture(options: {
  readonly authorizer?: (stack: Stack, pool: UserPool, client: UserPoolClient) => HttpUserPoolAuthorizer | HttpJwtAuthorizer;
  readonly cors?: boolean;
  readonly region?: string;
  /** The app to build into (e.g. one with a policy validation plugin). */
  readonly app?: App;
} = {}): HttpFixture {
  const app = options.app ?? new App();
  const stack = new Stack(app, 'Http', options.region ? { env: { region: options.region, account: '111111111111' } } : undefined);
  const pool = new UserPool(stack, 'Pool');
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'http-fixture-login' } });
  const read = new ResourceServerScope({ scopeName: 'read', scopeDescription: 'read' });
  const write = new ResourceServerScope({ scopeName: 'write', scopeDescription: 'write' });
  const server = pool.addResourceServer('Server', { identifier: 'api', scopes: [read, write] });
  const client = pool.addClient('Machine', {
    generateSecret: true,
    oAuth: { flows: { clientCredentials: true }, scopes: [OAuthScope.resourceServer(server, read)] },
  });
  const api = new HttpApi(stack, 'Api', options.cors ? { corsPreflight: { allowOrigins: ['https://app.example.com'], allowMethods: [CorsHttpMethod.ANY] } } : {});
  const authorizer = options.authorizer
    ? options.authorizer(stack, pool, client)
    : new HttpUserPoolAuthorizer('Auth', pool, { userPoolClients: [client] });
  api.addRoutes({
    path: '/items',
    methods: [HttpMethod.GET],
    integration: new HttpUrlIntegration('Items', 'https://backend.example.com/items'),
    authorizer,
    authorizationScopes: ['api/read'],
  });
  return { app, stack, pool, api, client };
}

export const ISSUER = { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: 'Pool' }]] };

/** A correct HTTP API: no rule fires on it. */
export function httpBaseline(): Tpl {
  return {
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Rs: {
        Type: 'AWS::Cognito::UserPoolResourceServer',
        Properties: {
          UserPoolId: { Ref: 'Pool' },
          Identifier: 'api',
          Name: 'api',
          Scopes: [
            { ScopeName: 'read', ScopeDescription: 'Read' },
            { ScopeName: 'write', ScopeDescription: 'Write' },
          ],
        },
      },
      Machine: {
        Type: 'AWS::Cognito::UserPoolClient',
        DependsOn: ['Rs'],
        Properties: {
          UserPoolId: { Ref: 'Pool' },
          GenerateSecret: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: ['api/read', 'api/write'],
        },
      },
      Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'http-rules-login' } },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'api', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['https://app.example.com'] } } },
      Jwt: {
        Type: 'AWS::ApiGatewayV2::Authorizer',
        Properties: {
          ApiId: { Ref: 'Api' },
          Name: 'jwt',
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: { Issuer: ISSUER, Audience: [{ Ref: 'Machine' }] },
        },
      },
      GetItems: route('GET /items', ['api/read']),
      PostItems: route('POST /items', ['api/write']),
    },
  };
}

export function route(routeKey: string, scopes?: string[], props: Json = {}): Json {
  return {
    Type: 'AWS::ApiGatewayV2::Route',
    // AuthorizationScopes undefined removes the property when the route replaces one (withChanges).
    Properties: { ApiId: { Ref: 'Api' }, RouteKey: routeKey, AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Jwt' }, AuthorizationScopes: scopes, ...props },
  };
}

