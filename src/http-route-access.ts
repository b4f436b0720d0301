import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

/**
 * The authorization part of an HTTP API route, from `CognitoApiAuth.httpRouteScopes()` or
 * `CognitoApiAuth.httpRouteAnyToken()`: spread it into `HttpApi.addRoutes()`
 * (`api.addRoutes({ path, methods, integration, ...auth.httpRouteScopes(read) })`).
 */
export interface HttpRouteAuthorization {
  /** The construct's JWT authorizer (issuer: the user pool; audience: the construct's app clients). */
  readonly authorizer: apigwv2.IHttpRouteAuthorizer;

  /**
   * Full scope identifiers (`<identifier>/<scope>`); a token needs ANY one of them in its `scope` claim.
   *
   * @default - no scopes: any valid ID or access token of a client in the audience passes
   */
  readonly authorizationScopes?: string[];
}
