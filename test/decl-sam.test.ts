/**
 * SAM read as written (DESIGN.md §7): explicit and implicit APIs, the default authorizer and its scopes,
 * per-event overrides, Cors preflights that carry the default authorizer, a DefinitionBody.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildModel } from '../src/private/model/build';
import { loadTemplateFile, parseTemplateText } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';

const DIR = path.join(__dirname, 'fixtures', 'decl', 'sam');

function model(name: string) {
  const file = path.join(DIR, name);
  return buildModel([{ name, template: parseTemplateText(fs.readFileSync(file, 'utf-8'), file), region: 'us-east-1' }]);
}

const ops = (name: string) => model(name).methods.map((m) => [m.logicalId, m.declaration, m.httpMethod, m.path, m.authorizationType, m.scopes]);

test('explicit API: default authorizer and its scopes, an event override, NONE, generated preflights', () => {
  expect(ops('explicit-api.yaml')).toEqual([
    ['ItemsFunction', 'Events.GetItems', 'GET', '/items', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['ItemsFunction', 'Events.PutItem', 'ANY', '/items/{proxy+}', 'COGNITO_USER_POOLS', ['write']],
    ['ItemsFunction', 'Events.Internal', 'POST', '/internal', 'CUSTOM', undefined],
    ['ItemsFunction', 'Events.Tenant', 'GET', '/tenant', 'CUSTOM', undefined],
    ['ItemsFunction', 'Events.Health', 'GET', '/health', 'NONE', undefined],
    ['ItemsApi', 'Cors', 'OPTIONS', '/items', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['ItemsApi', 'Cors', 'OPTIONS', '/items/{proxy+}', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['ItemsApi', 'Cors', 'OPTIONS', '/internal', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['ItemsApi', 'Cors', 'OPTIONS', '/tenant', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['ItemsApi', 'Cors', 'OPTIONS', '/health', 'COGNITO_USER_POOLS', ['com.example.api/read']],
  ]);
  expect(model('explicit-api.yaml').authorizers.map((a) => [a.key, a.logicalId, a.declaration, a.type, a.providerPools, a.identitySource, a.ttlSeconds])).toEqual([
    ['explicit-api.yaml#ItemsApi/authorizer:CognitoAuth', 'ItemsApi', 'Auth.Authorizers.CognitoAuth', 'COGNITO_USER_POOLS', ['explicit-api.yaml#Pool'], 'method.request.header.Authorization', undefined],
    ['explicit-api.yaml#ItemsApi/authorizer:LambdaToken', 'ItemsApi', 'Auth.Authorizers.LambdaToken', 'TOKEN', undefined, 'method.request.header.X-Api-Token', 60],
    ['explicit-api.yaml#ItemsApi/authorizer:LambdaRequest', 'ItemsApi', 'Auth.Authorizers.LambdaRequest', 'REQUEST', undefined, 'method.request.header.X-Tenant', undefined],
  ]);
});

test('explicit API: the preflights behind the authorizer, the short scope and the public event, where SAM declares them', () => {
  const findings = runRules(model('explicit-api.yaml')).filter((f) => f.severity !== 'info');
  expect(findings.map((f) => [f.ruleId, f.logicalId, f.declaration])).toEqual([
    ['PreflightBehindAuthorizer', 'ItemsApi', 'Cors'],
    ['PreflightBehindAuthorizer', 'ItemsApi', 'Cors'],
    ['PreflightBehindAuthorizer', 'ItemsApi', 'Cors'],
    ['PreflightBehindAuthorizer', 'ItemsApi', 'Cors'],
    ['PreflightBehindAuthorizer', 'ItemsApi', 'Cors'],
    ['ShortMethodScope', 'ItemsFunction', 'Events.PutItem'],
    ['CorsWithoutUnauthorizedHeaders', 'ItemsApi', undefined],
    ['PublicMethodOnCognitoApi', 'ItemsFunction', 'Events.Health'],
  ]);
  expect([findings[0].message, findings[0].fix]).toEqual([
    "CORS preflight method OPTIONS /items (explicit-api.yaml/ItemsApi) carries the API's DefaultAuthorizer ('COGNITO_USER_POOLS'), added because Cors is set and " +
      'Auth.AddDefaultAuthorizerToCorsPreflight is not false: browsers send the preflight without a token, so it gets 401 and the browser reports a CORS error.',
    'Set Auth.AddDefaultAuthorizerToCorsPreflight: false on the API, so that the OPTIONS methods SAM generates for Cors stay public.',
  ]);
  expect(findings[5].fix).toBe("Use the full scope 'com.example.api/write' in the event's Auth.AuthorizationScopes.");
});

test('implicit API from Globals.Api: an undefined scope on one event, public preflights', () => {
  expect(ops('implicit-api.yaml')).toEqual([
    ['Orders', 'Events.List', 'GET', '/orders', 'COGNITO_USER_POOLS', ['https://api.example.com/orders.read']],
    ['Orders', 'Events.Create', 'POST', '/orders', 'COGNITO_USER_POOLS', ['https://api.example.com/orders.write']],
    ['Orders', 'Events.Me', 'GET', '/me', 'COGNITO_USER_POOLS', undefined],
    ['ServerlessRestApi', 'Globals.Api.Cors', 'OPTIONS', '/orders', 'NONE', undefined],
    ['ServerlessRestApi', 'Globals.Api.Cors', 'OPTIONS', '/me', 'NONE', undefined],
  ]);
  expect(model('implicit-api.yaml').authorizers.map((a) => [a.logicalId, a.declaration, a.identitySource])).toEqual([['ServerlessRestApi', 'Globals.Api.Auth.Authorizers.Cognito', 'method.request.header.X-Auth']]);
  expect(runRules(model('implicit-api.yaml')).filter((f) => f.ruleId === 'UndefinedMethodScope').map((f) => [f.logicalId, f.declaration])).toEqual([['Orders', 'Events.Create']]);
});

test('DefinitionBody with a DefaultAuthorizer: SAM adds it where no authorizer is named (security: [] included); events add no method', () => {
  expect(ops('definition-body.yaml')).toEqual([
    ['DefApi', 'DefinitionBody.paths./a.get', 'GET', '/a', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['DefApi', 'DefinitionBody.paths./a.post', 'POST', '/a', 'COGNITO_USER_POOLS', ['com.example.api/read']],
    ['DefApi', 'DefinitionBody.paths./b.get', 'GET', '/b', 'NONE', undefined],
    ['DefApi', 'DefinitionBody.paths./b.put', 'PUT', '/b', 'COGNITO_USER_POOLS', ['com.example.api/write']],
    ['DefApi', 'Cors', 'OPTIONS', '/a', 'NONE', undefined],
    ['DefApi', 'Cors', 'OPTIONS', '/b', 'NONE', undefined],
  ]);
  expect(model('definition-body.yaml').notAnalysed).toEqual([]);
});

describe('DefinitionUri naming a file beside the template', () => {
  const file = path.join(__dirname, 'fixtures', 'decl', 'sam-uri', 'template.yaml');

  test('read without Auth or Cors (SAM hands it over as it is); with Auth it stays not analysed', () => {
    const m = buildModel([loadTemplateFile(file)]);
    expect(m.methods.map((x) => [x.logicalId, x.declaration, x.httpMethod, x.path, x.authorizationType, x.scopes])).toEqual([
      ['FileApi', 'DefinitionUri.paths./files.get', 'GET', '/files', 'COGNITO_USER_POOLS', ['files.read']],
    ]);
    expect(m.notAnalysed.map((n) => [n.logicalId, n.reason])).toEqual([
      ['AuthApi', 'its OpenAPI definition is a file (DefinitionUri) combined with Auth or Cors, which cdk-cognito-scopes does not model; its methods, authorizers and scopes were not checked'],
    ]);
  });

  test('a DefinitionUri outside the template directory is refused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decl-sam-uri-'));
    fs.mkdirSync(path.join(dir, 'in'));
    fs.writeFileSync(path.join(dir, 'secret.yaml'), 'paths: {}\n');
    const t = path.join(dir, 'in', 'template.json');
    fs.writeFileSync(t, JSON.stringify({ Resources: { A: { Type: 'AWS::Serverless::Api', Properties: { DefinitionUri: '../secret.yaml' } } } }));
    expect(() => loadTemplateFile(t)).toThrow(`${t}: API A: DefinitionUri '../secret.yaml' is outside the template's directory (refused)`);
  });
});
