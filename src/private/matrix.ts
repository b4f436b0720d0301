/**
 * The caller matrix: every method (verb + path) against every app client of
 * its authorizer's pools, plus a pseudo-caller for users signed in with
 * InitiateAuth (SRP, password, the CLI): can a token from it pass, via which
 * scope or the ID token, and why not otherwise. Linear in methods × clients
 * (per-client answers are cached per scope).
 */
import { ModelIndex } from './model/model-index';
import { AuthModel, MethodModel, isKnown, isUnknown } from './model/types';
import { ADMIN_SCOPE, Access, allowsInitiateAuth, anyOf, idTokenAccess, scopeAccess } from './simulator/capability';
import { displayName, poolName, uniqueClientNames } from './simulator/names';

/** Name of the pseudo-caller: any user signed in through InitiateAuth (SRP, USER_PASSWORD, the CLI, Amplify). */
export const SIGNED_IN_USER = 'signed-in user (InitiateAuth)';

export interface MatrixCell {
  readonly caller: string;
  readonly allowed: boolean;
  /** Scope that lets the caller in, `id token`, `public`, or empty. */
  readonly via: string;
  /** Why (not); starts with `unknown:` when the answer depends on unresolved values. */
  readonly why: string;
}

export interface MatrixRow {
  /** REST API display name. */
  readonly api: string;
  readonly method: string;
  readonly path: string;
  /** `tokenUse`: `none` (public), `id`, `access`, `not-modelled` (AWS_IAM, CUSTOM) or `unknown`. */
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
const fromAccess = (caller: string, a: Access): MatrixCell => ({ caller, allowed: a.allowed, via: a.via, why: a.why });

/** Build the matrix of a model. */
export function buildMatrix(model: AuthModel): Matrix {
  const index = new ModelIndex(model);
  const names = uniqueClientNames(model);
  const callers = [...model.clients.map((c) => names.get(c.key)!), SIGNED_IN_USER];
  const scopeCache = new Map<string, Access>();
  const idCache = new Map<string, Access>();
  const initiateCache = new Map<string, boolean | undefined>();

  const apiName = (key: unknown): string => {
    if (!isKnown(key)) return '<unresolved>';
    const a = index.apisByKey.get(key as string);
    if (!a) return String(key);
    return isKnown(a.name) && a.name ? a.name : displayName(a);
  };

  /** Whether some client of these pools lets users sign in with InitiateAuth. */
  const poolsAllowSignIn = (pools: string[]): boolean | undefined => {
    const k = pools.join('|');
    if (initiateCache.has(k)) return initiateCache.get(k);
    let out: boolean | undefined = false;
    for (const p of pools) {
      for (const c of index.clientsByPool.get(p) ?? []) {
        const a = allowsInitiateAuth(c);
        if (a) {
          out = true;
          break;
        }
        if (a === undefined) out = undefined;
      }
      if (out) break;
    }
    if (out === false && !index.clientsFullyKnown(pools)) out = undefined;
    initiateCache.set(k, out);
    return out;
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
      return { ...base, requires: { tokenUse: 'unknown', scopes: [] }, callers: everyone((c) => no(c, 'unknown: the authorization type could not be resolved')) };
    }
    if (type === 'NONE') {
      const why = base.method === 'OPTIONS' ? 'CORS preflight: no authorization' : 'the method has no authorization: anyone can call it';
      return { ...base, requires: { tokenUse: 'none', scopes: [] }, callers: everyone((c) => yes(c, 'public', why)) };
    }
    if (type !== 'COGNITO_USER_POOLS') {
      return { ...base, requires: { tokenUse: 'not-modelled', scopes: [] }, callers: everyone((c) => no(c, `unknown: authorization ${type} is not modelled`)) };
    }
    const scopesV = m.scopes;
    const scopesKnown = !isUnknown(scopesV) && (scopesV ?? []).every((s) => isKnown(s));
    const scopes = scopesKnown ? ((scopesV ?? []) as string[]) : [];
    const requires = { tokenUse: !scopesKnown ? 'unknown' : scopes.length > 0 ? 'access' : 'id', scopes };
    const authorizer = index.authorizerOf(m);
    const pools = authorizer ? index.poolsOf(authorizer) : undefined;
    if (!authorizer || !pools || !scopesKnown) {
      const why = !scopesKnown ? "unknown: the method's scopes could not be resolved" : !authorizer ? 'unknown: the authorizer is not in the templates' : "unknown: the authorizer's user pools could not be resolved";
      return { ...base, requires, callers: everyone((c) => no(c, why)) };
    }
    const vexpr = authorizer.identityValidationExpression;
    const preflight = base.method === 'OPTIONS' ? ' (but browsers send the CORS preflight without a token, so the preflight itself gets 401)' : '';
    const poolSet = new Set(pools);
    const cells: MatrixCell[] = [];
    for (const c of model.clients) {
      const caller = names.get(c.key)!;
      if (!isKnown(c.pool)) {
        cells.push(no(caller, 'unknown: its user pool could not be resolved'));
        continue;
      }
      if (!poolSet.has(c.pool)) {
        cells.push(no(caller, `its pool (${poolName(index.poolsByKey.get(c.pool), c.pool)}) is not one of this method's authorizer's pools`));
        continue;
      }
      if (scopes.length > 0 && vexpr !== undefined) {
        cells.push(no(caller, "the authorizer's identityValidationExpression is matched against aud, which access tokens lack: every access token is refused"));
        continue;
      }
      let a: Access;
      if (scopes.length > 0) {
        a = anyOf(scopes.map((s) => {
          const k = `${c.key}\n${s}`;
          let hit = scopeCache.get(k);
          if (!hit) scopeCache.set(k, (hit = scopeAccess(index, c, s)));
          return hit;
        }));
      } else {
        a = idCache.get(c.key) ?? idTokenAccess(index, c);
        idCache.set(c.key, a);
      }
      const answer = fromAccess(caller, a);
      if (answer.allowed && vexpr !== undefined) {
        cells.push({ ...answer, why: `${answer.why}, if its client id matches the identityValidationExpression /${isKnown(vexpr) ? vexpr : '?'}/` });
      } else {
        cells.push(preflight && answer.allowed ? { ...answer, why: answer.why + preflight } : answer);
      }
    }
    // The signed-in-user pseudo-caller.
    const signIn = poolsAllowSignIn(pools);
    if (signIn === false) {
      cells.push(no(SIGNED_IN_USER, 'no app client of the authorizer\'s pools allows InitiateAuth flows'));
    } else if (scopes.length === 0) {
      cells.push(signIn ? yes(SIGNED_IN_USER, 'id token', `their ID token passes: the method has no scopes${preflight}`) : no(SIGNED_IN_USER, 'unknown: the clients\' auth flows could not be resolved'));
    } else if (vexpr !== undefined) {
      cells.push(no(SIGNED_IN_USER, "the authorizer's identityValidationExpression is matched against aud, which access tokens lack"));
    } else if (scopes.includes(ADMIN_SCOPE)) {
      cells.push(signIn
        ? yes(SIGNED_IN_USER, ADMIN_SCOPE, `their access token carries ${ADMIN_SCOPE}, which the method accepts (ANY-of: every signed-in user passes)`)
        : no(SIGNED_IN_USER, 'unknown: the clients\' auth flows could not be resolved'));
    } else {
      cells.push(no(SIGNED_IN_USER, `InitiateAuth access tokens carry only ${ADMIN_SCOPE}, never the method's scopes; their ID token is refused because the method has scopes`));
    }
    return { ...base, requires, callers: cells };
  };

  const rows = model.methods.map(row);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  rows.sort((a, b) => cmp(a.api, b.api) || cmp(a.path, b.path) || cmp(a.method, b.method));
  return { callers, methods: rows };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown for a pull request: one row per method, one column per caller, reasons as numbered notes. */
export function matrixMarkdown(matrix: Matrix): string {
  if (matrix.methods.length === 0) return '_No API Gateway methods in the templates._\n';
  const multiApi = new Set(matrix.methods.map((m) => m.api)).size > 1;
  const notes = new Map<string, number>();
  const note = (why: string) => {
    let n = notes.get(why);
    if (n === undefined) notes.set(why, (n = notes.size + 1));
    return n;
  };
  const lines: string[] = [];
  lines.push(`| ${multiApi ? 'API | ' : ''}Method | Path | Requires | ${matrix.callers.map(cell).join(' | ')} |`);
  lines.push(`|${multiApi ? ' --- |' : ''} --- | --- | --- |${matrix.callers.map(() => ' :---: |').join('')}`);
  for (const m of matrix.methods) {
    const requires = m.requires.tokenUse === 'access'
      ? `access: ${m.requires.scopes.map((s) => `\`${s}\``).join(' or ')}`
      : m.requires.tokenUse === 'id' ? 'ID token' : m.requires.tokenUse === 'none' ? 'public' : m.requires.tokenUse;
    const cells = m.callers.map((c) => {
      if (c.allowed) return c.via === 'public' ? '✅ public' : `✅ ${c.via === 'id token' ? 'ID token' : `\`${c.via}\``}`;
      return `${c.why.startsWith('unknown:') ? '❔' : '❌'} [${note(c.why)}]`;
    });
    lines.push(`| ${multiApi ? cell(m.api) + ' | ' : ''}\`${m.method}\` | \`${cell(m.path)}\` | ${cell(requires)} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(`_${SIGNED_IN_USER}: any user signed in with InitiateAuth (SRP, USER_PASSWORD, the CLI, Amplify): its access token carries only \`${ADMIN_SCOPE}\`._`);
  if (notes.size > 0) {
    lines.push('');
    for (const [why, n] of notes) lines.push(`${n}. ${cell(why)}`);
  }
  return lines.join('\n') + '\n';
}
