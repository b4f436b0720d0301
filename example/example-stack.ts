import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoApiAuth, HostedUiDomain } from '../src';

/**
 * The setup users most often get wrong, done right: a resource server with `read` and `write`,
 * a web client (code + PKCE), a mobile client (app scheme callback), a machine client
 * (client_credentials), a Cognito-prefix domain, a REST API with one method per access mode, and an
 * HTTP API with the same scopes and callers (JWT authorizer whose audience is every client).
 */
export class ExampleStack extends Stack {
  public readonly auth: CognitoApiAuth;
  public readonly api: apigateway.RestApi;
  public readonly httpApi: apigwv2.HttpApi;

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

    // The same scopes and callers on an HTTP API (API Gateway v2). CORS: API Gateway answers preflights itself.
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: 'example-items-http-api',
      corsPreflight: {
        allowOrigins: ['https://app.example.com'],
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
      },
    });
    const backend = (name: string) => new HttpUrlIntegration(name, `https://backend.example.com/${name.toLowerCase()}`);
    // Access tokens with com.example.api/read, of a client in the audience (web, mobile, machine).
    this.httpApi.addRoutes({ path: '/items', methods: [apigwv2.HttpMethod.GET], integration: backend('ListItems'), ...this.auth.httpRouteScopes(read) });
    // Access tokens with com.example.api/write (mobile and machine clients).
    this.httpApi.addRoutes({ path: '/items', methods: [apigwv2.HttpMethod.POST], integration: backend('CreateItem'), ...this.auth.httpRouteScopes(write) });
    // Any valid ID or access token of a client in the audience: HTTP APIs do not check token_use.
    const [me] = this.httpApi.addRoutes({ path: '/me', methods: [apigwv2.HttpMethod.GET], integration: backend('Me'), ...this.auth.httpRouteAnyToken() });
    Validations.of(me).acknowledge({
      id: 'cdk-cognito-scopes::UnscopedJwtRoute',
      reason: 'GET /me deliberately takes any token of the app\'s own clients (the audience): it returns the caller\'s own claims.',
    });
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
