/**
 * What an app client can get from Cognito: which scopes its access tokens can
 * carry, whether it can get ID tokens. Shared by the matrix and the simulator's
 * fixes, so that "who can call this" is computed once.
 *
 * Every answer is yes, no or unknown (DESIGN.md §6): a "no" is only given when
 * every value it rests on was seen; when one could not be resolved the answer
 * is unknown and its `why` names the value and what would decide it.
 */
import { poolName } from './names';
import { ModelIndex, isBuiltInScope } from '../model/model-index';
import { AppClientModel, isKnown, isUnknown } from '../model/types';

export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** A tri-state answer. */
export type Answer = 'yes' | 'no' | 'unknown';

/** Answer for one client: allowed, not allowed (with why) or unknown (with why). */
export interface Access {
  /** `yes`, `no` or `unknown`. */
  readonly answer: Answer;
  /** True only when the answer is `yes`. */
  readonly allowed: boolean;
  /** True only when the answer is `unknown` (then `allowed` is false and means nothing). */
  readonly unknown: boolean;
  /** The scope used, `id token`, or empty. */
  readonly via: string;
  /** Why; for `unknown`, starts with `unknown:` and says what could not be resolved and what would decide it. */
  readonly why: string;
}

const UNKNOWN_PREFIX = 'unknown: ';

const yes = (via: string, why: string): Access => ({ answer: 'yes', allowed: true, unknown: false, via, why });
const no = (why: string): Access => ({ answer: 'no', allowed: false, unknown: false, via: '', why });
const unknown = (why: string): Access => ({ answer: 'unknown', allowed: false, unknown: true, via: '', why: `${UNKNOWN_PREFIX}${why}` });

/** The reason of an answer without its `unknown: ` prefix, to embed it in another reason. */
export function bareWhy(a: Access): string {
  return a.why.startsWith(UNKNOWN_PREFIX) ? a.why.slice(UNKNOWN_PREFIX.length) : a.why;
}

/** ` (why the model could not resolve it)` for an unresolved value, else empty. */
export function unresolvedDetail(v: unknown): string {
  return isUnknown(v) ? ` (${v.why})` : '';
}

/** The first unresolved value of a value or list, for messages. */
function firstUnknown(v: unknown): unknown {
  if (isUnknown(v)) return v;
  return Array.isArray(v) ? v.find((x) => isUnknown(x)) : undefined;
}

const INITIATE_AUTH_FLOWS = new Set([
  'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH',
  'USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY',
]);

/** Whether users can sign in through the client with InitiateAuth (SRP, password, custom): true / false / undefined (unknown). */
export function allowsInitiateAuth(c: AppClientModel): boolean | undefined {
  const f = c.explicitAuthFlows;
  if (f === undefined) return true; // Cognito's default: ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_REFRESH_TOKEN_AUTH
  if (isUnknown(f)) return undefined;
  // An empty list is not "no value": whether Cognito then applies its defaults is not documented.
  if (f.length === 0) return undefined;
  if (f.some((x) => isKnown(x) && INITIATE_AUTH_FLOWS.has(x))) return true;
  return f.some((x) => !isKnown(x)) ? undefined : false;
}

/** Why {@link allowsInitiateAuth} is undefined for a client: its unresolved ExplicitAuthFlows. */
export function initiateAuthUnknownWhy(c: AppClientModel): string {
  const f = c.explicitAuthFlows;
  if (f !== undefined && !isUnknown(f) && f.length === 0) {
    return 'its ExplicitAuthFlows is an empty list, and whether Cognito then applies its defaults (SRP, custom auth) is not documented; list the flows, or leave the property out for the defaults';
  }
  return `its ExplicitAuthFlows could not be resolved${unresolvedDetail(firstUnknown(c.explicitAuthFlows))}; they decide whether users can sign in through it with InitiateAuth (SRP, password)`;
}

function knownList(v: AppClientModel['allowedOAuthFlows']): string[] | undefined {
  if (v === undefined) return [];
  if (isUnknown(v)) return undefined;
  const out: string[] = [];
  for (const x of v) {
    if (!isKnown(x)) return undefined;
    out.push(x);
  }
  return out;
}

/** OAuth flows of a client, or undefined when unknown. Flows only apply when AllowedOAuthFlowsUserPoolClient is true. */
export function oauthFlows(c: AppClientModel): string[] | undefined {
  if (isUnknown(c.allowedOAuthFlowsUserPoolClient)) return undefined;
  if (c.allowedOAuthFlowsUserPoolClient !== true) return [];
  return knownList(c.allowedOAuthFlows);
}

/** Why {@link oauthFlows} is undefined for a client. */
function oauthFlowsUnknownWhy(c: AppClientModel): string {
  if (isUnknown(c.allowedOAuthFlowsUserPoolClient)) {
    return `its AllowedOAuthFlowsUserPoolClient could not be resolved${unresolvedDetail(c.allowedOAuthFlowsUserPoolClient)}; it decides whether the client can use /oauth2/token at all`;
  }
  return `its AllowedOAuthFlows could not be resolved${unresolvedDetail(firstUnknown(c.allowedOAuthFlows))}; they decide whether it can get this token from /oauth2/token`;
}

/** True when the client's only OAuth flow is client_credentials (a machine client). False when not, or when its flows are unknown. */
export function isMachineClient(c: AppClientModel): boolean {
  const f = oauthFlows(c);
  return !!f && f.length === 1 && f[0] === 'client_credentials';
}

/** Why a client cannot use the token endpoint for these flows (`no` or `unknown`), or undefined when it can. */
function oauthBlocker(index: ModelIndex, c: AppClientModel, pool: string, flowsNeeded: string[]): Access | undefined {
  const flows = oauthFlows(c);
  if (flows === undefined) return unknown(oauthFlowsUnknownWhy(c));
  if (c.allowedOAuthFlowsUserPoolClient !== true) return no('OAuth is not enabled on it (AllowedOAuthFlowsUserPoolClient is not true), so it never gets a token from /oauth2/token');
  const usable = flows.filter((f) => flowsNeeded.includes(f));
  if (usable.length === 0) {
    return no(`its OAuth flows (${flows.join(', ') || 'none'}) cannot mint this token (needs ${flowsNeeded.join(' or ')})`);
  }
  const domains = index.domainsByPool.get(pool) ?? [];
  if (domains.length === 0) {
    const p = index.poolsByKey.get(pool);
    const name = poolName(p, pool);
    if (!p || p.external) return unknown(`its pool (${name}) is not defined in the templates given, so whether it has a domain (/oauth2/token) is not known; give the template that defines the pool`);
    if (p.exported) return unknown(`its pool (${name}) is exported, so a stack not given may add its domain (/oauth2/token); give every template that uses the pool`);
    const d = index.model.domains.find((x) => !isKnown(x.pool));
    if (d) return unknown(`the user pool of domain ${d.logicalId} could not be resolved${unresolvedDetail(d.pool)}, so whether this pool has a domain (/oauth2/token) is not known`);
    return no(`its pool (${name}) has no domain, so there is no /oauth2/token endpoint to get scoped tokens from`);
  }
  if (usable.length === 1 && usable[0] === 'client_credentials' && c.generateSecret !== true) {
    if (isUnknown(c.generateSecret)) return unknown(`whether it has a secret could not be resolved${unresolvedDetail(c.generateSecret)}; client_credentials needs one`);
    return no('client_credentials needs a client secret and it has none');
  }
  if (!usable.includes('client_credentials')) {
    const cb = c.callbackUrls;
    if (cb === undefined || (!isUnknown(cb) && cb.length === 0)) return no('code/implicit flows need callback URLs and it has none');
    if (isUnknown(cb)) return unknown(`its CallbackURLs could not be resolved${unresolvedDetail(cb)}; code/implicit flows need at least one`);
  }
  return undefined;
}

/** Can the client get an access token carrying `scope` from /oauth2/token? */
function oauthScopeAccess(index: ModelIndex, c: AppClientModel, pool: string, scope: string): Access {
  if (!isBuiltInScope(scope)) {
    if (!scope.includes('/')) return no(`\`${scope}\` is not a full scope (identifier/name): no token ever carries it`);
    if (!index.findScope([pool], scope)) {
      if (!index.scopesFullyKnown([pool])) {
        return unknown(`whether a resource server of its pool defines ${scope} could not be resolved (a resource server is unresolved, or the pool is imported or exported); the pool's resource servers decide it`);
      }
      return no(`no resource server of its pool defines ${scope}`);
    }
  }
  const allowed = c.allowedOAuthScopes;
  if (allowed === undefined) return no(`it is not allowed ${scope} (no AllowedOAuthScopes)`);
  if (isUnknown(allowed)) return unknown(`its AllowedOAuthScopes could not be resolved${unresolvedDetail(allowed)}; they decide whether it is allowed ${scope}`);
  if (!allowed.some((s) => s === scope)) {
    const u = allowed.find((s) => !isKnown(s));
    if (u !== undefined) return unknown(`some of its AllowedOAuthScopes could not be resolved${unresolvedDetail(u)}; one of them may be ${scope}`);
    return no(`it is not allowed ${scope} (AllowedOAuthScopes)`);
  }
  const flows = isBuiltInScope(scope) ? ['code', 'implicit'] : ['client_credentials', 'code', 'implicit'];
  const blocker = oauthBlocker(index, c, pool, flows);
  if (blocker) return blocker;
  const f = oauthFlows(c) ?? [];
  const how = f.includes('client_credentials') ? 'client_credentials' : f.filter((x) => x !== 'client_credentials').join('/');
  return yes(scope, `it is allowed ${scope} and gets it through the ${how} flow`);
}

/** Why nothing about a client can be decided: its user pool is unresolved. */
export function poolUnknownWhy(c: AppClientModel): string {
  return `its user pool (UserPoolId) could not be resolved${unresolvedDetail(c.pool)}; the pool decides which authorizers accept its tokens and which scopes and domain it has`;
}

function poolUnknown(c: AppClientModel): Access {
  return unknown(poolUnknownWhy(c));
}

/** Can the client get an access token carrying `scope`? */
export function scopeAccess(index: ModelIndex, c: AppClientModel, scope: string): Access {
  if (!isKnown(c.pool)) return poolUnknown(c);
  const pool = c.pool;
  if (isMachineClient(c) && isBuiltInScope(scope)) {
    return no(`client_credentials tokens carry only custom scopes, never ${scope} (users do not sign in through a machine client)`);
  }
  if (scope !== ADMIN_SCOPE) return oauthScopeAccess(index, c, pool, scope);
  // The admin scope comes with every InitiateAuth sign-in, or from the hosted UI when allowed.
  const ia = allowsInitiateAuth(c);
  if (ia) return yes(scope, `a user signing in through it with InitiateAuth gets an access token with ${scope}`);
  const oauth = oauthScopeAccess(index, c, pool, scope);
  if (oauth.answer === 'yes') return oauth;
  if (ia === undefined) return unknown(`${initiateAuthUnknownWhy(c)}; an InitiateAuth sign-in would give ${scope}, and through OAuth: ${bareWhy(oauth)}`);
  if (oauth.answer === 'unknown') return unknown(`it allows no InitiateAuth flow, and through OAuth: ${bareWhy(oauth)}`);
  return no(`it allows no InitiateAuth flow (which would give ${scope}), and ${oauth.why}`);
}

/** Can the client get an ID token through the hosted UI (code/implicit with openid)? */
function hostedUiIdToken(index: ModelIndex, c: AppClientModel, pool: string): Access {
  const blocker = oauthBlocker(index, c, pool, ['code', 'implicit']);
  if (blocker) return blocker;
  const allowed = c.allowedOAuthScopes;
  if (isUnknown(allowed)) return unknown(`its AllowedOAuthScopes could not be resolved${unresolvedDetail(allowed)}; the hosted UI gives an ID token only with openid`);
  if (allowed && allowed.includes('openid')) return yes('id token', 'users signing in through its hosted-UI flow get an ID token (openid)');
  const u = allowed?.find((s) => !isKnown(s));
  if (u !== undefined) return unknown(`some of its AllowedOAuthScopes could not be resolved${unresolvedDetail(u)}; the hosted UI gives an ID token only if one of them is openid`);
  return no('its OAuth scopes lack openid, so the hosted UI gives it no ID token');
}

/** Can the client get an ID token (for a method without scopes)? */
export function idTokenAccess(index: ModelIndex, c: AppClientModel): Access {
  if (!isKnown(c.pool)) return poolUnknown(c);
  if (isMachineClient(c)) {
    return no('client_credentials mints only access tokens (with custom scopes); this method has no scopes, so it needs an ID token');
  }
  const ia = allowsInitiateAuth(c);
  if (ia) return yes('id token', 'users signing in through it get an ID token');
  const oauth = hostedUiIdToken(index, c, c.pool);
  if (oauth.answer === 'yes') return oauth;
  if (ia === undefined) return unknown(`${initiateAuthUnknownWhy(c)}; through the hosted UI: ${bareWhy(oauth)}`);
  if (oauth.answer === 'unknown') return unknown(`it allows no InitiateAuth flow, and through the hosted UI: ${bareWhy(oauth)}`);
  return no(`it allows no InitiateAuth flow, and ${oauth.why}`);
}

/**
 * Can the client get any token at all (an HTTP API route without scopes, which accepts ID and access
 * tokens alike)? A machine client through one of its allowed scopes, any other through an ID token.
 */
export function anyTokenAccess(index: ModelIndex, c: AppClientModel): Access {
  if (!isKnown(c.pool)) return poolUnknown(c);
  if (!isMachineClient(c)) return idTokenAccess(index, c);
  const allowed = c.allowedOAuthScopes;
  if (allowed === undefined) return no('client_credentials needs at least one allowed scope to mint a token, and it has none');
  if (isUnknown(allowed)) return unknown(`its AllowedOAuthScopes could not be resolved${unresolvedDetail(allowed)}; client_credentials mints a token only with one of them`);
  return anyOf(allowed.filter((x): x is string => isKnown(x)).map((x) => scopeAccess(index, c, x)));
}

/** Combine per-scope answers (ANY-of): the first yes wins, else unknown if any (every unknown reason), else every reason. */
export function anyOf(answers: Access[]): Access {
  const ok = answers.find((a) => a.answer === 'yes');
  if (ok) return ok;
  const unknowns = answers.filter((a) => a.answer === 'unknown');
  if (unknowns.length > 0) return unknown([...new Set(unknowns.map(bareWhy))].join('; '));
  if (answers.length === 0) return no('there is no scope to get');
  const whys = [...new Set(answers.map((a) => a.why))];
  return no(whys.join('; '));
}
