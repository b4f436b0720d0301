/**
 * Token checks of DESIGN.md §5 rows 4–7. Structure is read here (so that a
 * token with an empty signature still gets its claims reported); the key id,
 * algorithm, signature and expiry are judged by `aws-jwt-verify`.
 */
import { JwtExpiredError, JwtParseError } from 'aws-jwt-verify/error';
import { validateJwtFields } from 'aws-jwt-verify/jwt';
import { KeyObjectCache, verifyJwtSync } from 'aws-jwt-verify/jwt-verifier';
import { safeValue } from '../safe-text';

/** Latest time a JavaScript Date can hold, in epoch seconds (8.64e15 ms): the range `--now` and test times must stay in. */
export const MAX_EPOCH_SECONDS = 8.64e12;

/** A time for a message: ISO 8601 when a Date can hold it, else the number of epoch seconds (never throws). */
export function formatTime(seconds: number): string {
  if (Number.isFinite(seconds) && Math.abs(seconds) <= MAX_EPOCH_SECONDS) return new Date(seconds * 1000).toISOString();
  return `${String(seconds)} epoch seconds (outside the dates a calendar shows)`;
}

/** A claim value for a message: strings as they are, anything else as JSON; escaped and cut. */
export function claimText(v: unknown): string {
  if (typeof v === 'string') return safeValue(v);
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    text = undefined;
  }
  return safeValue(text ?? String(v));
}

/** A JSON Web Key Set as read from a file or made by the test kit. */
export interface Jwks {
  readonly keys: Array<Record<string, unknown>>;
}

export interface DecodedToken {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signature: string;
}

/** Why a string is not a JWT, or its decoded parts. */
export function decodeToken(token: string): { token?: DecodedToken; error?: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: `it has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by dots, a JWT has 3 (header.payload.signature)` };
  const [h, p, s] = parts;
  const b64url = /^[A-Za-z0-9_-]*={0,2}$/;
  const decode = (part: string, what: string): Record<string, unknown> | string => {
    if (!part || !b64url.test(part)) return `its ${what} is not base64url`;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(part, 'base64url').toString('utf-8'));
    } catch {
      return `its ${what} is not JSON`;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return `its ${what} is not a JSON object`;
    return json as Record<string, unknown>;
  };
  const header = decode(h, 'header');
  if (typeof header === 'string') return { error: header };
  const payload = decode(p, 'payload');
  if (typeof payload === 'string') return { error: payload };
  if (!b64url.test(s)) return { error: 'its signature is not base64url' };
  return { token: { header, payload, signature: s } };
}

/** Parse a JWKS document; throws on anything that is not `{ keys: [...] }`. */
export function parseJwks(text: string): Jwks {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`);
  }
  const keys = (json as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.some((k) => !k || typeof k !== 'object')) throw new Error('not a JWKS (expected {"keys": [...]})');
  return json as Jwks;
}

export interface SignatureChecks {
  readonly kid: { ok: boolean; detail: string };
  readonly alg: { ok: boolean; detail: string };
  /** `undefined` when aws-jwt-verify could not read the token's claims, so the signature was not verified. */
  readonly signature: { ok: boolean | undefined; detail: string };
}

/** Native public keys made from each JWKS, per JWKS object (so equal kids of different sets never mix). */
const keyCaches = new WeakMap<Jwks, KeyObjectCache>();

/** Key id, algorithm and signature, judged against an offline JWKS by aws-jwt-verify. */
export function checkSignature(raw: string, t: DecodedToken, jwks: Jwks): SignatureChecks {
  const kid = typeof t.header.kid === 'string' ? t.header.kid : undefined;
  const alg = t.header.alg;
  const kidKnown = kid !== undefined && jwks.keys.some((k) => k.kid === kid);
  const kidCheck = kid === undefined
    ? { ok: false, detail: 'the token header has no kid' }
    : kidKnown
      ? { ok: true, detail: `kid ${safeValue(kid)} is in the JWKS` }
      : { ok: false, detail: `kid ${safeValue(kid)} is not in the JWKS (keys: ${safeValue(jwks.keys.map((k) => String(k.kid)).join(', ')) || 'none'})` };
  const algCheck = alg === 'RS256'
    ? { ok: true, detail: 'alg RS256' }
    : { ok: false, detail: `alg ${claimText(alg)}; Cognito tokens are signed RS256` };
  let sig: { ok: boolean | undefined; detail: string };
  if (!t.signature) {
    sig = { ok: false, detail: 'the token has no signature' };
  } else {
    try {
      // Expiry and claims are judged separately; only the signature matters here. With the key for the
      // token's kid (aws-jwt-verify picks it from a whole JWKS otherwise), its native form is cached.
      const options = { issuer: null, audience: null, graceSeconds: Number.MAX_SAFE_INTEGER };
      const jwk = kidKnown ? jwks.keys.find((k) => k.kid === kid) : undefined;
      if (jwk) {
        let cache = keyCaches.get(jwks);
        if (!cache) keyCaches.set(jwks, (cache = new KeyObjectCache()));
        const keys = cache;
        verifyJwtSync(raw, jwk as never, options, (j, a) => keys.transformJwkToKeyObjectSync(j, a, 'offline-jwks'));
      } else {
        verifyJwtSync(raw, jwks as never, options);
      }
      sig = { ok: true, detail: `signature verified by aws-jwt-verify with key ${safeValue(kid ?? '')}` };
    } catch (e) {
      // A claim aws-jwt-verify cannot read (e.g. exp 1e400) stops it before the signature: not a verdict on the signature.
      sig = e instanceof JwtParseError && alg === 'RS256' && kidKnown
        ? { ok: undefined, detail: `signature not verified: aws-jwt-verify could not read the token (${safeValue((e as Error).message)})` }
        : { ok: false, detail: `aws-jwt-verify: ${safeValue((e as Error).message)}` };
    }
  }
  return { kid: kidCheck, alg: algCheck, signature: sig };
}

/**
 * Expiry at `now` (epoch seconds, within ±{@link MAX_EPOCH_SECONDS}): `ok` true (valid), false (refused:
 * expired, or no numeric exp — Cognito tokens always carry one) or undefined (not decided).
 * Within the range a Date holds, aws-jwt-verify judges; beyond it the comparison is plain arithmetic.
 */
export function checkExpiry(t: DecodedToken, now: number): { ok: boolean | undefined; expired: boolean; detail: string } {
  const exp = t.payload.exp;
  if (exp === undefined) {
    return { ok: false, expired: false, detail: 'the token has no exp claim; Cognito tokens always carry one, and API Gateway refuses a token without it' };
  }
  if (typeof exp !== 'number') {
    return { ok: false, expired: false, detail: `exp is ${typeof exp === 'string' ? `"${safeValue(exp)}"` : claimText(exp)}, not a number of epoch seconds; Cognito tokens always carry a numeric exp` };
  }
  if (!Number.isFinite(exp)) {
    return { ok: undefined, expired: false, detail: 'exp is not a finite number (a JSON number too large for a double, e.g. 1e400): how API Gateway reads it is not known' };
  }
  let expired: boolean;
  if (Math.abs(exp) <= MAX_EPOCH_SECONDS) {
    // aws-jwt-verify compares exp with the clock; shift the clock to `now` with graceSeconds. Only exp is
    // given to it: nbf is not a check of §5 (and an out-of-range nbf would make it throw a RangeError).
    const graceSeconds = Date.now() / 1000 - now + 0.5;
    try {
      validateJwtFields({ exp } as never, { issuer: null, audience: null, graceSeconds });
      expired = false;
    } catch (e) {
      if (!(e instanceof JwtExpiredError)) return { ok: undefined, expired: false, detail: `aws-jwt-verify: ${safeValue((e as Error).message)}` };
      expired = true;
    }
  } else {
    expired = exp < now;
  }
  if (expired) {
    return { ok: false, expired: true, detail: `expired at ${formatTime(exp)} (${Math.round(now - exp)} s before ${formatTime(now)})` };
  }
  return { ok: true, expired: false, detail: `valid until ${formatTime(exp)} (${Math.round(exp - now)} s after ${formatTime(now)})` };
}
