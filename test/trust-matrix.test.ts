/**
 * The matrix answers yes, no or unknown, and never shows unknown as yes or no
 * (DESIGN.md §6): templates whose values the model cannot resolve give
 * `"allowed": null` with a why in JSON, ❔ in Markdown, exit 1 from the CLI,
 * and an error from every test-kit helper that would otherwise answer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from './cli-helpers';
import { Json, Tpl, baseline, method, withChanges } from './rules/fixtures';
import { main } from '../src/cli/main';
import { Access, anyOf } from '../src/private/simulator/capability';
import { AuthMatrix } from '../src/testing';

const SIGNED_IN = AuthMatrix.SIGNED_IN_USER;
const READ = 'com.example.api/read';
const WRITE = 'com.example.api/write';
const ONLY_ADMIN = "InitiateAuth access tokens carry only aws.cognito.signin.user.admin, never the method's scopes; their ID token is refused because the method has scopes";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-matrix-'));
let files = 0;
function onDisk(t: Tpl | Json): string {
  const f = path.join(dir, `t${files++}.template.json`);
  fs.writeFileSync(f, JSON.stringify(t));
  return f;
}

async function cli(...args: string[]) {
  const io = capture();
  const code = await main(['matrix', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** The message of the error `f` throws (fails when it does not throw). */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, got an answer');
}

/** JSON cells of one method: caller → [allowed, why]. */
function jsonCells(json: string, verb: string, p: string): Record<string, [boolean | null, string]> {
  const row = JSON.parse(json).methods.find((m: any) => m.method === verb && m.path === p);
  return Object.fromEntries(row.callers.map((c: any) => [c.caller, [c.allowed, c.why]]));
}

const matrixOf = (t: Tpl | Json) => AuthMatrix.fromTemplateJson(JSON.stringify(t));
const REFUSE = '. It answers only from values the templates resolve; answer() gives yes/no/unknown without throwing.';

describe('decided templates stay yes and no, exit 0', () => {
  test('baseline: every cell decided', async () => {
    const m = matrixOf(baseline());
    expect(m.undecided()).toEqual([]);
    expect(m.callersOf('GET', '/items')).toEqual(['Machine', 'Web']);
    expect(m.callersOf('POST', '/items')).toEqual(['Machine']);
    expect(m.canCall('Web', 'POST', '/items')).toBe(false);
    expect(m.canCall(SIGNED_IN, 'GET', '/items')).toBe(false);
    expect(m.answer('Web', 'post', '/items')).toEqual({
      caller: 'Web',
      method: 'POST',
      path: '/items',
      answer: 'no',
      decided: true,
      allowed: false,
      via: '',
      why: `it is not allowed ${WRITE} (AllowedOAuthScopes)`,
    });
    expect(m.answer('Machine', 'POST', '/items')).toEqual({
      caller: 'Machine',
      method: 'POST',
      path: '/items',
      answer: 'yes',
      decided: true,
      allowed: true,
      via: WRITE,
      why: `it is allowed ${WRITE} and gets it through the client_credentials flow`,
    });

    const r = await cli(onDisk(baseline()), '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(jsonCells(r.stdout, 'GET', '/items')).toEqual({
      Machine: [true, `it is allowed ${READ} and gets it through the client_credentials flow`],
      Web: [true, `it is allowed ${READ} and gets it through the code flow`],
      [SIGNED_IN]: [false, ONLY_ADMIN],
    });
    const md = await cli(onDisk(baseline()));
    expect(md.code).toBe(0);
    expect(md.stdout).not.toContain('❔');
  });
});

describe('authorizer ProviderARNs from a parameter without a default', () => {
  const t = withChanges({ ...baseline(), Parameters: { PoolArn: { Type: 'String' } } }, { Authz: { Properties: { ProviderARNs: [{ Ref: 'PoolArn' }] } } });
  const WHY = "unknown: its pool (Pool) may be one of the authorizer's pools: the authorizer's user pools (ProviderARNs) could not be resolved (parameter PoolArn has no value in the template); they decide whose tokens pass";
  const m = matrixOf(t);

  test('JSON: null with why; a no that holds for any pool stays a no; exit 1', async () => {
    const r = await cli(onDisk(t), '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cognito-scopes matrix: 3 of 6 answers could not be decided ("allowed": null); their why says what would decide them (exit 1)\n');
    expect(jsonCells(r.stdout, 'GET', '/items')).toEqual({ Machine: [null, WHY], Web: [null, WHY], [SIGNED_IN]: [false, ONLY_ADMIN] });
    // Web is not allowed the write scope: whichever pools the authorizer has, it cannot get in.
    expect(jsonCells(r.stdout, 'POST', '/items')).toEqual({
      Machine: [null, WHY],
      Web: [false, `it is not allowed ${WRITE} (AllowedOAuthScopes)`],
      [SIGNED_IN]: [false, ONLY_ADMIN],
    });
  });

  test('Markdown: ❔ with the reason as a note; exit 1', async () => {
    const r = await cli(onDisk(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cognito-scopes matrix: 3 of 6 answers could not be decided (❔); their why says what would decide them (exit 1)\n');
    expect(r.stdout).toContain('| `GET` | `/items` | access: `read` | ❔ [1] | ❔ [1] | ❌ [2] |\n');
    expect(r.stdout).toContain('| `POST` | `/items` | access: `write` | ❔ [1] | ❌ [3] | ❌ [2] |\n');
    expect(r.stdout).toContain("\n1. unknown: its pool (Pool) may be one of the authorizer's pools: the authorizer's user pools (ProviderARNs) could not be resolved (parameter PoolArn has no value in the template); they decide whose tokens pass\n");
    expect(r.stdout).toContain('_❔ 3 of 6 answers could not be decided from the templates: their notes say what could not be resolved and what would decide it._');
  });

  test('canCall and callersOf throw, naming the method, the undecided callers and why', () => {
    expect(thrown(() => m.canCall('Machine', 'GET', '/items'))).toBe(`AuthMatrix.canCall(GET /items): the matrix could not decide for 'Machine' (${WHY})${REFUSE}`);
    expect(thrown(() => m.callersOf('GET', '/items'))).toBe(`AuthMatrix.callersOf(GET /items): the matrix could not decide for 'Machine' (${WHY}); 'Web' (${WHY})${REFUSE}`);
    expect(thrown(() => m.callersOf('POST', '/items'))).toBe(`AuthMatrix.callersOf(POST /items): the matrix could not decide for 'Machine' (${WHY})${REFUSE}`);
    // Decided answers are still given.
    expect(m.canCall('Web', 'POST', '/items')).toBe(false);
    expect(m.canCall(SIGNED_IN, 'GET', '/items')).toBe(false);
    expect(m.answer('Machine', 'GET', '/items')).toEqual({ caller: 'Machine', method: 'GET', path: '/items', answer: 'unknown', decided: false, allowed: false, via: '', why: WHY });
    expect(m.undecided().map((a) => `${a.method} ${a.path} ${a.caller}`)).toEqual(['GET /items Machine', 'GET /items Web', 'POST /items Machine']);
    expect(m.methodsFor('GET', '/items')[0].callers[0]).toEqual({ caller: 'Machine', answer: 'unknown', decided: false, allowed: false, via: '', why: WHY });
  });
});

describe('client AllowedOAuthScopes from Fn::If', () => {
  const t = withChanges({ ...baseline(), Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } } as Tpl, {
    Web: { Properties: { AllowedOAuthScopes: { 'Fn::If': ['Prod', ['openid', READ], ['openid']] } } },
  });
  const why = (scope: string) => `unknown: its AllowedOAuthScopes could not be resolved (Fn::If is not evaluated); they decide whether it is allowed ${scope}`;

  test('JSON null for the client, the others decided; exit 1', async () => {
    const r = await cli(onDisk(t), '--format', 'json');
    expect(r.code).toBe(1);
    expect(jsonCells(r.stdout, 'GET', '/items')).toEqual({
      Machine: [true, `it is allowed ${READ} and gets it through the client_credentials flow`],
      Web: [null, why(READ)],
      [SIGNED_IN]: [false, ONLY_ADMIN],
    });
    expect(jsonCells(r.stdout, 'POST', '/items').Web).toEqual([null, why(WRITE)]);
  });

  test('Markdown ❔; canCall and callersOf throw', async () => {
    const r = await cli(onDisk(t));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| `GET` | `/items` | access: `read` | ✅ `read` | ❔ [1] | ❌ [2] |\n');
    expect(r.stdout).toContain('\n1. unknown: its AllowedOAuthScopes could not be resolved (Fn::If is not evaluated); they decide whether it is allowed com.example.api/read\n');
    const m = matrixOf(t);
    expect(thrown(() => m.canCall('Web', 'POST', '/items'))).toBe(`AuthMatrix.canCall(POST /items): the matrix could not decide for 'Web' (${why(WRITE)})${REFUSE}`);
    expect(thrown(() => m.callersOf('GET', '/items'))).toBe(`AuthMatrix.callersOf(GET /items): the matrix could not decide for 'Web' (${why(READ)})${REFUSE}`);
    expect(m.canCall('Machine', 'GET', '/items')).toBe(true);
  });
});

describe('method AuthorizationScopes from a Ref to nothing', () => {
  const t = withChanges(baseline(), { GetItems: { Properties: { AuthorizationScopes: { Ref: 'Nothing' } } } });
  const WHY = "unknown: the method's AuthorizationScopes could not be resolved (Nothing is not a resource or parameter of template); they decide which token (ID or access) and which scopes pass";

  test('every caller undecided, the method needs an unknown token; exit 1', async () => {
    const file = onDisk(t);
    const r = await cli(file, '--format', 'json');
    expect(r.code).toBe(1);
    const row = JSON.parse(r.stdout).methods.find((x: any) => x.method === 'GET');
    expect(row.requires).toEqual({ tokenUse: 'unknown', scopes: [] });
    // The CLI names the template after its file (the test kit calls it `template`); the reason names it.
    const why = WHY.replace('of template', `of ${path.basename(file)}`);
    expect(jsonCells(r.stdout, 'GET', '/items')).toEqual({ Machine: [null, why], Web: [null, why], [SIGNED_IN]: [null, why] });
  });

  test('Markdown ❔; the helpers refuse, naming every undecided caller', () => {
    const m = matrixOf(t);
    expect(m.toMarkdown()).toContain('| `GET` | `/items` | unknown | ❔ [1] | ❔ [1] | ❔ [1] |\n');
    expect(thrown(() => m.callersOf('GET', '/items'))).toBe(`AuthMatrix.callersOf(GET /items): the matrix could not decide for 'Machine' (${WHY}); 'Web' (${WHY}); '${SIGNED_IN}' (${WHY})${REFUSE}`);
    expect(thrown(() => m.canCall(SIGNED_IN, 'GET', '/items'))).toBe(`AuthMatrix.canCall(GET /items): the matrix could not decide for '${SIGNED_IN}' (${WHY})${REFUSE}`);
    expect(m.callersOf('POST', '/items')).toEqual(['Machine']);
  });
});

describe('some of the method scopes unresolved: ANY-of', () => {
  const t = withChanges({ ...baseline(), Parameters: { Extra: { Type: 'String' } } }, {
    GetItems: { Properties: { AuthorizationScopes: [READ, { Ref: 'Extra' }] } },
    PostItems: { Properties: { AuthorizationScopes: [WRITE, { Ref: 'Extra' }] } },
  });
  const m = matrixOf(t);
  const SCOPES = "the method's AuthorizationScopes could not all be resolved (parameter Extra has no value in the template); they decide which token (ID or access) and which scopes pass";

  test('a resolved scope that lets the caller in decides yes; otherwise unknown, never no', () => {
    expect(m.methodsFor('GET', '/items')[0].requires).toEqual({ tokenUse: 'unknown', scopes: [READ] });
    expect(m.answer('Web', 'GET', '/items')).toMatchObject({ answer: 'yes', via: READ });
    expect(m.answer('Web', 'POST', '/items')).toMatchObject({
      answer: 'unknown',
      why: `unknown: none of the method's resolved scopes lets it in (it is not allowed ${WRITE} (AllowedOAuthScopes)), and ${SCOPES}`,
    });
    expect(m.answer(SIGNED_IN, 'GET', '/items')).toMatchObject({
      answer: 'unknown',
      why: `unknown: InitiateAuth access tokens carry only aws.cognito.signin.user.admin, which is not among the method's resolved scopes, and ${SCOPES}`,
    });
    expect(m.toMarkdown()).toContain('| `GET` | `/items` | unknown: `read` or unresolved scopes | ✅ `read` | ✅ `read` | ❔ [1] |\n');
  });
});

describe('client flows unresolved', () => {
  test('AllowedOAuthFlows from a parameter: the scoped token is undecided; a scope it is not allowed stays a no', async () => {
    const t = withChanges({ ...baseline(), Parameters: { Flows: { Type: 'CommaDelimitedList' } } }, { Web: { Properties: { AllowedOAuthFlows: { Ref: 'Flows' } } } });
    const why = 'unknown: its AllowedOAuthFlows could not be resolved (parameter Flows has no value in the template); they decide whether it can get this token from /oauth2/token';
    const r = await cli(onDisk(t), '--format', 'json');
    expect(r.code).toBe(1);
    expect(jsonCells(r.stdout, 'GET', '/items').Web).toEqual([null, why]);
    expect(jsonCells(r.stdout, 'POST', '/items').Web).toEqual([false, `it is not allowed ${WRITE} (AllowedOAuthScopes)`]);
    const m = matrixOf(t);
    expect(thrown(() => m.canCall('Web', 'GET', '/items'))).toBe(`AuthMatrix.canCall(GET /items): the matrix could not decide for 'Web' (${why})${REFUSE}`);
  });

  test('ExplicitAuthFlows from a parameter: the hosted UI still decides yes; the signed-in user is undecided', async () => {
    const t = withChanges({ ...baseline(), Parameters: { AuthFlows: { Type: 'CommaDelimitedList' } } }, {
      Web: { Properties: { ExplicitAuthFlows: { Ref: 'AuthFlows' } } },
      Machine: { Properties: { ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] } },
      GetMe: method('GET', null), // ID-token method
    });
    const m = matrixOf(t);
    expect(m.answer('Web', 'GET', '/')).toMatchObject({ answer: 'yes', via: 'id token', why: 'users signing in through its hosted-UI flow get an ID token (openid)' });
    const why = "unknown: whether any app client of the authorizer's pools allows InitiateAuth could not be decided: for client Web, its ExplicitAuthFlows could not be resolved (parameter AuthFlows has no value in the template); they decide whether users can sign in through it with InitiateAuth (SRP, password)";
    expect(m.answer(SIGNED_IN, 'GET', '/')).toMatchObject({ answer: 'unknown', why });
    expect(thrown(() => m.callersOf('GET', '/'))).toBe(`AuthMatrix.callersOf(GET /): the matrix could not decide for '${SIGNED_IN}' (${why})${REFUSE}`);
    // Scoped methods: InitiateAuth tokens never carry custom scopes, whatever the flows.
    expect(m.canCall(SIGNED_IN, 'GET', '/items')).toBe(false);

    // Without openid, the ID token depends on the unresolved InitiateAuth flows.
    const noOpenid = matrixOf(withChanges(t, { Web: { Properties: { AllowedOAuthScopes: [READ] } } }));
    expect(noOpenid.answer('Web', 'GET', '/')).toMatchObject({
      answer: 'unknown',
      why: 'unknown: its ExplicitAuthFlows could not be resolved (parameter AuthFlows has no value in the template); they decide whether users can sign in through it with InitiateAuth (SRP, password); through the hosted UI: its OAuth scopes lack openid, so the hosted UI gives it no ID token',
    });
    // Resolved to no InitiateAuth flow: a decided no.
    const resolved = matrixOf(withChanges(t, { Web: { Properties: { AllowedOAuthScopes: [READ], ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] } } }));
    expect(resolved.answer('Web', 'GET', '/')).toMatchObject({
      answer: 'no',
      why: 'it allows no InitiateAuth flow, and its OAuth scopes lack openid, so the hosted UI gives it no ID token',
    });
    expect(resolved.canCall(SIGNED_IN, 'GET', '/')).toBe(false);
    // An empty list is not documented to mean either "the defaults" or "none".
    const empty = matrixOf(withChanges(t, { Web: { Properties: { AllowedOAuthScopes: [READ], ExplicitAuthFlows: [] } } }));
    expect(empty.answer('Web', 'GET', '/')).toMatchObject({
      answer: 'unknown',
      why: 'unknown: its ExplicitAuthFlows is an empty list, and whether Cognito then applies its defaults (SRP, custom auth) is not documented; list the flows, or leave the property out for the defaults; through the hosted UI: its OAuth scopes lack openid, so the hosted UI gives it no ID token',
    });
  });
});

describe('user pool imported with Fn::ImportValue', () => {
  const IMPORT_ID = { 'Fn::ImportValue': 'shared-pool-id' };
  const consumer = withChanges(baseline(), {
    Pool: null,
    Rs: { Properties: { UserPoolId: IMPORT_ID } },
    Machine: { Properties: { UserPoolId: IMPORT_ID } },
    Web: { Properties: { UserPoolId: IMPORT_ID } },
    Domain: { Properties: { UserPoolId: IMPORT_ID } },
    Authz: { Properties: { ProviderARNs: [{ 'Fn::ImportValue': 'shared-pool-arn' }] } },
  });
  const exporter = {
    Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} } },
    Outputs: {
      Id: { Value: { Ref: 'Pool' }, Export: { Name: 'shared-pool-id' } },
      Arn: { Value: { 'Fn::GetAtt': ['Pool', 'Arn'] }, Export: { Name: 'shared-pool-arn' } },
    },
  };
  const WHY = 'unknown: its user pool (UserPoolId) could not be resolved (export shared-pool-id is not in the templates given); the pool decides which authorizers accept its tokens and which scopes and domain it has';

  test('export not given: clients undecided, exit 1; the helpers refuse', async () => {
    const r = await cli(onDisk(consumer), '--format', 'json');
    expect(r.code).toBe(1);
    expect(jsonCells(r.stdout, 'GET', '/items')).toEqual({ Machine: [null, WHY], Web: [null, WHY], [SIGNED_IN]: [false, ONLY_ADMIN] });
    const m = matrixOf(consumer);
    expect(thrown(() => m.canCall('Web', 'POST', '/items'))).toBe(`AuthMatrix.canCall(POST /items): the matrix could not decide for 'Web' (${WHY})${REFUSE}`);
  });

  test('with the exporting template: every cell decided, exit 0', async () => {
    const r = await cli(onDisk(consumer), onDisk(exporter), '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(jsonCells(r.stdout, 'POST', '/items')).toEqual({
      Machine: [true, `it is allowed ${WRITE} and gets it through the client_credentials flow`],
      Web: [false, `it is not allowed ${WRITE} (AllowedOAuthScopes)`],
      [SIGNED_IN]: [false, ONLY_ADMIN],
    });
  });
});

describe('other values a no must not be made of', () => {
  test('no domain in the templates: a no for a pool the templates fully define, unknown for an exported pool', () => {
    const noDomain = withChanges(baseline(), { Domain: null });
    expect(matrixOf(noDomain).answer('Machine', 'GET', '/items')).toMatchObject({
      answer: 'no',
      why: 'its pool (Pool) has no domain, so there is no /oauth2/token endpoint to get scoped tokens from',
    });
    const exported = { ...noDomain, Outputs: { PoolId: { Value: { Ref: 'Pool' }, Export: { Name: 'pool-id' } } } };
    expect(matrixOf(exported).answer('Machine', 'GET', '/items')).toMatchObject({
      answer: 'unknown',
      why: 'unknown: its pool (Pool) is exported, so a stack not given may add its domain (/oauth2/token); give every template that uses the pool',
    });
  });

  test('CallbackURLs from a parameter: the code flow is undecided', () => {
    const t = withChanges({ ...baseline(), Parameters: { Urls: { Type: 'CommaDelimitedList' } } }, { Web: { Properties: { CallbackURLs: { Ref: 'Urls' } } } });
    expect(matrixOf(t).answer('Web', 'GET', '/items')).toMatchObject({
      answer: 'unknown',
      why: 'unknown: its CallbackURLs could not be resolved (parameter Urls has no value in the template); code/implicit flows need at least one',
    });
    const none = withChanges(baseline(), { Web: { Properties: { CallbackURLs: undefined, DefaultRedirectURI: undefined } } });
    expect(matrixOf(none).answer('Web', 'GET', '/items')).toMatchObject({ answer: 'no', why: 'code/implicit flows need callback URLs and it has none' });
  });

  test('a method whose authorizer is not in the templates: undecided, unless the token alone decides no', () => {
    const t = withChanges(baseline(), { Authz: null });
    const m = matrixOf(t);
    const why = "unknown: the method's AuthorizerId could not be resolved (Authz is not a resource or parameter of template); the authorizer decides whose tokens pass";
    expect(m.answer('Machine', 'GET', '/items')).toMatchObject({ answer: 'unknown', why });
    expect(m.answer('Web', 'POST', '/items')).toMatchObject({ answer: 'no', why: `it is not allowed ${WRITE} (AllowedOAuthScopes)` });
    expect(m.answer(SIGNED_IN, 'GET', '/items')).toMatchObject({ answer: 'no', why: ONLY_ADMIN });
  });
});

describe('untrusted names in the Markdown', () => {
  test('a client name cannot add a row, a cell or a link', () => {
    const t = withChanges(baseline(), { Web: { Properties: { ClientName: 'Evil | x\n| `GET` | /admin | ✅ |\u001b[2J [link](http://x)' } } });
    const md = matrixOf(t).toMarkdown();
    expect(md.split('\n').filter((l) => l.startsWith('| `GET`'))).toEqual(['| `GET` | `/items` | access: `read` | ✅ `read` | ✅ `read` | ❌ [1] |']);
    // Control characters are written as escapes (`\n` as backslash + n, whose backslash Markdown then needs escaped).
    expect(md.split('\n')[0]).toBe('| Method | Path | Requires | Machine | Evil \\| x\\\\n\\| \\`GET\\` \\| /admin \\| ✅ \\|\\\\u001b\\[2J \\[link\\](http://x) | signed-in user (InitiateAuth) |');
  });
});

describe('anyOf', () => {
  const yes: Access = { answer: 'yes', allowed: true, unknown: false, via: READ, why: 'allowed' };
  const no: Access = { answer: 'no', allowed: false, unknown: false, via: '', why: 'not allowed' };
  const unknown: Access = { answer: 'unknown', allowed: false, unknown: true, via: '', why: 'unknown: scopes unresolved' };
  test('[no, unknown] is unknown; [yes, unknown] is yes; [no, no] is no', () => {
    expect(anyOf([no, unknown])).toEqual(unknown);
    expect(anyOf([unknown, yes])).toEqual(yes);
    expect(anyOf([no, { ...no, why: 'other' }])).toEqual({ ...no, why: 'not allowed; other' });
  });
});
