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
 * What is asserted once deployed, on the REST API and on the HTTP API (API Gateway v2, JWT
 * authorizer) beside it, with the same scopes and callers:
 *  (a) a client_credentials access token carrying only `read`: REST 200 on GET /items (read), 401 on
 *      POST /items (write), 401 on GET /me (ID-token method), the 401 carrying the CORS header set by
 *      addCorsGatewayResponses(); HTTP 200 on GET /items, 403 on POST /items (a valid token without
 *      the route's scope: 403 `insufficient_scope`, BELIEVED, not stated in an AWS reference page;
 *      the simulator lists it as an assumption), 200 on GET /me (any token of an audience client),
 *      whose integration receives the token's `sub` claim;
 *  (b) an ID token: REST 401 on GET /items (scoped) and 200 on GET /me; HTTP 403 on GET /items (no
 *      `scope` claim: BELIEVED likewise) and 200 on GET /me (HTTP APIs do not check token_use);
 *  (c) the app clients carry the full scope identifiers (`com.example.api/read`, not `read`);
 *  (d) without a token: GET /health answers 200 on both APIs, GET /items 401 on both.
 * The statuses are in EXPECTED_STATUSES; test/integ-expectations.test.ts checks, offline, that the
 * library's AuthSimulator predicts exactly these for the same stack, tokens and requests.
 *
 * The client secret never leaves the probe Lambda (it is read there with DescribeUserPoolClient),
 * and the code of the probe and of the HTTP API's backend Lambda is inline, so the snapshot has no
 * asset that depends on this repository.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aws, Duration, Fn, Validations } from 'aws-cdk-lib';
import { EXPECTED_STATUSES, FullConfigurationStack, ORIGIN, TEST_USER } from './integ-full-stack';

/** The integ test app: the stack under test and its assertions. */
function integApp(): App {
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

  // (d) without a token: the public routes answer, the scoped ones refuse.
  integ.assertions.invokeFunction({
    functionName: stack.probe.functionName,
    payload: JSON.stringify({ mode: 'anonymous' }),
  }).expect(ExpectedResult.objectLike({
    Payload: Match.serializedJson({ ...EXPECTED_STATUSES.anonymous }),
  })).waitForAssertions(retry);

  // (a) client_credentials token with `read` only.
  integ.assertions.invokeFunction({
    functionName: stack.probe.functionName,
    payload: JSON.stringify({ mode: 'machine' }),
  }).expect(ExpectedResult.objectLike({
    Payload: Match.serializedJson({
      tokenStatus: 200,
      tokenUse: 'access',
      tokenScope: 'com.example.api/read',
      ...EXPECTED_STATUSES.machine,
      postItemsCorsOrigin: ORIGIN,
      httpGetMeSub: true,
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
    Payload: Match.serializedJson({ ...EXPECTED_STATUSES.user, getItemsCorsOrigin: ORIGIN, httpGetMeSub: true }),
  })).waitForAssertions(retry);
  createUser.next(setPassword).next(signIn).next(withIdToken);
  return app;
}

// Synthesized only when run as the app (integ-runner, scripts/integ-snapshot.ts, cdk deploy); a
// jest test imports the stack and EXPECTED_STATUSES without synthesizing the integ app.
if (require.main === module) {
  integApp().synth();
}
