/**
 * HTTP API fixtures (API Gateway v2 with JWT authorizers), synthesized with plain aws-cdk-lib.
 */
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { OAuthScope, ResourceServerScope, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';

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
} = {}): HttpFixture {
  const app = new App();
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
