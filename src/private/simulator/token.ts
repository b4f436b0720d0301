/**
 * Token checks of DESIGN.md §5 rows 4–7. Structure is read here (so that a
 * token with an empty signature still gets its claims reported); the key id,
 * algorithm, signature and expiry are judged by `aws-jwt-verify`.
 */
import { JwtExpiredError, JwtNotBeforeError } from 'aws-jwt-verify/error';
import { validateJwtFields } from 'aws-jwt-verify/jwt';
import { KeyObjectCache, verifyJwtSync } from 'aws-jwt-verify/jwt-verifier';

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
  readonly signature: { ok: boolean; detail: string };
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
      ? { ok: true, detail: `kid ${kid} is in the JWKS` }
      : { ok: false, detail: `kid ${kid} is not in the JWKS (keys: ${jwks.keys.map((k) => String(k.kid)).join(', ') || 'none'})` };
  const algCheck = alg === 'RS256'
    ? { ok: true, detail: 'alg RS256' }
    : { ok: false, detail: `alg ${JSON.stringify(alg)}; Cognito tokens are signed RS256` };
  let sig: { ok: boolean; detail: string };
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
      sig = { ok: true, detail: `signature verified by aws-jwt-verify with key ${kid}` };
    } catch (e) {
      sig = { ok: false, detail: `aws-jwt-verify: ${(e as Error).message}` };
    }
  }
  return { kid: kidCheck, alg: algCheck, signature: sig };
}

/** Expiry at `now` (epoch seconds), judged by aws-jwt-verify. */
export function checkExpiry(t: DecodedToken, now: number): { ok: boolean | undefined; detail: string } {
  const exp = t.payload.exp;
  if (typeof exp !== 'number') return { ok: undefined, detail: 'the token has no numeric exp claim' };
  // aws-jwt-verify compares exp with the clock; shift the clock to `now` with graceSeconds.
  const graceSeconds = Date.now() / 1000 - now + 0.5;
  try {
    validateJwtFields(t.payload as never, { issuer: null, audience: null, graceSeconds });
  } catch (e) {
    if (e instanceof JwtExpiredError) {
      return { ok: false, detail: `expired at ${new Date(exp * 1000).toISOString()} (${Math.round(now - exp)} s before ${new Date(now * 1000).toISOString()})` };
    }
    if (!(e instanceof JwtNotBeforeError)) return { ok: undefined, detail: `aws-jwt-verify: ${(e as Error).message}` };
  }
  return { ok: true, detail: `valid until ${new Date(exp * 1000).toISOString()} (${Math.round(exp - now)} s after ${new Date(now * 1000).toISOString()})` };
}
