// A consumer's own jest test, written only against the package's public API
// (in a consumer repo: `from 'cdk-cognito-scopes'`).
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthMatrix, AuthSimulator, TestTokenIssuer } from '../src';

function buildApi(app: App) {
  const stack = new Stack(app, 'ItemsApi', { env: { region: 'us-east-1' } });
  const pool = new cognito.UserPool(stack, 'Users');
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });
  const server = pool.addResourceServer('Items', { identifier: 'com.example.items', scopes: [read, write] });
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'example-items' } });
  const web = pool.addClient('Web', {
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.resourceServer(server, read)],
      callbackUrls: ['https://app.example.com/callback'],
    },
  });
  const machine = pool.addClient('Machine', {
    generateSecret: true,
    oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(server, write)] },
  });
  const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  const items = api.root.addResource('items');
  items.addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: ['com.example.items/read'] });
  items.addMethod('POST', new apigateway.MockIntegration(), { authorizer, authorizationScopes: ['com.example.items/write'] });
  return { stack, web, machine };
}

describe('items API auth', () => {
  // Synthesize once: CDK caches an app's synthesis, so build everything first.
  const { stack, web, machine } = buildApi(new App());
  const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_Test123' });
  const simulator = AuthSimulator.fromStack(stack, { issuer });
  const matrix = AuthMatrix.fromStack(stack);

  test('only Machine can POST /items', () => {
    expect(matrix.callersOf('POST', '/items')).toEqual(['Machine']);
    expect(matrix.canCall('Web', 'POST', '/items')).toBe(false);
  });

  test('users signed in with SRP cannot read items', () => {
    expect(matrix.canCall(AuthMatrix.SIGNED_IN_USER, 'GET', '/items')).toBe(false);
  });

  test("Web's own token reads items; Web can never get the write scope", () => {
    const token = issuer.tokenFor(web, { scopes: ['com.example.items/read'] });
    const result = simulator.simulate({ method: 'GET', path: '/items', token: `Bearer ${token}` });
    expect(result.status).toBe(200);
    expect(() => issuer.tokenFor(web, { scopes: ['com.example.items/write'] })).toThrow(/it is not allowed com\.example\.items\/write/);
  });

  test('an ID token is refused, and the fix says which client to use', () => {
    const token = issuer.mintIdToken({ clientId: 'web-client', email: 'jane@example.com' });
    const result = simulator.simulate({ method: 'GET', path: '/items', token });
    expect(result.status).toBe(401);
    expect(result.message).toBe('Unauthorized');
    expect(result.fixes.join('\n')).toContain('send an access token from a client allowed that scope (Web)');
  });

  test('an expired token gets the expired message', () => {
    const token = issuer.tokenFor(machine, { issuedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) });
    const result = simulator.simulate({ method: 'POST', path: '/items', token });
    expect(result.status).toBe(401);
    expect(result.message).toBe('The incoming token has expired');
  });

  test('the CORS preflight is public', () => {
    expect(simulator.simulate({ method: 'OPTIONS', path: '/items' }).status).toBe(200);
  });
});
