import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';

export const API_ID = 'com.example.api';
export const READ = `${API_ID}/read`;
export const WRITE = `${API_ID}/write`;
export const ADMIN = 'aws.cognito.signin.user.admin';

export interface FixtureOptions {
  /** Add an UNAUTHORIZED gateway response with CORS headers. */
  readonly corsOnUnauthorized?: boolean;
}

/**
 * A REST API protected by a Cognito user pool, written with plain aws-cdk-lib
 * L2 constructs (not the library's L3), covering every row of DESIGN.md §5.
 */
export function buildFixture(options: FixtureOptions = {}) {
  // Path metadata, as the CDK CLI writes it (names clients in CLI output).
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Fixture', { env: { region: 'us-east-1', account: '111122223333' } });
  const pool = new cognito.UserPool(stack, 'Pool');
  const otherPool = new cognito.UserPool(stack, 'OtherPool');
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });
  const rs = pool.addResourceServer('Rs', { identifier: API_ID, scopes: [read, write] });
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'example-test-1' } });
  pool.addClient('Web', {
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.resourceServer(rs, read)],
      callbackUrls: ['https://app.example.com/callback'],
    },
  });
  pool.addClient('Machine', {
    generateSecret: true,
    oAuth: {
      flows: { clientCredentials: true },
      scopes: [cognito.OAuthScope.resourceServer(rs, read), cognito.OAuthScope.resourceServer(rs, write)],
    },
  });
  otherPool.addClient('OtherWeb');

  const api = new apigateway.RestApi(stack, 'Api', { deploy: true });
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
  const validated = new apigateway.CognitoUserPoolsAuthorizer(stack, 'ValidatedAuthz', { cognitoUserPools: [pool] });
  (validated.node.defaultChild as apigateway.CfnAuthorizer).identityValidationExpression = 'web-client-.*';
  const xToken = new apigateway.CognitoUserPoolsAuthorizer(stack, 'XTokenAuthz', {
    cognitoUserPools: [pool],
    identitySource: apigateway.IdentitySource.header('X-Token'),
  });
  const mock = () => new apigateway.MockIntegration({ integrationResponses: [{ statusCode: '200' }], requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  const methodResponses = [{ statusCode: '200' }];

  const items = api.root.addResource('items');
  items.addCorsPreflight({ allowOrigins: ['https://app.example.com'] });
  items.addMethod('GET', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  items.addMethod('POST', mock(), { authorizer, authorizationScopes: [WRITE], methodResponses });
  items.addResource('{id}').addMethod('GET', mock(), { authorizer, methodResponses }); // ID-token method
  api.root.addResource('multi').addMethod('GET', mock(), { authorizer, authorizationScopes: [READ, WRITE], methodResponses });
  api.root.addResource('me').addMethod('GET', mock(), { authorizer, authorizationScopes: [ADMIN], methodResponses });
  api.root.addResource('short').addMethod('GET', mock(), { authorizer, authorizationScopes: ['read'], methodResponses });
  api.root.addResource('public').addMethod('GET', mock(), { methodResponses });
  api.root.addResource('files').addResource('{proxy+}').addMethod('ANY', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  const guarded = api.root.addResource('guarded');
  guarded.addMethod('GET', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  guarded.addMethod('OPTIONS', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  api.root.addResource('validated').addMethod('GET', mock(), { authorizer: validated, methodResponses });
  api.root.addResource('validated-scoped').addMethod('GET', mock(), { authorizer: validated, authorizationScopes: [READ], methodResponses });
  api.root.addResource('xtoken').addMethod('GET', mock(), { authorizer: xToken, methodResponses });
  api.root.addResource('iam').addMethod('GET', mock(), { authorizationType: apigateway.AuthorizationType.IAM, methodResponses });
  if (options.corsOnUnauthorized) {
    api.addGatewayResponse('Unauthorized', {
      type: apigateway.ResponseType.UNAUTHORIZED,
      responseHeaders: { 'Access-Control-Allow-Origin': "'https://app.example.com'" },
    });
  }
  const poolLogicalId = stack.getLogicalId(pool.node.defaultChild as CfnElement);
  return { app, stack, pool, poolLogicalId };
}
