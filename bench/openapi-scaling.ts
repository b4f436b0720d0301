/**
 * Benchmark 2, OpenAPI variant: the model and the rules over REST APIs defined by OpenAPI bodies
 * (one `Body` per API of 200 operations, a mix of clean and faulty ones: short scopes, undefined scopes,
 * public operations, preflights behind the authorizer), at 1,000 and 10,000 operations, in one process.
 * Target: time(10,000) / time(1,000) ≤ 12.
 *
 *   npx ts-node --transpile-only bench/openapi-scaling.ts [runs]
 */
import { buildModel } from '../src/private/model/build';
import { RawTemplate } from '../src/private/model/resolve';
import { runRules } from '../src/private/rules/engine';

const OPS_PER_API = 200;

type Json = Record<string, any>;

/** One template: a pool, one resource server and client per API, and n operations over n / 200 APIs. */
export function openApiTemplate(n: number): RawTemplate {
  const r: Json = { Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} } };
  r.Domain = { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'bench-openapi' } };
  const apis = Math.max(1, Math.ceil(n / OPS_PER_API));
  let op = 0;
  for (let a = 0; a < apis; a++) {
    const id = `com.example.api${a}`;
    r[`Rs${a}`] = {
      Type: 'AWS::Cognito::UserPoolResourceServer',
      Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: id, Name: `api${a}`, Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }, { ScopeName: 'write', ScopeDescription: 'Write' }] },
    };
    r[`C${a}`] = {
      Type: 'AWS::Cognito::UserPoolClient',
      DependsOn: [`Rs${a}`],
      Properties: { UserPoolId: { Ref: 'Pool' }, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${id}/read`] },
    };
    const paths: Json = {};
    for (let i = 0; i < OPS_PER_API && op < n; i++, op++) {
      const p = `/r${Math.floor(i / 4)}`;
      const item = (paths[p] ??= {});
      const integration = { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/fn' } } };
      switch (i % 4) {
        case 0: item.get = { security: [{ cognito: [`${id}/read`] }], ...integration }; break;
        case 1: item.post = { security: [{ cognito: [op % 8 === 1 ? 'write' : `${id}/delete`] }], ...integration }; break;
        case 2: item.delete = { security: [], ...integration }; break;
        default: item.options = { 'x-amazon-apigateway-integration': { type: 'mock', responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } } } } }; break;
      }
    }
    r[`Api${a}`] = {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: `api${a}`,
        Body: {
          openapi: '3.0.1',
          info: { title: `api${a}`, version: '1' },
          security: [{ cognito: [`${id}/read`] }],
          components: {
            securitySchemes: {
              cognito: {
                'type': 'apiKey',
                'name': 'Authorization',
                'in': 'header',
                'x-amazon-apigateway-authtype': 'cognito_user_pools',
                'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] },
              },
            },
          },
          paths,
        },
      },
    };
  }
  return { Resources: r } as RawTemplate;
}

/** Median wall time (ms) of build + rules over a template (parsed once: the readers are measured, not JSON.parse). */
export function timeEngine(n: number, runs: number): { ms: number; methods: number; findings: number } {
  const template = JSON.parse(JSON.stringify(openApiTemplate(n)));
  const samples: number[] = [];
  let methods = 0;
  let findings = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    const model = buildModel([{ name: 'T', template, region: 'us-east-1' }]);
    const f = runRules(model);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i > 0) samples.push(ms); // the first run warms the JIT
    methods = model.methods.length;
    findings = f.length;
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], methods, findings };
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 5);
  const small = timeEngine(1000, runs);
  const large = timeEngine(10000, runs);
  const ratio = large.ms / small.ms;
  console.log(JSON.stringify({ 1000: small, 10000: large, ratio: Math.round(ratio * 100) / 100, target: 12, met: ratio <= 12 }, undefined, 2));
}
