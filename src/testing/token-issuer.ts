import * as crypto from 'crypto';
import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { buildModel } from '../private/model/build';
import { ModelIndex } from '../private/model/model-index';
import { AppClientModel, AuthModel, isKnown } from '../private/model/types';
import { safeValue } from '../private/safe-text';
import { inputFromStack } from '../private/simulator/inputs';
import { uniqueClientNames } from '../private/simulator/names';
import { MAX_EPOCH_SECONDS } from '../private/simulator/token';
import { Flow, Refusal, TokenRequest, describeRequest, mayGet, planToken } from '../private/testing/client-tokens';

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

/** Options of a client credentials token ({@link TestTokenIssuer.mintClientCredentialsToken}). */
export interface TestClientCredentialsTokenOptions {
  /** The app client id the token is issued to (`client_id` and `sub`). */
  readonly clientId: string;

  /** Custom scopes the token carries (`scope`, space separated), in full (`com.example.api/write`). */
  readonly scopes: string[];

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

/** Which token {@link TestTokenIssuer.tokenFor} mints. */
export enum TestTokenKind {
  /** An access token (`token_use: access`, with `scope`). */
  ACCESS = 'access',
  /** An ID token (`token_use: id`, `aud` = the client id). */
  ID = 'id',
}

/** The Cognito flow a token comes from. */
export enum TestTokenFlow {
  /** The authorization code grant (hosted UI, `/oauth2/authorize` then `/oauth2/token`). */
  AUTHORIZATION_CODE = 'code',
  /** The implicit grant (hosted UI, tokens in the redirect). */
  IMPLICIT = 'implicit',
  /** The client credentials grant (`/oauth2/token` with the client secret): access tokens with custom scopes, no user. */
  CLIENT_CREDENTIALS = 'client_credentials',
  /** InitiateAuth (SRP, password, custom auth, the CLI, Amplify): an ID token, and an access token with only `aws.cognito.signin.user.admin`. */
  INITIATE_AUTH = 'initiate_auth',
}

/** Options of {@link TestTokenIssuer.tokenFor}: what to ask Cognito for, as the client would. */
export interface TestClientTokenOptions {
  /**
   * Access or ID token.
   *
   * @default TestTokenKind.ACCESS
   */
  readonly kind?: TestTokenKind;

  /**
   * The flow the token comes from; it must be one the client has.
   *
   * @default - client_credentials for a client whose only OAuth flow it is; InitiateAuth for an ID
   * token without scopes, or an access token with only `aws.cognito.signin.user.admin`, when the
   * client allows it; else the client's code (or implicit) flow; else InitiateAuth
   */
  readonly flow?: TestTokenFlow;

  /**
   * Scopes to ask for, in full (`com.example.api/read`, `openid`): each must be one Cognito would
   * grant the client through the flow. For an ID token through an OAuth flow they must include
   * `openid`; an InitiateAuth ID token takes none.
   *
   * @default - what Cognito grants without a scope parameter: every scope the client is allowed
   * (custom ones only for client_credentials); `aws.cognito.signin.user.admin` for InitiateAuth
   */
  readonly scopes?: string[];

  /**
   * Scopes to ask for as the objects given to the client (`OAuthScope.OPENID`,
   * `OAuthScope.resourceServer(server, scope)`), in addition to `scopes`. A resource server
   * scope is resolved to its full name through the app's template.
   *
   * @default - none beyond `scopes`
   */
  readonly oauthScopes?: cognito.OAuthScope[];

  /**
   * The client id in the token (`client_id`, `aud` of an ID token). The real id exists only after
   * deployment.
   *
   * @default - the client's CloudFormation logical id
   */
  readonly clientId?: string;

  /**
   * User name (`cognito:username` in ID tokens, `username` in access tokens). Not for client_credentials.
   *
   * @default 'test-user' (no user for client_credentials)
   */
  readonly username?: string;

  /**
   * Subject (`sub`), the user's stable id. Not for client_credentials (its `sub` is the client id).
   *
   * @default - a UUID derived from the user name
   */
  readonly sub?: string;

  /**
   * Groups of the user (`cognito:groups`). Not for client_credentials.
   *
   * @default - no groups claim
   */
  readonly groups?: string[];

  /**
   * Email of the user, for an ID token (`email`, `email_verified: true`); through an OAuth flow the
   * scopes must include `email`.
   *
   * @default - no email claim
   */
  readonly email?: string;

  /**
   * How long the token is valid: 5 minutes to 1 day, as Cognito allows.
   *
   * @default - the client's AccessTokenValidity or IdTokenValidity (1 hour when unset)
   */
  readonly expiresIn?: Duration;

  /**
   * When the token was issued (`iat`, `auth_time`).
   *
   * @default - now
   */
  readonly issuedAt?: Date;

  /**
   * Extra claims, added to the token; they may not replace a claim the token already has
   * (use `signPayload` for tokens Cognito would not issue).
   *
   * @default - none
   */
  readonly claims?: { [name: string]: string };
}

/** The user fields shared by the payload builders (internal). */
interface TestTokenOptionsBase {
  readonly username?: string;
  readonly sub?: string;
  readonly groups?: string[];
  readonly expiresIn?: Duration;
  readonly issuedAt?: Date;
  readonly claims?: { [name: string]: string };
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

  private readonly models = new WeakMap<Stack, AuthModel>();

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
   * It checks nothing about the client: {@link tokenFor} mints only what a client can get.
   */
  public mintIdToken(options: TestIdTokenOptions): string {
    return this.sign(this.idPayload(options.clientId, options, options.email));
  }

  /**
   * An access token as Cognito issues it: `token_use: access`, `client_id`,
   * `scope` (space separated), `username`, no `aud`.
   * It checks nothing about the client: {@link tokenFor} mints only what a client can get.
   */
  public mintAccessToken(options: TestAccessTokenOptions): string {
    return this.sign(this.accessPayload(options.clientId, options, options.scopes));
  }

  /**
   * An access token from the client credentials flow, as Cognito issues it:
   * `sub` is the client id, no user name, custom scopes only.
   * It checks nothing about the client: {@link tokenFor} mints only what a client can get.
   */
  public mintClientCredentialsToken(options: TestClientCredentialsTokenOptions): string {
    return this.sign(this.clientCredentialsPayload(options.clientId, options.scopes, options.issuedAt, options.expiresIn));
  }

  /**
   * The token Cognito would issue to an app client of the app: scopes within its
   * AllowedOAuthScopes, through a flow it has (code or implicit for user tokens with scopes,
   * client_credentials for machine tokens, InitiateAuth for ID tokens and access tokens carrying
   * only `aws.cognito.signin.user.admin`), an ID token through an OAuth flow only with `openid`,
   * `email`/`phone`/`profile` only with `openid`, no ID token from client_credentials.
   *
   * The client's configuration is read from the synthesized app (this synthesizes the client's
   * app: add every construct first), with the same answers as {@link AuthMatrix}. The token's
   * `iss` is this issuer's pool, which stands for the client's user pool. Throws, with the reason,
   * what the client is configured for and the fix, when Cognito would not issue the token, and when the
   * client's configuration could not be resolved (a token is never minted on a guess).
   *
   * @param client an app client created in a CDK app (`pool.addClient(...)` or `new UserPoolClient(...)`)
   */
  public tokenFor(client: cognito.IUserPoolClient, options: TestClientTokenOptions = {}): string {
    const { c, index, name } = this.clientModel(client);
    const asked = options.scopes === undefined && options.oauthScopes === undefined ? undefined
      : [...options.scopes ?? [], ...(options.oauthScopes ?? []).map((o) => this.scopeName(client, index, c, o, name))];
    const request: TokenRequest = {
      kind: options.kind === TestTokenKind.ID ? 'id' : 'access',
      flow: options.flow as Flow | undefined,
      scopes: asked !== undefined ? [...new Set(asked)] : undefined,
      withUser: options.username !== undefined || options.sub !== undefined || options.groups !== undefined || options.email !== undefined,
      withEmail: options.email !== undefined,
    };
    if (options.kind !== undefined && !Object.values(TestTokenKind).includes(options.kind)) {
      throw new Error(`TestTokenIssuer.tokenFor(${name}): kind must be ${Object.values(TestTokenKind).join(' or ')}: got ${safeValue(String(options.kind))}`);
    }
    if (options.flow !== undefined && !Object.values(TestTokenFlow).includes(options.flow)) {
      throw new Error(`TestTokenIssuer.tokenFor(${name}): flow must be ${Object.values(TestTokenFlow).join(', ')}: got ${safeValue(String(options.flow))}`);
    }
    let plan;
    try {
      plan = planToken(index, c, request);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      const what = describeRequest(request, e.flow);
      throw new Error(e.unknown
        ? `TestTokenIssuer.tokenFor(${name}): cannot tell whether Cognito would issue ${what}: ${e.reason}. It mints only what the app shows Cognito would issue. Fix: ${e.fix}.`
        : `TestTokenIssuer.tokenFor(${name}): Cognito would not issue ${what}: ${e.reason}. ${name} is configured for ${mayGet(c)}. Fix: ${e.fix}.`);
    }
    let expiresIn = options.expiresIn;
    if (expiresIn === undefined) {
      if (plan.validitySeconds === undefined) {
        throw new Error(`TestTokenIssuer.tokenFor(${name}): cannot tell how long Cognito's token would be valid: ${plan.validityUnknown}. Fix: give expiresIn.`);
      }
      expiresIn = Duration.seconds(plan.validitySeconds);
    } else {
      const seconds = expiresIn.toSeconds();
      if (seconds < 300 || seconds > 86400) {
        throw new Error(`TestTokenIssuer.tokenFor(${name}): Cognito issues tokens valid 5 minutes to 1 day: got expiresIn ${seconds} s. Fix: give an expiresIn in that range (issuedAt in the past makes an expired token).`);
      }
    }
    const clientId = options.clientId ?? c.logicalId;
    const user = { ...options, expiresIn, claims: undefined };
    const payload = plan.flow === 'client_credentials'
      ? this.clientCredentialsPayload(clientId, plan.scopes, options.issuedAt, expiresIn)
      : plan.kind === 'id'
        ? this.idPayload(clientId, user, options.email)
        : this.accessPayload(clientId, user, plan.scopes);
    for (const [k, v] of Object.entries(options.claims ?? {})) {
      if (k in payload) {
        throw new Error(`TestTokenIssuer.tokenFor(${name}): claims may not replace the token's ${safeValue(k)} claim (Cognito sets it). Fix: use the matching option, or signPayload for a token Cognito would not issue.`);
      }
      payload[k] = v;
    }
    return this.sign(payload);
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

  /** The client's model element, found in the model of its synthesized app by construct path. */
  private clientModel(client: cognito.IUserPoolClient): { c: AppClientModel; index: ModelIndex; name: string } {
    const cfn = client.node.defaultChild;
    const label = safeValue(client.node.path);
    if (!cfn || !CfnResource.isCfnResource(cfn) || cfn.cfnResourceType !== 'AWS::Cognito::UserPoolClient') {
      throw new Error(`TestTokenIssuer.tokenFor(${label}): the client is not created in this app (imported with fromUserPoolClientId?), so its configuration cannot be read and no token is minted on a guess. Fix: pass a client created in the app, or use mintAccessToken / mintIdToken.`);
    }
    let root = Stack.of(cfn);
    while (root.nestedStackParent) root = root.nestedStackParent;
    let model = this.models.get(root);
    if (!model) this.models.set(root, (model = buildModel([inputFromStack(root)])));
    const logicalId = Stack.of(cfn).resolve(cfn.logicalId);
    const c = model.clients.find((x) => x.constructPath === cfn.node.path)
      ?? (model.clients.filter((x) => x.logicalId === logicalId).length === 1 ? model.clients.find((x) => x.logicalId === logicalId) : undefined);
    if (!c) {
      throw new Error(`TestTokenIssuer.tokenFor(${label}): the client is not in the synthesized app. CDK synthesizes an app once: add every construct before the first tokenFor, AuthSimulator.fromStack or AuthMatrix.fromStack.`);
    }
    const index = new ModelIndex(model);
    const pool = typeof c.pool === 'string' ? index.poolsByKey.get(c.pool) : undefined;
    const name = safeValue(uniqueClientNames(model).get(c.key) ?? c.logicalId);
    if (pool?.poolId !== undefined && pool.poolId !== this.userPoolId) {
      throw new Error(`TestTokenIssuer.tokenFor(${name}): the client belongs to pool ${safeValue(pool.poolId)}, and this issuer mints tokens of ${this.userPoolId}. Fix: new TestTokenIssuer({ userPoolId: '${safeValue(pool.poolId)}' }).`);
    }
    return { c, index, name };
  }

  /** The full name of an OAuthScope: `Fn::Join` of a resource server's Ref (its Identifier) and `/name` resolves through the model. */
  private scopeName(client: cognito.IUserPoolClient, index: ModelIndex, c: AppClientModel, scope: cognito.OAuthScope, name: string): string {
    const v: unknown = Stack.of(client).resolve(scope.scopeName);
    if (typeof v === 'string') return v;
    const join = v && typeof v === 'object' ? (v as Record<string, unknown>)['Fn::Join'] : undefined;
    if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
      const template = c.key.slice(0, c.key.lastIndexOf('#'));
      const parts = (join[1] as unknown[]).map((p) => {
        if (typeof p === 'string') return p;
        const ref = p && typeof p === 'object' ? (p as Record<string, unknown>).Ref : undefined;
        if (typeof ref !== 'string') return undefined;
        const servers = index.model.resourceServers.filter((r) => r.logicalId === ref);
        const rs = servers.length === 1 ? servers[0] : servers.find((r) => r.key === `${template}#${ref}`);
        return rs && isKnown(rs.identifier) ? rs.identifier : undefined;
      });
      if (parts.every((p): p is string => p !== undefined)) return parts.join('');
    }
    throw new Error(`TestTokenIssuer.tokenFor(${name}): the scope ${safeValue(JSON.stringify(v))} could not be resolved to a full scope through the app's template. Fix: give it in full in scopes.`);
  }

  private idPayload(clientId: string, options: TestTokenOptionsBase, email: string | undefined): Record<string, unknown> {
    const username = options.username ?? 'test-user';
    const t = this.times(options.issuedAt, options.expiresIn);
    return {
      'sub': options.sub ?? uuidFrom(`${this.userPoolId}/${username}`),
      ...(options.groups ? { 'cognito:groups': options.groups } : {}),
      ...(email ? { email_verified: true, email } : {}),
      'iss': this.issuer,
      'cognito:username': username,
      'origin_jti': crypto.randomUUID(),
      'aud': clientId,
      'event_id': crypto.randomUUID(),
      'token_use': 'id',
      'auth_time': t.iat,
      'exp': t.exp,
      'iat': t.iat,
      'jti': crypto.randomUUID(),
      ...(options.claims ?? {}),
    };
  }

  private accessPayload(clientId: string, options: TestTokenOptionsBase, scopes: string[]): Record<string, unknown> {
    const username = options.username ?? 'test-user';
    const t = this.times(options.issuedAt, options.expiresIn);
    return {
      sub: options.sub ?? uuidFrom(`${this.userPoolId}/${username}`),
      ...(options.groups ? { 'cognito:groups': options.groups } : {}),
      iss: this.issuer,
      client_id: clientId,
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: t.iat,
      exp: t.exp,
      iat: t.iat,
      jti: crypto.randomUUID(),
      username,
      ...(options.claims ?? {}),
    };
  }

  private clientCredentialsPayload(clientId: string, scopes: string[], issuedAt?: Date, expiresIn?: Duration): Record<string, unknown> {
    const t = this.times(issuedAt, expiresIn);
    return {
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
    };
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
