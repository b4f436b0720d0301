import type { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';

/**
 * Options for `CognitoApiAuth.addUserClient()`: an app client through which people sign in
 * with the hosted UI (authorization code grant with PKCE, no client secret).
 *
 * The client has no direct authentication flows (no SRP, no USER_PASSWORD, no custom auth):
 * access tokens from `InitiateAuth` never carry custom scopes, so the only way to a token that
 * passes a `requireScopes()` method is `/oauth2/authorize` + `/oauth2/token` on the hosted UI domain.
 */
export interface UserClientOptions {
  /**
   * Where Cognito may send the user back after sign-in.
   *
   * Each URL must be absolute, without a fragment, and HTTPS — except `http://localhost`,
   * `http://127.0.0.1` and `http://[::1]` for local development. App schemes such as
   * `exampleapp://auth/login` are allowed. 1–100 URLs of at most 1024 characters.
   */
  readonly callbackUrls: string[];

  /**
   * Where Cognito may send the user after sign-out. Same rules as `callbackUrls`.
   *
   * @default - no logout URLs
   */
  readonly logoutUrls?: string[];

  /**
   * Custom scopes of this construct's resource server that the client may request.
   *
   * Every scope must be defined on the resource server (now or later with `addScope()`);
   * this is checked at synth time.
   *
   * @default - no custom scopes: the client can only call `requireIdToken()` methods
   */
  readonly scopes?: cognito.ResourceServerScope[];

  /**
   * Built-in OpenID Connect scopes the client may request. Only `OPENID`, `EMAIL`, `PHONE`,
   * `PROFILE` and `COGNITO_ADMIN` are allowed here, and `EMAIL`, `PHONE` and `PROFILE` need `OPENID`.
   *
   * @default [cognito.OAuthScope.OPENID]
   */
  readonly oidcScopes?: cognito.OAuthScope[];

  /**
   * Also allow the implicit grant (tokens in the redirect URL fragment).
   *
   * Not recommended: tokens leak through browser history and referrers. Enabling it gives one
   * synth warning `cdk-cognito-scopes::ImplicitGrant` on the client (from the rule catalogue);
   * acknowledge it with `Validations.of(client).acknowledge({ id: 'cdk-cognito-scopes::ImplicitGrant', reason })`.
   *
   * @default false
   */
  readonly implicitGrant?: boolean;

  /**
   * The name of the app client.
   *
   * @default - CloudFormation generates no name (Cognito shows the client id)
   */
  readonly userPoolClientName?: string;

  /**
   * How long access tokens are valid: 5 minutes to 1 day.
   *
   * @default - Cognito's default, 60 minutes
   */
  readonly accessTokenValidity?: Duration;

  /**
   * How long ID tokens are valid: 5 minutes to 1 day.
   *
   * @default - Cognito's default, 60 minutes
   */
  readonly idTokenValidity?: Duration;

  /**
   * How long refresh tokens are valid: 60 minutes to 10 years.
   *
   * @default - Cognito's default, 30 days
   */
  readonly refreshTokenValidity?: Duration;

  /**
   * Identity providers users may sign in with.
   *
   * @default - COGNITO plus every identity provider registered on the user pool
   */
  readonly supportedIdentityProviders?: cognito.UserPoolClientIdentityProvider[];

  /**
   * The redirect URI used when none is given in the authorize request. Must be one of `callbackUrls`.
   *
   * @default - none
   */
  readonly defaultRedirectUri?: string;
}

/**
 * Options for `CognitoApiAuth.addMachineClient()`: a confidential app client for
 * service-to-service calls with the `client_credentials` grant only, with a client secret.
 */
export interface MachineClientOptions {
  /**
   * Custom scopes of this construct's resource server that the client may request. At least one:
   * `client_credentials` tokens can only carry custom scopes.
   *
   * Every scope must be defined on the resource server (now or later with `addScope()`);
   * this is checked at synth time.
   */
  readonly scopes: cognito.ResourceServerScope[];

  /**
   * The name of the app client.
   *
   * @default - CloudFormation generates no name (Cognito shows the client id)
   */
  readonly userPoolClientName?: string;

  /**
   * How long access tokens are valid: 5 minutes to 1 day.
   *
   * @default - Cognito's default, 60 minutes
   */
  readonly accessTokenValidity?: Duration;
}
