import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthMatrix, AuthSimulator, TestTokenFlow, TestTokenIssuer, TestTokenKind } from '../src/testing';

const READ = 'com.example.items/read';
const WRITE = 'com.example.items/write';
const ADMIN = 'aws.cognito.signin.user.admin';

function buildApp() {
  const app = new App();
  const stack = new Stack(app, 'Kit', { env: { region: 'us-east-1' } });
  const pool = new cognito.UserPool(stack, 'Users');
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });
  const server = pool.addResourceServer('Items', { identifier: 'com.example.items', scopes: [read, write] });
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'kit-items' } });
  const callbackUrls = ['https://app.example.com/callback'];
  const web = pool.addClient('Web', {
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.resourceServer(server, read)],
      callbackUrls,
    },
  });
  const machine = pool.addClient('Machine', {
    generateSecret: true,
    accessTokenValidity: Duration.minutes(30),
    oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(server, write)] },
  });
  const noSecret = pool.addClient('NoSecret', {
    oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(server, write)] },
  });
  const spa = pool.addClient('Spa', {
    oAuth: { flows: { implicitCodeGrant: true }, scopes: [cognito.OAuthScope.resourceServer(server, read)], callbackUrls },
  });
  (spa.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
  const cli = pool.addClient('Cli', { authFlows: { userPassword: true }, disableOAuth: true });
  const scopesParam = new CfnParameter(stack, 'Scopes', { type: 'CommaDelimitedList' });
  const unresolved = pool.addClient('Unresolved', {
    oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls },
  });
  (unresolved.node.defaultChild as cognito.CfnUserPoolClient).allowedOAuthScopes = scopesParam.valueAsList;
  const imported = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Imported', 'abc123');

  const api = new apigateway.RestApi(stack, 'Api');
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  const items = api.root.addResource('items');
  items.addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: [READ] });
  items.addMethod('POST', new apigateway.MockIntegration(), { authorizer, authorizationScopes: [WRITE] });
  items.addResource('me').addMethod('GET', new apigateway.MockIntegration(), { authorizer });
  return { stack, web, machine, noSecret, spa, cli, unresolved, imported, server, read, write };
}

const { stack, web, machine, noSecret, spa, cli, unresolved, imported, server, read: readScope, write: writeScope } = buildApp();
const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_Kit123' });
const logicalId = (c: cognito.IUserPoolClient) => stack.resolve((c.node.defaultChild as cognito.CfnUserPoolClient).logicalId);

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

const MAY_WEB = 'Web is configured for code access tokens with openid email com.example.items/read, and ID tokens; InitiateAuth ID tokens and access tokens with aws.cognito.signin.user.admin only.';
const MAY_MACHINE = 'Machine is configured for client_credentials access tokens with com.example.items/write.';
const MAY_SPA = 'Spa is configured for implicit access tokens with com.example.items/read, no ID token (no openid).';
const MAY_CLI = 'Cli is configured for InitiateAuth ID tokens and access tokens with aws.cognito.signin.user.admin only.';

describe('tokenFor refuses what Cognito would not issue', () => {
  test.each<[string, () => string, string]>([
    ['a scope the client is not allowed', () => issuer.tokenFor(web, { scopes: [WRITE] }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token with ${WRITE} through the code flow: it is not allowed ${WRITE} (AllowedOAuthScopes). ${MAY_WEB} Fix: allow the client ${WRITE} (oAuth.scopes), or ask for a scope it may get.`],
    ['a short scope name', () => issuer.tokenFor(web, { scopes: ['read'] }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token with read through the code flow: \`read\` is not a full scope (identifier/name): no token ever carries it. ${MAY_WEB} Fix: write the scope in full (identifier/read).`],
    ['an ID token from client_credentials', () => issuer.tokenFor(machine, { kind: TestTokenKind.ID }),
      `TestTokenIssuer.tokenFor(Machine): Cognito would not issue an ID token through the client_credentials flow: client_credentials gives access tokens only, never an ID token. ${MAY_MACHINE} Fix: ask for an access token (kind ACCESS), or use a user client for an ID token.`],
    ['a built-in scope through client_credentials', () => issuer.tokenFor(machine, { scopes: ['openid'] }),
      `TestTokenIssuer.tokenFor(Machine): Cognito would not issue an access token with openid through the client_credentials flow: client_credentials tokens carry only custom scopes, never openid (users do not sign in through a machine client). ${MAY_MACHINE} Fix: ask for custom (resource server) scopes only.`],
    ['client_credentials without a secret', () => issuer.tokenFor(noSecret),
      `TestTokenIssuer.tokenFor(NoSecret): Cognito would not issue an access token through the client_credentials flow: client_credentials needs a client secret and it has none. NoSecret is configured for client_credentials access tokens with ${WRITE}. Fix: give the client a secret (generateSecret: true).`],
    ['a user in a client_credentials token', () => issuer.tokenFor(machine, { username: 'jane' }),
      `TestTokenIssuer.tokenFor(Machine): Cognito would not issue an access token through the client_credentials flow: a client_credentials token has no user: no username, groups or email. ${MAY_MACHINE} Fix: leave out username, groups and email.`],
    ['an OAuth ID token without openid', () => issuer.tokenFor(web, { kind: TestTokenKind.ID, scopes: [READ] }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an ID token through the code flow: the code flow gives an ID token only with the openid scope. ${MAY_WEB} Fix: ask for openid too, or for an InitiateAuth ID token (flow INITIATE_AUTH, no scopes).`],
    ['an ID token from a client without openid or InitiateAuth', () => issuer.tokenFor(spa, { kind: TestTokenKind.ID }),
      `TestTokenIssuer.tokenFor(Spa): Cognito would not issue an ID token through the implicit flow: the implicit flow gives an ID token only with the openid scope. ${MAY_SPA} Fix: ask for openid too.`],
    ['email without openid', () => issuer.tokenFor(web, { scopes: ['email', READ] }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token with email ${READ} through the code flow: email is granted only together with openid. ${MAY_WEB} Fix: add openid to the scopes.`],
    ['a custom scope through InitiateAuth', () => issuer.tokenFor(web, { flow: TestTokenFlow.INITIATE_AUTH, scopes: [READ] }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token with ${READ} through InitiateAuth: access tokens from InitiateAuth carry only ${ADMIN}. ${MAY_WEB} Fix: ask for that scope only, or for a token through an OAuth flow (code or implicit) of a client allowed these scopes.`],
    ['InitiateAuth on a client without auth flows', () => issuer.tokenFor(spa, { flow: TestTokenFlow.INITIATE_AUTH }),
      `TestTokenIssuer.tokenFor(Spa): Cognito would not issue an access token through InitiateAuth: it allows no InitiateAuth flow (its ExplicitAuthFlows list none of SRP, password, custom or choice-based auth). ${MAY_SPA} Fix: add an auth flow to the client (authFlows: { userSrp: true }), or ask for a token through its OAuth flow.`],
    ['a flow the client does not have', () => issuer.tokenFor(web, { flow: TestTokenFlow.IMPLICIT }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token through the implicit flow: its OAuth flows (code) do not include implicit. ${MAY_WEB} Fix: enable implicitCodeGrant in the client's oAuth.flows, or ask for a token through a flow it has.`],
    ['a scope from a client without OAuth', () => issuer.tokenFor(cli, { scopes: [READ] }),
      `TestTokenIssuer.tokenFor(Cli): Cognito would not issue an access token with ${READ} through the code flow: OAuth is not enabled on it (AllowedOAuthFlowsUserPoolClient is not true), so the hosted UI gives it no token. ${MAY_CLI} Fix: enable authorizationCodeGrant in the client's oAuth.flows, or ask for a token through a flow it has.`],
    ['an email claim in an access token', () => issuer.tokenFor(web, { email: 'jane@example.com' }),
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token: access tokens carry no email claim. ${MAY_WEB} Fix: leave out email, or ask for an ID token.`],
    ['a claim that replaces the scope', () => issuer.tokenFor(web, { claims: { scope: WRITE } }),
      'TestTokenIssuer.tokenFor(Web): claims may not replace the token\'s scope claim (Cognito sets it). Fix: use the matching option, or signPayload for a token Cognito would not issue.'],
    ['a validity Cognito does not allow', () => issuer.tokenFor(web, { expiresIn: Duration.days(2) }),
      'TestTokenIssuer.tokenFor(Web): Cognito issues tokens valid 5 minutes to 1 day: got expiresIn 172800 s. Fix: give an expiresIn in that range (issuedAt in the past makes an expired token).'],
  ])('%s', (_, mint, message) => {
    expect(mint).toThrow(new Error(message));
  });

  test('an unresolved configuration: no token on a guess (trust rule)', () => {
    expect(() => issuer.tokenFor(unresolved)).toThrow(new Error(
      'TestTokenIssuer.tokenFor(Unresolved): cannot tell whether Cognito would issue an access token through the code flow: its AllowedOAuthScopes could not be resolved (parameter Scopes has no value in the template); without a scope parameter Cognito gives every one of them. It mints only what the app shows Cognito would issue. Fix: resolve the client\'s OAuth scopes in the app, or give scopes.',
    ));
  });

  test('a kind or flow that is not one of the enum values (from JavaScript)', () => {
    expect(() => issuer.tokenFor(web, { kind: 'refresh' as TestTokenKind })).toThrow(new Error('TestTokenIssuer.tokenFor(Web): kind must be access or id: got refresh'));
    expect(() => issuer.tokenFor(web, { flow: 'password' as TestTokenFlow })).toThrow(new Error('TestTokenIssuer.tokenFor(Web): flow must be code, implicit, client_credentials, initiate_auth: got password'));
  });

  test('a token validity the template leaves unresolved: expiresIn must be given', () => {
    const app = new App();
    const s = new Stack(app, 'Validity', { env: { region: 'us-east-1' } });
    const pool = new cognito.UserPool(s, 'Pool');
    const client = pool.addClient('Client', { disableOAuth: true });
    (client.node.defaultChild as cognito.CfnUserPoolClient).accessTokenValidity = new CfnParameter(s, 'Hours', { type: 'Number' }).valueAsNumber;
    expect(() => issuer.tokenFor(client)).toThrow(new Error(
      "TestTokenIssuer.tokenFor(Client): cannot tell how long Cognito's token would be valid: its AccessTokenValidity could not be resolved (parameter Hours has no value in the template). Fix: give expiresIn.",
    ));
    const c = claims(issuer.tokenFor(client, { expiresIn: Duration.minutes(10) }));
    expect((c.exp as number) - (c.iat as number)).toBe(600);
  });

  test('a pool without a domain: no token from the hosted UI', () => {
    const app = new App();
    const s = new Stack(app, 'NoDomain', { env: { region: 'us-east-1' } });
    const pool = new cognito.UserPool(s, 'Pool');
    const client = pool.addClient('Client', { oAuth: { flows: { authorizationCodeGrant: true }, scopes: [cognito.OAuthScope.OPENID], callbackUrls: ['https://app.example.com/cb'] } });
    expect(() => issuer.tokenFor(client, { kind: TestTokenKind.ID, flow: TestTokenFlow.AUTHORIZATION_CODE, scopes: ['openid'] })).toThrow(new Error(
      'TestTokenIssuer.tokenFor(Client): Cognito would not issue an ID token through the code flow: its pool (Pool) has no domain, so there is no /oauth2/token endpoint to get scoped tokens from. Client is configured for code access tokens with openid, and ID tokens; InitiateAuth ID tokens and access tokens with aws.cognito.signin.user.admin only. Fix: add a domain to the user pool (pool.addDomain), or ask for an InitiateAuth token.',
    ));
    // Its InitiateAuth ID token is one it can get.
    expect(claims(issuer.tokenFor(client, { kind: TestTokenKind.ID })).token_use).toBe('id');
  });

  test('an imported client: its configuration is not in the app', () => {
    expect(() => issuer.tokenFor(imported)).toThrow(new Error(
      'TestTokenIssuer.tokenFor(Kit/Imported): the client is not created in this app (imported with fromUserPoolClientId?), so its configuration cannot be read and no token is minted on a guess. Fix: pass a client created in the app, or use mintAccessToken / mintIdToken.',
    ));
  });

  test('a client of a pool with another id than the issuer\'s', () => {
    const app = new App();
    const s = new Stack(app, 'Other', { env: { region: 'us-east-1' } });
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_Other9');
    const client = new cognito.UserPoolClient(s, 'Client', { userPool: pool, disableOAuth: true });
    const hostedUi = new cognito.UserPoolClient(s, 'HostedUi', { userPool: pool });
    expect(() => issuer.tokenFor(client)).toThrow(new Error(
      "TestTokenIssuer.tokenFor(Client): the client belongs to pool us-east-1_Other9, and this issuer mints tokens of us-east-1_Kit123. Fix: new TestTokenIssuer({ userPoolId: 'us-east-1_Other9' }).",
    ));
    const other = new TestTokenIssuer({ userPoolId: 'us-east-1_Other9' });
    expect(claims(other.tokenFor(client)).scope).toBe(ADMIN);
    // The pool is not in the app: whether it has a domain (/oauth2/authorize) is not known.
    expect(() => other.tokenFor(hostedUi, { scopes: ['openid'] })).toThrow(new Error(
      'TestTokenIssuer.tokenFor(HostedUi): cannot tell whether Cognito would issue an access token with openid through the code flow: its pool (us-east-1_Other9) is not defined in the templates given, so whether it has a domain (/oauth2/token) is not known; give the template that defines the pool. It mints only what the app shows Cognito would issue. Fix: make what the reason names resolvable in the app.',
    ));
  });
});

describe('tokenFor mints what Cognito would issue', () => {
  test('a code-flow access token with every scope the client is allowed (no scope parameter)', () => {
    const c = claims(issuer.tokenFor(web));
    expect(c).toMatchObject({
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Kit123',
      token_use: 'access',
      client_id: logicalId(web),
      scope: `openid email ${READ}`,
      username: 'test-user',
    });
    expect(c.aud).toBeUndefined();
    expect((c.exp as number) - (c.iat as number)).toBe(3600);
  });

  test('scopes as the OAuthScope objects given to the client', () => {
    const c = claims(issuer.tokenFor(web, { oauthScopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.resourceServer(server, readScope)] }));
    expect(c.scope).toBe(`openid ${READ}`);
    expect(() => issuer.tokenFor(web, { oauthScopes: [cognito.OAuthScope.resourceServer(server, writeScope)] })).toThrow(
      `TestTokenIssuer.tokenFor(Web): Cognito would not issue an access token with ${WRITE} through the code flow: it is not allowed ${WRITE} (AllowedOAuthScopes).`,
    );
  });

  test('the scopes asked for, a given client id, user and groups', () => {
    const c = claims(issuer.tokenFor(web, { scopes: [READ], clientId: '4abc', username: 'jane', groups: ['admins'] }));
    expect(c).toMatchObject({ 'token_use': 'access', 'client_id': '4abc', 'scope': READ, 'username': 'jane', 'cognito:groups': ['admins'] });
  });

  test('an ID token from InitiateAuth needs no openid', () => {
    const c = claims(issuer.tokenFor(cli, { kind: TestTokenKind.ID }));
    expect(c).toMatchObject({ 'token_use': 'id', 'aud': logicalId(cli), 'cognito:username': 'test-user' });
    expect(c.scope).toBeUndefined();
  });

  test('an ID token through the code flow with openid and email', () => {
    const c = claims(issuer.tokenFor(web, { kind: TestTokenKind.ID, scopes: ['openid', 'email'], email: 'jane@example.com' }));
    expect(c).toMatchObject({ token_use: 'id', aud: logicalId(web), email: 'jane@example.com', email_verified: true });
  });

  test('an InitiateAuth access token carries only the admin scope', () => {
    expect(claims(issuer.tokenFor(cli))).toMatchObject({ token_use: 'access', scope: ADMIN, client_id: logicalId(cli) });
    expect(claims(issuer.tokenFor(web, { scopes: [ADMIN] })).scope).toBe(ADMIN);
  });

  test('an implicit-flow access token', () => {
    expect(claims(issuer.tokenFor(spa))).toMatchObject({ token_use: 'access', scope: READ });
  });

  test('a client_credentials token: no user, custom scopes, the client\'s validity', () => {
    const c = claims(issuer.tokenFor(machine));
    expect(c).toMatchObject({ token_use: 'access', sub: logicalId(machine), client_id: logicalId(machine), scope: WRITE });
    expect(c.username).toBeUndefined();
    expect((c.exp as number) - (c.iat as number)).toBe(1800);
  });

  test('issuedAt and expiresIn, and extra claims', () => {
    const issuedAt = new Date('2026-01-01T00:00:00Z');
    const c = claims(issuer.tokenFor(web, { issuedAt, expiresIn: Duration.minutes(5), claims: { 'custom:tenant': 't1' } }));
    expect(c).toMatchObject({ 'iat': 1767225600, 'exp': 1767225900, 'custom:tenant': 't1' });
  });
});

describe('AuthSimulator with tokenFor', () => {
  const simulator = AuthSimulator.fromStack(stack, { issuer });
  const matrix = AuthMatrix.fromStack(stack);

  test('a method that accepts the client\'s real token answers 200', () => {
    expect(simulator.simulate({ method: 'GET', path: '/items', token: issuer.tokenFor(web, { scopes: [READ] }) }).status).toBe(200);
    expect(simulator.simulate({ method: 'POST', path: '/items', token: issuer.tokenFor(machine) }).status).toBe(200);
    expect(simulator.simulate({ method: 'GET', path: '/items/me', token: issuer.tokenFor(cli, { kind: TestTokenKind.ID }) }).status).toBe(200);
  });

  test('a client missing the method\'s scope: tokenFor refuses, where mintAccessToken would get a 200', () => {
    expect(simulator.simulate({ method: 'POST', path: '/items', token: issuer.mintAccessToken({ clientId: 'web', scopes: [WRITE] }) }).status).toBe(200);
    expect(() => issuer.tokenFor(web, { scopes: [WRITE] })).toThrow(/^TestTokenIssuer\.tokenFor\(Web\): Cognito would not issue an access token with com\.example\.items\/write through the code flow: it is not allowed com\.example\.items\/write \(AllowedOAuthScopes\)\./);
    // The client's real token is refused by the method.
    expect(simulator.simulate({ method: 'POST', path: '/items', token: issuer.tokenFor(web) }).status).toBe(401);
  });

  test('tokenFor and the matrix agree: a client the matrix lets in gets a token that passes, via the scope the matrix names', () => {
    const clients: Array<[string, cognito.IUserPoolClient]> = [['Web', web], ['Machine', machine], ['Spa', spa], ['Cli', cli]];
    for (const [name, client] of clients) {
      for (const m of matrix.methods) {
        if (m.method === 'OPTIONS') continue;
        const a = matrix.answer(name, m.method, m.path);
        const kind = m.requires.tokenUse === 'id' ? TestTokenKind.ID : TestTokenKind.ACCESS;
        if (a.answer === 'yes') {
          const scopes = kind === TestTokenKind.ID ? undefined : [a.via];
          const token = issuer.tokenFor(client, { kind, scopes });
          const status = simulator.simulate({ method: m.method, path: m.path, token }).status;
          expect([name, m.method, m.path, status]).toEqual([name, m.method, m.path, 200]);
        } else {
          expect(a.answer).toBe('no');
          for (const s of m.requires.scopes) expect(() => issuer.tokenFor(client, { kind, scopes: [s] })).toThrow(`TestTokenIssuer.tokenFor(${name}): Cognito would not issue`);
          if (m.requires.scopes.length === 0) expect(() => issuer.tokenFor(client, { kind })).toThrow(`TestTokenIssuer.tokenFor(${name}): Cognito would not issue`);
        }
      }
    }
  });
});
