import { Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as apigwv2Authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';

/**
 * A JWT route authorizer usable on several HTTP APIs. aws-cdk-lib's `HttpJwtAuthorizer` creates its
 * `AWS::ApiGatewayV2::Authorizer` under the first API it is bound to and hands that authorizer's id to
 * every later route, so a route of a second API would point at another API's authorizer (a deployment
 * failure). This one keeps one `HttpJwtAuthorizer` per API, all with the same issuer, audience and name;
 * the first API's authorizer is the one a plain `HttpJwtAuthorizer` would create (same id, same template).
 *
 * "The same API" is the same `AWS::ApiGatewayV2::Api`: an `HttpApi`, or an import of it
 * (`HttpApi.fromHttpApiAttributes` with its `apiId`, e.g. in a nested stack), or the same literal id.
 */
export class PerApiJwtAuthorizer implements apigwv2.IHttpRouteAuthorizer {
  private readonly byApi = new Map<unknown, apigwv2Authorizers.HttpJwtAuthorizer>();

  constructor(
    private readonly id: string,
    private readonly issuer: string,
    private readonly props: apigwv2Authorizers.HttpJwtAuthorizerProps,
  ) {}

  public bind(options: apigwv2.HttpRouteAuthorizerBindOptions): apigwv2.HttpRouteAuthorizerConfig {
    const key = apiIdentity(options.route.httpApi);
    let authorizer = this.byApi.get(key);
    if (!authorizer) {
      authorizer = new apigwv2Authorizers.HttpJwtAuthorizer(this.id, this.issuer, this.props);
      this.byApi.set(key, authorizer);
    }
    return authorizer.bind(options);
  }
}

/** The `AWS::ApiGatewayV2::Api` behind an API construct: its L1 resource, or the literal id of an import. */
function apiIdentity(api: apigwv2.IHttpApi): unknown {
  const own = api.node.defaultChild;
  if (own instanceof apigwv2.CfnApi) return own;
  if (!Token.isUnresolved(api.apiId)) return `id:${api.apiId}`;
  const token = Tokenization.reverseString(api.apiId).firstToken;
  if (token && Reference.isReference(token)) return token.target;
  return api;
}
