/**
 * Door equivalence for HTTP APIs: the construct tree (synth-time check, plugin) and the synthesized
 * template (CLI) give the same model and the same findings.
 */
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { httpFixture } from './http-fixtures';
import { constructPathsByTemplate, withConstructPaths } from '../src/private/construct-paths';
import * as build from '../src/private/model/build';
import { RenderedApp, renderApp } from '../src/private/model/from-stack';
import { loadCloudAssembly } from '../src/private/model/load';
import { AuthModel } from '../src/private/model/types';
import { compareFindings, runRules } from '../src/private/rules/engine';

function comparable(m: unknown, real: (s: string) => string = (s) => s): unknown {
  return JSON.parse(
    JSON.stringify(m, (k, v) => (k === 'constructPath' || k === 'file' ? undefined : v instanceof Set ? [...v].map(real).sort() : typeof v === 'string' ? real(v) : v)),
  );
}

function bothDoors(app: App): { fromTree: AuthModel; rendered: RenderedApp; fromDisk: AuthModel } {
  let tree: { fromTree: AuthModel; rendered: RenderedApp } | undefined;
  app.node.addValidation({
    validate: () => {
      const rendered = renderApp(app);
      tree = { rendered, fromTree: build.buildModel([rendered.input]) };
      return [];
    },
  });
  const assembly = app.synth({ force: true });
  const [whole] = loadCloudAssembly(assembly.directory);
  const paths = constructPathsByTemplate(app);
  const nested = Object.fromEntries(Object.entries(whole.nested ?? {}).map(([k, i]) => [k, withConstructPaths(i, paths)]));
  return { ...tree!, fromDisk: build.buildModel([{ ...withConstructPaths(whole, paths), nested }]) };
}

function findings(m: AuthModel, real: (s: string) => string = (s) => s) {
  return runRules(m)
    .map((f) => ({ ...f, template: real(f.template), logicalId: real(f.logicalId) }))
    .sort(compareFindings)
    .map((f) => [f.ruleId, f.severity, f.logicalId, real(f.message), real(f.fix), f.constructPath]);
}

test('an HTTP API with mistakes: same model and the same findings through the construct tree and the template', () => {
  const f = httpFixture({ authorizer: (_s, pool) => new HttpUserPoolAuthorizer('Auth', pool) });
  // A second authorizer with a trailing slash on the issuer and a catch-all route without CORS, unscoped.
  const jwt = new HttpJwtAuthorizer('Slash', `${f.pool.userPoolProviderUrl}/`, { jwtAudience: [f.client.userPoolClientId] });
  f.api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration: new HttpUrlIntegration('Proxy', 'https://backend.example.com'), authorizer: jwt });
  const { fromTree, rendered, fromDisk } = bothDoors(f.app);
  const real = (s: string) => rendered.withRealIds(s);
  for (const k of ['restApis', 'authorizers', 'methods', 'clients', 'notAnalysed'] as const) {
    expect(comparable(fromTree[k], real)).toEqual(comparable(fromDisk[k]));
  }
  expect(fromDisk.methods.map((m) => [m.apiKind, m.routeKey, m.authorizationType, m.scopes])).toEqual([
    ['http', 'GET /items', 'JWT', ['api/read']],
    ['http', 'ANY /{proxy+}', 'JWT', undefined],
  ]);
  const fromTemplate = findings(fromDisk);
  expect(findings(fromTree, real)).toEqual(fromTemplate);
  expect(fromTemplate.map((x) => [x[0], x[5]])).toEqual([
    ['AudienceMissesClients', 'Http/Api/Auth/Resource'],
    ['UnrequestableMethodScope', 'Http/Api/GET--items/Resource'],
    ['JwtIssuerNotPoolIssuer', 'Http/Api/Slash/Resource'],
    ['HttpPreflightBehindAuthorizer', 'Http/Api/ANY--{proxy+}/Resource'],
    ['UnscopedJwtRoute', 'Http/Api/ANY--{proxy+}/Resource'],
    // aws-cdk-lib's auto-created client allows the implicit grant.
    ['ImplicitGrant', 'Http/Pool/UserPoolAuthorizerClient/Resource'],
  ]);
  expect(fromTemplate[0][3]).toBe(
    "JWT authorizer Http/Api/Auth/Resource has audience 'Http/Pool/UserPoolAuthorizerClient/Resource' (created by HttpUserPoolAuthorizer without userPoolClients), which no route's caller uses, " +
      "and leaves out 'Http/Pool/Machine/Resource': tokens of the left-out clients get 401 ('the token does not have a valid audience').",
  );
});

test('an HTTP API with a literal issuer of an external pool ending with a slash: same findings', () => {
  const app = new App();
  const other = new Stack(app, 'Api2');
  const api = new HttpApi(other, 'Api');
  const jwt = new HttpJwtAuthorizer('Auth', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/', { jwtAudience: ['client'] });
  api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpUrlIntegration('X', 'https://backend.example.com'), authorizer: jwt, authorizationScopes: ['api/read'] });
  const { fromTree, rendered, fromDisk } = bothDoors(app);
  const real = (s: string) => rendered.withRealIds(s);
  expect(findings(fromTree, real)).toEqual(findings(fromDisk));
  expect(findings(fromDisk).map((x) => [x[0], x[3]])).toEqual([
    [
      'JwtIssuerNotPoolIssuer',
      "JWT authorizer Api2/Api/Auth/Resource has issuer 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/', which is not a user pool's issuer: it ends with a slash. " +
        "Every token's 'iss' differs from it, so every call gets 401. The pool's issuer is 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123'.",
    ],
  ]);
});
