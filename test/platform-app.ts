// A consumer-shaped platform app (issue 11): the platform stack owns the user pool; the orders
// stack passes it to `CognitoApiAuth` and builds its API on it.
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, HostedUiDomain } from '../src';

export interface PlatformAppOptions {
  /** Give the orders API a hosted-UI domain (default true); without one no token carries a custom scope. */
  readonly domain?: boolean;
  /** Add `GET /orders/export` with the short scope `read` on a plain `addMethod` (the mistake of issue 11). */
  readonly shortScope?: boolean;
  /** Require `orders/refunds.approve`, which no client may request, on `POST /refunds`. */
  readonly unrequestableScope?: boolean;
  /** Leave `orders/write` off the partner client (a client missing a scope the test kit should catch). */
  readonly partnerWithoutWrite?: boolean;
  /** App context (e.g. `aws:cdk:enable-path-metadata`). */
  readonly context?: Record<string, unknown>;
}

export interface PlatformApp {
  readonly app: App;
  readonly platform: PlatformStack;
  readonly orders: Stack;
  readonly auth: CognitoApiAuth;
  readonly api: apigateway.RestApi;
}

/** The platform team's stack: the user pool, shared by every API stack. */
export class PlatformStack extends Stack {
  public readonly pool: cognito.UserPool;

  constructor(scope: App, id: string) {
    super(scope, id, { env: { region: 'eu-west-1' } });
    this.pool = new cognito.UserPool(this, 'Users', { signInAliases: { email: true } });
  }
}

export const ORDERS_IDENTIFIER = 'https://orders.example.com';

/** PlatformStack (the pool) and OrdersStack (`CognitoApiAuth` on the platform's pool, three clients, six routes). */
export function buildPlatformApp(options: PlatformAppOptions = {}): PlatformApp {
  const app = new App({ context: options.context });
  const platform = new PlatformStack(app, 'PlatformStack');
  const orders = new Stack(app, 'OrdersStack', { env: { region: 'eu-west-1' } });
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read orders' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Place and change orders' });
  const admin = new cognito.ResourceServerScope({ scopeName: 'admin', scopeDescription: 'Administer orders' });
  const scopes = [read, write, admin];
  if (options.unrequestableScope) scopes.push(new cognito.ResourceServerScope({ scopeName: 'refunds.approve', scopeDescription: 'Approve refunds' }));
  const auth = new CognitoApiAuth(orders, 'OrdersAuth', {
    userPool: platform.pool,
    resourceServerIdentifier: ORDERS_IDENTIFIER,
    resourceServerName: 'orders',
    scopes,
    domain: options.domain === false ? undefined : HostedUiDomain.cognitoPrefix('orders-example-auth'),
  });
  auth.addUserClient('WebSpa', { callbackUrls: ['https://shop.example.com/callback'], scopes: [read, write] });
  auth.addMachineClient('Partner', { scopes: options.partnerWithoutWrite ? [read] : [read, write] });
  auth.addUserClient('Admin', { callbackUrls: ['https://admin.example.com/callback'], scopes: [read, admin] });

  const api = new apigateway.RestApi(orders, 'OrdersApi');
  const integration = new apigateway.MockIntegration();
  const ordersRes = api.root.addResource('orders');
  ordersRes.addMethod('GET', integration, auth.requireScopes(read));
  ordersRes.addMethod('POST', integration, auth.requireScopes(write));
  const one = ordersRes.addResource('{id}');
  one.addMethod('GET', integration, auth.requireScopes(read));
  one.addMethod('DELETE', integration, auth.requireScopes(admin));
  api.root.addResource('me').addMethod('GET', integration, auth.requireIdToken());
  api.root.addResource('health').addMethod('GET', integration, auth.allowPublic());
  if (options.shortScope) {
    // A plain aws-cdk-lib call with the scope written short: no token ever carries `read`.
    ordersRes.addResource('export').addMethod('GET', integration, {
      authorizer: auth.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['read'],
    });
  }
  if (options.unrequestableScope) {
    api.root.addResource('refunds').addMethod('POST', integration, auth.requireScopes(auth.scope('refunds.approve')));
  }
  return { app, platform, orders, auth, api };
}
