import { App, CfnOutput, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as apigwv2Authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CALLBACK_URLS, MACHINE_CLIENT_SCOPES, MethodSpec, USER_CLIENT_SCOPES, methodGroups } from './topology';

/** The authorization of an HTTP route: a JWT authorizer and the full scope identifiers. */
export interface RouteAuth {
  readonly authorizer: apigwv2.IHttpRouteAuthorizer;
  readonly authorizationScopes?: string[];
}

/** The backend every HTTP route forwards to (an HTTP URL integration: no Lambda assets). */
export const HTTP_BACKEND_URL = 'https://backend.example.com/items';

/**
 * The API part both apps share verbatim (only the MethodOptions and the route authorizations differ):
 *
 * - a REST API with a protected root method (`GET /`, scope `read`; the API's own stack needs one
 *   method) and the N protected methods;
 * - when `routeAuthFor` is given, an HTTP API (`corsPreflight`) with a protected root route
 *   (`GET /`, scope `read`: it binds the JWT authorizer in the API's stack) and N protected routes
 *   (`<verb> /r<i>`, the same verbs and scopes as the methods), all to one HTTP URL integration per
 *   stack.
 *
 * Methods and routes sit in the API's stack when they fit, else in NestedStacks (group g's methods
 * and routes in the same NestedStack `Methods<g>`, the APIs imported there) with an explicit REST
 * deployment after them; the HTTP API's `$default` stage deploys itself (autoDeploy).
 */
export function addApi(
  stack: Stack,
  n: number,
  optionsFor: (m: MethodSpec) => apigateway.MethodOptions,
  routeAuthFor?: (m: MethodSpec) => RouteAuth,
): apigateway.RestApi {
  const groups = methodGroups(n);
  const nested = groups.length > 1;
  const api = new apigateway.RestApi(stack, 'Api', { restApiName: 'bench-api', deploy: !nested });
  api.root.addMethod('GET', new apigateway.MockIntegration(), optionsFor({ pathPart: '', verb: 'GET', scopes: ['read'] }));
  const httpApi = routeAuthFor ? addHttpApi(stack, routeAuthFor) : undefined;
  if (!nested) {
    for (const m of groups[0] ?? []) {
      api.root.addResource(m.pathPart).addMethod(m.verb, new apigateway.MockIntegration(), optionsFor(m));
    }
    if (httpApi && routeAuthFor) addRoutes(httpApi.api, httpApi.integration, groups[0] ?? [], routeAuthFor);
    return api;
  }
  const deployment = new apigateway.Deployment(stack, 'Deployment', {
    api: apigateway.RestApi.fromRestApiId(stack, 'ApiRef', api.restApiId),
  });
  groups.forEach((group, g) => {
    const ns = new NestedStack(stack, `Methods${g}`);
    const imported = apigateway.RestApi.fromRestApiAttributes(ns, 'Api', {
      restApiId: api.restApiId,
      rootResourceId: api.restApiRootResourceId,
    });
    for (const m of group) {
      imported.root.addResource(m.pathPart).addMethod(m.verb, new apigateway.MockIntegration(), optionsFor(m));
    }
    if (httpApi && routeAuthFor) {
      const importedHttpApi = apigwv2.HttpApi.fromHttpApiAttributes(ns, 'HttpApi', { httpApiId: httpApi.api.apiId });
      addRoutes(importedHttpApi, new HttpUrlIntegration('Backend', HTTP_BACKEND_URL), group, routeAuthFor);
    }
    deployment.node.addDependency(ns);
  });
  deployment.node.addDependency(api.root);
  new apigateway.Stage(stack, 'Stage', { deployment, stageName: 'prod' });
  return api;
}

/** The HTTP API with CORS preflight answered by API Gateway, and its protected root route. */
function addHttpApi(stack: Stack, routeAuthFor: (m: MethodSpec) => RouteAuth): { api: apigwv2.HttpApi; integration: HttpUrlIntegration } {
  const httpApi = new apigwv2.HttpApi(stack, 'HttpApi', {
    apiName: 'bench-http-api',
    corsPreflight: {
      allowOrigins: ['https://app.example.com'],
      allowMethods: [apigwv2.CorsHttpMethod.ANY],
      allowHeaders: ['Authorization', 'Content-Type'],
    },
  });
  const integration = new HttpUrlIntegration('Backend', HTTP_BACKEND_URL);
  addRoutes(httpApi, integration, [{ pathPart: '', verb: 'GET', scopes: ['read'] }], routeAuthFor);
  return { api: httpApi, integration };
}

/** Routes `<verb> /<pathPart>` on the API (its own or an imported one), to the integration (one per API object). */
function addRoutes(
  httpApi: apigwv2.IHttpApi,
  integration: HttpUrlIntegration,
  specs: MethodSpec[],
  routeAuthFor: (m: MethodSpec) => RouteAuth,
): void {
  for (const m of specs) {
    const auth = routeAuthFor(m);
    new apigwv2.HttpRoute(httpApi, `${m.verb}Route${m.pathPart}`, {
      httpApi,
      routeKey: apigwv2.HttpRouteKey.with(`/${m.pathPart}`, m.verb as apigwv2.HttpMethod),
      integration,
      authorizer: auth.authorizer,
      authorizationScopes: auth.authorizationScopes,
    });
  }
}

export type AppBuilder = (n: number, outdir: string) => App;

/**
 * The hand-written apps' APIs (benchmarks 1 and 1b): the REST API with a Cognito authorizer made on
 * first use under `auth`, and the HTTP API with a plain `HttpJwtAuthorizer` of the pool's issuer, the
 * two clients as audience (in the order they were made), named after its id as CognitoApiAuth names
 * it (`<construct id>JwtAuthorizer`). Scopes are full identifiers under `identifier`.
 */
export function addHandWrittenApis(
  stack: Stack,
  n: number,
  auth: Construct,
  pool: cognito.IUserPool,
  issuer: string,
  clients: cognito.IUserPoolClient[],
  identifier: string,
): void {
  let authorizer: apigateway.CognitoUserPoolsAuthorizer | undefined;
  const getAuthorizer = () =>
    (authorizer ??= new apigateway.CognitoUserPoolsAuthorizer(auth, 'Authorizer', {
      cognitoUserPools: [pool],
      identitySource: apigateway.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.minutes(5),
    }));
  const jwtAuthorizer = new apigwv2Authorizers.HttpJwtAuthorizer('AuthJwtAuthorizer', issuer, {
    identitySource: ['$request.header.Authorization'],
    jwtAudience: clients.map((c) => c.userPoolClientId),
  });
  const full = (m: MethodSpec) => m.scopes.map((s) => `${identifier}/${s}`);
  addApi(
    stack,
    n,
    (m) => ({ authorizer: getAuthorizer(), authorizationType: apigateway.AuthorizationType.COGNITO, authorizationScopes: full(m) }),
    (m) => ({ authorizer: jwtAuthorizer, authorizationScopes: full(m) }),
  );
}

/**
 * The hand-written apps' two clients (benchmarks 1 and 1b), as CognitoApiAuth makes them: a web client
 * (authorization code, no secret) and a machine client (client_credentials), each depending on the
 * resource server, with ALLOW_REFRESH_TOKEN_AUTH only and its client id as an output.
 */
export function addHandWrittenClients(
  auth: Construct,
  pool: cognito.IUserPool,
  server: cognito.UserPoolResourceServer,
  scope: (name: string) => cognito.ResourceServerScope,
): [cognito.UserPoolClient, cognito.UserPoolClient] {
  const finish = (client: cognito.UserPoolClient, id: string) => {
    client.node.addDependency(server);
    (client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    new CfnOutput(auth, `${id}ClientIdOutput`, { value: client.userPoolClientId, description: `App client id of ${id}` });
  };
  const web = new cognito.UserPoolClient(auth, 'Web', {
    userPool: pool,
    generateSecret: false,
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
      scopes: [cognito.OAuthScope.OPENID, ...USER_CLIENT_SCOPES.map((s) => cognito.OAuthScope.resourceServer(server, scope(s)))],
      callbackUrls: [...CALLBACK_URLS],
    },
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
  });
  finish(web, 'Web');
  const batch = new cognito.UserPoolClient(auth, 'Batch', {
    userPool: pool,
    generateSecret: true,
    oAuth: {
      flows: { clientCredentials: true },
      scopes: MACHINE_CLIENT_SCOPES.map((s) => cognito.OAuthScope.resourceServer(server, scope(s))),
    },
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
  });
  finish(batch, 'Batch');
  return [web, batch];
}
