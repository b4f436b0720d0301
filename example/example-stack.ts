import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoApiAuth, HostedUiDomain } from '../src';

/**
 * The setup users most often get wrong, done right: a resource server with `read` and `write`,
 * a web client (code + PKCE), a mobile client (app scheme callback), a machine client
 * (client_credentials), a Cognito-prefix domain, and a REST API with one method per access mode.
 */
export class ExampleStack extends Stack {
  public readonly auth: CognitoApiAuth;
  public readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
    const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Create and change items' });

    this.auth = new CognitoApiAuth(this, 'Auth', {
      resourceServerIdentifier: 'com.example.api',
      scopes: [read, write],
      domain: HostedUiDomain.cognitoPrefix('example-items-auth'),
    });

    this.auth.addUserClient('WebClient', {
      callbackUrls: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      logoutUrls: ['https://app.example.com/', 'http://localhost:3000/'],
      oidcScopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
      scopes: [read],
    });
    this.auth.addUserClient('MobileClient', {
      callbackUrls: ['exampleapp://auth/login'],
      logoutUrls: ['exampleapp://auth/logout'],
      scopes: [read, write],
    });
    this.auth.addMachineClient('MachineClient', { scopes: [read, write] });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: 'example-items-api',
      defaultCorsPreflightOptions: {
        allowOrigins: ['https://app.example.com'],
        allowHeaders: apigateway.Cors.DEFAULT_HEADERS,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
      },
    });
    this.auth.addCorsGatewayResponses(this.api, { allowOrigin: 'https://app.example.com' });

    const items = this.api.root.addResource('items');
    // Access tokens with com.example.api/read (web, mobile, machine clients).
    items.addMethod('GET', mock('{"items": []}'), withCors(this.auth.requireScopes(read)));
    // Access tokens with com.example.api/write (mobile and machine clients).
    items.addMethod('POST', mock('{"created": true}'), withCors(this.auth.requireScopes(write)));
    // ID tokens (no scopes on the method).
    this.api.root.addResource('me').addMethod('GET', mock('{"sub": "$context.authorizer.claims.sub"}'), withCors(this.auth.requireIdToken()));
    // Deliberately public: say so to cdk-nag too.
    const health = this.api.root.addResource('health').addMethod('GET', mock('{"ok": true}'), withCors(this.auth.allowPublic()));
    for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'cdk-cognito-scopes::PublicMethodOnCognitoApi']) {
      Validations.of(health).acknowledge({ id, reason: 'GET /health is a deliberately public health check (allowPublic()); it returns no data.' });
    }
  }
}

/** Declares the CORS header on the 200 response so the integration may set it. */
export function withCors(options: apigateway.MethodOptions): apigateway.MethodOptions {
  return {
    ...options,
    methodResponses: [{ statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }],
  };
}

/** A MockIntegration answering 200 with a fixed JSON body and a CORS origin (no Lambda, no assets). */
export function mock(body: string, origin = 'https://app.example.com'): apigateway.MockIntegration {
  return new apigateway.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{
      statusCode: '200',
      responseTemplates: { 'application/json': body },
      responseParameters: { 'method.response.header.Access-Control-Allow-Origin': `'${origin}'` },
    }],
  });
}

/** Builds the example app's stack into the given app. */
export function buildExampleApp(app: App): ExampleStack {
  return new ExampleStack(app, 'CognitoScopesExample', { env: { region: 'us-east-1' } });
}
