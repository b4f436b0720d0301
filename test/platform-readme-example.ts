import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoApiAuth, HostedUiDomain } from '../src';

/** The platform team's stack: it owns the user pool. */
export class PlatformStack extends Stack {
  public readonly pool: cognito.UserPool;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.pool = new cognito.UserPool(this, 'Users', { signInAliases: { email: true } });
  }
}

export interface OrdersStackProps extends StackProps {
  readonly pool: cognito.IUserPool;
}

/** An API team's stack: resource server, clients, domain and authorizer on the shared pool. */
export class OrdersStack extends Stack {
  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id, props);
    const read = new cognito.ResourceServerScope({ scopeName: 'orders.read', scopeDescription: 'Read orders' });
    const auth = new CognitoApiAuth(this, 'Auth', {
      userPool: props.pool,
      resourceServerIdentifier: 'https://orders.example.com',
      scopes: [read],
      domain: HostedUiDomain.cognitoPrefix('orders-example-auth'),
    });
    auth.addMachineClient('Partner', { scopes: [read] });
    const api = new apigateway.RestApi(this, 'Api');
    api.root.addResource('orders').addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(read));
  }
}

export const app = new App();
const platform = new PlatformStack(app, 'Platform');
export const orders = new OrdersStack(app, 'Orders', { pool: platform.pool });
