/**
 * The integration test's expectations (test/integ.full.ts, EXPECTED_STATUSES) against the library's own
 * simulator: for the same stack, the same tokens (the machine client's client_credentials token with
 * `com.example.api/read` only, the test client's ID token, no token) and the same requests, the test
 * kit must predict exactly the statuses the deployed assertions expect, on the REST API and on the
 * HTTP API. A status the simulator only believes (an assumption, not an AWS reference page) is listed
 * here, so the integ test's comment and the simulator cannot drift apart.
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { EXPECTED_STATUSES, FullConfigurationStack, FullConfigurationStackProps } from './integ-full-stack';
import { describeWithValidations, hasValidations } from './support/needs';
import { AuthMatrix, AuthSimulator, TestTokenIssuer, TestTokenKind } from '../src/testing';

type Mode = keyof typeof EXPECTED_STATUSES;

/** What each probe key calls (the probe's code in test/integ.full.ts): API, verb and path. */
const CALLS: Record<string, { api: 'rest' | 'http'; method: string; path: string }> = {
  getItems: { api: 'rest', method: 'GET', path: '/items' },
  postItems: { api: 'rest', method: 'POST', path: '/items' },
  getMe: { api: 'rest', method: 'GET', path: '/me' },
  health: { api: 'rest', method: 'GET', path: '/health' },
  httpGetItems: { api: 'http', method: 'GET', path: '/items' },
  httpPostItems: { api: 'http', method: 'POST', path: '/items' },
  httpGetMe: { api: 'http', method: 'GET', path: '/me' },
  httpHealth: { api: 'http', method: 'GET', path: '/health' },
};

/** The calls whose expected status is believed, not documented: the simulator states it as an assumption. */
const BELIEVED = ['machine httpPostItems 403', 'user httpGetItems 403'];

const logicalId = (stack: Stack, c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);

function setUp(props: FullConfigurationStackProps = {}) {
  const stack = new FullConfigurationStack(new App(), 'CognitoScopesIntegFull', props);
  const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_Integ123' });
  // Build every token before the simulator: they read the synthesized app, which is synthesized once.
  const tokens: Record<Mode, string | undefined> = {
    // The probe asks the token endpoint for client_credentials with scope com.example.api/read.
    machine: issuer.tokenFor(stack.machineClient, { scopes: ['com.example.api/read'] }),
    // The assertions sign in with ADMIN_USER_PASSWORD_AUTH on the test client: an InitiateAuth ID token.
    user: issuer.tokenFor(stack.testClient, { kind: TestTokenKind.ID }),
    anonymous: undefined,
  };
  const sim = AuthSimulator.fromStack(stack, { issuer });
  const apis = { rest: logicalId(stack, stack.api), http: logicalId(stack, stack.httpApi) };
  const simulate = (mode: Mode, key: string) => {
    const call = CALLS[key];
    return sim.simulate({ method: call.method, path: call.path, token: tokens[mode], restApi: apis[call.api] });
  };
  return { stack, simulate };
}

const cases = (Object.keys(EXPECTED_STATUSES) as Mode[]).flatMap((mode) =>
  Object.entries(EXPECTED_STATUSES[mode]).map(([key, status]) => ({ mode, key, status: status as number })));

// The integ stack acknowledges findings with Validations (aws-cdk-lib ≥ 2.257): skipped on the peer floor.
describeWithValidations('the integ assertions match the simulator', () => {
  const { simulate } = hasValidations ? setUp() : { simulate: undefined as never };

  test('every probe key is a known call', () => {
    expect(cases.map((c) => c.key).filter((k) => !(k in CALLS))).toEqual([]);
    // Both APIs are asserted in every mode, and every HTTP route at least once.
    expect(new Set(cases.filter((c) => c.key.startsWith('http')).map((c) => c.key))).toEqual(new Set(['httpGetItems', 'httpPostItems', 'httpGetMe', 'httpHealth']));
  });

  test.each(cases)('$mode: $key -> $status', ({ mode, key, status }) => {
    const r = simulate(mode, key);
    expect({ decided: r.decided, status: r.status, matched: r.matchedMethod }).toEqual({ decided: true, status, matched: `${CALLS[key].method} ${CALLS[key].path}` });
  });

  test('the believed statuses are exactly those the simulator states as assumptions', () => {
    const believed = cases
      .filter(({ mode, key }) => simulate(mode, key).assumptions.some((a) => /believed/.test(a) && /\b403\b/.test(a)))
      .map(({ mode, key, status }) => `${mode} ${key} ${status}`);
    expect(believed).toEqual(BELIEVED);
  });
});

describeWithValidations('the HTTP API audience', () => {
  test('it holds every client of the construct and the test client: each can call GET /me on the HTTP API', () => {
    const { stack } = setUp();
    const matrix = AuthMatrix.fromStack(stack);
    expect(matrix.undecided()).toEqual([]);
    const me = matrix.methodsFor('GET', '/me').find((m) => m.api === stack.httpApi.httpApiName)!;
    const clients = [...stack.auth.clients, stack.testClient].map((c) => c.node.id);
    expect(me.callers.filter((c) => clients.includes(c.caller)).map((c) => [c.caller, c.allowed])).toEqual(clients.map((c) => [c, true]));
  });

  test('without addHttpAudience() the test client\'s ID token would get 401 on every HTTP route', () => {
    const { simulate } = setUp({ testClientInHttpAudience: false });
    for (const key of ['httpGetItems', 'httpGetMe']) {
      const r = simulate('user', key);
      expect([r.status, r.checks.filter((c) => c.result === 'fail').map((c) => c.name)]).toEqual([401, ['audience']]);
    }
    // The REST API has no audience: its answers do not change.
    expect(simulate('user', 'getMe').status).toBe(EXPECTED_STATUSES.user.getMe);
  });
});
