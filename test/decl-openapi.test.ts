/**
 * OpenAPI bodies (DESIGN.md §7) read into the same model elements as AWS::ApiGateway::* resources:
 * one method per operation, one authorizer per security scheme with x-amazon-apigateway-authorizer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildModel } from '../src/private/model/build';
import { parseTemplateText } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';

const FIXTURE = path.join(__dirname, 'fixtures', 'decl', 'openapi', 'cfn-body.yaml');

function model(file = FIXTURE) {
  return buildModel([{ name: 'cfn-body.yaml', template: parseTemplateText(fs.readFileSync(file, 'utf-8'), file), region: 'us-east-1' }]);
}

describe('a CloudFormation RestApi with an OpenAPI 3 Body', () => {
  test('every operation is a method: verb, path, authorization, authorizer, scopes, declaration', () => {
    const m = model();
    expect(m.notAnalysed).toEqual([]);
    expect(m.methods.map((x) => [x.httpMethod, x.path, x.authorizationType, x.authorizer, x.scopes, x.logicalId, x.declaration])).toEqual([
      ['GET', '/items', 'COGNITO_USER_POOLS', 'cfn-body.yaml#Api/authorizer:cognito', ['read'], 'Api', 'Body.paths./items.get'],
      ['POST', '/items', 'COGNITO_USER_POOLS', 'cfn-body.yaml#Api/authorizer:cognito', ['com.example.api/write'], 'Api', 'Body.paths./items.post'],
      // No security on the operation: the top-level default applies.
      ['OPTIONS', '/items', 'COGNITO_USER_POOLS', 'cfn-body.yaml#Api/authorizer:cognito', ['com.example.api/read'], 'Api', 'Body.paths./items.options'],
      ['DELETE', '/items/{id}', 'COGNITO_USER_POOLS', 'cfn-body.yaml#Api/authorizer:cognito', ['com.example.api/delete'], 'Api', 'Body.paths./items/{id}.delete'],
      ['HEAD', '/items/{id}', 'COGNITO_USER_POOLS', 'cfn-body.yaml#Api/authorizer:cognito', ['com.example.api/read'], 'Api', 'Body.paths./items/{id}.head'],
      ['ANY', '/items/{proxy+}', 'COGNITO_USER_POOLS', 'cfn-body.yaml#Api/authorizer:cognito', ['com.example.api/write'], 'Api', 'Body.paths./items/{proxy+}.x-amazon-apigateway-any-method'],
      ['GET', '/health', 'NONE', undefined, undefined, 'Api', 'Body.paths./health.get'],
      ['GET', '/internal', 'CUSTOM', 'cfn-body.yaml#Api/authorizer:lambda', undefined, 'Api', 'Body.paths./internal.get'],
    ]);
    const options = m.methods.find((x) => x.httpMethod === 'OPTIONS')!;
    expect([options.corsHeaders, options.integrationType]).toEqual([true, 'MOCK']);
  });

  test('security schemes are authorizers: pools through the same resolution as ProviderARNs, identity source, TTL', () => {
    expect(model().authorizers.map((a) => [a.key, a.logicalId, a.declaration, a.type, a.providerPools, a.identitySource, a.ttlSeconds])).toEqual([
      ['cfn-body.yaml#Api/authorizer:cognito', 'Api', 'Body.components.securitySchemes.cognito', 'COGNITO_USER_POOLS', ['cfn-body.yaml#Pool'], 'method.request.header.Authorization', 300],
      ['cfn-body.yaml#Api/authorizer:lambda', 'Api', 'Body.components.securitySchemes.lambda', 'TOKEN', undefined, 'method.request.header.X-Key', undefined],
    ]);
  });

  test('gateway responses from x-amazon-apigateway-gateway-responses', () => {
    expect(model().gatewayResponses.map((g) => [g.responseType, g.statusCode, { ...(g.responseParameters as object) }, g.declaration])).toEqual([
      ['UNAUTHORIZED', '401', { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" }, 'Body.x-amazon-apigateway-gateway-responses.UNAUTHORIZED'],
    ]);
  });

  test('the rules report the mistakes at the operation that declares them, in the words of OpenAPI', () => {
    const findings = runRules(model()).filter((f) => f.severity !== 'info');
    expect(findings.map((f) => [f.ruleId, f.logicalId, f.declaration, f.message, f.fix])).toEqual([
      [
        'PreflightBehindAuthorizer',
        'Api',
        'Body.paths./items.options',
        "CORS preflight method OPTIONS /items (cfn-body.yaml/Api) requires an authorizer ('COGNITO_USER_POOLS') through its security: " +
          'browsers send the preflight without a token, so it gets 401 and the browser reports a CORS error.',
        'Give the options operation security: [] (no authorizer) in the OpenAPI definition.',
      ],
      [
        'ShortMethodScope',
        'Api',
        'Body.paths./items.get',
        "Method GET /items (cfn-body.yaml/Api) requires scope 'read', written short: no access token ever carries 'read', so every call gets 401. " +
          "Resource server cfn-body.yaml/ResourceServer defines it as 'com.example.api/read'.",
        "Use the full scope 'com.example.api/read' in the operation's security (scopes of its security requirement).",
      ],
      [
        'UndefinedMethodScope',
        'Api',
        'Body.paths./items/{id}.delete',
        "Method DELETE /items/{id} (cfn-body.yaml/Api) requires scope 'com.example.api/delete', which no resource server of the authorizer's user pools " +
          "(user pool cfn-body.yaml/Pool) defines: no token can carry it, so every call gets 401. Defined scopes: 'com.example.api/read', 'com.example.api/write'.",
        "Define 'com.example.api/delete' on a resource server of the authorizer's user pool, or require one of the defined scopes.",
      ],
      [
        'PublicMethodOnCognitoApi',
        'Api',
        'Body.paths./health.get',
        'Method GET /health (cfn-body.yaml/Api) is public (no security: security: [] or no default security) on REST API cfn-body.yaml/Api, ' +
          'which uses a Cognito authorizer: anyone can call it without a token.',
        expect.stringMatching(/^Attach the Cognito authorizer; /),
      ],
    ]);
  });
});

describe('other shapes and sources of the definition', () => {
  const swagger = {
    swagger: '2.0',
    info: { title: 't', version: '1' },
    securityDefinitions: {
      pool: {
        'type': 'apiKey',
        'name': 'X-Token',
        'in': 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': {
          type: 'cognito_user_pools',
          providerARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123'],
          identityValidationExpression: '^x$',
        },
      },
    },
    paths: { '/a': { get: { security: [{ pool: ['com.example/read'] }] }, post: {} } },
  };

  test('OpenAPI 2.0 as a JSON string in Body: securityDefinitions, header name, external pool, no security is NONE', () => {
    const m = buildModel([{ name: 'S', template: { Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: JSON.stringify(swagger) } } } } as any }]);
    expect(m.notAnalysed).toEqual([]);
    expect(m.authorizers.map((a) => [a.declaration, a.providerPools, a.identitySource, a.identityValidationExpression])).toEqual([
      ['Body.securityDefinitions.pool', ['external:eu-west-1_AbC123'], 'method.request.header.X-Token', '^x$'],
    ]);
    expect(m.methods.map((x) => [x.httpMethod, x.path, x.authorizationType, x.scopes])).toEqual([
      ['GET', '/a', 'COGNITO_USER_POOLS', ['com.example/read']],
      ['POST', '/a', 'NONE', undefined],
    ]);
    expect(runRules(m).filter((f) => f.ruleId === 'ValidationExpressionWithScopes').map((f) => [f.logicalId, f.declaration])).toEqual([['Api', 'Body.securityDefinitions.pool']]);
  });

  test('a security requirement naming a scheme the definition does not define: authorization unknown, never NONE', () => {
    const body = { ...swagger, paths: { '/a': { get: { security: [{ nosuch: ['x/y'] }] } } } };
    const m = buildModel([{ name: 'S', template: { Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: body } } } } as any }]);
    expect(String(m.methods[0].authorizationType)).toBe('<unresolved security scheme nosuch is not defined in the definition>');
    expect(runRules(m).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('a Body that is not valid JSON or YAML stays not analysed, with the reason', () => {
    const m = buildModel([{ name: 'S', template: { Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: '{ "paths": [' } } } } as any }]);
    expect(m.methods).toEqual([]);
    expect(m.notAnalysed.map((n) => [n.logicalId, n.kind, n.reason])).toEqual([
      ['Api', 'openapi', expect.stringMatching(/^its OpenAPI definition \(Body\) is not valid JSON or YAML \(S\/Api Body: not valid JSON/)],
    ]);
  });
});
