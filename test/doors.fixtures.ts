import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';

/**
 * A stack written with plain aws-cdk-lib L2 constructs (no CognitoApiAuth) that
 * makes the classic mistake: the method scope is written short (`read`).
 */
export function shortScopeStack(app: App, id = 'Broken', options: { short?: boolean; publicHealth?: boolean } = {}): Stack {
  const stack = new Stack(app, id, { env: { region: 'us-east-1' } });
  const pool = new cognito.UserPool(stack, 'Pool');
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const rs = pool.addResourceServer('Api', { identifier: 'com.example.api', scopes: [read] });
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'example-doors' } });
  pool.addClient('Machine', {
    generateSecret: true,
    oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(rs, read)] },
  });
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  const api = new apigateway.RestApi(stack, 'Api');
  api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), {
    authorizer,
    authorizationType: apigateway.AuthorizationType.COGNITO,
    authorizationScopes: [options.short === false ? 'com.example.api/read' : 'read'],
  });
  if (options.publicHealth) api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration());
  return stack;
}
