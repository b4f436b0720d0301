/**
 * SAM AWS::Serverless::HttpApi and HTTP API OpenAPI bodies read into the HTTP elements (apiKind 'http'):
 * the model, the JWT traps the rules catch on them, and what stays NotAnalysed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { brief, checkAll, model } from './rules/fixtures';
import { buildModel } from '../src/private/model/build';
import { loadCloudAssembly, loadTemplateFile, parseTemplateText } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';
import { AuthMatrix } from '../src/testing';

const DIR = path.join(__dirname, 'fixtures', 'samhttp');

/** A fixture as a fresh object (to change). */
function fixture(name: string): any {
  return parseTemplateText(fs.readFileSync(path.join(DIR, name), 'utf-8'), name);
}

const HEALTH_IS_PUBLIC = {
  ruleId: 'PublicMethodOnCognitoApi',
  severity: 'warning',
  logicalId: 'Fn',
  message: 'Route ANY /health (T/Fn) is public (Auth.Authorizer NONE, or no DefaultAuthorizer) on HTTP API T/Api, which uses a Cognito user pool JWT authorizer: anyone can call it without a token.',
};

describe('SAM HttpApi', () => {
  test('Auth.Authorizers, DefaultAuthorizer and HttpApi events become the HTTP elements', () => {
    const m = model(fixture('jwt-api.yaml'));
    expect(m.notAnalysed).toEqual([]);
    expect(m.restApis).toEqual([{ key: 'T#Api', template: 'T', logicalId: 'Api', constructPath: undefined, name: undefined, defined: true, hasOpenApiBody: false, apiKind: 'http', corsConfiguration: false }]);
    expect(m.authorizers).toHaveLength(1);
    expect(m.authorizers[0]).toMatchObject({
      key: 'T#Api/authorizer:Jwt',
      logicalId: 'Api',
      declaration: 'Auth.Authorizers.Jwt',
      restApi: 'T#Api',
      type: 'JWT',
      apiKind: 'http',
      providerPools: ['T#Pool'],
      identitySource: '$request.header.Authorization',
    });
    expect(m.authorizers[0].jwt).toMatchObject({ issuer: 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}', issuerPool: 'T#Pool', issuerMatch: 'exact', audience: [{ client: 'T#Client' }] });
    const rows = m.methods.map((x) => [x.key, x.logicalId, x.declaration, x.apiKind, x.routeKey, x.authorizationType, x.authorizer, x.scopes]);
    expect(rows).toEqual([
      ['T#Api/GET /items', 'Fn', 'Events.GetItems', 'http', 'GET /items', 'JWT', 'T#Api/authorizer:Jwt', ['items/read']],
      ['T#Api/POST /items', 'Fn', 'Events.PostItems', 'http', 'POST /items', 'JWT', 'T#Api/authorizer:Jwt', ['items/write']],
      ['T#Api/ANY /health', 'Fn', 'Events.Health', 'http', 'ANY /health', 'NONE', undefined, undefined],
    ]);
  });

  test('the implicit ServerlessHttpApi with Globals.HttpApi: authorizer scopes as defaults, CORS, the $default route', () => {
    const m = model(fixture('implicit-api.yaml'));
    expect(m.notAnalysed).toEqual([]);
    expect(m.restApis.map((r) => [r.key, r.declaration, r.apiKind, r.corsConfiguration])).toEqual([['T#ServerlessHttpApi', 'Globals.HttpApi', 'http', true]]);
    expect(m.authorizers.map((a) => [a.key, a.declaration, a.type])).toEqual([['T#ServerlessHttpApi/authorizer:Cognito', 'Globals.HttpApi.Auth.Authorizers.Cognito', 'JWT']]);
    expect(m.methods.map((x) => [x.key, x.declaration, x.routeKey, x.httpMethod, x.path, x.authorizationType, x.scopes])).toEqual([
      ['T#ServerlessHttpApi/GET /items', 'Events.List', 'GET /items', 'GET', '/items', 'JWT', ['items/read']],
      ['T#ServerlessHttpApi/DELETE /items/{id}', 'Events.Remove', 'DELETE /items/{id}', 'DELETE', '/items/{id}', 'JWT', ['items/write']],
      ['T#ServerlessHttpApi/ANY $default', 'Events.Fallback', '$default', 'ANY', '$default', 'JWT', ['items/read']],
    ]);
  });

  test('a DefinitionBody: its operations keep their security as written, the events are added with the DefaultAuthorizer', () => {
    const m = model(fixture('definition-body.yaml'));
    expect(m.notAnalysed).toEqual([]);
    expect(m.authorizers.map((a) => [a.key, a.declaration])).toEqual([['T#Api/authorizer:Jwt', 'Auth.Authorizers.Jwt']]);
    const rows = m.methods.map((x) => [x.declaration, x.routeKey, x.authorizationType, x.scopes]);
    expect(rows).toEqual([
      ['DefinitionBody.paths./orders.get', 'GET /orders', 'JWT', ['items/read']],
      ['DefinitionBody.paths./orders.post', 'POST /orders', 'NONE', undefined],
      ['DefinitionBody.paths./open.get', 'GET /open', 'NONE', undefined],
      ['DefinitionBody.paths./items.put', 'PUT /items', 'NONE', undefined],
      ['Events.GetItems', 'GET /items', 'JWT', ['items/read']],
      ['Events.PostItems', 'POST /items', 'JWT', ['items/write']],
      ['Events.Health', 'ANY /health', 'NONE', undefined],
    ]);
  });

  test('EnableIamAuthorizer with AWS_IAM, an undefined authorizer, a Lambda authorizer', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Api.Properties.Auth.EnableIamAuthorizer = true;
    t.Resources.Api.Properties.Auth.Authorizers.Lambda = { FunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:auth' };
    const events = t.Resources.Fn.Properties.Events;
    events.GetItems.Properties.Auth = { Authorizer: 'AWS_IAM' };
    events.PostItems.Properties.Auth = { Authorizer: 'Missing' };
    events.Health.Properties.Auth = { Authorizer: 'Lambda' };
    const m = model(t);
    expect(m.methods.map((x) => [x.routeKey, x.authorizationType, x.authorizer ?? null, x.scopes ?? null])).toEqual([
      ['GET /items', 'AWS_IAM', null, null],
      ['POST /items', expect.objectContaining({ why: "authorizer Missing is not defined in the API's Auth.Authorizers" }), null, null],
      ['ANY /health', 'CUSTOM', 'T#Api/authorizer:Lambda', null],
    ]);
  });

  test('the rules run on it: only the public route is reported on the fixture', () => {
    expect(brief(checkAll(fixture('jwt-api.yaml')))).toEqual([HEALTH_IS_PUBLIC]);
  });

  test('trap: a short scope on an HttpApi event', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Fn.Properties.Events.PostItems.Properties.Auth.AuthorizationScopes = ['write'];
    const f = brief(checkAll(t)).filter((x) => x !== undefined && x.ruleId !== 'PublicMethodOnCognitoApi');
    expect(f.map((x) => [x.ruleId, x.logicalId])).toEqual([['ShortMethodScope', 'Fn']]);
    expect(f[0].message).toContain("'write'");
  });

  test('trap: an issuer with a trailing slash (JwtIssuerNotPoolIssuer through readIssuer)', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Api.Properties.Auth.Authorizers.Jwt.JwtConfiguration.issuer = { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}/' };
    const m = model(t);
    expect(m.authorizers[0].jwt).toMatchObject({ issuerMatch: 'mismatch', issuerProblem: 'it ends with a slash', issuerPool: 'T#Pool' });
    const f = brief(checkAll(t)).filter((x) => x.ruleId === 'JwtIssuerNotPoolIssuer');
    expect(f.map((x) => [x.ruleId, x.severity, x.logicalId])).toEqual([['JwtIssuerNotPoolIssuer', 'error', 'Api']]);
    expect(f[0].message).toContain('it ends with a slash');
  });

  test('an issuer that names the pool but is not exactly its URL: the route scopes are checked too, not only the issuer', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Api.Properties.Auth.Authorizers.Jwt.JwtConfiguration.issuer = { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}/' };
    t.Resources.Fn.Properties.Events.PostItems.Properties.Auth.AuthorizationScopes = ['write'];
    const f = brief(checkAll(t)).filter((x) => x.ruleId !== 'PublicMethodOnCognitoApi');
    expect(f.map((x) => [x.ruleId, x.logicalId])).toEqual([['JwtIssuerNotPoolIssuer', 'Api'], ['ShortMethodScope', 'Fn']]);
    // The matrix: nobody can call, and it says why.
    const matrix = AuthMatrix.fromTemplateJson(JSON.stringify(t));
    const items = matrix.methodsFor('POST', '/items')[0];
    expect(items.callers.map((c) => [c.caller, c.allowed, c.why])).toEqual([
      ['Client', false, "the JWT authorizer's issuer names its pool (Pool) but is not exactly the pool's issuer URL (it ends with a slash): every token's iss differs"],
      [AuthMatrix.SIGNED_IN_USER, false, "no app client of the authorizer's pools allows InitiateAuth flows"],
    ]);
  });

  test('trap: a route without scopes next to scoped ones (UnscopedJwtRoute)', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Fn.Properties.Events.DeleteItems = { Type: 'HttpApi', Properties: { ApiId: { Ref: 'Api' }, Path: '/items', Method: 'delete' } };
    const f = brief(checkAll(t)).filter((x) => x.ruleId !== 'PublicMethodOnCognitoApi');
    expect(f.map((x) => [x.ruleId, x.logicalId])).toEqual([['UnscopedJwtRoute', 'Fn']]);
    expect(f[0].message).toContain('DELETE /items');
    // In SAM's words: the event's Auth, not the route's AuthorizationScopes.
    expect(f[0].message).toMatch(/^Route DELETE \/items \(T\/Fn\) has no Auth\.AuthorizationScopes \(on the event or on its authorizer\) while other routes of the API require scopes/);
    expect(checkAll(t).find((x) => x.ruleId === 'UnscopedJwtRoute')!.fix).toBe("Require the route's scope (the event's Auth.AuthorizationScopes); if any token of the audience is meant to pass, acknowledge 'cdk-cognito-scopes::UnscopedJwtRoute' on the route (CognitoApiAuth: httpRouteAnyToken()).");
  });

  test('trap: an audience that misses the client that calls the API (AudienceMissesClients)', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Web = { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } } };
    t.Resources.Api.Properties.Auth.Authorizers.Jwt.JwtConfiguration.audience = [{ Ref: 'Web' }];
    const f = brief(checkAll(t)).filter((x) => x.ruleId !== 'PublicMethodOnCognitoApi');
    // …and the scoped routes can no longer be called: no client in the audience may request their scopes.
    expect(f.map((x) => [x.ruleId, x.logicalId])).toEqual([
      ['AudienceMissesClients', 'Api'],
      ['UnrequestableMethodScope', 'Fn'],
      ['UnrequestableMethodScope', 'Fn'],
    ]);
    expect(f[0].message).toContain('T/Web');
    expect(f[0].message).toContain('T/Client');
  });

  test('what stays NotAnalysed: a SAM HttpApi with a DefinitionUri or an unreadable DefinitionBody, an event of an API of another template', () => {
    const t = fixture('jwt-api.yaml');
    t.Resources.Api.Properties.DefinitionUri = 's3://bucket/api.yaml';
    delete t.Resources.Api.Properties.Auth;
    const m = model(t);
    expect(m.methods).toEqual([]);
    expect(m.notAnalysed.map((n) => [n.logicalId, n.resourceType, n.kind, n.reason])).toEqual([
      ['Api', 'AWS::Serverless::HttpApi', 'sam', 'its OpenAPI definition is a file (DefinitionUri), which cdk-cognito-scopes does not read; its routes, authorizers and scopes were not checked'],
    ]);
    // A local file that is not there.
    t.Resources.Api.Properties.DefinitionUri = './missing.yaml';
    expect(model(t).notAnalysed.map((n) => n.reason)).toEqual([
      "its OpenAPI definition is a file (DefinitionUri './missing.yaml') that was not found beside the template; its routes, authorizers and scopes were not checked",
    ]);
    const text = fixture('jwt-api.yaml');
    text.Resources.Api.Properties.DefinitionBody = { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/api.yaml' } } };
    expect(model(text).notAnalysed.map((n) => [n.logicalId, n.reason])).toEqual([
      ['Api', 'its OpenAPI definition (DefinitionBody) could not be read (an intrinsic, text or not an object); its routes, authorizers and scopes were not checked'],
    ]);
    const u = fixture('jwt-api.yaml');
    u.Resources.Fn.Properties.Events.GetItems.Properties.ApiId = { 'Fn::ImportValue': 'OtherApi' };
    expect(model(u).notAnalysed.map((n) => [n.logicalId, n.resourceType])).toEqual([['Fn', 'AWS::Serverless::Function']]);
  });
});

describe('HTTP API OpenAPI Body', () => {
  const body = () => ({
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool' },
      Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } } },
      Api: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Body: {
            openapi: '3.0.1',
            security: [{ Jwt: ['items/read'] }],
            components: {
              securitySchemes: {
                Jwt: {
                  'type': 'oauth2',
                  'x-amazon-apigateway-authorizer': {
                    type: 'jwt',
                    identitySource: '$request.header.Authorization',
                    jwtConfiguration: { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Body123', audience: [{ Ref: 'Client' }] },
                  },
                },
              },
            },
            paths: {
              '/items': { get: {}, post: { security: [{ Jwt: ['items/write'] }] } },
              '/health': { 'x-amazon-apigateway-any-method': { security: [] } },
              '$default': { 'x-amazon-apigateway-any-method': { security: [{ NONE: [] }] } },
            },
          },
        },
      },
    },
  });

  test('security schemes, per-operation and top-level security, any-method and $default', () => {
    const m = model(body() as any);
    expect(m.notAnalysed).toEqual([]);
    expect(m.restApis.map((r) => [r.key, r.apiKind, r.hasOpenApiBody])).toEqual([['T#Api', 'http', true]]);
    expect(m.authorizers.map((a) => [a.key, a.declaration, a.type, a.identitySource, a.jwt?.issuerMatch, a.providerPools])).toEqual([
      ['T#Api/authorizer:Jwt', 'Body.components.securitySchemes.Jwt', 'JWT', '$request.header.Authorization', 'exact', ['external:us-east-1_Body123']],
    ]);
    expect(m.methods.map((x) => [x.key, x.declaration, x.routeKey, x.authorizationType, x.scopes ?? null])).toEqual([
      ['T#Api/GET /items', 'Body.paths./items.get', 'GET /items', 'JWT', ['items/read']],
      ['T#Api/POST /items', 'Body.paths./items.post', 'POST /items', 'JWT', ['items/write']],
      ['T#Api/ANY /health', 'Body.paths./health.x-amazon-apigateway-any-method', 'ANY /health', 'NONE', null],
      ['T#Api/ANY $default', 'Body.paths.$default.x-amazon-apigateway-any-method', '$default', 'NONE', null],
    ]);
  });

  test('an operation whose security names the JWT authorizer without scopes: UnscopedJwtRoute in OpenAPI words', () => {
    const t = body() as any;
    t.Resources.Api.Properties.Body.paths['/me'] = { get: { security: [{ Jwt: [] }] } };
    const f = checkAll(t).filter((x) => x.ruleId === 'UnscopedJwtRoute');
    expect(f.map((x) => [x.logicalId, x.declaration])).toEqual([['Api', 'Body.paths./me.get']]);
    expect(f[0].message).toMatch(/^Route GET \/me \(T\/Api\) has no scopes in its security requirement while other routes of the API require scopes/);
    expect(f[0].fix).toBe("Require the route's scope (scopes in its security requirement); if any token of the audience is meant to pass, acknowledge 'cdk-cognito-scopes::UnscopedJwtRoute' on the route (CognitoApiAuth: httpRouteAnyToken()).");
  });

  test('a BodyS3Location and an unreadable Body stay NotAnalysed', () => {
    const s3 = body() as any;
    delete s3.Resources.Api.Properties.Body;
    s3.Resources.Api.Properties.ProtocolType = 'HTTP';
    s3.Resources.Api.Properties.BodyS3Location = { Bucket: 'b', Key: 'k' };
    expect(model(s3).notAnalysed.map((n) => [n.logicalId, n.reason])).toEqual([
      ['Api', 'its routes are defined by an OpenAPI file in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; the routes, authorizers and scopes it declares were not checked'],
    ]);
    const text = body() as any;
    text.Resources.Api.Properties.Body = '{"openapi":"3.0.1"}';
    expect(model(text).notAnalysed.map((n) => [n.logicalId, n.reason])).toEqual([
      ['Api', 'its OpenAPI definition (Body) could not be read (an intrinsic, text or not an object); the routes, authorizers and scopes it declares were not checked'],
    ]);
  });
});

describe('OpenAPI files of HTTP APIs', () => {
  test('a SAM HttpApi DefinitionUri beside the template is read as it is; Auth beside it (SAM rejects it) stays not analysed', () => {
    const m = buildModel([loadTemplateFile(path.join(DIR, 'uri', 'template.yaml'))]);
    // The event on FileApi adds no route: SAM adds nothing to a file.
    expect(m.methods.map((x) => [x.logicalId, x.declaration, x.routeKey, x.authorizationType, x.scopes])).toEqual([
      ['FileApi', 'DefinitionUri.paths./files.get', 'GET /files', 'JWT', ['read']],
      ['FileApi', 'DefinitionUri.paths./files/{id}.get', 'GET /files/{id}', 'JWT', ['files/read']],
    ]);
    expect(m.restApis.find((a) => a.logicalId === 'FileApi')).toMatchObject({ apiKind: 'http', hasOpenApiBody: true, corsConfiguration: true });
    expect(m.authorizers.map((a) => [a.declaration, a.jwt?.issuerMatch])).toEqual([['DefinitionUri.components.securitySchemes.Jwt', 'exact']]);
    expect(m.notAnalysed.map((n) => [n.logicalId, n.reason])).toEqual([
      ['AuthApi', 'its OpenAPI definition is a file (DefinitionUri) beside Auth, which SAM rejects ("works only with inline OpenApi specified in the \'DefinitionBody\' property"); its routes, authorizers and scopes were not checked'],
    ]);
    // The rules speak the file's words. The file's issuer names the pool by its id: given, it links to the template's pool.
    const linked = buildModel([loadTemplateFile(path.join(DIR, 'uri', 'template.yaml'))], { physicalIds: { Pool: 'eu-west-1_Files1', Client: 'files-client-1' } });
    expect(linked.authorizers[0].providerPools).toEqual(['template.yaml#Pool']);
    const short = runRules(linked).filter((f) => f.ruleId === 'ShortMethodScope');
    expect(short.map((f) => [f.logicalId, f.declaration])).toEqual([['FileApi', 'DefinitionUri.paths./files.get']]);
  });

  test('an HTTP API whose BodyS3Location is an asset of the cloud assembly is read from the cdk.out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-asset-'));
    const spec = path.join(dir, 'openapi.yaml');
    fs.copyFileSync(path.join(DIR, 'uri', 'openapi.yaml'), spec);
    const out = path.join(dir, 'cdk.out');
    const app = new App({ outdir: out });
    const stack = new Stack(app, 'Files', { env: { region: 'eu-west-1' } });
    const asset = new Asset(stack, 'Spec', { path: spec });
    const api = new CfnApi(stack, 'Api', { bodyS3Location: { bucket: asset.s3BucketName, key: asset.s3ObjectKey } });
    app.synth();
    const m = buildModel(loadCloudAssembly(out));
    expect(m.notAnalysed).toEqual([]);
    expect(m.methods.map((x) => [x.logicalId, x.declaration, x.routeKey, x.scopes])).toEqual([
      [stack.getLogicalId(api), 'BodyS3Location.paths./files.get', 'GET /files', ['read']],
      [stack.getLogicalId(api), 'BodyS3Location.paths./files/{id}.get', 'GET /files/{id}', ['files/read']],
    ]);
    // Without the asset in the assembly, the API is named as not analysed.
    fs.rmSync(path.join(out, `asset.${asset.assetHash}.yaml`), { force: true });
    const without = buildModel(loadCloudAssembly(out));
    expect(without.methods).toEqual([]);
    expect(without.notAnalysed.map((n) => n.reason)).toEqual([
      'its routes are defined by an OpenAPI file in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; the routes, authorizers and scopes it declares were not checked',
    ]);
  });
});

describe('hostile input', () => {
  test('__proto__ and constructor as names are read as own names, and prototypes are untouched', () => {
    const t = JSON.parse(`{
      "Globals": { "HttpApi": { "__proto__": { "Auth": { "DefaultAuthorizer": "Jwt" } } } },
      "Resources": {
        "Api": { "Type": "AWS::Serverless::HttpApi", "Properties": { "Auth": { "Authorizers": { "__proto__": { "IdentitySource": "$request.header.Authorization",
          "JwtConfiguration": { "issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Proto1", "audience": ["c1"] } } } } } },
        "Fn": { "Type": "AWS::Serverless::Function", "Properties": { "Events": {
          "constructor": { "Type": "HttpApi", "Properties": { "ApiId": { "Ref": "Api" }, "Path": "/x", "Method": "get", "Auth": { "Authorizer": "__proto__", "AuthorizationScopes": ["a/b"] } } },
          "toString": { "Type": "HttpApi", "Properties": { "ApiId": { "Ref": "Api" }, "Path": "/y", "Method": "get", "Auth": { "Authorizer": "constructor" } } } } } },
        "V2": { "Type": "AWS::ApiGatewayV2::Api", "Properties": { "Body": { "paths": { "__proto__": { "get": { "security": [{ "hasOwnProperty": [] }] } } } } } }
      }
    }`);
    const m = model(t);
    expect(({} as any).Auth).toBeUndefined();
    expect(m.authorizers.map((a) => [a.key, a.jwt?.issuerMatch])).toEqual([['T#Api/authorizer:__proto__', 'exact']]);
    expect(m.methods.map((x) => [x.key, x.authorizationType, x.scopes])).toEqual([
      ['T#V2/GET __proto__', expect.objectContaining({ why: 'security scheme hasOwnProperty is not defined in the definition' }), undefined],
      ['T#Api/GET /x', 'JWT', ['a/b']],
      ['T#Api/GET /y', expect.objectContaining({ why: "authorizer constructor is not defined in the API's Auth.Authorizers" }), undefined],
    ]);
  });
});
