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
