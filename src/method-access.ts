import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/**
 * Options for `CognitoApiAuth.addCorsGatewayResponses()`.
 *
 * API Gateway answers a rejected token itself (gateway response `UNAUTHORIZED`), without
 * running the integration, so the CORS headers your integration adds are missing on a 401.
 * A browser then reports a CORS error instead of the 401. These options set the headers on
 * the gateway responses.
 */
export interface CorsGatewayResponsesOptions {
  /**
   * The value of `Access-Control-Allow-Origin`: `*` or one origin such as `https://app.example.com`.
   *
   * @default '*'
   */
  readonly allowOrigin?: string;

  /**
   * The value of `Access-Control-Allow-Headers`.
   *
   * @default apigateway.Cors.DEFAULT_HEADERS (includes Authorization)
   */
  readonly allowHeaders?: string[];

  /**
   * The value of `Access-Control-Allow-Methods`.
   *
   * @default apigateway.Cors.ALL_METHODS
   */
  readonly allowMethods?: string[];

  /**
   * Also add the headers to `DEFAULT_5XX` responses (throttling by the authorizer, integration timeouts).
   *
   * @default true
   */
  readonly includeServerErrors?: boolean;
}

/**
 * Options for `CognitoApiAuth.addPublicMethod()`: a deliberately public method, with one reason.
 */
export interface PublicMethodOptions {
  /**
   * Why the method is public (for example `Health check for the load balancer; returns no data`).
   *
   * Recorded with each acknowledgement the method needs: `cdk-cognito-scopes::PublicMethodOnCognitoApi`
   * and cdk-nag's `AwsSolutions-APIG4` (no authorization) and `AwsSolutions-COG4` (no Cognito authorizer).
   */
  readonly reason: string;

  /**
   * Further options of the method: request parameters, method responses, request validator, API key...
   * Authorization settings (`authorizer`, `authorizationScopes`, an `authorizationType` other than NONE)
   * are refused: the method is public.
   *
   * @default - no further options
   */
  readonly methodOptions?: apigateway.MethodOptions;
}
