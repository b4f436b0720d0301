import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, HostedUiDomain } from '../src';

test('minimal configuration', () => {
  const app = new App();
  const stack = new Stack(app, 'Minimal', { env: { region: 'us-east-1' } });
  new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.api',
    scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' })],
  });
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});

test('full configuration', () => {
  const app = new App();
  const stack = new Stack(app, 'Full', { env: { region: 'eu-central-1' } });
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });
  const auth = new CognitoApiAuth(stack, 'Auth', {
    userPoolName: 'items-users',
    mfa: cognito.Mfa.REQUIRED,
    featurePlan: cognito.FeaturePlan.PLUS,
    deletionProtection: true,
    resourceServerIdentifier: 'https://api.example.com',
    resourceServerName: 'Items API',
    scopes: [read, write],
    domain: HostedUiDomain.cognitoPrefix('items-auth'),
    authorizerName: 'items-authorizer',
    authorizerCacheTtl: Duration.minutes(1),
  });
  auth.addUserClient('Web', {
    userPoolClientName: 'web',
    callbackUrls: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
    logoutUrls: ['https://app.example.com/'],
    oidcScopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
    scopes: [read],
    defaultRedirectUri: 'https://app.example.com/callback',
    accessTokenValidity: Duration.minutes(30),
    idTokenValidity: Duration.minutes(30),
    refreshTokenValidity: Duration.days(30),
  });
  auth.addUserClient('Mobile', { callbackUrls: ['exampleapp://auth/login'], scopes: [read, write] });
  auth.addMachineClient('Machine', { userPoolClientName: 'machine', scopes: [read, write], accessTokenValidity: Duration.minutes(15) });
  const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
  auth.addCorsGatewayResponses(api, { allowOrigin: 'https://app.example.com' });
  const items = api.root.addResource('items');
  items.addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(read));
  items.addMethod('POST', new apigateway.MockIntegration(), auth.requireScopes(write));
  api.root.addResource('me').addMethod('GET', new apigateway.MockIntegration(), auth.requireIdToken());
  api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration(), auth.allowPublic());
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});
