/**
 * Integration test of the full configuration, against the real services.
 *
 * Offline (part of `npm test`): `scripts/integ-snapshot.ts` synthesizes this app and compares it
 * with the committed snapshot in `test/integ.full.ts.snapshot/` (integ-runner's layout). Nothing
 * is deployed.
 *
 * With an AWS account (bootstrapped with `cdk bootstrap`): `scripts/integ-deploy.sh` deploys the
 * test stack and the assertion stack, which runs the assertions, then destroys both. Every
 * assertion waits and retries (`waitForAssertions`), so a failed assertion fails the deployment.
 * With an integ-runner that reads cloud-assembly schema 55 (newer than 2.197.10):
 *
 *   npx integ-runner --directory test --language typescript --app "npx tsx {filePath}" \
 *     --update-on-failed --force --parallel-regions us-east-1
 *
 * What is asserted once deployed:
 *  (a) a client_credentials access token carrying only `read` gets 200 on GET /items (read),
 *      401 on POST /items (write), 401 on GET /me (ID-token method); the 401 carries the CORS
 *      header set by addCorsGatewayResponses();
 *  (b) an ID token gets 401 on GET /items (scoped) and 200 on GET /me;
 *  (c) the app clients carry the full scope identifiers (`com.example.api/read`, not `read`);
 *  (d) GET /health answers 200 without a token.
 *
 * The client secret never leaves the probe Lambda (it is read there with DescribeUserPoolClient),
 * and the probe's code is inline, so the snapshot has no asset that depends on this repository.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aws, Duration, Fn, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { mock, withCors } from '../example/example-stack';
import { CognitoApiAuth, HostedUiDomain } from '../src';

const ORIGIN = 'https://app.example.com';
const TEST_USER = 'integ-user@example.com';

/** The configuration under test: the same shape as example/example-stack.ts, but disposable. */
class FullConfigurationStack extends Stack {
  public readonly auth: CognitoApiAuth;
  public readonly api: apigateway.RestApi;
  public readonly webClient: cognito.UserPoolClient;
  public readonly mobileClient: cognito.UserPoolClient;
  /** Test-only client with ADMIN_USER_PASSWORD_AUTH, used to get an ID token. Not a library client. */
  public readonly testClient: cognito.UserPoolClient;
  public readonly probe: lambda.Function;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
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
    const machineClient = this.auth.addMachineClient('MachineClient', { scopes: [read, write] });

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

    // Calls the API the way a client does. Inline code: no asset, deterministic snapshot.
    this.probe = new lambda.Function(this, 'Probe', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(PROBE_CODE),
      timeout: Duration.seconds(60),
      logGroup: new logs.LogGroup(this, 'ProbeLogs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY }),
      environment: {
        API_URL: this.api.url,
        TOKEN_ENDPOINT: this.auth.tokenEndpoint!,
        USER_POOL_ID: this.auth.userPool.userPoolId,
        MACHINE_CLIENT_ID: machineClient.userPoolClientId,
        READ_SCOPE: this.auth.fullScopeName(read),
        ORIGIN,
      },
    });
    this.probe.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cognito-idp:DescribeUserPoolClient'],
      resources: [this.auth.userPool.userPoolArn],
    }));
  }
}


/**
 * The probe. `{ mode: 'machine' }`: reads the machine client's secret, gets a client_credentials
 * token for the read scope, calls GET /items, POST /items and GET /me with it. `{ mode: 'user',
 * idToken }`: calls GET /items and GET /me with the ID token. Returns status codes only (never a
 * token or a secret), so the assertion compares small, stable JSON.
 */
const PROBE_CODE = `
const { CognitoIdentityProviderClient, DescribeUserPoolClientCommand } = require('@aws-sdk/client-cognito-identity-provider');
const env = process.env;
async function call(path, token, method) {
  const headers = { Origin: env.ORIGIN, 'Content-Type': 'application/json' };
  if (token) headers.Authorization = token;
  const res = await fetch(env.API_URL + path, { method: method || 'GET', headers, body: method === 'POST' ? '{}' : undefined });
  return { status: res.status, origin: res.headers.get('access-control-allow-origin') };
}
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
      const getItems = await call('items', t.token);
      const postItems = await call('items', t.token, 'POST');
      const getMe = await call('me', t.token);
      return {
        tokenStatus: t.tokenStatus, tokenUse: t.tokenUse, tokenScope: t.scope,
        getItems: getItems.status, postItems: postItems.status, postItemsCorsOrigin: postItems.origin, getMe: getMe.status,
      };
    }
    if (event.mode === 'user') {
      const getItems = await call('items', event.idToken);
      const getMe = await call('me', event.idToken);
      return { getItems: getItems.status, getItemsCorsOrigin: getItems.origin, getMe: getMe.status };
    }
    return { error: 'unknown mode: ' + event.mode };
  } catch (e) {
    return { error: String((e && e.message) || e) };
  }
};
`;

const app = new App();
const stack = new FullConfigurationStack(app, 'CognitoScopesIntegFull');
const integ = new IntegTest(app, 'FullConfiguration', {
  testCases: [stack],
  // The assertions create a user; deploying the old snapshot first and updating would create it twice.
  stackUpdateWorkflow: false,
});
// Waiting also makes a failed assertion fail the deployment (after the timeout), with or without integ-runner.
const retry = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) };
const once = { totalTimeout: Duration.minutes(2), interval: Duration.seconds(10) };

// (c) the app clients carry the full scope identifiers.
integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'describeUserPoolClient', {
  UserPoolId: stack.auth.userPool.userPoolId,
  ClientId: stack.webClient.userPoolClientId,
}).expect(ExpectedResult.objectLike({
  UserPoolClient: Match.objectLike({ AllowedOAuthScopes: Match.arrayWith(['com.example.api/read']) }),
})).waitForAssertions(once);
integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'describeUserPoolClient', {
  UserPoolId: stack.auth.userPool.userPoolId,
  ClientId: stack.mobileClient.userPoolClientId,
}).expect(ExpectedResult.objectLike({
  UserPoolClient: Match.objectLike({ AllowedOAuthScopes: Match.arrayWith(['com.example.api/write']) }),
})).waitForAssertions(once);

// (d) the public method needs no token.
integ.assertions.httpApiCall(`${stack.api.url}health`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions(retry);

// (a) client_credentials token with `read` only.
integ.assertions.invokeFunction({
  functionName: stack.probe.functionName,
  payload: JSON.stringify({ mode: 'machine' }),
}).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson({
    tokenStatus: 200,
    tokenUse: 'access',
    tokenScope: 'com.example.api/read',
    getItems: 200,
    postItems: 401,
    postItemsCorsOrigin: ORIGIN,
    getMe: 401,
  }),
})).waitForAssertions(retry);

// (b) an ID token: a test user (password unique per deployment, derived from the stack id),
// signed in with ADMIN_USER_PASSWORD_AUTH on the test-only client.
const password = Fn.join('', ['Integ-', Fn.select(2, Fn.split('/', Aws.STACK_ID)), '-Aa1!']);
const createUser = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminCreateUser', {
  UserPoolId: stack.auth.userPool.userPoolId,
  Username: TEST_USER,
  MessageAction: 'SUPPRESS',
  UserAttributes: [{ Name: 'email', Value: TEST_USER }, { Name: 'email_verified', Value: 'true' }],
});
const setPassword = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminSetUserPassword', {
  UserPoolId: stack.auth.userPool.userPoolId,
  Username: TEST_USER,
  Password: password,
  Permanent: true,
});
Validations.of(setPassword).acknowledge({
  id: 'CloudFormation-Validate::W2501',
  reason: 'Test-only user in a disposable stack; the password is derived from the stack id at deploy time, never written in the template.',
});
const signIn = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminInitiateAuth', {
  UserPoolId: stack.auth.userPool.userPoolId,
  ClientId: stack.testClient.userPoolClientId,
  AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: TEST_USER, PASSWORD: password },
}, ['AuthenticationResult.IdToken']);
const withIdToken = integ.assertions.invokeFunction({
  functionName: stack.probe.functionName,
  // A plain string (not Stack.toJsonString): the provider JSON-encodes it once more, and only the
  // literal parts of a string can be escaped at synth time; a JWT needs no escaping.
  payload: `{"mode":"user","idToken":"${signIn.getAttString('AuthenticationResult.IdToken')}"}`,
}).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson({ getItems: 401, getItemsCorsOrigin: ORIGIN, getMe: 200 }),
})).waitForAssertions(retry);
createUser.next(setPassword).next(signIn).next(withIdToken);

app.synth();
