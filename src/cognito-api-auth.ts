import * as cdk from 'aws-cdk-lib';
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct, IConstruct } from 'constructs';
import { MachineClientOptions, UserClientOptions } from './app-client-options';
import { HostedUiDomain } from './hosted-ui-domain';
import { HttpRouteAuthorization } from './http-route-access';
import { CorsGatewayResponsesOptions, PublicMethodOptions } from './method-access';
import {
  checkAuthorizerTtlSeconds,
  checkCustomDomainName,
  checkDomainPrefix,
  checkOidcScopes,
  checkRedirectUrl,
  checkRedirectUrlCount,
  checkResourceServerIdentifier,
  checkResourceServerName,
  checkScopeCount,
  checkScopeDescription,
  checkScopeName,
  checkTokenValiditySeconds,
  deriveResourceServerName,
  BUILT_IN_OAUTH_SCOPES,
  MAX_SCOPES_PER_CLIENT,
  MAX_SCOPES_PER_RESOURCE_SERVER,
  Problem,
  TokenKind,
} from './private/construct-checks';
import { acknowledgeId, formatConstructError } from './private/findings-format';
import { PerApiJwtAuthorizer } from './private/per-api-jwt-authorizer';
import { validateStackAtSynth } from './private/stack-validation';

/**
 * Properties of `CognitoApiAuth`.
 *
 * Three groups: the user pool (`userPool` to bring your own, or the pool props to let the construct
 * create one), the resource server (`resourceServerIdentifier`, `resourceServerName`, `scopes`),
 * and the API side (`domain`, `authorizerName`, `authorizerCacheTtl`, `outputs`).
 */
export interface CognitoApiAuthProps {
  /**
   * An existing user pool to put the resource server, the app clients and the domain on.
   *
   * When set, none of `userPoolName`, `mfa`, `featurePlan`, `removalPolicy` and
   * `deletionProtection` may be set: they configure a pool this construct creates.
   *
   * @default - a new user pool with secure defaults is created
   */
  readonly userPool?: cognito.IUserPool;

  /**
   * The name of the created user pool.
   *
   * @default - CloudFormation generates a name
   */
  readonly userPoolName?: string;

  /**
   * Multi-factor authentication of the created user pool. The second factor is always TOTP
   * (authenticator apps) only, so no SMS role is needed.
   *
   * @default cognito.Mfa.OPTIONAL (TOTP)
   */
  readonly mfa?: cognito.Mfa;

  /**
   * The feature plan of the created user pool. `PLUS` turns threat protection on in
   * full-function (enforced) mode.
   *
   * @default cognito.FeaturePlan.ESSENTIALS (no threat protection; PLUS costs more per user)
   */
  readonly featurePlan?: cognito.FeaturePlan;

  /**
   * What happens to the created user pool when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether the created user pool is protected against deletion.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * The resource server identifier: the prefix of every custom scope (`<identifier>/<scope>`).
   * 1–256 characters without spaces, `"` or `\`; for example `com.example.api` or `https://api.example.com`.
   */
  readonly resourceServerIdentifier: string;

  /**
   * The friendly name of the resource server: 1–256 characters of `[\w\s+=,.@-]`. A URL is not a valid name.
   *
   * @default - derived from the identifier: scheme removed, other characters replaced by `-`
   * (`https://api.example.com/v1` becomes `api.example.com-v1`)
   */
  readonly resourceServerName?: string;

  /**
   * The custom scopes of the resource server. At least one, at most 100, no duplicate names.
   * More can be added later with `addScope()`.
   */
  readonly scopes: cognito.ResourceServerScope[];

  /**
   * The hosted UI / OAuth 2.0 domain.
   *
   * Without a domain there is no `/oauth2/token` endpoint, so no token ever carries a custom scope
   * and `requireScopes()` methods cannot be called.
   *
   * @default - no domain
   */
  readonly domain?: HostedUiDomain;

  /**
   * The name of the API Gateway authorizer.
   *
   * @default - a unique name derived from the construct path
   */
  readonly authorizerName?: string;

  /**
   * How long API Gateway caches the authorizer's decision for a token: 0 to 3600 seconds.
   *
   * @default Duration.minutes(5)
   */
  readonly authorizerCacheTtl?: Duration;

  /**
   * Whether to add stack outputs: the user pool id, every client id, the issuer, the JWKS URL and,
   * with a domain, the authorize URL and token endpoint. A client secret is never output.
   *
   * @default true
   */
  readonly outputs?: boolean;
}

const POOL_PROPS = ['userPoolName', 'mfa', 'featurePlan', 'removalPolicy', 'deletionProtection'] as const;

/**
 * Cognito user pool + resource server + app clients + hosted UI domain + one API Gateway
 * `COGNITO_USER_POOLS` authorizer, wired so that custom OAuth scopes work.
 *
 * Methods are protected with the `MethodOptions` returned by `requireScopes()` (access tokens
 * carrying one of the scopes), `requireIdToken()` (ID tokens) or `allowPublic()`.
 * Calls may come in any order: scopes, clients and methods are cross-checked at synth time.
 *
 * @example
 * const auth = new CognitoApiAuth(this, 'Auth', {
 *   resourceServerIdentifier: 'com.example.api',
 *   scopes: [
 *     new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' }),
 *     new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' }),
 *   ],
 *   domain: HostedUiDomain.cognitoPrefix('my-app-auth'),
 * });
 * auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/callback'], scopes: [auth.scope('read')] });
 * const api = new apigateway.RestApi(this, 'Api');
 * api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(auth.scope('read')));
 */
export class CognitoApiAuth extends Construct {
  /** The user pool (created, or the one passed in `userPool`). */
  public readonly userPool: cognito.IUserPool;

  /** The resource server defining the custom scopes. */
  public readonly resourceServer: cognito.UserPoolResourceServer;

  /**
   * The hosted UI domain.
   *
   * @default - undefined when no `domain` was given
   */
  public readonly domain?: cognito.UserPoolDomain;

  /** The resource server identifier, the prefix of every full scope name. */
  public readonly resourceServerIdentifier: string;

  private readonly _scopes: cognito.ResourceServerScope[] = [];
  private readonly _clients: cognito.UserPoolClient[] = [];
  private readonly outputsEnabled: boolean;
  private readonly authorizerName?: string;
  private readonly authorizerCacheTtl: Duration;
  private _authorizer?: apigateway.CognitoUserPoolsAuthorizer;
  private _httpAuthorizer?: PerApiJwtAuthorizer;
  private readonly _httpAudience: string[] = [];
  private readonly hostedUiBaseUrl?: string;

  constructor(scope: Construct, id: string, props: CognitoApiAuthProps) {
    super(scope, id);

    // ---- eager prop checks -------------------------------------------------------------------
    if (props.userPool) {
      const given = POOL_PROPS.filter((p) => props[p] !== undefined);
      if (given.length > 0) {
        this.fail(`pool props cannot be combined with an imported userPool: got '${given.join("', '")}'. `
          + 'Configure the imported pool where it is defined and remove these props, or omit userPool to let the construct create the pool.');
      }
    }

    const identifier = props.resourceServerIdentifier;
    if (!Token.isUnresolved(identifier)) {
      this.check(checkResourceServerIdentifier(identifier), undefined, 'InvalidResourceServerIdentifier');
    }
    let name = props.resourceServerName;
    if (name === undefined) {
      if (Token.isUnresolved(identifier)) {
        this.fail(`resourceServerName is required when resourceServerIdentifier is a token: got '${identifier}'. Pass a name such as 'my-api'.`);
      }
      name = deriveResourceServerName(identifier);
    } else if (!Token.isUnresolved(name)) {
      this.check(checkResourceServerName(name), undefined, 'InvalidResourceServerName');
    }

    const scopeCount = (props.scopes ?? []).length;
    this.check(checkScopeCount(scopeCount), undefined, scopeCount > MAX_SCOPES_PER_RESOURCE_SERVER ? 'TooManyScopes' : undefined);
    for (const s of props.scopes) {
      this.checkNewScope(s);
      this._scopes.push(s);
    }

    const ttl = props.authorizerCacheTtl ?? Duration.minutes(5);
    if (!ttl.isUnresolved()) {
      this.check(checkAuthorizerTtlSeconds(ttl.toSeconds({ integral: false })), undefined, 'InvalidAuthorizerTtl');
    }

    if (props.domain?.cognitoDomainPrefix !== undefined && !Token.isUnresolved(props.domain.cognitoDomainPrefix)) {
      this.check(checkDomainPrefix(props.domain.cognitoDomainPrefix, 'domain prefix'), undefined, 'InvalidDomainPrefix');
    }
    if (props.domain?.customDomainName !== undefined && !Token.isUnresolved(props.domain.customDomainName)) {
      this.check(checkCustomDomainName(props.domain.customDomainName, 'custom domain name'));
    }

    this.resourceServerIdentifier = identifier;
    this.outputsEnabled = props.outputs ?? true;
    this.authorizerName = props.authorizerName;
    this.authorizerCacheTtl = ttl;

    // ---- user pool ---------------------------------------------------------------------------
    if (props.userPool) {
      this.userPool = props.userPool;
    } else {
      const mfa = props.mfa ?? cognito.Mfa.OPTIONAL;
      const featurePlan = props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS;
      const pool = new cognito.UserPool(this, 'UserPool', {
        userPoolName: props.userPoolName,
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        autoVerify: { email: true },
        mfa,
        mfaSecondFactor: mfa === cognito.Mfa.OFF ? undefined : { otp: true, sms: false },
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
        },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        featurePlan,
        standardThreatProtectionMode: featurePlan === cognito.FeaturePlan.PLUS ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        deletionProtection: props.deletionProtection ?? true,
      });
      this.userPool = pool;
      // The library acknowledges cdk-nag findings only for its own defaults; a weaker value the
      // caller chose explicitly is left for the caller to acknowledge.
      if (props.mfa === undefined) {
        acknowledge(pool, 'AwsSolutions-COG2',
          'cdk-cognito-scopes default: MFA is OPTIONAL with TOTP so users can enrol an authenticator app; set mfa: cognito.Mfa.REQUIRED to enforce it.');
      }
      if (props.featurePlan === undefined) {
        acknowledge(pool, 'AwsSolutions-COG8',
          'cdk-cognito-scopes default: the ESSENTIALS feature plan; threat protection costs money per active user. Set featurePlan: cognito.FeaturePlan.PLUS to enable it (ENFORCED).');
      }
    }

    // ---- resource server: scopes are Lazy so addScope() may come after clients and methods ----
    this.resourceServer = new cognito.UserPoolResourceServer(this, 'ResourceServer', {
      userPool: this.userPool,
      identifier,
      userPoolResourceServerName: name,
      scopes: [],
    });
    const cfnServer = this.resourceServer.node.defaultChild as cognito.CfnUserPoolResourceServer;
    cfnServer.scopes = Lazy.any({
      produce: () => this._scopes.map((s) => ({ scopeName: s.scopeName, scopeDescription: s.scopeDescription })),
    });

    // ---- domain --------------------------------------------------------------------------------
    if (props.domain) {
      this.domain = new cognito.UserPoolDomain(this, 'Domain', {
        userPool: this.userPool,
        cognitoDomain: props.domain.cognitoDomainPrefix !== undefined ? { domainPrefix: props.domain.cognitoDomainPrefix } : undefined,
        customDomain: props.domain.customDomainName !== undefined && props.domain.certificate
          ? { domainName: props.domain.customDomainName, certificate: props.domain.certificate }
          : undefined,
      });
      // For a custom domain the literal name reads better than the domain's Ref.
      this.hostedUiBaseUrl = props.domain.customDomainName !== undefined ? `https://${props.domain.customDomainName}` : this.domain.baseUrl();
    }

    // ---- outputs -------------------------------------------------------------------------------
    if (this.outputsEnabled) {
      new CfnOutput(this, 'UserPoolIdOutput', { value: this.userPool.userPoolId, description: 'Cognito user pool id' });
      new CfnOutput(this, 'IssuerOutput', { value: this.issuer, description: 'Token issuer (iss claim)' });
      new CfnOutput(this, 'JwksUrlOutput', { value: this.jwksUrl, description: 'JSON Web Key Set URL' });
      if (this.hostedUiBaseUrl !== undefined) {
        new CfnOutput(this, 'AuthorizeUrlOutput', { value: this.authorizeUrl!, description: 'OAuth 2.0 authorize endpoint' });
        new CfnOutput(this, 'TokenEndpointOutput', { value: this.tokenEndpoint!, description: 'OAuth 2.0 token endpoint' });
      }
    }

    // ---- synth-time checks: the rule catalogue over the whole stack, once per problem -----------
    // Scopes may be added after clients and methods: a scope asked for but never defined is reported at
    // synth by UndefinedClientScope / UndefinedMethodScope. Methods added with plain aws-cdk-lib calls are checked too.
    validateStackAtSynth(this);
  }

  /**
   * The API Gateway authorizer (identity source `method.request.header.Authorization`).
   *
   * Created on first use, so a `CognitoApiAuth` without an API synthesizes. An authorizer belongs
   * to one REST API: use one `CognitoApiAuth` (or one imported-pool `CognitoApiAuth`) per API.
   */
  public get authorizer(): apigateway.CognitoUserPoolsAuthorizer {
    if (!this._authorizer) {
      this._authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
        cognitoUserPools: [this.userPool],
        authorizerName: this.authorizerName,
        identitySource: apigateway.IdentitySource.header('Authorization'),
        resultsCacheTtl: this.authorizerCacheTtl,
      });
    }
    return this._authorizer;
  }

  /**
   * The JWT authorizer for HTTP APIs (API Gateway v2): issuer `https://cognito-idp.{region}.amazonaws.com/{poolId}`
   * of the user pool, identity source `$request.header.Authorization`, and as audience every app client
   * this construct creates plus the ids given to `addHttpAudience()`. The audience is computed at synth time,
   * so clients added after the routes are included; the construct never creates a hidden client (as
   * aws-cdk-lib's `HttpUserPoolAuthorizer` does without `userPoolClients`).
   *
   * A route with this authorizer and scopes (`httpRouteScopes()`) needs a token carrying one of them;
   * a route WITHOUT scopes accepts any valid ID or access token of a client in the audience (HTTP APIs
   * do not check `token_use`). Created on first use. Routes of several HTTP APIs may use it: each API gets
   * its own `AWS::ApiGatewayV2::Authorizer` (an authorizer belongs to one API), all with this issuer,
   * audience and name.
   */
  public get httpAuthorizer(): apigwv2.IHttpRouteAuthorizer {
    if (!this._httpAuthorizer) {
      this._httpAuthorizer = new PerApiJwtAuthorizer(`${this.node.id}JwtAuthorizer`, this.issuer, {
        authorizerName: this.authorizerName,
        identitySource: ['$request.header.Authorization'],
        jwtAudience: Lazy.list({ produce: () => this.httpAudience() }),
      });
      this.node.addValidation({
        validate: () => this.httpAudience().length === 0
          ? [formatConstructError(this.node.path, 'the HTTP API authorizer has no audience: no app client was added and addHttpAudience() was not called, so no token would pass. '
            + 'Add a client (addUserClient(), addMachineClient()) or call addHttpAudience() with the ids of the clients that call the API.', 'AudienceMissesClients')]
          : [],
      });
    }
    return this._httpAuthorizer;
  }

  /**
   * Adds app client ids to the HTTP API authorizer's audience (clients defined elsewhere that call the API).
   * Clients created by this construct are in the audience already.
   *
   * @param clientIds app client ids (`client.userPoolClientId`)
   */
  public addHttpAudience(...clientIds: string[]): void {
    for (const id of clientIds) if (!this._httpAudience.includes(id)) this._httpAudience.push(id);
  }

  /**
   * The authorization of an HTTP API route that requires an access token carrying at least one of the
   * given scopes (ANY-of), for `HttpApi.addRoutes()`: the construct's JWT authorizer and the full scope
   * identifiers. A token without one of them is refused (403); a scope not defined on the resource server
   * fails synthesis.
   *
   * @param scopes at least one scope of this construct's resource server
   */
  public httpRouteScopes(...scopes: cognito.ResourceServerScope[]): HttpRouteAuthorization {
    if (scopes.length === 0) {
      this.fail('httpRouteScopes() needs at least one scope: got none. Pass e.g. auth.scope(\'read\'), or use httpRouteAnyToken() for a route that takes any token of the audience.');
    }
    return { authorizer: this.httpAuthorizer, authorizationScopes: dedupe(scopes).map((s) => this.fullScopeName(s)) };
  }

  /**
   * The authorization of an HTTP API route without scopes: ANY valid ID or access token of a client in
   * the audience passes, whatever its scopes (HTTP APIs do not check `token_use`). An explicit choice,
   * separate from `httpRouteScopes()`; on an API with scoped routes it is reported
   * (`cdk-cognito-scopes::UnscopedJwtRoute`, a warning).
   */
  public httpRouteAnyToken(): HttpRouteAuthorization {
    return { authorizer: this.httpAuthorizer };
  }

  /** The custom scopes defined on the resource server (a copy). */
  public get scopes(): cognito.ResourceServerScope[] {
    return [...this._scopes];
  }

  /** The app clients created with `addUserClient()` and `addMachineClient()` (a copy). */
  public get clients(): cognito.UserPoolClient[] {
    return [...this._clients];
  }

  /** The token issuer (`iss` claim): `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  public get issuer(): string {
    const region = this.userPool.env.region ?? Stack.of(this).region;
    return `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** The JSON Web Key Set URL: `{issuer}/.well-known/jwks.json`. */
  public get jwksUrl(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  /**
   * The OAuth 2.0 authorize endpoint, `{domain}/oauth2/authorize`.
   *
   * @default - undefined without a domain
   */
  public get authorizeUrl(): string | undefined {
    return this.hostedUiBaseUrl !== undefined ? `${this.hostedUiBaseUrl}/oauth2/authorize` : undefined;
  }

  /**
   * The OAuth 2.0 token endpoint, `{domain}/oauth2/token`.
   *
   * @default - undefined without a domain
   */
  public get tokenEndpoint(): string | undefined {
    return this.hostedUiBaseUrl !== undefined ? `${this.hostedUiBaseUrl}/oauth2/token` : undefined;
  }

  /**
   * Adds a custom scope to the resource server. May be called after clients and methods that use it.
   *
   * @param scope the scope; its name must be new on this resource server
   */
  public addScope(scope: cognito.ResourceServerScope): void {
    this.checkNewScope(scope);
    if (this._scopes.length >= MAX_SCOPES_PER_RESOURCE_SERVER) {
      this.fail(`scopes must define at most ${MAX_SCOPES_PER_RESOURCE_SERVER} scopes per resource server: got '${scope.scopeName}' as scope ${this._scopes.length + 1}. Split the API over several resource servers.`, undefined, 'TooManyScopes');
    }
    this._scopes.push(scope);
  }

  /**
   * Returns the scope with this name.
   *
   * @param scopeName the short name, e.g. `read`
   * @throws when no scope with this name is defined (the message lists the defined scopes)
   */
  public scope(scopeName: string): cognito.ResourceServerScope {
    const found = this._scopes.find((s) => s.scopeName === scopeName);
    if (!found) {
      this.fail(`scope() found no scope with this name on resource server '${this.resourceServerIdentifier}': got '${scopeName}'. `
        + `Defined scopes: ${this.definedScopeList()}; add it with addScope() first.`);
    }
    return found;
  }

  /**
   * The full scope name as it appears in tokens and on methods: `<identifier>/<scopeName>`.
   *
   * @param scope the scope
   */
  public fullScopeName(scope: cognito.ResourceServerScope): string {
    return `${this.resourceServerIdentifier}/${scope.scopeName}`;
  }

  /**
   * Adds an app client for people signing in through the hosted UI: authorization code grant
   * (Cognito requires PKCE for it from clients without a secret), no client secret, no direct
   * authentication flows (SRP / password tokens never carry custom scopes), user existence
   * errors prevented, token revocation on.
   *
   * @param id construct id of the client
   * @param options callback URLs, scopes and token settings
   */
  public addUserClient(id: string, options: UserClientOptions): cognito.UserPoolClient {
    const path = `${this.node.path}/${id}`;
    const callbackUrls = [...(options.callbackUrls ?? [])];
    const logoutUrls = options.logoutUrls ? [...options.logoutUrls] : undefined;
    const customScopes = dedupe(options.scopes ?? []);
    const oidcScopes = [...(options.oidcScopes ?? [cognito.OAuthScope.OPENID])];

    if (callbackUrls.length === 0) {
      this.fail('callbackUrls must list at least one URL for a user client: got none. Pass e.g. [\'https://app.example.com/callback\'].', path);
    }
    this.checkUrls(callbackUrls, 'callbackUrls', path);
    if (logoutUrls) this.checkUrls(logoutUrls, 'logoutUrls', path);
    if (options.defaultRedirectUri !== undefined && !Token.isUnresolved(options.defaultRedirectUri)
      && !callbackUrls.includes(options.defaultRedirectUri)) {
      this.fail(`defaultRedirectUri must be one of callbackUrls: got '${options.defaultRedirectUri}'. Add it to callbackUrls or pick one of '${callbackUrls.join("', '")}'.`, path, 'DefaultRedirectNotInCallbacks');
    }
    const oidcNames = oidcScopes.map((s) => s.scopeName);
    this.check(checkOidcScopes(oidcNames), path, oidcNames.every((n) => BUILT_IN_OAUTH_SCOPES.includes(n)) ? 'OidcScopeWithoutOpenid' : undefined);
    if (customScopes.length === 0 && oidcScopes.length === 0) {
      this.fail('a user client needs at least one scope: got no oidcScopes and no scopes. Pass oidcScopes: [cognito.OAuthScope.OPENID] and/or custom scopes.', path);
    }
    this.checkClientScopeCount(customScopes.length + oidcScopes.length, path);
    this.checkValidity('access', options.accessTokenValidity, path);
    this.checkValidity('id', options.idTokenValidity, path);
    this.checkValidity('refresh', options.refreshTokenValidity, path);

    const implicit = options.implicitGrant ?? false;
    const client = new cognito.UserPoolClient(this, id, {
      userPool: this.userPool,
      userPoolClientName: options.userPoolClientName,
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: implicit },
        scopes: [...oidcScopes, ...customScopes.map((s) => cognito.OAuthScope.resourceServer(this.resourceServer, s))],
        callbackUrls,
        logoutUrls,
        defaultRedirectUri: options.defaultRedirectUri,
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      supportedIdentityProviders: options.supportedIdentityProviders ? [...options.supportedIdentityProviders] : undefined,
      accessTokenValidity: options.accessTokenValidity,
      idTokenValidity: options.idTokenValidity,
      refreshTokenValidity: options.refreshTokenValidity,
    });
    // implicitGrant is reported once, by the rule catalogue at synth (ImplicitGrant), not here as well.
    this.finishClient(client, id);
    return client;
  }

  /**
   * Adds a confidential app client for machine-to-machine calls: `client_credentials` only,
   * with a client secret (never output), allowed only the given custom scopes.
   *
   * @param id construct id of the client
   * @param options the scopes and token settings
   */
  public addMachineClient(id: string, options: MachineClientOptions): cognito.UserPoolClient {
    const path = `${this.node.path}/${id}`;
    const scopes = dedupe(options.scopes ?? []);
    if (scopes.length === 0) {
      this.fail('scopes must list at least one custom scope for a machine client: got none. '
        + 'client_credentials tokens carry only custom scopes; pass e.g. scopes: [auth.scope(\'read\')].', path);
    }
    this.checkClientScopeCount(scopes.length, path);
    this.checkValidity('access', options.accessTokenValidity, path);

    const client = new cognito.UserPoolClient(this, id, {
      userPool: this.userPool,
      userPoolClientName: options.userPoolClientName,
      generateSecret: true,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((s) => cognito.OAuthScope.resourceServer(this.resourceServer, s)),
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: options.accessTokenValidity,
    });
    this.finishClient(client, id);
    return client;
  }

  /**
   * Method options that require an ACCESS token carrying at least one of the given scopes.
   *
   * API Gateway matches `AuthorizationScopes` ANY-of: a token with one of them passes. ID tokens
   * are rejected on such methods (401). The scopes are written as full names
   * (`<identifier>/<scope>`); a scope not defined on the resource server fails synthesis.
   *
   * Do not set an authorizer in the RestApi's `defaultMethodOptions`: pass these options per method.
   *
   * @param scopes at least one scope of this construct's resource server
   */
  public requireScopes(...scopes: cognito.ResourceServerScope[]): apigateway.MethodOptions {
    if (scopes.length === 0) {
      this.fail('requireScopes() needs at least one scope: got none. Pass e.g. auth.scope(\'read\'), or use requireIdToken() for methods that take ID tokens.');
    }
    const unique = dedupe(scopes);
    return {
      authorizer: this.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: unique.map((s) => this.fullScopeName(s)),
    };
  }

  /**
   * Method options that accept ID tokens: the Cognito authorizer without scopes.
   *
   * With no scopes on a method, API Gateway accepts only ID tokens (`token_use: id`); access
   * tokens are rejected with 401. This is an explicit choice, separate from `requireScopes()`.
   */
  public requireIdToken(): apigateway.MethodOptions {
    return {
      authorizer: this.authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
    };
  }

  /**
   * Method options for a deliberately public method: authorization type NONE, no authorizer.
   * Anyone can call it. Use it for health checks and public content only.
   *
   * A public method on an API with a Cognito authorizer is reported (`cdk-cognito-scopes::PublicMethodOnCognitoApi`,
   * and cdk-nag's `AwsSolutions-APIG4` and `AwsSolutions-COG4`): prefer `addPublicMethod()`, which adds the
   * method and acknowledges all three with one reason.
   */
  public allowPublic(): apigateway.MethodOptions {
    return { authorizationType: apigateway.AuthorizationType.NONE };
  }

  /**
   * Adds a deliberately public method (authorization type NONE) and acknowledges, with one reason, every
   * finding a public method raises: `cdk-cognito-scopes::PublicMethodOnCognitoApi` and cdk-nag's
   * `AwsSolutions-APIG4` and `AwsSolutions-COG4` (through `Validations.of(method).acknowledge`, which
   * cdk-nag 3 and this library's checks read; cdk-nag is not needed at runtime).
   *
   * @example
   * declare const auth: CognitoApiAuth;
   * declare const api: apigateway.RestApi;
   * auth.addPublicMethod(api.root.addResource('health'), 'GET', new apigateway.MockIntegration(), {
   *   reason: 'Health check for the load balancer; returns no data',
   * });
   *
   * @param resource the resource to add the method to
   * @param httpMethod the HTTP verb, e.g. `GET`
   * @param integration the integration
   * @param options the reason, and further method options
   */
  public addPublicMethod(
    resource: apigateway.IResource,
    httpMethod: string,
    integration: apigateway.Integration,
    options: PublicMethodOptions,
  ): apigateway.Method {
    const reason = options.reason;
    if (typeof reason !== 'string' || reason.trim() === '') {
      this.fail(`addPublicMethod() needs a reason: got '${reason ?? ''}'. Say why the method is public, e.g. { reason: 'Health check; returns no data' }.`);
    }
    const extra = options.methodOptions ?? {};
    const auth = [
      extra.authorizer !== undefined ? 'authorizer' : undefined,
      extra.authorizationScopes !== undefined ? 'authorizationScopes' : undefined,
      extra.authorizationType !== undefined && extra.authorizationType !== apigateway.AuthorizationType.NONE ? `authorizationType ${extra.authorizationType}` : undefined,
    ].filter((x): x is string => x !== undefined);
    if (auth.length > 0) {
      this.fail(`addPublicMethod() adds a public method, so methodOptions must not set authorization: got ${auth.join(', ')}. `
        + 'Remove them, or use addMethod() with requireScopes() or requireIdToken() for a protected method.');
    }
    const method = resource.addMethod(httpMethod, integration, { ...extra, authorizationType: apigateway.AuthorizationType.NONE });
    for (const id of PUBLIC_METHOD_ACKNOWLEDGEMENTS) acknowledge(method, id, reason);
    return method;
  }

  /**
   * Adds CORS headers to the gateway responses API Gateway produces itself: `UNAUTHORIZED` (401 from
   * the authorizer), `ACCESS_DENIED` (403), `DEFAULT_4XX` and, by default, `DEFAULT_5XX`.
   * Without them a browser reports a CORS error instead of the 401.
   *
   * Call it once per API. `defaultCorsPreflightOptions` on the RestApi is still needed for `OPTIONS`.
   *
   * @param api the REST API
   * @param options origin, headers and methods
   */
  public addCorsGatewayResponses(api: apigateway.IRestApi, options: CorsGatewayResponsesOptions = {}): void {
    const origin = options.allowOrigin ?? '*';
    if (!Token.isUnresolved(origin) && origin !== '*' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/\s#?]+$/.test(origin)) {
      this.fail(`allowOrigin must be '*' or one origin (scheme://host[:port], no path): got '${origin}'. Use e.g. 'https://app.example.com'.`);
    }
    const headers: Record<string, string> = {
      'Access-Control-Allow-Origin': `'${origin}'`,
      'Access-Control-Allow-Headers': `'${(options.allowHeaders ?? apigateway.Cors.DEFAULT_HEADERS).join(',')}'`,
      'Access-Control-Allow-Methods': `'${(options.allowMethods ?? apigateway.Cors.ALL_METHODS).join(',')}'`,
    };
    if (origin !== '*') headers.Vary = "'Origin'";

    const types: Array<[string, apigateway.ResponseType]> = [
      ['Unauthorized', apigateway.ResponseType.UNAUTHORIZED],
      ['AccessDenied', apigateway.ResponseType.ACCESS_DENIED],
      ['Default4xx', apigateway.ResponseType.DEFAULT_4XX],
    ];
    if (options.includeServerErrors ?? true) types.push(['Default5xx', apigateway.ResponseType.DEFAULT_5XX]);

    if (api.node.tryFindChild('CorsUnauthorized')) {
      this.fail(`addCorsGatewayResponses() was already called for this API: got '${api.node.path}'. Call it once per API.`);
    }
    for (const [name, type] of types) {
      new apigateway.GatewayResponse(api, `Cors${name}`, { restApi: api, type, responseHeaders: { ...headers } });
    }
  }

  // ---- private -----------------------------------------------------------------------------

  /** The HTTP API audience: the construct's clients, then the ids added. */
  private httpAudience(): string[] {
    return [...this._clients.map((c) => c.userPoolClientId), ...this._httpAudience];
  }

  private finishClient(client: cognito.UserPoolClient, id: string): void {
    // A custom scope in AllowedOAuthScopes must exist when the client is created.
    client.node.addDependency(this.resourceServer);
    const cfn = client.node.defaultChild as cognito.CfnUserPoolClient;
    // No direct authentication flows: InitiateAuth / SRP access tokens never carry custom scopes.
    cfn.explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    this._clients.push(client);
    if (this.outputsEnabled) {
      new CfnOutput(this, `${id}ClientIdOutput`, { value: client.userPoolClientId, description: `App client id of ${id}` });
    }
  }

  private definedScopeList(): string {
    return this._scopes.length === 0 ? '(none)' : this._scopes.map((s) => `'${s.scopeName}'`).join(', ');
  }

  private checkNewScope(scope: cognito.ResourceServerScope): void {
    if (!Token.isUnresolved(scope.scopeName)) this.check(checkScopeName(scope.scopeName, 'scopeName'), undefined, 'InvalidScopeName');
    if (!Token.isUnresolved(scope.scopeDescription)) {
      this.check(checkScopeDescription(scope.scopeDescription ?? '', `scopeDescription of '${scope.scopeName}'`), undefined, 'InvalidScopeDescription');
    }
    if (this._scopes.some((s) => s.scopeName === scope.scopeName)) {
      this.fail(`scope names must be unique on a resource server: got '${scope.scopeName}' twice. Remove the duplicate or rename it.`, undefined, 'DuplicateScopeName');
    }
  }

  private checkUrls(urls: string[], label: 'callbackUrls' | 'logoutUrls', path: string): void {
    const rule = label === 'callbackUrls' ? 'InvalidCallbackUrl' : 'InvalidLogoutUrl';
    this.check(checkRedirectUrlCount(urls.length, label), path, rule);
    urls.forEach((u, i) => {
      if (!Token.isUnresolved(u)) this.check(checkRedirectUrl(u, `${label}[${i}]`), path, rule);
    });
  }

  private checkClientScopeCount(count: number, path: string): void {
    if (count > MAX_SCOPES_PER_CLIENT) {
      this.fail(`an app client may be allowed at most ${MAX_SCOPES_PER_CLIENT} OAuth scopes: got ${count}. Split the scopes over several clients.`, path, 'TooManyClientScopes');
    }
  }

  private checkValidity(kind: TokenKind, value: Duration | undefined, path: string): void {
    if (value === undefined || value.isUnresolved()) return;
    this.check(checkTokenValiditySeconds(kind, value.toSeconds({ integral: false })), path, 'InvalidTokenValidity');
  }

  /** Throws the problem, if any (see `fail`). */
  private check(problem: Problem, path?: string, ruleId?: string): void {
    if (problem !== undefined) this.fail(problem, path, ruleId);
  }

  /**
   * Throws an invalid-prop error in the format of every door: `[cdk-cognito-scopes::RuleId] <path>: <problem>`,
   * naming the rule that reports the same problem in templates when there is one.
   */
  private fail(message: string, path: string = this.node.path, ruleId?: string): never {
    throw new Error(formatConstructError(path, message, ruleId));
  }
}

function dedupe(scopes: cognito.ResourceServerScope[]): cognito.ResourceServerScope[] {
  const seen = new Set<string>();
  return scopes.filter((s) => (seen.has(s.scopeName) ? false : (seen.add(s.scopeName), true)));
}

/** What a deliberately public method acknowledges: this library's rule and cdk-nag's two findings about it. */
const PUBLIC_METHOD_ACKNOWLEDGEMENTS = [acknowledgeId('PublicMethodOnCognitoApi'), 'AwsSolutions-APIG4', 'AwsSolutions-COG4'];

/** Metadata type `Validations.of(x).acknowledge(...)` records (read by this library's checks and by cdk-nag 3). */
const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';

/**
 * Acknowledges a cdk-nag (v3) / CDK policy-validation rule on a construct. `Validations` exists
 * from aws-cdk-lib 2.257; on older versions this library's own ids (`cdk-cognito-scopes::...`) are
 * recorded in the same metadata, which its checks read, and other ids are left alone (nothing reads them).
 */
function acknowledge(scope: IConstruct, id: string, reason: string): void {
  const validations = (cdk as { Validations?: typeof cdk.Validations }).Validations;
  const target = validations && typeof validations.of === 'function' ? validations.of(scope) : undefined;
  if (target && typeof target.acknowledge === 'function') {
    target.acknowledge({ id, reason });
  } else if (id.startsWith(acknowledgeId(''))) {
    scope.node.addMetadata(ACKNOWLEDGED_RULES_METADATA, { [id]: reason });
  }
}
