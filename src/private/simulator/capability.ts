/**
 * What an app client can get from Cognito: which scopes its access tokens can
 * carry, whether it can get ID tokens. Shared by the matrix and the simulator's
 * fixes, so that "who can call this" is computed once.
 */
import { poolName } from './names';
import { ModelIndex, isBuiltInScope } from '../model/model-index';
import { AppClientModel, isKnown, isUnknown } from '../model/types';

export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Answer for one client: allowed, not allowed (with why) or unknown (with why). */
export interface Access {
  readonly allowed: boolean;
  /** True when the answer depends on values that could not be resolved (then `allowed` is false). */
  readonly unknown: boolean;
  /** The scope used, `id token`, or empty. */
  readonly via: string;
  readonly why: string;
}

const yes = (via: string, why: string): Access => ({ allowed: true, unknown: false, via, why });
const no = (why: string): Access => ({ allowed: false, unknown: false, via: '', why });
const unknown = (why: string): Access => ({ allowed: false, unknown: true, via: '', why: `unknown: ${why}` });

const INITIATE_AUTH_FLOWS = new Set([
  'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH',
  'USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY',
]);

/** Whether users can sign in through the client with InitiateAuth (SRP, password, custom): true / false / undefined (unknown). */
export function allowsInitiateAuth(c: AppClientModel): boolean | undefined {
  const f = c.explicitAuthFlows;
  if (f === undefined) return true; // Cognito's default: ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_REFRESH_TOKEN_AUTH
  if (isUnknown(f)) return undefined;
  if (f.some((x) => isKnown(x) && INITIATE_AUTH_FLOWS.has(x))) return true;
  return f.some((x) => !isKnown(x)) ? undefined : false;
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

/** True when the client's only OAuth flow is client_credentials (a machine client). */
export function isMachineClient(c: AppClientModel): boolean {
  const f = oauthFlows(c);
  return !!f && f.length === 1 && f[0] === 'client_credentials';
}

/** Why a client cannot use the token endpoint at all, or undefined when it can (or unknown → 'unknown:'). */
function oauthBlocker(index: ModelIndex, c: AppClientModel, pool: string, flowsNeeded: string[]): Access | undefined {
  const flows = oauthFlows(c);
  if (flows === undefined) return unknown('its OAuth flows could not be resolved');
  if (c.allowedOAuthFlowsUserPoolClient !== true) return no('OAuth is not enabled on it (AllowedOAuthFlowsUserPoolClient is not true), so it never gets a token from /oauth2/token');
  const usable = flows.filter((f) => flowsNeeded.includes(f));
  if (usable.length === 0) {
    return no(`its OAuth flows (${flows.join(', ') || 'none'}) cannot mint this token (needs ${flowsNeeded.join(' or ')})`);
  }
  const domains = index.domainsByPool.get(pool) ?? [];
  if (domains.length === 0) {
    if (index.poolsByKey.get(pool)?.external || index.model.domains.some((d) => !isKnown(d.pool))) return unknown('whether its pool has a domain could not be resolved');
    return no(`its pool (${poolName(index.poolsByKey.get(pool), pool)}) has no domain, so there is no /oauth2/token endpoint to get scoped tokens from`);
  }
  if (usable.length === 1 && usable[0] === 'client_credentials' && c.generateSecret !== true) {
    if (isUnknown(c.generateSecret)) return unknown('whether it has a secret could not be resolved');
    return no('client_credentials needs a client secret and it has none');
  }
  if (!usable.includes('client_credentials')) {
    const cb = c.callbackUrls;
    if (cb === undefined || (!isUnknown(cb) && cb.length === 0)) return no('code/implicit flows need callback URLs and it has none');
  }
  return undefined;
}

/** Can the client get an access token carrying `scope`? */
export function scopeAccess(index: ModelIndex, c: AppClientModel, scope: string): Access {
  if (!isKnown(c.pool)) return unknown('its user pool could not be resolved');
  const pool = c.pool;
  if (isMachineClient(c) && isBuiltInScope(scope)) {
    return no(`client_credentials tokens carry only custom scopes, never ${scope} (users do not sign in through a machine client)`);
  }
  if (scope === ADMIN_SCOPE) {
    const ia = allowsInitiateAuth(c);
    if (ia) return yes(scope, `a user signing in through it with InitiateAuth gets an access token with ${scope}`);
  }
  if (!isBuiltInScope(scope)) {
    if (!scope.includes('/')) return no(`\`${scope}\` is not a full scope (identifier/name): no token ever carries it`);
    if (!index.findScope([pool], scope)) {
      if (!index.scopesFullyKnown([pool])) return unknown(`whether a resource server defines ${scope} could not be resolved`);
      return no(`no resource server of its pool defines ${scope}`);
    }
  }
  const allowed = c.allowedOAuthScopes;
  if (allowed === undefined) return no(`it is not allowed ${scope} (no AllowedOAuthScopes)`);
  if (isUnknown(allowed)) return unknown('its AllowedOAuthScopes could not be resolved');
  if (!allowed.some((s) => s === scope)) {
    if (allowed.some((s) => !isKnown(s))) return unknown('some of its AllowedOAuthScopes could not be resolved');
    return no(`it is not allowed ${scope} (AllowedOAuthScopes)`);
  }
  const flows = isBuiltInScope(scope) ? ['code', 'implicit'] : ['client_credentials', 'code', 'implicit'];
  const blocker = oauthBlocker(index, c, pool, flows);
  if (blocker) return blocker;
  const f = oauthFlows(c) ?? [];
  const how = f.includes('client_credentials') ? 'client_credentials' : f.filter((x) => x !== 'client_credentials').join('/');
  return yes(scope, `it is allowed ${scope} and gets it through the ${how} flow`);
}

/** Can the client get an ID token (for a method without scopes)? */
export function idTokenAccess(index: ModelIndex, c: AppClientModel): Access {
  if (!isKnown(c.pool)) return unknown('its user pool could not be resolved');
  if (isMachineClient(c)) {
    return no('client_credentials mints only access tokens (with custom scopes); this method has no scopes, so it needs an ID token');
  }
  const ia = allowsInitiateAuth(c);
  if (ia) return yes('id token', 'users signing in through it get an ID token');
  const oauth = oauthBlocker(index, c, c.pool, ['code', 'implicit']);
  if (!oauth) {
    const allowed = c.allowedOAuthScopes;
    if (isUnknown(allowed)) return unknown('its AllowedOAuthScopes could not be resolved');
    if (allowed && allowed.includes('openid')) return yes('id token', 'users signing in through its hosted-UI flow get an ID token (openid)');
    return no('its OAuth scopes lack openid, so the hosted UI gives it no ID token, and it allows no InitiateAuth flow');
  }
  if (ia === undefined || oauth.unknown) return unknown('its auth flows could not be resolved');
  return no(`it allows no InitiateAuth flow, and ${oauth.why}`);
}

/** Combine per-scope answers: the first allowed wins (ANY-of), else unknown if any, else every reason. */
export function anyOf(answers: Access[]): Access {
  const ok = answers.find((a) => a.allowed);
  if (ok) return ok;
  const u = answers.find((a) => a.unknown);
  if (u) return u;
  const whys = [...new Set(answers.map((a) => a.why))];
  return no(whys.join('; '));
}
