import * as crypto from 'crypto';
import { Duration } from 'aws-cdk-lib';
import { MAX_EPOCH_SECONDS } from '../private/simulator/token';

/** Properties of a {@link TestTokenIssuer}. */
export interface TestTokenIssuerProps {
  /**
   * The user pool id the tokens claim to come from; sets the issuer
   * (`https://cognito-idp.{region}.amazonaws.com/{userPoolId}`).
   *
   * @default 'us-east-1_TestPool1'
   */
  readonly userPoolId?: string;

  /**
   * Key id (`kid`) of the signing key, in the JWKS and in every token header.
   *
   * @default - a random key id
   */
  readonly keyId?: string;
}

/** Options shared by every token the issuer mints. */
export interface TestTokenOptions {
  /** The app client id the token is issued to (`aud` of ID tokens, `client_id` of access tokens). */
  readonly clientId: string;

  /**
   * User name (`cognito:username` in ID tokens, `username` in access tokens).
   *
   * @default 'test-user'
   */
  readonly username?: string;

  /**
   * Subject (`sub`), the user's stable id.
   *
   * @default - a UUID derived from the user name
   */
  readonly sub?: string;

  /**
   * Groups of the user (`cognito:groups`).
   *
   * @default - no groups claim
   */
  readonly groups?: string[];

  /**
   * How long the token is valid after `issuedAt`; `exp` must stay within the
   * dates JavaScript holds (8.64e12 epoch seconds).
   *
   * @default Duration.hours(1)
   */
  readonly expiresIn?: Duration;

  /**
   * When the token was issued (`iat`, `auth_time`): a valid date from 1970 on.
   *
   * @default - now
   */
  readonly issuedAt?: Date;

  /**
   * Extra claims, added last (they may override the standard ones).
   *
   * @default - none
   */
  readonly claims?: { [name: string]: string };
}

/** Options of an ID token. */
export interface TestIdTokenOptions extends TestTokenOptions {
  /**
   * Email of the user (`email`, with `email_verified: true`).
   *
   * @default - no email claim
   */
  readonly email?: string;
}

/** Options of an access token. */
export interface TestAccessTokenOptions extends TestTokenOptions {
  /**
   * Scopes the token carries (`scope`, space separated), in full
   * (`com.example.api/read`). A token from InitiateAuth carries only
   * `aws.cognito.signin.user.admin`.
   */
  readonly scopes: string[];
}

/** Timing of a client credentials token. */
export interface TestClientCredentialsTokenOptions {
  /**
   * How long the token is valid after `issuedAt`.
   *
   * @default Duration.hours(1)
   */
  readonly expiresIn?: Duration;

  /**
   * When the token was issued.
   *
   * @default - now
   */
  readonly issuedAt?: Date;
}

function b64url(x: string | Buffer): string {
  return Buffer.from(x).toString('base64url');
}

function uuidFrom(seed: string): string {
  const h = crypto.createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Mints Cognito-shaped ID and access tokens, signed RS256 with a key made for
 * the test, and publishes that key as a JWKS. Use it with {@link AuthSimulator}
 * (or any verifier such as aws-jwt-verify) in jest tests: no AWS account and
 * no network needed.
 *
 * @example
 * const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_Test123' });
 * const token = issuer.mintAccessToken({ clientId: 'web', scopes: ['com.example.api/read'] });
 */
export class TestTokenIssuer {
  /** The user pool id the tokens claim to come from. */
  public readonly userPoolId: string;

  /** Region of the pool (the part of the pool id before `_`). */
  public readonly region: string;

  /** The `iss` of every token: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  public readonly issuer: string;

  /** The `kid` of the signing key. */
  public readonly keyId: string;

  /** The public key as a JWKS document (JSON text), as Cognito serves it at `{issuer}/.well-known/jwks.json`. */
  public readonly jwks: string;

  private readonly privateKey: crypto.KeyObject;

  constructor(props: TestTokenIssuerProps = {}) {
    this.userPoolId = props.userPoolId ?? 'us-east-1_TestPool1';
    if (!/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/.test(this.userPoolId)) {
      throw new Error(`TestTokenIssuer: '${this.userPoolId}' is not a user pool id (<region>_<id>, e.g. us-east-1_Test123)`);
    }
    this.region = this.userPoolId.split('_')[0];
    this.issuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPoolId}`;
    this.keyId = props.keyId ?? crypto.randomBytes(16).toString('base64url');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.jwks = JSON.stringify({ keys: [{ alg: 'RS256', e: jwk.e, kid: this.keyId, kty: 'RSA', n: jwk.n, use: 'sig' }] });
  }

  /**
   * An ID token as Cognito issues it: `token_use: id`, `aud` = client id,
   * `cognito:username`, `sub`, `iss`, `iat`, `exp`, `auth_time`, `jti`,
   * `origin_jti`, `event_id`, optional `email` and `cognito:groups`.
   */
  public mintIdToken(options: TestIdTokenOptions): string {
    const username = options.username ?? 'test-user';
    const t = this.times(options.issuedAt, options.expiresIn);
    const payload: Record<string, unknown> = {
      'sub': options.sub ?? uuidFrom(`${this.userPoolId}/${username}`),
      ...(options.groups ? { 'cognito:groups': options.groups } : {}),
      ...(options.email ? { email_verified: true, email: options.email } : {}),
      'iss': this.issuer,
      'cognito:username': username,
      'origin_jti': crypto.randomUUID(),
      'aud': options.clientId,
      'event_id': crypto.randomUUID(),
      'token_use': 'id',
      'auth_time': t.iat,
      'exp': t.exp,
      'iat': t.iat,
      'jti': crypto.randomUUID(),
      ...(options.claims ?? {}),
    };
    return this.sign(payload);
  }

  /**
   * An access token as Cognito issues it: `token_use: access`, `client_id`,
   * `scope` (space separated), `username`, no `aud`.
   */
  public mintAccessToken(options: TestAccessTokenOptions): string {
    const username = options.username ?? 'test-user';
    const t = this.times(options.issuedAt, options.expiresIn);
    const payload: Record<string, unknown> = {
      sub: options.sub ?? uuidFrom(`${this.userPoolId}/${username}`),
      ...(options.groups ? { 'cognito:groups': options.groups } : {}),
      iss: this.issuer,
      client_id: options.clientId,
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      token_use: 'access',
      scope: options.scopes.join(' '),
      auth_time: t.iat,
      exp: t.exp,
      iat: t.iat,
      jti: crypto.randomUUID(),
      username,
      ...(options.claims ?? {}),
    };
    return this.sign(payload);
  }

  /**
   * An access token from the client credentials flow, as Cognito issues it:
   * `sub` is the client id, no user name, custom scopes only.
   */
  public mintClientCredentialsToken(clientId: string, scopes: string[], options: TestClientCredentialsTokenOptions = {}): string {
    const t = this.times(options.issuedAt, options.expiresIn);
    return this.sign({
      sub: clientId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: t.iat,
      iss: this.issuer,
      exp: t.exp,
      iat: t.iat,
      version: 2,
      jti: crypto.randomUUID(),
      client_id: clientId,
    });
  }

  /**
   * Sign any payload (JSON object text) with the issuer's key: for tests of
   * tokens Cognito would never issue. The header is `{ kid, alg: RS256 }`.
   */
  public signPayload(payloadJson: string): string {
    const payload = JSON.parse(payloadJson);
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('signPayload: expected a JSON object');
    return this.sign(payload);
  }

  private times(issuedAt: Date | undefined, expiresIn: Duration | undefined): { iat: number; exp: number } {
    const ms = (issuedAt ?? new Date()).getTime();
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`TestTokenIssuer: issuedAt must be a valid date from 1970-01-01T00:00:00Z on: got ${Number.isFinite(ms) ? issuedAt!.toISOString() : 'Invalid Date'}`);
    }
    const iat = Math.floor(ms / 1000);
    const seconds = (expiresIn ?? Duration.hours(1)).toSeconds();
    const exp = iat + seconds;
    if (!Number.isFinite(exp) || exp > MAX_EPOCH_SECONDS) {
      throw new Error(`TestTokenIssuer: issuedAt plus expiresIn must end by ${MAX_EPOCH_SECONDS} epoch seconds (the latest date JavaScript holds): got exp ${exp} (expiresIn ${seconds} s)`);
    }
    return { iat, exp };
  }

  private sign(payload: Record<string, unknown>): string {
    const input = `${b64url(JSON.stringify({ kid: this.keyId, alg: 'RS256' }))}.${b64url(JSON.stringify(payload))}`;
    const signature = crypto.sign('sha256', Buffer.from(input), this.privateKey);
    return `${input}.${b64url(signature)}`;
  }
}
