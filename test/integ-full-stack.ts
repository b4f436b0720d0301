/**
 * The stack under test of the integration test (test/integ.full.ts), and the statuses its assertions expect.
 * Kept apart from the integ app so that jest tests (test/integ-expectations.test.ts) import it without
 * @aws-cdk/integ-tests-alpha, which the peer-floor run does not install.
 */
import { Aws, Duration, Fn, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { mock, withCors } from '../example/example-stack';
import { CognitoApiAuth, HostedUiDomain } from '../src';

export const ORIGIN = 'https://app.example.com';
export const TEST_USER = 'integ-user@example.com';

/**
 * The HTTP status every probe call is asserted to get, by probe mode (`machine`: the machine
 * client's access token with `com.example.api/read` only; `user`: the test user's ID token;
 * `anonymous`: no token). Keys without a prefix are REST API calls, `http...` HTTP API calls.
 * The 403s of the HTTP API are believed, not documented (see the header comment).
 */
export const EXPECTED_STATUSES = {
  machine: { getItems: 200, postItems: 401, getMe: 401, httpGetItems: 200, httpPostItems: 403, httpGetMe: 200 },
  user: { getItems: 401, getMe: 200, httpGetItems: 403, httpGetMe: 200 },
  anonymous: { health: 200, getItems: 401, httpHealth: 200, httpGetItems: 401 },
} as const;

/** Properties of {@link FullConfigurationStack}. */
export interface FullConfigurationStackProps extends StackProps {
  /**
   * Add the test client to the HTTP API authorizer's audience. `false` only in the jest test that
   * shows why it is needed (its ID token then gets 401 on the HTTP API).
   *
   * @default true
   */
  readonly testClientInHttpAudience?: boolean;
}

/** The configuration under test: the same shape as example/example-stack.ts, but disposable. */
export class FullConfigurationStack extends Stack {
  public readonly auth: CognitoApiAuth;
  public readonly api: apigateway.RestApi;
  public readonly httpApi: apigwv2.HttpApi;
  public readonly webClient: cognito.UserPoolClient;
  public readonly mobileClient: cognito.UserPoolClient;
  public readonly machineClient: cognito.UserPoolClient;
  /** Test-only client with ADMIN_USER_PASSWORD_AUTH, used to get an ID token. Not a library client. */
  public readonly testClient: cognito.UserPoolClient;
  /** The HTTP API's integration: HTTP APIs have no mock integration. */
  public readonly httpBackend: lambda.Function;
  public readonly probe: lambda.Function;

  constructor(scope: Construct, id: string, props: FullConfigurationStackProps = {}) {
    super(scope, id, props);

    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
    const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Create and change items' });

    this.auth = new CognitoApiAuth(this, 'Auth', {
      resourceServerIdentifier: 'com.example.api',
      scopes: [read, write],
      // Domain prefixes are unique per region across all accounts: derive it from the account id.
      domain: HostedUiDomain.cognitoPrefix(Fn.join('', ['scopes-integ-', Aws.ACCOUNT_ID])),
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });

    this.webClient = this.auth.addUserClient('WebClient', {
      callbackUrls: [`${ORIGIN}/callback`, 'http://localhost:3000/callback'],
      logoutUrls: [`${ORIGIN}/`, 'http://localhost:3000/'],
      oidcScopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
      scopes: [read],
    });
    this.mobileClient = this.auth.addUserClient('MobileClient', {
      callbackUrls: ['exampleapp://auth/login'],
      logoutUrls: ['exampleapp://auth/logout'],
      scopes: [read, write],
    });
    this.machineClient = this.auth.addMachineClient('MachineClient', { scopes: [read, write] });

    this.testClient = new cognito.UserPoolClient(this, 'IntegTestClient', {
      userPool: this.auth.userPool,
      authFlows: { adminUserPassword: true },
      generateSecret: false,
      disableOAuth: true,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: 'cdk-cognito-scopes-integ',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: false,
      defaultCorsPreflightOptions: {
        allowOrigins: [ORIGIN],
        allowHeaders: apigateway.Cors.DEFAULT_HEADERS,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
      },
    });
    this.auth.addCorsGatewayResponses(this.api, { allowOrigin: ORIGIN });

    const items = this.api.root.addResource('items');
    items.addMethod('GET', mock('{"items": []}', ORIGIN), withCors(this.auth.requireScopes(read)));
    items.addMethod('POST', mock('{"created": true}', ORIGIN), withCors(this.auth.requireScopes(write)));
    this.api.root.addResource('me').addMethod('GET', mock('{"sub": "$context.authorizer.claims.sub"}', ORIGIN), withCors(this.auth.requireIdToken()));
    this.api.root.addResource('health').addMethod('GET', mock('{"ok": true}', ORIGIN), withCors(this.auth.allowPublic()));

    // The same scopes and callers on an HTTP API. CORS: API Gateway answers preflights itself.
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: 'cdk-cognito-scopes-integ-http',
      corsPreflight: {
        allowOrigins: [ORIGIN],
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
      },
    });
    // HTTP APIs have no mock integration: one small Lambda (inline code, no asset) answers every route.
    this.httpBackend = this.inlineFunction('HttpBackend', HTTP_BACKEND_CODE, Duration.seconds(10));
    const integration = new HttpLambdaIntegration('Backend', this.httpBackend);
    const GET = [apigwv2.HttpMethod.GET];
    this.httpApi.addRoutes({ path: '/items', methods: GET, integration, ...this.auth.httpRouteScopes(read) });
    this.httpApi.addRoutes({ path: '/items', methods: [apigwv2.HttpMethod.POST], integration, ...this.auth.httpRouteScopes(write) });
    const [me] = this.httpApi.addRoutes({ path: '/me', methods: GET, integration, ...this.auth.httpRouteAnyToken() });
    Validations.of(me).acknowledge({
      id: 'cdk-cognito-scopes::UnscopedJwtRoute',
      reason: 'GET /me deliberately takes any token of the audience clients (ID or access): it returns the caller\'s own sub.',
    });
    const [health] = this.httpApi.addRoutes({ path: '/health', methods: GET, integration });
    Validations.of(health).acknowledge({
      id: 'cdk-cognito-scopes::PublicMethodOnCognitoApi',
      reason: 'GET /health is a deliberately public health check; it returns no data.',
    });
    // The audience is every client the construct creates. The test client is created here, not by the
    // construct, so it is not in it: without this line the ID token's `aud` (the test client's id) is
    // not in the audience and every ID-token call on the HTTP API gets 401, whatever the route.
    if (props.testClientInHttpAudience ?? true) {
      this.auth.addHttpAudience(this.testClient.userPoolClientId);
    }

    // Calls the APIs the way a client does. Inline code: no asset, deterministic snapshot.
    this.probe = this.inlineFunction('Probe', PROBE_CODE, Duration.seconds(60), {
      API_URL: this.api.url,
      HTTP_API_URL: this.httpApi.url!,
      TOKEN_ENDPOINT: this.auth.tokenEndpoint!,
      USER_POOL_ID: this.auth.userPool.userPoolId,
      MACHINE_CLIENT_ID: this.machineClient.userPoolClientId,
      READ_SCOPE: this.auth.fullScopeName(read),
      ORIGIN,
    });
    this.probe.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cognito-idp:DescribeUserPoolClient'],
      resources: [this.auth.userPool.userPoolArn],
    }));
  }

  /** A Node.js Lambda with inline code (no asset: a deterministic snapshot) and a one-week log group removed with the stack. */
  private inlineFunction(id: string, code: string, timeout: Duration, environment?: Record<string, string>): lambda.Function {
    return new lambda.Function(this, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(code),
      timeout,
      logGroup: new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY }),
      environment,
    });
  }
}

/**
 * The HTTP API's backend (payload format 2.0): 200 with the route key and, behind the JWT
 * authorizer, the token's `sub` claim as API Gateway passes it to the integration.
 */
const HTTP_BACKEND_CODE = `
exports.handler = async (event) => {
  const jwt = event.requestContext && event.requestContext.authorizer && event.requestContext.authorizer.jwt;
  const body = { route: event.routeKey };
  if (jwt && jwt.claims) body.sub = jwt.claims.sub;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
};
`;

/**
 * The probe. `{ mode: 'machine' }`: reads the machine client's secret, gets a client_credentials
 * token for the read scope, calls GET /items, POST /items and GET /me on both APIs with it.
 * `{ mode: 'user', idToken }`: calls GET /items and GET /me on both APIs with the ID token.
 * `{ mode: 'anonymous' }`: calls GET /health and GET /items on both APIs without a token.
 * Returns status codes (REST keys plain, HTTP API keys prefixed `http`) and whether GET /me on the
 * HTTP API received a `sub` claim, never a token or a secret, so the assertion compares small,
 * stable JSON.
 */
const PROBE_CODE = `
const { CognitoIdentityProviderClient, DescribeUserPoolClientCommand } = require('@aws-sdk/client-cognito-identity-provider');
const env = process.env;
async function call(base, path, token, method) {
  const headers = { Origin: env.ORIGIN, 'Content-Type': 'application/json' };
  if (token) headers.Authorization = token;
  const res = await fetch(base + path, { method: method || 'GET', headers, body: method === 'POST' ? '{}' : undefined });
  let body;
  try { body = await res.json(); } catch (e) { body = undefined; }
  return { status: res.status, origin: res.headers.get('access-control-allow-origin'), sub: body && typeof body.sub === 'string' && body.sub !== '' };
}
const rest = (path, token, method) => call(env.API_URL, path, token, method);
const http = (path, token, method) => call(env.HTTP_API_URL, path, token, method);
async function machineToken() {
  const cip = new CognitoIdentityProviderClient({});
  const out = await cip.send(new DescribeUserPoolClientCommand({ UserPoolId: env.USER_POOL_ID, ClientId: env.MACHINE_CLIENT_ID }));
  const c = out.UserPoolClient;
  const res = await fetch(env.TOKEN_ENDPOINT, {
    method: 'POST',
    headers: {
      Authorization: 'Basic ' + Buffer.from(c.ClientId + ':' + c.ClientSecret).toString('base64'),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: env.READ_SCOPE }).toString(),
  });
  if (res.status !== 200) return { tokenStatus: res.status };
  const token = (await res.json()).access_token;
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  return { tokenStatus: 200, token, scope: claims.scope, tokenUse: claims.token_use };
}
exports.handler = async (event) => {
  try {
    if (event.mode === 'machine') {
      const t = await machineToken();
      if (!t.token) return { tokenStatus: t.tokenStatus };
      const getItems = await rest('items', t.token);
      const postItems = await rest('items', t.token, 'POST');
      const getMe = await rest('me', t.token);
      const httpGetItems = await http('items', t.token);
      const httpPostItems = await http('items', t.token, 'POST');
      const httpGetMe = await http('me', t.token);
      return {
        tokenStatus: t.tokenStatus, tokenUse: t.tokenUse, tokenScope: t.scope,
        getItems: getItems.status, postItems: postItems.status, postItemsCorsOrigin: postItems.origin, getMe: getMe.status,
        httpGetItems: httpGetItems.status, httpPostItems: httpPostItems.status, httpGetMe: httpGetMe.status, httpGetMeSub: httpGetMe.sub,
      };
    }
    if (event.mode === 'user') {
      const getItems = await rest('items', event.idToken);
      const getMe = await rest('me', event.idToken);
      const httpGetItems = await http('items', event.idToken);
      const httpGetMe = await http('me', event.idToken);
      return {
        getItems: getItems.status, getItemsCorsOrigin: getItems.origin, getMe: getMe.status,
        httpGetItems: httpGetItems.status, httpGetMe: httpGetMe.status, httpGetMeSub: httpGetMe.sub,
      };
    }
    if (event.mode === 'anonymous') {
      const health = await rest('health');
      const getItems = await rest('items');
      const httpHealth = await http('health');
      const httpGetItems = await http('items');
      return { health: health.status, getItems: getItems.status, httpHealth: httpHealth.status, httpGetItems: httpGetItems.status };
    }
    return { error: 'unknown mode: ' + event.mode };
  } catch (e) {
    return { error: String((e && e.message) || e) };
  }
};
`;
