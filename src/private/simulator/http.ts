/**
 * The rows of DESIGN.md §8 (HTTP APIs, JWT authorizers) that differ from REST, one small function per row,
 * each returning a Check; the token rows (bearer prefix, format, signature, issuer of a pool, expiry)
 * are the REST ones (token.ts, and the Simulator's shared row methods).
 */
import type { Check } from './simulate';
import { DecodedToken, claimText, formatTime } from './token';
import { AuthorizerModel, MethodModel, isKnown, isUnknown } from '../model/types';
import { safeValue } from '../safe-text';

/** Body of a request no route matches (believed, not documented). */
export const NOT_FOUND = 'Not Found';
/** Body of a token refused for its scopes (believed, not documented). */
export const FORBIDDEN = 'Forbidden';
export const NOT_FOUND_ASSUMPTION = 'an HTTP API answers a request that no route matches with 404 {"message":"Not Found"}: believed, not stated in the API Gateway reference pages';
export const FORBIDDEN_ASSUMPTION = 'an HTTP API refuses a valid token without a required scope with 403 Forbidden (www-authenticate: error="insufficient_scope"): believed, not stated in the API Gateway reference pages';

/** Bearer prefix and whitespace (shared by REST and HTTP): the token to read, and the checks made. */
export function bearerRow(value: string, headerName: string): { token: string; checks: Check[]; failures: number } {
  const checks: Check[] = [];
  const trimmed = value.trim();
  const bearer = /^bearer /i.exec(trimmed);
  let token = bearer ? trimmed.slice(bearer[0].length) : trimmed;
  if (bearer) {
    const exact = bearer[0] === 'Bearer ';
    checks.push(exact
      ? {
        name: 'bearer-prefix',
        result: 'pass',
        detail: 'the "Bearer " prefix is removed before the token is read (accepting the prefix is supported by evidence, not by an AWS reference page)',
      }
      : {
        name: 'bearer-prefix',
        result: 'unknown',
        detail: `the prefix is "${safeValue(bearer[0])}"; evidence covers only "Bearer " exactly, so whether API Gateway removes this spelling is not known`,
        open: `bearer-prefix ("${safeValue(bearer[0].trim())}" is not known to be accepted; send "Bearer <token>" or the bare token)`,
      });
  }
  let failures = 0;
  const around = trimmed !== value || token.trim() !== token;
  const inside = /\s/.test(token.trim());
  if (around || inside) {
    const where = around && inside ? 'around and inside' : around ? 'around' : 'inside';
    checks.push({
      name: 'token-whitespace',
      result: 'fail',
      detail: `the ${headerName} value has whitespace ${where} the token`,
      reason: `the token has whitespace (spaces, tabs or line breaks) ${where} it, so API Gateway does not read it as a JWT`,
      fix: 'strip whitespace from the token before sending it',
    });
    token = token.replace(/\s+/g, '');
    failures++;
  }
  return { token, checks, failures };
}

/** The header a JWT authorizer reads (`$request.header.X`); `known` false when it is not a header or unresolved. */
export function httpIdentityHeader(a: AuthorizerModel): { name: string; known: boolean; why?: string } {
  const src = a.identitySource;
  if (src === undefined) return { name: 'Authorization', known: true };
  if (isUnknown(src)) return { name: 'Authorization', known: false, why: `the authorizer's IdentitySource could not be resolved: ${safeValue(src.why)}` };
  const m = /^\$request\.header\.(.+)$/i.exec(src.split(',')[0].trim());
  if (!m) return { name: 'Authorization', known: false, why: `identity source ${safeValue(src)} is not a header` };
  return { name: m[1], known: true };
}

/** RSA only (row 3): HTTP APIs accept RS256, RS384 and RS512 keys (Cognito signs RS256). */
export function rsaRow(t: DecodedToken): Check {
  const alg = t.header.alg;
  if (typeof alg === 'string' && /^RS(256|384|512)$/.test(alg)) return { name: 'alg', result: 'pass', detail: `alg ${alg}` };
  return {
    name: 'alg',
    result: 'fail',
    detail: `alg ${claimText(alg)}; JWT authorizers accept only RSA-signed tokens`,
    reason: 'the token is not RSA-signed, as every Cognito token is (alg "none" is never accepted)',
    fix: 'use a token issued by Cognito',
  };
}

/** A literal issuer (row 4): `iss` must equal it exactly. */
export function literalIssuerRow(issuer: string, t: DecodedToken): Check {
  const iss = t.payload.iss;
  if (iss === issuer) return { name: 'issuer', result: 'pass', detail: `iss ${claimText(iss)} is the authorizer's issuer` };
  return {
    name: 'issuer',
    result: 'fail',
    detail: `iss ${iss === undefined ? '(none)' : claimText(iss)}; the authorizer's issuer is ${safeValue(issuer)}`,
    reason: `the token's iss is not exactly the authorizer's issuer ${safeValue(issuer)} (compared character for character)`,
    fix: typeof iss === 'string' && iss.replace(/\/+$/, '') === issuer.replace(/\/+$/, '')
      ? `make the authorizer's issuer exactly ${safeValue(iss)} (no trailing slash)`
      : 'use a token from the authorizer\'s issuer, or fix JwtConfiguration.Issuer',
  };
}

/**
 * The audience (row 5): `aud` when present, else `client_id`, must be one of the authorizer's audience.
 * `ids` gives the client id of each audience entry that names an app client of the templates (known from
 * the caller: the real ids exist only after deployment).
 */
export function audienceRow(a: AuthorizerModel, t: DecodedToken, idOf: (clientKey: string) => string | undefined, hint: string): Check {
  const aud = t.payload.aud;
  const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((x): x is string => typeof x === 'string') : [];
  const claim = aud !== undefined ? 'aud' : 'client_id';
  const values = aud !== undefined ? auds : typeof t.payload.client_id === 'string' ? [t.payload.client_id] : [];
  const shown = values.length ? safeValue(values.join(' ')) : '(none)';
  const audience = a.jwt?.audience;
  if (!isKnown(audience)) {
    return {
      name: 'audience',
      result: 'unknown',
      detail: `${claim} ${shown}; the authorizer's audience could not be read`,
      open: "audience (the authorizer's JwtConfiguration.Audience could not be resolved)",
    };
  }
  const known: string[] = [];
  const unread: string[] = [];
  for (const e of audience) {
    const id = isKnown(e.value) ? e.value : e.client ? idOf(e.client) : undefined;
    if (id !== undefined) known.push(id);
    else unread.push(e.client ? e.client.split('#').pop()! : safeValue(String(e.value)));
  }
  const hit = values.find((v) => known.includes(v));
  if (hit) return { name: 'audience', result: 'pass', detail: `${claim} ${safeValue(hit)} is in the audience` };
  if (unread.length > 0 && values.length > 0) {
    return {
      name: 'audience',
      result: 'unknown',
      detail: `${claim} ${shown}; the client ids of ${unread.join(', ')} in the audience are only known after deployment`,
      open: `audience (the client ids of ${unread.join(', ')} are not known: ${hint})`,
    };
  }
  return {
    name: 'audience',
    result: 'fail',
    detail: `${claim} ${shown}; the audience is ${known.length ? safeValue(known.join(', ')) : 'empty'}`,
    reason: `the token's ${claim} is not in the authorizer's audience (${aud !== undefined ? 'an ID token is checked by aud' : 'an access token is checked by client_id'}): API Gateway answers "the token does not have a valid audience"`,
    fix: "add the calling app client's id to the authorizer's audience, or use a token of a client in it",
  };
}

/** `nbf`/`iat` after now (row 6; `exp` is the shared expiry row). */
export function notBeforeRow(t: DecodedToken, now: number): Check | undefined {
  const late: string[] = [];
  for (const k of ['nbf', 'iat'] as const) {
    const v = t.payload[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > now) late.push(`${k} ${formatTime(v)}`);
  }
  if (late.length === 0) return undefined;
  return {
    name: 'not-before',
    result: 'fail',
    detail: `${late.join(', ')} after ${formatTime(now)}`,
    reason: 'the token is not valid yet (its nbf or iat is in the future: a clock skew between the issuer and API Gateway)',
    fix: 'use a token issued before the request (check the clock of whatever minted it)',
  };
}

/** Scopes (row 7): any one of the route's scopes in `scope` (space separated) or `scp`. No token_use check. */
export function routeScopesRow(m: MethodModel, t: DecodedToken): Check | undefined {
  const scopes = m.scopes;
  if (scopes === undefined || (isKnown(scopes) && scopes.length === 0)) return undefined;
  const have = new Set<string>();
  const scope = t.payload.scope;
  const scp = t.payload.scp;
  const words = [
    ...(typeof scope === 'string' ? scope.split(' ') : []),
    ...(typeof scp === 'string' ? scp.split(' ') : Array.isArray(scp) ? scp.filter((x): x is string => typeof x === 'string') : []),
  ];
  for (const w of words) if (w) have.add(w);
  if (isUnknown(scopes)) {
    return { name: 'scopes', result: 'unknown', detail: `the route's scopes could not be resolved (${safeValue(scopes.why)})`, open: `scopes (the route's AuthorizationScopes could not be resolved: ${safeValue(scopes.why)})` };
  }
  const known = scopes.filter((s): s is string => isKnown(s));
  const hit = known.find((s) => have.has(s));
  if (hit) return { name: 'scopes', result: 'pass', detail: `the token carries '${safeValue(hit)}'; the route accepts any one of ${known.map((s) => `'${safeValue(s)}'`).join(', ')}` };
  if (known.length < scopes.length) {
    return { name: 'scopes', result: 'unknown', detail: "the token carries none of the route's known scopes; others could not be resolved", open: "scopes (some of the route's AuthorizationScopes could not be resolved)" };
  }
  const carried = have.size ? [...have].map((s) => `'${safeValue(s)}'`).join(' ') : 'no scopes';
  return {
    name: 'scopes',
    result: 'fail',
    detail: `the token carries ${carried}; the route needs one of ${known.map((s) => `'${safeValue(s)}'`).join(', ')}`,
    reason: `the route requires ${known.length === 1 ? `'${safeValue(known[0])}'` : `one of ${known.map((s) => `'${safeValue(s)}'`).join(', ')}`}; the token (ID or access) carries ${carried} in scope/scp`,
    fix: `get an access token with scope=${safeValue(known[0])} from a client in the authorizer's audience that may request it`,
  };
}
