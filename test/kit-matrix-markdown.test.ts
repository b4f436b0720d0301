import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthMatrix } from '../src/testing';

const SIGNED_IN_NOTE = '_signed-in user (InitiateAuth): any user signed in with InitiateAuth (SRP, USER_PASSWORD, the CLI, Amplify): its access token carries only `aws.cognito.signin.user.admin`._';

/** A pool with resource servers, a domain and a client allowed the given scopes, and an API with CORS. */
function app(options: { identifiers: string[]; methodScopes: string[]; paths: string[]; secondApi?: boolean }) {
  const stack = new Stack(new App(), 'Md', { env: { region: 'us-east-1' } });
  const pool = new cognito.UserPool(stack, 'Users');
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'md-example' } });
  const scopes: cognito.OAuthScope[] = [];
  for (const [i, identifier] of options.identifiers.entries()) {
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' });
    const server = pool.addResourceServer(`Rs${i}`, { identifier, scopes: [read] });
    scopes.push(cognito.OAuthScope.resourceServer(server, read));
  }
  pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes } });
  for (const name of options.secondApi ? ['Api', 'Other'] : ['Api']) {
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, `${name}Authorizer`, { cognitoUserPools: [pool] });
    const api = new apigateway.RestApi(stack, name, { restApiName: name, defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
    for (const p of options.paths) {
      api.root.resourceForPath(p).addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: options.methodScopes });
    }
  }
  return AuthMatrix.fromStack(stack);
}

const tableLines = (md: string) => md.split('\n').filter((l) => l.startsWith('|'));

describe('OPTIONS rows fold into one line per API in the Markdown', () => {
  test('the CORS preflights of one API: one line naming the paths; JSON keeps every row', () => {
    const m = app({ identifiers: ['com.example.items'], methodScopes: ['com.example.items/read'], paths: ['/items', '/orders'] });
    expect(tableLines(m.toMarkdown())).toEqual([
      '| Method | Path | Requires | Machine | signed-in user (InitiateAuth) |',
      '| --- | --- | --- | :---: | :---: |',
      '| `GET` | `/items` | access: `read` | ✅ `read` | ❌ [1] |',
      '| `GET` | `/orders` | access: `read` | ✅ `read` | ❌ [1] |',
      '| `OPTIONS` | 3 paths: `/`, `/items`, `/orders` | public | ✅ public | ✅ public |',
    ]);
    const json = JSON.parse(m.toJson());
    expect(json.methods.filter((r: any) => r.method === 'OPTIONS').map((r: any) => r.path)).toEqual(['/', '/items', '/orders']);
    expect(m.methods.filter((r) => r.method === 'OPTIONS')).toHaveLength(3);
  });

  test('one line per API; more than five paths are counted', () => {
    const m = app({ identifiers: ['com.example.items'], methodScopes: ['com.example.items/read'], paths: ['/a', '/b', '/c', '/d', '/e'], secondApi: true });
    const options = tableLines(m.toMarkdown()).filter((l) => l.includes('`OPTIONS`'));
    expect(options).toEqual([
      '| Api | `OPTIONS` | 6 paths: `/`, `/a`, `/b`, `/c`, `/d` and 1 more | public | ✅ public | ✅ public |',
      '| Other | `OPTIONS` | 6 paths: `/`, `/a`, `/b`, `/c`, `/d` and 1 more | public | ✅ public | ✅ public |',
    ]);
  });

  test('a preflight with other answers (protected by the authorizer) keeps a line of its own', () => {
    const stack = new Stack(new App(), 'Guarded');
    const pool = new cognito.UserPool(stack, 'Users');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
    const api = new apigateway.RestApi(stack, 'Api');
    for (const p of ['/a', '/b']) api.root.resourceForPath(p).addMethod('OPTIONS', new apigateway.MockIntegration());
    api.root.resourceForPath('/guarded').addMethod('OPTIONS', new apigateway.MockIntegration(), { authorizer });
    const lines = tableLines(AuthMatrix.fromStack(stack).toMarkdown());
    expect(lines.slice(2)).toEqual([
      '| `OPTIONS` | 2 paths: `/a`, `/b` | public | ✅ public |',
      '| `OPTIONS` | `/guarded` | ID token | ❌ [1] |',
    ]);
  });
});

describe('scopes by name, with a legend, when one resource server defines them', () => {
  test('one resource server: short names and a legend', () => {
    const md = app({ identifiers: ['https://api.example.com/items'], methodScopes: ['https://api.example.com/items/read', 'openid'], paths: ['/items'] }).toMarkdown();
    expect(tableLines(md)[2]).toBe('| `GET` | `/items` | access: `read` or `openid` | ✅ `read` | ❌ [1] |');
    expect(md).toContain('\n_Scopes by name are those of resource server `https://api.example.com/items`: `read` = `https://api.example.com/items/read`._\n\n' + SIGNED_IN_NOTE + '\n');
  });

  test('two resource servers: full names, no legend', () => {
    const md = app({ identifiers: ['com.example.items', 'com.example.orders'], methodScopes: ['com.example.items/read', 'com.example.orders/read'], paths: ['/items'] }).toMarkdown();
    expect(tableLines(md)[2]).toBe('| `GET` | `/items` | access: `com.example.items/read` or `com.example.orders/read` | ✅ `com.example.items/read` | ❌ [1] |');
    expect(md).not.toContain('Scopes by name');
  });

  test('a scope no resource server defines stays in full; a short scope written on a method keeps every name in full', () => {
    const undefinedScope = app({ identifiers: ['com.example.items'], methodScopes: ['com.example.items/read', 'com.example.items/nope'], paths: ['/items'] }).toMarkdown();
    expect(tableLines(undefinedScope)[2]).toBe('| `GET` | `/items` | access: `read` or `com.example.items/nope` | ✅ `read` | ❌ [1] |');
    const clash = app({ identifiers: ['com.example.items'], methodScopes: ['com.example.items/read', 'read'], paths: ['/items'] }).toMarkdown();
    expect(tableLines(clash)[2]).toBe('| `GET` | `/items` | access: `com.example.items/read` or `read` | ✅ `com.example.items/read` | ❌ [1] |');
    expect(clash).not.toContain('Scopes by name');
  });

  test('an identifier with Markdown in it stays one code span in the legend', () => {
    const md = app({ identifiers: ['a|b`c'], methodScopes: ['a|b`c/read'], paths: ['/items'] }).toMarkdown();
    expect(md).toContain('\n_Scopes by name are those of resource server ``a\\|b`c``: `read` = ``a\\|b`c/read``._\n');
  });
});

describe('the signed-in-user column appears only where a Cognito pool exists', () => {
  function noPool(iamMethod: boolean) {
    const stack = new Stack(new App(), 'NoPool');
    const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    if (iamMethod) api.root.addResource('iam').addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    return AuthMatrix.fromStack(stack);
  }

  test('no pool: no column and no note; the caller list keeps it', () => {
    const m = noPool(false);
    expect(m.toMarkdown()).toBe([
      '| Method | Path | Requires |',
      '| --- | --- | --- |',
      '| `GET` | `/` | public |',
      '| `OPTIONS` | `/` | public |',
      '',
      '',
    ].join('\n'));
    expect(m.callers).toEqual([AuthMatrix.SIGNED_IN_USER]);
    expect(JSON.parse(m.toJson()).methods[0].callers.map((c: any) => c.caller)).toEqual([AuthMatrix.SIGNED_IN_USER]);
  });

  test('no pool, but an undecided answer for the signed-in user: the column stays (an unknown is never dropped)', () => {
    const md = noPool(true).toMarkdown();
    expect(tableLines(md)).toEqual([
      '| Method | Path | Requires | signed-in user (InitiateAuth) |',
      '| --- | --- | --- | :---: |',
      '| `GET` | `/` | public | ✅ public |',
      '| `GET` | `/iam` | not-modelled | ❔ [1] |',
      '| `OPTIONS` | 2 paths: `/`, `/iam` | public | ✅ public |',
    ]);
    expect(md).toContain(SIGNED_IN_NOTE);
  });

  test('a pool: the column and its note', () => {
    const md = app({ identifiers: ['com.example.items'], methodScopes: ['com.example.items/read'], paths: ['/items'] }).toMarkdown();
    expect(tableLines(md)[0]).toBe('| Method | Path | Requires | Machine | signed-in user (InitiateAuth) |');
    expect(md).toContain(SIGNED_IN_NOTE);
  });
});
