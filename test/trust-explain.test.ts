/**
 * The trust rule (DESIGN.md §6) through `cognito-scopes explain`: a status only when every check that
 * matters was made and decides it; otherwise the open checks and the input that would decide each.
 * Every row was a wrong 200 (or a crash, a hang or a leak) before; each states the exact answer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { capture, fixtureOnDisk } from './cli-helpers';
import { READ, RawSigner, TRUST_POOL_ID, trustOnDisk, trustTemplate } from './simulator.fixtures';
import { main } from '../src/cli/main';
import { AuthSimulator, TestTokenIssuer } from '../src/testing';

const { dir, templateFile, jwksFile, signer } = trustOnDisk();
const POOL = `Pool=${TRUST_POOL_ID}`;
const NOW = Math.floor(Date.now() / 1000);

async function explain(...args: string[]) {
  const io = capture();
  const code = await main(['explain', ...args], io);
  return { code, ...io };
}

const id = (claims: Record<string, unknown> = {}) => signer.sign({ token_use: 'id', aud: 'web', scope: undefined, client_id: undefined, ...claims });
const access = (claims: Record<string, unknown> = {}) => signer.sign(claims);
/** A token signed by a key the JWKS does not have: forged. */
const forged = (() => {
  const other = new RawSigner('trust-key-1');
  return () => other.sign({});
})();
/** A token of exactly `length` characters (a padding claim); base64url cannot make every length, so pick one it can. */
function tokenOfLength(length: number): string {
  const estimate = Math.floor(((length - access({ pad: '' }).length) * 3) / 4);
  for (let pad = Math.max(0, estimate - 8); pad <= estimate + 8; pad++) {
    const t = access({ pad: 'x'.repeat(pad) });
    if (t.length === length) return t;
  }
  throw new Error(`no token of exactly ${length} characters: pick a length next to it`);
}

interface Row {
  readonly name: string;
  /** Arguments after `--template <file> --method GET`. */
  readonly args: () => string[];
  readonly code: number;
  /** JSON `status`: a number, or 'unknown'. */
  readonly status?: number | 'unknown';
  readonly wouldBe?: number | null;
  readonly refused?: boolean;
  readonly open?: string[];
  readonly message?: string;
  /** One check that must be in the answer: [name, result, detail]. */
  readonly check?: [string, string, string?];
  /** Exact first line of the text output. */
  readonly headline?: string;
  /** Exact stderr (bad input). */
  readonly stderr?: string;
  /** Template, instead of the trust template. */
  readonly template?: () => string;
}

const J = ['--jwks', jwksFile];
const P = ['--pool-id', POOL];
const both = [...J, ...P];
const QUOTA_OPEN = 'header-size (within 512 bytes of the 10,240-byte quota; the stage and the headers your client adds decide it)';
const REFUSAL = 'status of the header-quota refusal (API Gateway does not document it; never 200)';
const fx = fixtureOnDisk();

/**
 * The trust template plus: a method whose resource is a parameter (its path is unresolved), a `{id}`
 * resource under /items, and /idsrc whose authorizer's IdentitySource is a parameter.
 */
function withUnresolved(): string {
  const t = trustTemplate() as any;
  t.Parameters.LostResource = { Type: 'String' };
  t.Parameters.IdSource = { Type: 'String' };
  t.Resources.LostGet = { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'LostResource' }, HttpMethod: 'GET', AuthorizationType: 'NONE' } };
  t.Resources.ItemRes = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { Ref: 'ItemsRes' }, PathPart: '{id}' } };
  t.Resources.ItemGet = { ...t.Resources.MeGet, Properties: { ...t.Resources.MeGet.Properties, ResourceId: { Ref: 'ItemRes' } } };
  t.Resources.IdAuthz = { ...t.Resources.Authz, Properties: { ...t.Resources.Authz.Properties, IdentitySource: { Ref: 'IdSource' } } };
  t.Resources.IdSrcRes = { ...t.Resources.MeRes, Properties: { ...t.Resources.MeRes.Properties, PathPart: 'idsrc' } };
  t.Resources.IdSrcGet = { ...t.Resources.MeGet, Properties: { ...t.Resources.MeGet.Properties, ResourceId: { Ref: 'IdSrcRes' }, AuthorizerId: { Ref: 'IdAuthz' } } };
  const file = path.join(dir, 'unresolved.template.json');
  fs.writeFileSync(file, JSON.stringify(t));
  return file;
}

const ROWS: Row[] = [
  // 0. No route, but a method with an unresolved path may be the route: 403 only if it is not.
  {
    name: 'no resource matches, a method with an unresolved path exists: open',
    template: withUnresolved,
    args: () => ['--path', '/nope'],
    code: 1,
    status: 'unknown',
    wouldBe: 403,
    open: ['route (1 method(s) with an unresolved path, verb or API may match)'],
    headline: 'GET /nope → 403 only if: route (1 method(s) with an unresolved path, verb or API may match)',
  },
  {
    name: 'a route through {id} while a method path is unresolved: open, even for a token that fails',
    template: withUnresolved,
    args: () => ['--path', '/items/42'],
    code: 1,
    status: 'unknown',
    wouldBe: 401,
    open: ['route (1 method(s) with an unresolved path, verb or API may match more specifically)'],
    check: ['identity-source', 'fail'],
  },
  {
    name: 'a literal route with its own verb beats any unresolved method: decided',
    template: withUnresolved,
    args: () => ['--path', '/me', '--token', id(), ...both],
    code: 0,
    status: 200,
    check: ['route', 'pass', 'GET /me → method GET /me (MeGet)'],
  },
  {
    name: 'identity source unresolved, token given: open',
    template: withUnresolved,
    args: () => ['--path', '/idsrc', '--token', id(), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ["identity-source (the authorizer's IdentitySource could not be resolved: parameter IdSource has no value in the template)"],
    check: ['identity-source', 'unknown', "assumed header Authorization, which is present (the authorizer's IdentitySource could not be resolved: parameter IdSource has no value in the template)"],
  },
  {
    name: 'identity source unresolved, a request without any header: 401 whatever the header',
    template: withUnresolved,
    args: () => ['--path', '/idsrc', ...both],
    code: 0,
    status: 401,
    check: ['identity-source', 'fail', 'header Authorization is missing'],
  },
  {
    name: 'no resource matches, every path resolved: 403',
    args: () => ['--path', '/nope'],
    code: 0,
    status: 403,
    message: 'Missing Authentication Token',
  },
  // 1. Method scopes that cannot be resolved: never a 200 to any token.
  {
    name: 'scopes Fn::If, ID token: undecided, not 200',
    args: () => ['--path', '/if', '--token', id(), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ["token-use and scopes (the method's AuthorizationScopes could not be resolved: Fn::If is not evaluated)"],
    headline: "GET /if → 200 only if: token-use and scopes (the method's AuthorizationScopes could not be resolved: Fn::If is not evaluated)",
  },
  {
    name: 'scopes from a parameter without a default, access token: undecided',
    args: () => ['--path', '/param', '--token', access(), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ["token-use and scopes (the method's AuthorizationScopes could not be resolved: parameter ScopesParam has no value in the template)"],
  },
  {
    name: 'scopes [Ref to nothing], access token: the scope check is open',
    args: () => ['--path', '/nothing', '--token', access(), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ["scopes (some of the method's AuthorizationScopes could not be resolved: Nothing is not a resource or parameter of trust.template.json)"],
  },
  {
    name: 'scopes [Ref to nothing], ID token: the list is not empty, so an access token is needed: 401',
    args: () => ['--path', '/nothing', '--token', id(), ...both],
    code: 0,
    status: 401,
    message: 'Unauthorized',
    check: ['token-use', 'fail', 'token_use id; the method has scopes, so API Gateway needs an access token'],
  },
  {
    name: 'unresolved scopes, token_use refresh: refused whatever the scopes',
    args: () => ['--path', '/if', '--token', access({ token_use: 'refresh' }), ...both],
    code: 0,
    status: 401,
    check: ['token-use', 'fail', 'token_use refresh; API Gateway accepts only ID tokens (method without scopes) or access tokens (method with scopes)'],
  },
  // 2. Without --pool-id: an iss that can never be one of the authorizer's pools fails.
  {
    name: 'no iss',
    args: () => ['--path', '/items', '--token', access({ iss: undefined }), ...J],
    code: 0,
    status: 401,
    check: ['issuer', 'fail', 'iss (none); the authorizer accepts https://cognito-idp.<region>.amazonaws.com/<id of Pool>'],
  },
  {
    name: 'iss a number',
    args: () => ['--path', '/items', '--token', access({ iss: 42 }), ...J],
    code: 0,
    status: 401,
    check: ['issuer', 'fail', 'iss 42; the authorizer accepts https://cognito-idp.<region>.amazonaws.com/<id of Pool>'],
  },
  {
    name: 'iss https://evil.example',
    args: () => ['--path', '/items', '--token', access({ iss: 'https://evil.example' }), ...J],
    code: 0,
    status: 401,
    check: ['issuer', 'fail', 'iss https://evil.example; the authorizer accepts https://cognito-idp.<region>.amazonaws.com/<id of Pool>'],
  },
  {
    name: 'iss host region differs from the pool id region',
    args: () => ['--path', '/items', '--token', access({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_Abc123' }), ...J],
    code: 0,
    status: 401,
  },
  {
    name: 'iss of the right shape, pool id not given: open',
    args: () => ['--path', '/items', '--token', access(), ...J],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ['issuer pool id (pass --pool-id Pool=<region>_<id>)'],
  },
  {
    name: 'pool region known (cdk.out, us-east-1): iss of a pool in eu-west-1 fails',
    template: () => fx.cdkOut,
    args: () => ['--path', '/items/1', '--token', id({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123' }), ...J],
    code: 0,
    status: 401,
    check: ['issuer', 'fail', `iss https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123; the authorizer accepts https://cognito-idp.us-east-1.amazonaws.com/<id of ${fx.poolLogicalId}>`],
  },
  {
    name: 'pool region known (cdk.out, us-east-1): iss of a pool in us-east-1 is open',
    template: () => fx.cdkOut,
    args: () => ['--path', '/items/1', '--token', id(), ...J],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: [`issuer pool id (pass --pool-id ${fx.poolLogicalId}=<region>_<id>)`],
  },
  // 3. Without --jwks a forged token is not 200.
  {
    name: 'forged token, no --jwks',
    args: () => ['--path', '/items', '--token', forged(), ...P],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ['signature (pass --jwks)'],
    headline: 'GET /items → 200 only if: signature (pass --jwks)',
  },
  {
    name: 'forged token, with --jwks: 401',
    args: () => ['--path', '/items', '--token', forged(), ...both],
    code: 0,
    status: 401,
    check: ['signature', 'fail'],
  },
  {
    name: 'no --jwks, no --pool-id: both open, in check order',
    args: () => ['--path', '/items', '--token', access()],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    headline: 'GET /items → 200 only if: issuer pool id (pass --pool-id Pool=<region>_<id>), signature (pass --jwks)',
  },
  // 4. exp and --now.
  {
    name: 'no exp',
    args: () => ['--path', '/items', '--token', access({ exp: undefined }), ...both],
    code: 0,
    status: 401,
    message: 'Unauthorized',
    check: ['expiry', 'fail', 'the token has no exp claim; Cognito tokens always carry one, and API Gateway refuses a token without it'],
  },
  {
    name: 'exp not a number',
    args: () => ['--path', '/items', '--token', access({ exp: 'tomorrow' }), ...both],
    code: 0,
    status: 401,
    check: ['expiry', 'fail', 'exp is "tomorrow", not a number of epoch seconds; Cognito tokens always carry a numeric exp'],
  },
  {
    name: 'exp -1e13 (far in the past)',
    args: () => ['--path', '/items', '--token', access({ exp: -1e13 }), ...both, '--now', '1700000000'],
    code: 0,
    status: 401,
    message: 'The incoming token has expired',
    check: ['expiry', 'fail', 'expired at -10000000000000 epoch seconds (outside the dates a calendar shows) (10001700000000 s before 2023-11-14T22:13:20.000Z)'],
  },
  {
    name: 'exp 1e13 (beyond the dates a Date holds)',
    args: () => ['--path', '/items', '--token', access({ exp: 1e13 }), ...both, '--now', '1700000000'],
    code: 0,
    status: 200,
    check: ['expiry', 'pass', 'valid until 10000000000000 epoch seconds (outside the dates a calendar shows) (9998300000000 s after 2023-11-14T22:13:20.000Z)'],
  },
  {
    name: 'nbf far in the future is not a check of REST API Gateway: expiry still decided',
    args: () => ['--path', '/items', '--token', access({ nbf: 1e13, exp: 1700003600 }), ...both, '--now', '1700000000'],
    code: 0,
    status: 200,
    check: ['expiry', 'pass', 'valid until 2023-11-14T23:13:20.000Z (3600 s after 2023-11-14T22:13:20.000Z)'],
  },
  {
    name: 'exp 1e400 (Infinity)',
    args: () => ['--path', '/items', '--token', signer.signText(`{"iss":"https://cognito-idp.us-east-1.amazonaws.com/${TRUST_POOL_ID}","token_use":"access","scope":"${READ}","exp":1e400}`), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ["signature (aws-jwt-verify could not read the token's claims)", 'expiry (exp is not a finite number)'],
  },
  {
    name: '--now above 8.64e12',
    args: () => ['--path', '/items', '--now', '8640000000001'],
    code: 2,
    stderr: "cognito-scopes explain: --now must be epoch seconds from 0 to 8640000000000 (year 275760): got '8640000000001'\n",
  },
  {
    name: '--now negative',
    args: () => ['--path', '/items', '--now', '-5'],
    code: 2,
    stderr: "cognito-scopes explain: --now must be epoch seconds from 0 to 8640000000000 (year 275760): got '-5'\n",
  },
  {
    name: '--now not finite',
    args: () => ['--path', '/items', '--now', '9'.repeat(400)],
    code: 2,
    stderr: `cognito-scopes explain: --now must be epoch seconds from 0 to 8640000000000 (year 275760): got '${'9'.repeat(200)}… (200 more characters)'\n`,
  },
  // 5. The request-header quota: refused before the authorizer, status not documented.
  {
    name: 'token over the header quota',
    args: () => ['--path', '/items', '--token', tokenOfLength(11001), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: null,
    refused: true,
    open: [REFUSAL],
    check: ['header-size', 'fail', "the request line and header values are 11,020 bytes, over API Gateway's 10,240-byte quota on the request line and headers"],
    headline: 'GET /items → refused (status not documented; never 200): request line and headers over the 10,240-byte quota',
    message: 'request line and headers over the 10,240-byte quota',
  },
  {
    name: 'token within 512 bytes of the quota: open',
    args: () => ['--path', '/items', '--token', tokenOfLength(10001), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: [QUOTA_OPEN],
  },
  {
    name: 'token over the quota on an unknown path: refused too',
    args: () => ['--path', '/nope', '--token', tokenOfLength(11001), ...both],
    code: 1,
    status: 'unknown',
    refused: true,
  },
  // 6. Only `Bearer ` exactly is backed by evidence.
  {
    name: '"bearer " prefix',
    args: () => ['--path', '/items', '--token', `bearer ${access()}`, ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ['bearer-prefix ("bearer" is not known to be accepted; send "Bearer <token>" or the bare token)'],
  },
  {
    name: '"BEARER " prefix',
    args: () => ['--path', '/items', '--token', `BEARER ${access()}`, ...both],
    code: 1,
    status: 'unknown',
    open: ['bearer-prefix ("BEARER" is not known to be accepted; send "Bearer <token>" or the bare token)'],
  },
  {
    name: '"Bearer " prefix',
    args: () => ['--path', '/items', '--token', `Bearer ${access()}`, ...both],
    code: 0,
    status: 200,
    check: ['bearer-prefix', 'pass'],
  },
  // 7. The validation expression runs in linear time.
  {
    name: '(a+)+b against 40 a: no hang, 401',
    args: () => ['--path', '/redos', '--token', id({ aud: 'a'.repeat(40) }), ...both],
    code: 0,
    status: 401,
    check: ['validation-expression', 'fail', `aud ${'a'.repeat(40)} does not match /(a+)+b/`],
  },
  {
    name: '(a+)+b matches aaab in full',
    args: () => ['--path', '/redos', '--token', id({ aud: 'aaab' }), ...both],
    code: 0,
    status: 200,
  },
  {
    name: '(a+)+b does not match xaaab (full match)',
    args: () => ['--path', '/redos', '--token', id({ aud: 'xaaab' }), ...both],
    code: 0,
    status: 401,
  },
  {
    name: 'an expression RE2 cannot run is open',
    args: () => ['--path', '/lookahead', '--token', id(), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: 200,
    open: ['validation-expression (/(?=web)[a-z]+/ could not be run: RE2 syntax only)'],
  },
  // 8. Tokens never echoed; repeats refused without values.
  {
    name: '--token twice',
    args: () => ['--path', '/items', '--token', access(), '--token', id()],
    code: 2,
    stderr: 'cognito-scopes explain: --token given 2 times (give it once); values not shown\n',
  },
  {
    name: 'a positional argument that is not a token is shown',
    args: () => ['--path', '/items', 'my.template.json'],
    code: 2,
    stderr: "cognito-scopes explain: unexpected argument 'my.template.json' (give the template with --template, a token with --token)\n",
  },
  {
    name: 'a token as a positional argument',
    args: () => ['--path', '/items', access()],
    code: 2,
    stderr: 'cognito-scopes explain: unexpected argument (it looks like a token; not shown) (give the template with --template, a token with --token)\n',
  },
  // 9. Two REST APIs define the path: --api picks one; without it, refused.
  {
    name: 'ambiguous path without --api',
    args: () => ['--path', '/shared', '--token', id(), ...both],
    code: 2,
    stderr: 'cognito-scopes explain: GET /shared matches methods or routes of 2 APIs (items-api (Api), other-api (OtherApi)): choose one with --api <name or logical id>\n',
  },
  {
    name: '--api other-api (scoped): ID token refused, but its gateway response status is unresolved: no status',
    args: () => ['--path', '/shared', '--api', 'other-api', '--token', id(), ...both],
    code: 1,
    status: 'unknown',
    wouldBe: null,
    refused: false,
    open: ['gateway-response status (the StatusCode of OtherUnauthorized could not be resolved)'],
    check: ['token-use', 'fail'],
    headline: 'GET /shared → no decision (Unauthorized): gateway-response status (the StatusCode of OtherUnauthorized could not be resolved)',
  },
  {
    name: '--api OtherApi (logical id), access token with the scope: 200',
    args: () => ['--path', '/shared', '--api', 'OtherApi', '--token', access(), ...both],
    code: 0,
    status: 200,
  },
  {
    name: '--api Api (unscoped): ID token 200',
    args: () => ['--path', '/shared', '--api', 'Api', '--token', id(), ...both],
    code: 0,
    status: 200,
  },
  {
    name: 'unknown --api',
    args: () => ['--path', '/shared', '--api', 'nope'],
    code: 2,
    stderr: "cognito-scopes explain: no REST API named 'nope' has methods in the templates (APIs: items-api (Api), other-api (OtherApi))\n",
  },
  // 10. --pool-id repeats.
  {
    name: 'conflicting --pool-id',
    args: () => ['--path', '/items', '--pool-id', POOL, '--pool-id', 'Pool=us-east-1_Other1'],
    code: 2,
    stderr: `cognito-scopes explain: --pool-id Pool given two different ids: ${TRUST_POOL_ID} and us-east-1_Other1 (give one)\n`,
  },
  {
    name: 'identical --pool-id repeated',
    args: () => ['--path', '/items', '--token', access(), ...both, ...P],
    code: 0,
    status: 200,
  },
];

describe('explain: trust table', () => {
  test.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const args = ['--template', row.template?.() ?? templateFile, '--method', 'GET', ...row.args()];
    const tokens = args.filter((a) => a.split('.').length === 3 && a.length > 40 && !a.includes('/')).map((a) => a.replace(/^bearer /i, ''));
    const started = Date.now();
    const r = await explain(...args, '--format', 'json');
    expect(Date.now() - started).toBeLessThan(5000);
    for (const t of tokens) {
      expect(r.stdout).not.toContain(t.split('.')[1]);
      expect(r.stderr).not.toContain(t.split('.')[1]);
    }
    if (row.stderr !== undefined) {
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: row.code, stdout: '', stderr: row.stderr });
      return;
    }
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(r.code).toBe(row.code);
    expect(out.status).toBe(row.status);
    expect(out.decided).toBe(row.code === 0);
    if (out.decided) {
      expect({ wouldBe: out.wouldBe, open: out.open, refused: out.refused }).toEqual({ wouldBe: out.status, open: [], refused: false });
    } else {
      expect(out.open.length).toBeGreaterThan(0);
    }
    if (row.wouldBe !== undefined) expect(out.wouldBe).toBe(row.wouldBe);
    if (row.refused !== undefined) expect(out.refused).toBe(row.refused);
    if (row.open) expect(out.open).toEqual(row.open);
    if (row.message) expect(out.message).toBe(row.message);
    if (row.check) {
      const c = out.checks.find((x: any) => x.name === row.check![0]);
      expect(c?.result).toBe(row.check[1]);
      if (row.check[2] !== undefined) expect(c?.detail).toBe(row.check[2]);
    }
    const text = await explain(...args);
    expect(text.code).toBe(row.code);
    const first = text.stdout.split('\n')[0];
    if (row.headline) expect(first).toBe(row.headline);
    if (!out.decided) expect(first).not.toMatch(/→ 200 OK/);
    if (out.decided) expect(first).toBe(`GET ${args[args.indexOf('--path') + 1]} → ${out.status} ${out.message}`);
  });

  test('untrusted iss cannot print fake lines or terminal escapes', async () => {
    const iss = 'https://evil.example\n  pass    issuer: ok\u001b[32m\u202e';
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token', access({ iss }), ...both);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('GET /items → 401 Unauthorized');
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  pass    issuer'))).toEqual([]);
    expect(r.stdout).toContain('  FAIL    issuer: iss https://evil.example\\n  pass    issuer: ok\\u001b[32m\\u202e; the authorizer accepts');
  });

  test('JSON output writes characters a terminal acts on as escapes (names from the template are untrusted too)', async () => {
    const weird = 'Authz\u202e\u0085\u2028';
    const file = path.join(dir, 'weird.template.json');
    fs.writeFileSync(file, JSON.stringify(trustTemplate()).split('"Authz"').join(JSON.stringify(weird)));
    const r = await explain('--template', file, '--method', 'GET', '--path', '/items', '--token', access(), ...J, '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0085\u2028\u202e]/);
    const out = JSON.parse(r.stdout);
    expect(out.checks.find((c: any) => c.name === 'authorization').detail).toBe(`COGNITO_USER_POOLS authorizer ${weird}`);
    const text = await explain('--template', file, '--method', 'GET', '--path', '/items', '--token', access(), ...J);
    expect(text.stdout).toContain('  pass    authorization: COGNITO_USER_POOLS authorizer Authz\\u202e\\u0085\\u2028\n');
  });

  test('an unreadable --token-file names the file, never its content', async () => {
    const r = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token-file', path.join(dir, 'missing.txt'));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `cognito-scopes explain: --token-file ${path.join(dir, 'missing.txt')}: cannot read (no such file)\n` });
    const file = path.join(dir, 'token.txt');
    fs.writeFileSync(file, access());
    const twice = await explain('--template', templateFile, '--method', 'GET', '--path', '/items', '--token-file', file, '--token', access());
    expect({ code: twice.code, stderr: twice.stderr }).toEqual({ code: 2, stderr: 'cognito-scopes explain: give --token or --token-file, not both\n' });
  });
});

describe('test kit: no answer from unknown', () => {
  const kit = AuthSimulator.fromTemplateFile(templateFile, { jwks: signer.jwks, poolIds: { Pool: TRUST_POOL_ID } });

  test('simulate() throws on an undecided answer, naming the open checks; trySimulate() returns it', () => {
    const token = id();
    expect(() => kit.simulate({ method: 'GET', path: '/if', token })).toThrow(
      "AuthSimulator: GET /if is not decided, so simulate() gives no status: open: token-use and scopes (the method's AuthorizationScopes could not be resolved: Fn::If is not evaluated); it would be 200 if they pass (trySimulate() returns the undecided answer)",
    );
    const r = kit.trySimulate({ method: 'GET', path: '/if', token });
    expect({ decided: r.decided, status: r.status, wouldBe: r.wouldBe, refused: r.refused })
      .toEqual({ decided: false, status: undefined, wouldBe: 200, refused: false });
  });

  test('a refusal at the header quota: no status, never 200', () => {
    const token = tokenOfLength(11001);
    expect(() => kit.simulate({ method: 'GET', path: '/items', token })).toThrow(
      `AuthSimulator: GET /items is not decided, so simulate() gives no status: open: ${REFUSAL}; API Gateway refuses it with a status it does not document (never 200) (trySimulate() returns the undecided answer)`,
    );
    expect(kit.trySimulate({ method: 'GET', path: '/items', token })).toMatchObject({ decided: false, status: undefined, wouldBe: undefined, refused: true, open: [REFUSAL] });
  });

  test('a path two REST APIs define needs restApi', () => {
    expect(() => kit.simulate({ method: 'GET', path: '/shared', token: id() })).toThrow(
      'GET /shared matches methods or routes of 2 APIs (items-api (Api), other-api (OtherApi)): choose one with restApi',
    );
    expect(kit.simulate({ method: 'GET', path: '/shared', token: id(), restApi: 'items-api' }).status).toBe(200);
  });

  test('times out of range are clear errors, not RangeError', () => {
    expect(() => kit.simulate({ method: 'GET', path: '/items', token: access(), now: new Date(NaN) })).toThrow(
      'AuthSimulator: now must be a valid date from 1970-01-01T00:00:00Z on: got Invalid Date',
    );
    expect(() => kit.simulate({ method: 'GET', path: '/items', token: access(), now: new Date(-1000) })).toThrow(
      'AuthSimulator: now must be a valid date from 1970-01-01T00:00:00Z on: got 1969-12-31T23:59:59.000Z',
    );
    const issuer = new TestTokenIssuer({ userPoolId: TRUST_POOL_ID });
    expect(() => issuer.mintIdToken({ clientId: 'web', issuedAt: new Date(NaN) })).toThrow(
      'TestTokenIssuer: issuedAt must be a valid date from 1970-01-01T00:00:00Z on: got Invalid Date',
    );
    expect(() => issuer.mintAccessToken({ clientId: 'web', scopes: [READ], issuedAt: new Date(0), expiresIn: Duration.days(1e8 + 1) })).toThrow(
      'TestTokenIssuer: issuedAt plus expiresIn must end by 8640000000000 epoch seconds (the latest date JavaScript holds): got exp 8640000086400 (expiresIn 8640000086400 s)',
    );
  });
});

describe('differential: explain --format json and AuthSimulator never disagree', () => {
  const tokens: Array<[string, () => string]> = [
    ['access read', () => access()],
    ['id', () => id()],
    ['forged', forged],
    ['no exp', () => access({ exp: undefined })],
    ['expired', () => access({ iat: NOW - 7200, exp: NOW - 3600 })],
    ['iss evil', () => access({ iss: 'https://evil.example' })],
    ['iss other pool', () => id({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Else1' })],
    ['bearer lower case', () => `bearer ${id()}`],
    ['Bearer', () => `Bearer ${id()}`],
    ['exp 1e400', () => signer.signText(`{"iss":"https://cognito-idp.us-east-1.amazonaws.com/${TRUST_POOL_ID}","token_use":"id","aud":"web","exp":1e400}`)],
    ['near the quota', () => tokenOfLength(10001)],
    ['over the quota', () => tokenOfLength(11001)],
    ['none', () => ''],
  ];
  const templates: Array<[string, string, string[]]> = [
    ['trust', templateFile, ['/items', '/me', '/if', '/param', '/nothing', '/redos', '/lookahead', '/nope']],
    ['unresolved', withUnresolved(), ['/items/42', '/idsrc', '/me', '/nope']],
  ];
  const optionSets: Array<[string, string[], { jwks?: string; poolIds?: Record<string, string> }]> = [
    ['jwks and pool id', both, { jwks: signer.jwks, poolIds: { Pool: TRUST_POOL_ID } }],
    ['jwks', J, { jwks: signer.jwks }],
    ['pool id', P, { poolIds: { Pool: TRUST_POOL_ID } }],
    ['nothing', [], {}],
  ];
  const seen = { decided: 0, undecided: 0, statuses: new Set<unknown>() };

  describe.each(templates.flatMap(([t, file, paths]) => optionSets.map(([o, flags, kitOptions]) => [`${t} template, options: ${o}`, file, paths, flags, kitOptions] as const)))(
    '%s', (_name, file, paths, flags, kitOptions) => {
      const kit = AuthSimulator.fromTemplateFile(file, kitOptions);
      test.each(tokens)('token: %s', async (_t, make) => {
        const token = make();
        for (const p of paths) {
          const r = await explain('--template', file, '--method', 'GET', '--path', p, ...(token ? ['--token', token] : []), ...flags, '--now', String(NOW), '--format', 'json');
          expect(r.stderr).toBe('');
          const cli = JSON.parse(r.stdout);
          const k = kit.trySimulate({ method: 'GET', path: p, token: token || undefined, now: new Date(NOW * 1000) });
          const mine = { path: p, decided: k.decided, status: k.decided ? k.status : 'unknown', wouldBe: k.wouldBe ?? null, refused: k.refused, open: k.open.length };
          const theirs = { path: p, decided: cli.decided, status: cli.status, wouldBe: cli.wouldBe, refused: cli.refused, open: cli.open.length };
          expect(theirs).toEqual(mine);
          if (k.decided) expect(kit.simulate({ method: 'GET', path: p, token: token || undefined, now: new Date(NOW * 1000) }).status).toBe(k.status);
          else expect(() => kit.simulate({ method: 'GET', path: p, token: token || undefined, now: new Date(NOW * 1000) })).toThrow(/is not decided/);
          seen[k.decided ? 'decided' : 'undecided']++;
          seen.statuses.add(k.decided ? k.status : k.wouldBe);
        }
      });
    });

  afterAll(() => {
    // The comparison covered decided and undecided answers and several statuses.
    expect(seen.decided).toBeGreaterThan(20);
    expect(seen.undecided).toBeGreaterThan(20);
    expect([...seen.statuses].sort()).toEqual([200, 401, 403, undefined]);
  });
});
