/**
 * Which token Cognito would issue to one app client (DESIGN.md §4, §5): the
 * test kit's `tokenFor` mints only what this plans, and refuses (throws) the
 * rest with the reason, what the client is configured for and the fix.
 *
 * The answers come from the same capability functions as the matrix
 * (scopeAccess, idTokenAccess, allowsInitiateAuth...), so that a token
 * `tokenFor` mints for a client is one the matrix says the client can get.
 * An unresolved value never yields a token (DESIGN.md §6): it throws, naming
 * the value.
 */
import { ModelIndex, isBuiltInScope } from '../model/model-index';
import { AppClientModel, isKnown, isUnknown } from '../model/types';
import { safeValue } from '../safe-text';
import {
  ADMIN_SCOPE, Access, allowsInitiateAuth, bareWhy, idTokenAccess, initiateAuthUnknownWhy,
  isMachineClient, oauthFlows, poolUnknownWhy, scopeAccess, unresolvedDetail,
} from '../simulator/capability';

/** The flows a token comes from: the OAuth grants, and InitiateAuth (SRP, password, custom auth). */
export type Flow = 'code' | 'implicit' | 'client_credentials' | 'initiate_auth';
export type Kind = 'access' | 'id';

/** What the caller asked for. */
export interface TokenRequest {
  readonly kind: Kind;
  readonly flow?: Flow;
  /** Scopes asked for, or undefined for Cognito's default (every scope the client is allowed, for an OAuth flow). */
  readonly scopes?: string[];
  /** The token has a user (username, groups, email were given). */
  readonly withUser: boolean;
  /** An email claim was asked for. */
  readonly withEmail: boolean;
}

/** A token Cognito would issue. */
export interface TokenPlan {
  readonly kind: Kind;
  readonly flow: Flow;
  /** The `scope` claim of an access token (empty for an ID token). */
  readonly scopes: string[];
  /** Validity in seconds from the client's configuration (Cognito's default 1 hour when unset). */
  readonly validitySeconds: number | undefined;
  /** Why the validity is unknown, when it is. */
  readonly validityUnknown?: string;
}

/** A refusal: the reason, and the fix. */
export class Refusal extends Error {
  /** The flow the refusal is about, once chosen. */
  public flow?: Flow;
  constructor(public readonly reason: string, public readonly fix: string, public readonly unknown = false) {
    super(reason);
  }
}

const USER_SCOPES_NEED_OPENID = ['email', 'phone', 'profile'];
const OAUTH_USER_FLOWS: Flow[] = ['code', 'implicit'];
const NO_INITIATE_AUTH_PREFIX = /^it allows no InitiateAuth flow(?: \(which would give [^)]*\))?, and (?:through (?:OAuth|the hosted UI): )?/;

function describeKind(r: TokenRequest, scopes: string[] | undefined): string {
  if (r.kind === 'id') return 'an ID token';
  if (scopes === undefined) return 'an access token';
  return scopes.length === 0 ? 'an access token with no scope' : `an access token with ${scopes.map((s) => safeValue(s)).join(' ')}`;
}

function knownStrings(v: AppClientModel['allowedOAuthScopes']): string[] | undefined {
  if (v === undefined) return [];
  if (isUnknown(v)) return undefined;
  return v.every((x) => isKnown(x)) ? (v as string[]) : undefined;
}

/** What the client may get, from its configuration, in one phrase. */
export function mayGet(c: AppClientModel): string {
  const parts: string[] = [];
  const flows = oauthFlows(c);
  const allowed = knownStrings(c.allowedOAuthScopes);
  const scopesText = allowed === undefined ? 'its scopes (unresolved)' : allowed.length > 0 ? allowed.map((s) => safeValue(s)).join(' ') : 'no scope';
  if (flows === undefined) {
    parts.push('tokens from /oauth2/token (its OAuth flows could not be resolved)');
  } else if (isMachineClient(c)) {
    parts.push(`client_credentials access tokens with ${allowed === undefined ? scopesText : allowed.filter((s) => !isBuiltInScope(s)).map((s) => safeValue(s)).join(' ') || 'no custom scope'}`);
  } else {
    const user = flows.filter((f) => f === 'code' || f === 'implicit');
    if (user.length > 0) {
      const id = allowed?.includes('openid') ? ', and ID tokens' : ', no ID token (no openid)';
      parts.push(`${user.join('/')} access tokens with ${scopesText}${allowed === undefined ? '' : id}`);
    }
  }
  if (!isMachineClient(c)) {
    const ia = allowsInitiateAuth(c);
    if (ia) parts.push(`InitiateAuth ID tokens and access tokens with ${ADMIN_SCOPE} only`);
    else if (ia === undefined) parts.push('InitiateAuth tokens if its ExplicitAuthFlows allow them (unresolved)');
  }
  return parts.length > 0 ? parts.join('; ') : 'no token at all';
}

/** A refusal from a capability answer that is not `yes`. */
function fromAccess(a: Access, fix: string, strip = false): Refusal {
  const why = a.answer === 'unknown' ? bareWhy(a) : a.why;
  const unknown = a.answer === 'unknown';
  return new Refusal(strip ? why.replace(NO_INITIATE_AUTH_PREFIX, '') : why, unknown ? 'make what the reason names resolvable in the app' : fix, unknown);
}

/** The client as if it allowed no InitiateAuth flow: what the capability functions say of its OAuth flows alone. */
function oauthOnly(c: AppClientModel): AppClientModel {
  return { ...c, explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] };
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** The client's validity for this kind of token, in seconds; 1 hour when unset (Cognito's default). */
function validity(c: AppClientModel, kind: Kind): { seconds?: number; why?: string } {
  const value = kind === 'id' ? c.tokenValidity.idToken : c.tokenValidity.accessToken;
  const unit = kind === 'id' ? c.tokenValidity.units.idToken : c.tokenValidity.units.accessToken;
  const prop = kind === 'id' ? 'IdTokenValidity' : 'AccessTokenValidity';
  if (value === undefined) return { seconds: 3600 };
  if (isUnknown(value)) return { why: `its ${prop} could not be resolved${unresolvedDetail(value)}` };
  if (isUnknown(unit)) return { why: `its TokenValidityUnits could not be resolved${unresolvedDetail(unit)}` };
  const per = UNIT_SECONDS[unit ?? 'hours'];
  if (per === undefined) return { why: `its TokenValidityUnits ${safeValue(String(unit))} is not seconds, minutes, hours or days` };
  return { seconds: value * per };
}

/**
 * The token Cognito would issue to client `c` for request `r`, or a {@link Refusal}.
 */
export function planToken(index: ModelIndex, c: AppClientModel, r: TokenRequest): TokenPlan {
  if (!isKnown(c.pool)) throw new Refusal(poolUnknownWhy(c), 'resolve the client\'s UserPoolId in the app', true);
  if (r.kind === 'access' && r.withEmail) throw new Refusal('access tokens carry no email claim', 'leave out email, or ask for an ID token');
  const flow = r.flow ?? defaultFlow(c, r);
  let scopes: string[];
  try {
    scopes = flow === 'initiate_auth' ? planInitiateAuth(c, r)
      : flow === 'client_credentials' ? planClientCredentials(index, c, r)
        : planUserOAuth(index, c, r, flow);
  } catch (e) {
    if (e instanceof Refusal) e.flow = flow;
    throw e;
  }
  const v = validity(c, r.kind);
  return { kind: r.kind, flow, scopes: r.kind === 'id' ? [] : scopes, validitySeconds: v.seconds, validityUnknown: v.why };
}

/** Which flow gives what was asked, when no flow is given. */
function defaultFlow(c: AppClientModel, r: TokenRequest): Flow {
  if (isMachineClient(c)) return 'client_credentials';
  const asksOnlyAdmin = r.scopes !== undefined && r.scopes.length === 1 && r.scopes[0] === ADMIN_SCOPE;
  const ia = allowsInitiateAuth(c);
  if (ia && ((r.kind === 'id' && r.scopes === undefined) || (r.kind === 'access' && asksOnlyAdmin))) return 'initiate_auth';
  const flows = oauthFlows(c);
  if (flows === undefined && ia === undefined) {
    throw new Refusal(`${oauthFlowsUnknown(c)}, and ${initiateAuthUnknownWhy(c)}`, 'resolve the client\'s flows in the app, or give the flow option', true);
  }
  const user = (flows ?? []).filter((f) => f === 'code' || f === 'implicit') as Flow[];
  if (user.length > 0) return user.includes('code') ? 'code' : user[0];
  if (flows === undefined) {
    if (r.scopes === undefined && r.kind === 'access' && ia) return 'initiate_auth';
    throw new Refusal(`${oauthFlowsUnknown(c)}; they decide whether it can get this token`, 'resolve the client\'s OAuth settings in the app, or give the flow option', true);
  }
  if (ia !== false && r.scopes === undefined) return 'initiate_auth';
  if (ia !== false && asksOnlyAdmin) return 'initiate_auth';
  return 'code';
}

function oauthFlowsUnknown(c: AppClientModel): string {
  const v = isUnknown(c.allowedOAuthFlowsUserPoolClient) ? c.allowedOAuthFlowsUserPoolClient
    : isUnknown(c.allowedOAuthFlows) ? c.allowedOAuthFlows : c.allowedOAuthFlows?.find((x) => !isKnown(x));
  return `its OAuth flows could not be resolved${unresolvedDetail(v)}`;
}

function planInitiateAuth(c: AppClientModel, r: TokenRequest): string[] {
  if (isMachineClient(c)) {
    throw new Refusal('users do not sign in through a machine client (its only OAuth flow is client_credentials)', 'use a user client, or the client_credentials flow for an access token');
  }
  const ia = allowsInitiateAuth(c);
  if (ia === undefined) throw new Refusal(initiateAuthUnknownWhy(c), 'list the client\'s ExplicitAuthFlows in the app', true);
  if (!ia) {
    throw new Refusal('it allows no InitiateAuth flow (its ExplicitAuthFlows list none of SRP, password, custom or choice-based auth)', 'add an auth flow to the client (authFlows: { userSrp: true }), or ask for a token through its OAuth flow');
  }
  if (r.kind === 'id') {
    if (r.scopes !== undefined && r.scopes.length > 0) {
      throw new Refusal('an ID token carries no scope claim', 'leave out scopes for an ID token');
    }
    return [];
  }
  const extra = (r.scopes ?? [ADMIN_SCOPE]).filter((s) => s !== ADMIN_SCOPE);
  if (extra.length > 0 || (r.scopes !== undefined && r.scopes.length === 0)) {
    throw new Refusal(`access tokens from InitiateAuth carry only ${ADMIN_SCOPE}`, 'ask for that scope only, or for a token through an OAuth flow (code or implicit) of a client allowed these scopes');
  }
  return [ADMIN_SCOPE];
}

function planClientCredentials(index: ModelIndex, c: AppClientModel, r: TokenRequest): string[] {
  if (r.kind === 'id') {
    throw new Refusal('client_credentials gives access tokens only, never an ID token', 'ask for an access token (kind ACCESS), or use a user client for an ID token');
  }
  if (r.withUser) {
    throw new Refusal('a client_credentials token has no user: no username, groups or email', 'leave out username, groups and email');
  }
  const flows = oauthFlows(c);
  if (flows === undefined) {
    throw new Refusal(`${oauthFlowsUnknown(c)}; they decide whether it has the client_credentials flow`, 'resolve the client\'s OAuth settings in the app', true);
  }
  if (!flows.includes('client_credentials')) {
    throw new Refusal(`its OAuth flows (${flows.join(', ') || 'none'}) do not include client_credentials`, 'enable clientCredentials on a client with a secret (generateSecret: true), or ask for a token through the flows it has');
  }
  if (flows.length > 1) {
    throw new Refusal(`client_credentials cannot be combined with ${flows.filter((f) => f !== 'client_credentials').join(', ')}: Cognito refuses to create this client`, 'put client_credentials on a client of its own');
  }
  let scopes = r.scopes;
  if (scopes === undefined) {
    const allowed = knownStrings(c.allowedOAuthScopes);
    if (allowed === undefined) {
      throw new Refusal(`its AllowedOAuthScopes could not be resolved${unresolvedDetail(isUnknown(c.allowedOAuthScopes) ? c.allowedOAuthScopes : c.allowedOAuthScopes?.find((s) => !isKnown(s)))}; without a scope parameter Cognito gives every one of them`, 'resolve the client\'s OAuth scopes in the app, or give scopes', true);
    }
    scopes = allowed.filter((s) => !isBuiltInScope(s));
    if (scopes.length === 0) throw new Refusal('it is allowed no custom scope, and client_credentials tokens carry only custom scopes', 'allow the client a resource server scope');
  }
  if (scopes.length === 0) throw new Refusal('/oauth2/token gives no client_credentials token without a scope', 'ask for at least one of its custom scopes, or leave out scopes for all of them');
  for (const s of scopes) {
    const a = scopeAccess(index, c, s);
    if (a.answer !== 'yes') throw fromAccess(a, isBuiltInScope(s) ? 'ask for custom (resource server) scopes only' : fixForScope(s, a));
  }
  return [...scopes];
}

function planUserOAuth(index: ModelIndex, c: AppClientModel, r: TokenRequest, flow: Flow): string[] {
  if (isMachineClient(c)) {
    throw new Refusal(`its only OAuth flow is client_credentials, not ${flow}`, 'use the client_credentials flow (an access token with custom scopes), or a user client');
  }
  const flows = oauthFlows(c);
  if (flows === undefined) {
    throw new Refusal(`${oauthFlowsUnknown(c)}; they decide whether it can get this token from the hosted UI`, 'resolve the client\'s OAuth settings in the app', true);
  }
  if (!flows.includes(flow)) {
    const enable = flow === 'code' ? 'authorizationCodeGrant' : 'implicitCodeGrant';
    throw new Refusal(
      c.allowedOAuthFlowsUserPoolClient !== true
        ? 'OAuth is not enabled on it (AllowedOAuthFlowsUserPoolClient is not true), so the hosted UI gives it no token'
        : `its OAuth flows (${flows.join(', ') || 'none'}) do not include ${flow}`,
      `enable ${enable} in the client's oAuth.flows${OAUTH_USER_FLOWS.some((f) => flows.includes(f)) || allowsInitiateAuth(c) ? ', or ask for a token through a flow it has' : ''}`,
    );
  }
  let scopes = r.scopes;
  if (scopes === undefined) {
    const allowed = knownStrings(c.allowedOAuthScopes);
    if (allowed === undefined) {
      throw new Refusal(`its AllowedOAuthScopes could not be resolved${unresolvedDetail(isUnknown(c.allowedOAuthScopes) ? c.allowedOAuthScopes : c.allowedOAuthScopes?.find((s) => !isKnown(s)))}; without a scope parameter Cognito gives every one of them`, 'resolve the client\'s OAuth scopes in the app, or give scopes', true);
    }
    if (allowed.length === 0) throw new Refusal('it is allowed no OAuth scope, so /oauth2/authorize gives it no token', 'allow the client OAuth scopes (oAuth.scopes)');
    scopes = allowed;
  }
  if (scopes.length === 0) throw new Refusal(`the ${flow} flow gives no token without a scope`, 'ask for at least one of its scopes, or leave out scopes for all of them');
  const shadow = oauthOnly(c);
  for (const s of scopes) {
    const a = scopeAccess(index, shadow, s);
    if (a.answer !== 'yes') throw fromAccess(a, fixForScope(s, a), true);
  }
  for (const s of USER_SCOPES_NEED_OPENID) {
    if (scopes.includes(s) && !scopes.includes('openid')) {
      throw new Refusal(`${s} is granted only together with openid`, 'add openid to the scopes');
    }
  }
  if (r.kind === 'id') {
    if (!scopes.includes('openid')) {
      throw new Refusal(`the ${flow} flow gives an ID token only with the openid scope`, `ask for openid too${allowsInitiateAuth(c) ? ', or for an InitiateAuth ID token (flow INITIATE_AUTH, no scopes)' : ''}`);
    }
    const a = idTokenAccess(index, shadow);
    if (a.answer !== 'yes') throw fromAccess(a, fixForScope('openid', a), true);
  }
  if (r.withEmail && !scopes.includes('email')) {
    throw new Refusal(`the email claim comes through the ${flow} flow only with the email scope`, 'add email (and openid) to the scopes, or leave out email');
  }
  return [...scopes];
}

/** The fix for a scope the capability functions refuse, from the reason they give. */
function fixForScope(s: string, a?: Access): string {
  const why = a?.why ?? '';
  if (!isBuiltInScope(s) && !s.includes('/')) return `write the scope in full (identifier/${safeValue(s)})`;
  if (why.includes('has no domain')) return 'add a domain to the user pool (pool.addDomain), or ask for an InitiateAuth token';
  if (why.includes('needs a client secret')) return 'give the client a secret (generateSecret: true)';
  if (why.includes('need callback URLs')) return 'give the client callback URLs (oAuth.callbackUrls)';
  if (why.includes('no resource server of its pool defines')) return `define ${safeValue(s)} on a resource server of the client's pool`;
  return `allow the client ${safeValue(s)} (oAuth.scopes), or ask for a scope it may get`;
}

/** One line that says what was asked: `an access token with X through the code flow`. */
export function describeRequest(r: TokenRequest, flow?: Flow): string {
  return `${describeKind(r, r.scopes)}${flow ? ` through ${flow === 'initiate_auth' ? 'InitiateAuth' : `the ${flow} flow`}` : ''}`;
}
