/**
 * The caller matrix: every method (verb + path) against every app client of
 * its authorizer's pools, plus a pseudo-caller for users signed in with
 * InitiateAuth (SRP, password, the CLI): can a token from it pass, via which
 * scope or the ID token, and why not otherwise. Linear in methods × clients
 * (per-client answers are cached per scope).
 */
import { ModelIndex } from './model/model-index';
import { AppClientModel, AuthModel, MethodModel, isKnown, isUnknown } from './model/types';
import { safeValue } from './safe-text';
import { ADMIN_SCOPE, Access, allowsInitiateAuth, anyOf, anyTokenAccess, bareWhy, idTokenAccess, initiateAuthUnknownWhy, poolUnknownWhy, scopeAccess, unresolvedDetail } from './simulator/capability';
import { displayName, poolName, uniqueClientNames } from './simulator/names';

/** Name of the pseudo-caller: any user signed in through InitiateAuth (SRP, USER_PASSWORD, the CLI, Amplify). */
export const SIGNED_IN_USER = 'signed-in user (InitiateAuth)';

/** Prefix of the `why` of an undecided cell. */
export const UNKNOWN_PREFIX = 'unknown: ';

export interface MatrixCell {
  readonly caller: string;
  /**
   * `true`: a token from this caller passes; `false`: none does (every value that decides it was seen);
   * `null`: could not be decided (`why` names what could not be resolved and what would decide it).
   */
  readonly allowed: boolean | null;
  /** Scope that lets the caller in, `id token`, `public`, or empty. */
  readonly via: string;
  /** Why (not); always set; starts with `unknown:` exactly when `allowed` is null. */
  readonly why: string;
}

export interface MatrixRow {
  /** API display name (REST or HTTP API). */
  readonly api: string;
  readonly method: string;
  readonly path: string;
  /**
   * `tokenUse`: `none` (public), `id`, `access`, `any` (an HTTP route without scopes: ID or access token), `not-modelled` (AWS_IAM, CUSTOM) or `unknown`
   * (the authorization type or some of the scopes could not be resolved; `scopes` then lists the resolved ones).
   */
  readonly requires: { readonly tokenUse: string; readonly scopes: string[] };
  readonly callers: MatrixCell[];
}

export interface Matrix {
  /** Caller names, in column order: app clients, then the signed-in-user pseudo-caller. */
  readonly callers: string[];
  readonly methods: MatrixRow[];
}

const yes = (caller: string, via: string, why: string): MatrixCell => ({ caller, allowed: true, via, why });
const no = (caller: string, why: string): MatrixCell => ({ caller, allowed: false, via: '', why });
const unknown = (caller: string, why: string): MatrixCell => ({ caller, allowed: null, via: '', why: `${UNKNOWN_PREFIX}${why}` });
/** One condition of a cell: yes, no or unknown, with why (an unknown's why has no `unknown:` prefix). */
interface Factor {
  readonly answer: 'yes' | 'no' | 'unknown';
  readonly via: string;
  readonly why: string;
}
const factorYes = (via: string, why: string): Factor => ({ answer: 'yes', via, why });
const factorNo = (why: string): Factor => ({ answer: 'no', via: '', why });
const factorUnknown = (why: string): Factor => ({ answer: 'unknown', via: '', why });
const fromAccess = (a: Access): Factor => ({ answer: a.answer, via: a.via, why: a.answer === 'unknown' ? bareWhy(a) : a.why });

/** The undecided cells of a matrix (allowed is null). */
export function undecidedCells(matrix: Matrix): Array<{ row: MatrixRow; cell: MatrixCell }> {
  const out: Array<{ row: MatrixRow; cell: MatrixCell }> = [];
  for (const row of matrix.methods) for (const cell of row.callers) if (cell.allowed === null) out.push({ row, cell });
  return out;
}

/** Whether users can sign in with InitiateAuth through some client of these pools: yes / no / unknown, with why when not yes. */
interface SignIn {
  readonly answer: 'yes' | 'no' | 'unknown';
  readonly why: string;
}

/** Build the matrix of a model. */
export function buildMatrix(model: AuthModel): Matrix {
  const index = new ModelIndex(model);
  const names = uniqueClientNames(model);
  const callers = [...model.clients.map((c) => names.get(c.key)!), SIGNED_IN_USER];
  const scopeCache = new Map<string, Access>();
  const idCache = new Map<string, Access>();
  const signInCache = new Map<string, SignIn>();

  const apiName = (key: unknown): string => {
    if (!isKnown(key)) return '<unresolved>';
    const a = index.apisByKey.get(key as string);
    if (!a) return String(key);
    return isKnown(a.name) && a.name ? a.name : displayName(a);
  };

  /**
   * Whether some client of these pools lets users sign in with InitiateAuth. `no` only when every
   * client of every pool is in the templates with resolved ExplicitAuthFlows and none allows it.
   */
  const poolsAllowSignIn = (pools: string[]): SignIn => {
    const k = pools.join('\n');
    const hit = signInCache.get(k);
    if (hit) return hit;
    let undecided: string | undefined;
    let out: SignIn | undefined;
    for (const p of pools) {
      for (const c of index.clientsByPool.get(p) ?? []) {
        const a = allowsInitiateAuth(c);
        if (a) {
          out = { answer: 'yes', why: '' };
          break;
        }
        if (a === undefined) undecided ??= `for client ${names.get(c.key)}, ${initiateAuthUnknownWhy(c)}`;
      }
      if (out) break;
      const pool = index.poolsByKey.get(p);
      if (!pool || pool.external) undecided ??= `pool ${poolName(pool, p)} is not defined in the templates given, so its app clients are not known`;
      else if (pool.exported) undecided ??= `pool ${poolName(pool, p)} is exported, so a stack not given may add app clients to it`;
    }
    if (!out && index.someClientPoolUnknown) {
      const c = model.clients.find((x) => !isKnown(x.pool))!;
      undecided ??= `the user pool of client ${names.get(c.key)} could not be resolved${unresolvedDetail(c.pool)}`;
    }
    out ??= undecided
      ? { answer: 'unknown', why: `whether any app client of the authorizer's pools allows InitiateAuth could not be decided: ${undecided}` }
      : { answer: 'no', why: "no app client of the authorizer's pools allows InitiateAuth flows" };
    signInCache.set(k, out);
    return out;
  };

  const scopeAnswer = (c: AppClientModel, s: string): Access => {
    const k = `${c.key}\n${s}`;
    let hit = scopeCache.get(k);
    if (!hit) scopeCache.set(k, (hit = scopeAccess(index, c, s)));
    return hit;
  };

  const row = (m: MethodModel): MatrixRow => {
    const base = {
      api: apiName(m.restApi),
      method: isKnown(m.httpMethod) ? m.httpMethod : '<unresolved>',
      path: isKnown(m.path) ? m.path : '<unresolved>',
    };
    const type = m.authorizationType;
    const everyone = (f: (caller: string) => MatrixCell) => callers.map(f);
    if (isUnknown(type)) {
      const why = `the method's AuthorizationType could not be resolved${unresolvedDetail(type)}; it decides whether a token is needed at all`;
      return { ...base, requires: { tokenUse: 'unknown', scopes: [] }, callers: everyone((c) => unknown(c, why)) };
    }
    if (type === 'NONE') {
      const why = base.method === 'OPTIONS' ? 'CORS preflight: no authorization' : 'the method has no authorization: anyone can call it';
      return { ...base, requires: { tokenUse: 'none', scopes: [] }, callers: everyone((c) => yes(c, 'public', why)) };
    }
    const http = m.apiKind === 'http';
    if (http && type !== 'JWT') {
      const decider = type === 'AWS_IAM' ? 'IAM policies and SigV4-signed requests' : type === 'CUSTOM' ? "the Lambda authorizer's code" : 'that authorization type';
      const why = `authorization ${type} of an HTTP route is not modelled (only JWT and NONE are); ${decider} decide whether a caller gets in`;
      return { ...base, requires: { tokenUse: 'not-modelled', scopes: [] }, callers: everyone((c) => unknown(c, why)) };
    }
    if (!http && type !== 'COGNITO_USER_POOLS') {
      const decider = type === 'AWS_IAM' ? 'IAM policies and SigV4-signed requests' : type === 'CUSTOM' ? "the Lambda authorizer's code" : 'that authorization type';
      const why = `authorization ${type} is not modelled (only COGNITO_USER_POOLS and NONE are); ${decider} decide whether a caller gets in`;
      return { ...base, requires: { tokenUse: 'not-modelled', scopes: [] }, callers: everyone((c) => unknown(c, why)) };
    }

    // The method's scopes: all resolved, some resolved, or none.
    const scopesV = m.scopes;
    const scopes: string[] = scopesV === undefined || isUnknown(scopesV) ? [] : scopesV.filter((s): s is string => isKnown(s));
    const scopesComplete = scopesV === undefined || (!isUnknown(scopesV) && scopes.length === scopesV.length);
    const scopesWhy = `the method's AuthorizationScopes could not ${scopes.length > 0 ? 'all ' : ''}be resolved${unresolvedDetail(isUnknown(scopesV) ? scopesV : scopesV?.find((s) => isUnknown(s)))}; they decide which token (ID or access) and which scopes pass`;
    /** The method needs an access token: it has at least one resolved scope (an unresolved one does not remove it). */
    const needsAccess = scopes.length > 0;
    /** The method needs an ID token: it has no scopes at all. */
    const needsId = scopesComplete && scopes.length === 0;
    // HTTP routes: no token_use check; a route without scopes takes any token of an audience client.
    const requires = { tokenUse: !scopesComplete ? 'unknown' : needsAccess ? 'access' : http ? 'any' : 'id', scopes };

    // A caller gets in when three things hold: its tokens come from one of the authorizer's pools
    // (membership), the authorizer's IdentityValidationExpression lets its token through, and it
    // can get a token the method accepts. Each is yes, no or unknown; one no decides a no (whatever
    // the others are), else one unknown leaves the answer unknown (DESIGN.md §6).
    const authorizer = index.authorizerOf(m);
    const providers = authorizer?.providerPools;
    const pools: string[] = providers === undefined || isUnknown(providers) ? [] : providers.filter((p): p is string => isKnown(p));
    const poolsComplete = providers !== undefined && !isUnknown(providers) && pools.length === providers.length;
    /** Why the authorizer's pools are not known at all, or undefined when some or all are. */
    let noPoolsWhy: string | undefined;
    if (!authorizer) {
      noPoolsWhy = m.authorizer === undefined
        ? 'the method names no authorizer (AuthorizerId), which COGNITO_USER_POOLS needs; the authorizer decides whose tokens pass'
        : isUnknown(m.authorizer)
          ? `the method's AuthorizerId could not be resolved${unresolvedDetail(m.authorizer)}; the authorizer decides whose tokens pass`
          : `the method's authorizer (${m.authorizer}) is not in the templates given; the template that defines it would decide whose tokens pass`;
    } else if (providers === undefined) {
      noPoolsWhy = http
        ? `the authorizer ${displayName(authorizer)} is not a JWT authorizer; its type decides whose tokens pass`
        : `the authorizer ${displayName(authorizer)} has no ProviderARNs; its user pools decide whose tokens pass`;
    }
    // HTTP routes: the audience (client ids) decides too; entries not tied to a client of the templates leave a no open.
    const audience = http && authorizer?.jwt ? authorizer.jwt.audience : undefined;
    const audienceFactor = (c: AppClientModel): Factor | undefined => {
      if (!http) return undefined;
      if (!isKnown(audience)) return factorUnknown(`the authorizer's audience could not be resolved${unresolvedDetail(audience)}; it decides whose tokens pass`);
      if (audience.some((e) => e.client === c.key)) return factorYes('', '');
      if (audience.every((e) => e.client !== undefined)) return factorNo("its client id is not in the authorizer's audience: its tokens get 401");
      return factorUnknown("its client id is not among the audience entries tied to app clients of the templates, and other entries' clients are not known");
    };
    const poolsWhy = noPoolsWhy
      ?? `the authorizer's user pools (ProviderARNs) could not ${pools.length > 0 ? 'all ' : ''}be resolved${unresolvedDetail(isUnknown(providers) ? providers : providers?.find((p) => isUnknown(p)))}; they decide whose tokens pass`;
    const poolSet = new Set(pools);

    const vexpr = authorizer?.identityValidationExpression;
    const vexprText = isUnknown(vexpr)
      ? `the authorizer's IdentityValidationExpression could not be resolved${unresolvedDetail(vexpr)}`
      : `the authorizer's IdentityValidationExpression /${vexpr ?? ''}/`;
    /** The IdentityValidationExpression factor (undefined when there is none, or no authorizer to have one). */
    const validation = (idWhy: string): Factor | undefined => {
      if (vexpr === undefined) return undefined;
      if (needsAccess) {
        return isKnown(vexpr)
          ? factorNo("the authorizer's identityValidationExpression is matched against aud, which access tokens lack: every access token is refused")
          : factorUnknown(`${vexprText}; if it is set, every access token is refused (it is matched against aud, which access tokens lack)`);
      }
      return needsId ? factorUnknown(`${idWhy} only if ${vexprText} matches it, which is only known after deploy`) : undefined;
    };
    const preflight = base.method === 'OPTIONS' ? ' (but browsers send the CORS preflight without a token, so the preflight itself gets 401)' : '';

    const decide = (caller: string, factors: Array<() => Factor | undefined>): MatrixCell => {
      const unknowns: string[] = [];
      let last: Factor | undefined;
      for (const f of factors) {
        const v = f();
        if (!v) continue;
        if (v.answer === 'no') return no(caller, v.why);
        if (v.answer === 'unknown') unknowns.push(v.why);
        last = v;
      }
      if (unknowns.length > 0) return unknown(caller, [...new Set(unknowns)].join('; '));
      return yes(caller, last!.via, last!.why + preflight);
    };

    const cells: MatrixCell[] = [];
    for (const c of model.clients) {
      const caller = names.get(c.key)!;
      cells.push(decide(caller, [
        // Membership.
        () => {
          if (!isKnown(c.pool)) return factorUnknown(poolUnknownWhy(c));
          if (poolSet.has(c.pool)) return factorYes('', '');
          const pool = poolName(index.poolsByKey.get(c.pool), c.pool);
          const jwt = http ? authorizer?.jwt : undefined;
          if (jwt && jwt.issuerMatch === 'mismatch' && jwt.issuerPool === c.pool) {
            // The issuer names this pool but is not exactly its URL: no token's iss equals it.
            return factorNo(`the JWT authorizer's issuer names its pool (${pool}) but is not exactly the pool's issuer URL${jwt.issuerProblem ? ` (${jwt.issuerProblem})` : ''}: every token's iss differs`);
          }
          if (poolsComplete) return factorNo(`its pool (${pool}) is not one of this method's authorizer's pools`);
          return factorUnknown(noPoolsWhy ?? `its pool (${pool}) may be one of the authorizer's pools: ${poolsWhy}`);
        },
        () => audienceFactor(c),
        () => validation('an ID token from it (aud = its client id) passes'),
        // A token the method accepts.
        () => {
          if (!needsAccess && !needsId) return factorUnknown(scopesWhy);
          if (needsId && http) return fromAccess(anyTokenAccess(index, c));
          if (needsId) {
            const a = idCache.get(c.key) ?? idTokenAccess(index, c);
            idCache.set(c.key, a);
            return fromAccess(a);
          }
          const a = anyOf(scopes.map((s) => scopeAnswer(c, s)));
          if (a.answer !== 'yes' && !scopesComplete) return factorUnknown(`none of the method's resolved scopes lets it in (${bareWhy(a)}), and ${scopesWhy}`);
          return fromAccess(a);
        },
      ]));
    }

    // The signed-in-user pseudo-caller.
    cells.push(decide(SIGNED_IN_USER, [
      () => {
        if (noPoolsWhy) return factorUnknown(noPoolsWhy);
        const signIn = poolsAllowSignIn(pools);
        if (signIn.answer === 'yes') return factorYes('', '');
        if (signIn.answer === 'unknown') return factorUnknown(signIn.why);
        if (poolsComplete) return factorNo(signIn.why);
        return factorUnknown(pools.length > 0 ? `no app client of the resolved pools allows InitiateAuth, but ${poolsWhy}` : poolsWhy);
      },
      () => {
        if (!http) return undefined;
        if (!isKnown(audience)) return factorUnknown(`the authorizer's audience could not be resolved${unresolvedDetail(audience)}; it decides whose tokens pass`);
        const inAudience = audience.map((e) => model.clients.find((x) => x.key === e.client)).filter((x): x is AppClientModel => !!x);
        const a = inAudience.map((x) => allowsInitiateAuth(x));
        if (a.includes(true)) return factorYes('', '');
        if (a.includes(undefined) || inAudience.length < audience.length) return factorUnknown('whether a client in the authorizer\'s audience allows InitiateAuth could not be decided');
        return factorNo("no client in the authorizer's audience allows InitiateAuth: their tokens get 401 (the token does not have a valid audience)");
      },
      () => validation('their ID token (aud = the client id it was issued to) passes'),
      () => {
        if (!needsAccess && !needsId) return factorUnknown(scopesWhy);
        if (needsId && http) return factorYes('id token', 'their ID (or access) token passes: the route has no scopes');
        if (needsId) return factorYes('id token', 'their ID token passes: the method has no scopes');
        if (scopes.includes(ADMIN_SCOPE)) {
          return factorYes(ADMIN_SCOPE, `their access token carries ${ADMIN_SCOPE}, which the method accepts (ANY-of: every signed-in user passes)`);
        }
        if (!scopesComplete) return factorUnknown(`InitiateAuth access tokens carry only ${ADMIN_SCOPE}, which is not among the method's resolved scopes, and ${scopesWhy}`);
        return factorNo(http
          ? `InitiateAuth access tokens carry only ${ADMIN_SCOPE}, never the route's scopes (ID tokens carry no scope): refused`
          : `InitiateAuth access tokens carry only ${ADMIN_SCOPE}, never the method's scopes; their ID token is refused because the method has scopes`);
      },
    ]));
    return { ...base, requires, callers: cells };
  };

  const rows = model.methods.map(row);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  rows.sort((a, b) => cmp(a.api, b.api) || cmp(a.path, b.path) || cmp(a.method, b.method));
  return { callers, methods: rows };
}

/** Longest reason shown in a Markdown note. */
const MAX_NOTE_CHARS = 2000;

/** Untrusted text as plain Markdown table text: one line, cut, and no character that makes a link, HTML, emphasis or a new cell. */
export function mdText(s: string, max?: number): string {
  return safeValue(s, max)
    .replace(/[\\`*[\]<>|~]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** Untrusted text as a Markdown code span inside a table cell: one line, cut, delimited by more backticks than it contains. */
function mdCode(s: string): string {
  const v = safeValue(s).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/**
 * How the Markdown shows a matrix (readability only: the cells are the same). Built from the model
 * by {@link markdownView}; without it, scopes are shown in full and the signed-in-user column is shown.
 * Folding OPTIONS rows needs no view.
 */
export interface MarkdownView {
  /**
   * Scopes shown by name (`read`) with a legend: set when the custom scopes the table shows that a
   * resource server defines all come from resource servers with one identifier. Scopes that no
   * resource server of the templates defines stay in full.
   */
  readonly shortScopes?: { readonly identifier: string; readonly scopes: ReadonlySet<string> };
  /**
   * Whether to show the signed-in-user column: false only where the templates have no user pool,
   * no method that needs a Cognito token, and no undecided answer for the signed-in user.
   */
  readonly signedInColumn?: boolean;
}

/** Shown by name, not as the scope itself. */
const NOT_SCOPES = new Set(['', 'public', 'id token']);

/** The Markdown view of a matrix of a model: short scope names when one resource server defines them; the signed-in-user column only where a pool exists. */
export function markdownView(model: AuthModel, matrix: Matrix): MarkdownView {
  const shown = new Set<string>();
  for (const m of matrix.methods) {
    for (const sc of m.requires.scopes) shown.add(sc);
    for (const c of m.callers) if (!NOT_SCOPES.has(c.via)) shown.add(c.via);
  }
  const defined = new Map<string, string>();
  for (const rs of model.resourceServers) {
    if (!isKnown(rs.identifier) || !isKnown(rs.scopes)) continue;
    for (const sc of rs.scopes) {
      if (!isKnown(sc.name)) continue;
      const full = `${rs.identifier}/${sc.name}`;
      if (shown.has(full) && !BUILT_IN.has(sc.name)) defined.set(full, rs.identifier);
    }
  }
  const identifiers = new Set(defined.values());
  let shortScopes: MarkdownView['shortScopes'];
  if (identifiers.size === 1) {
    const identifier = [...identifiers][0];
    // A short name must not read as a scope shown in full (a method written with the short name `read`, say).
    const names = new Set([...defined.keys()].map((f) => f.slice(identifier.length + 1)));
    const clash = [...shown].some((x) => !defined.has(x) && names.has(x));
    if (!clash) shortScopes = { identifier, scopes: new Set(defined.keys()) };
  }
  const cognitoMethods = matrix.methods.some((m) => ['access', 'id', 'any', 'unknown'].includes(m.requires.tokenUse));
  // An undecided answer is never dropped from the table (DESIGN.md §6): the column stays when one of its cells is ❔.
  const undecidedSignIn = matrix.methods.some((m) => m.callers.some((c) => c.caller === SIGNED_IN_USER && c.allowed === null));
  const signedInColumn = model.userPools.length > 0 || cognitoMethods || undecidedSignIn;
  return { shortScopes, signedInColumn };
}

const BUILT_IN = new Set(['openid', 'email', 'phone', 'profile', ADMIN_SCOPE]);

/** Most paths a folded OPTIONS row names; the rest are counted. */
const MAX_FOLDED_PATHS = 5;

/** One line of the table: a method, or the OPTIONS methods of one API with the same answers folded. */
interface Line {
  readonly row: MatrixRow;
  readonly paths: string[];
}

/** The rows as table lines: per API, its OPTIONS rows with identical answers fold into one line, after the API's other rows. */
function foldOptions(rows: MatrixRow[]): Line[] {
  const out: Line[] = [];
  let api: string | undefined;
  let folded = new Map<string, Line>();
  const flush = () => {
    for (const row of folded.values()) out.push(row);
    folded = new Map();
  };
  for (const row of rows) {
    if (row.api !== api) {
      flush();
      api = row.api;
    }
    if (row.method !== 'OPTIONS') {
      out.push({ row, paths: [row.path] });
      continue;
    }
    const key = JSON.stringify([row.requires, row.callers.map((c) => [c.allowed, c.via, c.why])]);
    const hit = folded.get(key);
    if (hit) hit.paths.push(row.path);
    else folded.set(key, { row, paths: [row.path] });
  }
  flush();
  return out;
}

/**
 * Markdown for a pull request: one row per method, one column per caller, reasons as numbered notes;
 * ❔ marks an undecided cell. Per API, OPTIONS methods with the same answers share one row; with a
 * {@link MarkdownView}, scopes of one resource server show by name (with a legend) and the
 * signed-in-user column shows only where a Cognito pool exists. JSON keeps every row.
 */
export function matrixMarkdown(matrix: Matrix, view: MarkdownView = {}): string {
  if (matrix.methods.length === 0) return '_No API Gateway methods in the templates._\n';
  const multiApi = new Set(matrix.methods.map((m) => m.api)).size > 1;
  const signedIn = view.signedInColumn !== false;
  const columns = matrix.callers.map((c, i) => ({ c, i })).filter(({ c }) => signedIn || c !== SIGNED_IN_USER);
  const short = view.shortScopes;
  const usedShort = new Set<string>();
  const scope = (s: string): string => {
    if (short && short.scopes.has(s)) {
      usedShort.add(s);
      return mdCode(s.slice(short.identifier.length + 1));
    }
    return mdCode(s);
  };
  const notes = new Map<string, number>();
  const note = (why: string) => {
    let n = notes.get(why);
    if (n === undefined) notes.set(why, (n = notes.size + 1));
    return n;
  };
  const lines: string[] = [];
  lines.push(`| ${multiApi ? 'API | ' : ''}Method | Path | Requires |${columns.map(({ c }) => ` ${mdText(c)} |`).join('')}`);
  lines.push(`|${multiApi ? ' --- |' : ''} --- | --- | --- |${columns.map(() => ' :---: |').join('')}`);
  let undecided = 0;
  let total = 0;
  for (const m of matrix.methods) {
    for (const c of m.callers) {
      total++;
      if (c.allowed === null) undecided++;
    }
  }
  for (const { row: m, paths } of foldOptions(matrix.methods)) {
    const scopes = m.requires.scopes.map(scope).join(' or ');
    const named: Record<string, string> = { id: 'ID token', any: 'any token (ID or access)', none: 'public' };
    const requires = m.requires.tokenUse === 'access' ? `access: ${scopes}`
      : named[m.requires.tokenUse] ?? (m.requires.tokenUse === 'unknown' && scopes ? `unknown: ${scopes} or unresolved scopes` : mdText(m.requires.tokenUse));
    const cells = columns.map(({ i }) => {
      const c = m.callers[i];
      if (c.allowed === true) return c.via === 'public' ? '✅ public' : `✅ ${c.via === 'id token' ? 'ID token' : scope(c.via)}`;
      return `${c.allowed === null ? '❔' : '❌'} [${note(c.why)}]`;
    });
    const path = paths.length === 1 ? mdCode(paths[0])
      : `${paths.length} paths: ${paths.slice(0, MAX_FOLDED_PATHS).map(mdCode).join(', ')}${paths.length > MAX_FOLDED_PATHS ? ` and ${paths.length - MAX_FOLDED_PATHS} more` : ''}`;
    lines.push(`| ${multiApi ? mdText(m.api) + ' | ' : ''}${mdCode(m.method)} | ${path} | ${requires} |${cells.map((c) => ` ${c} |`).join('')}`);
  }
  lines.push('');
  if (short && usedShort.size > 0) {
    const legend = [...usedShort].sort().map((s) => `${mdCode(s.slice(short.identifier.length + 1))} = ${mdCode(s)}`).join(', ');
    lines.push(`_Scopes by name are those of resource server ${mdCode(short.identifier)}: ${legend}._`);
    if (signedIn) lines.push('');
  }
  if (signedIn) lines.push(`_${SIGNED_IN_USER}: any user signed in with InitiateAuth (SRP, USER_PASSWORD, the CLI, Amplify): its access token carries only \`${ADMIN_SCOPE}\`._`);
  if (undecided > 0) {
    lines.push('');
    lines.push(`_❔ ${undecided} of ${total} answers could not be decided from the templates: their notes say what could not be resolved and what would decide it._`);
  }
  if (notes.size > 0) {
    lines.push('');
    for (const [why, n] of notes) lines.push(`${n}. ${mdText(why, MAX_NOTE_CHARS)}`);
  }
  return lines.join('\n') + '\n';
}
