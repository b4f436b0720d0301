/**
 * Benchmark 2, OpenAPI variant: the model and the rules over REST APIs defined by OpenAPI bodies
 * (one `Body` per API of 200 operations, a mix of clean and faulty ones: short scopes, undefined scopes,
 * public operations, preflights behind the authorizer), at 100, 1,000, 10,000 and 20,000 operations,
 * a fresh process per size (bench/workers/openapi-worker.ts), `buildModel` and `runRules` timed
 * (the template is parsed once, outside the timing).
 * Target: time(10,000) / time(1,000) ≤ 12.
 *
 *   npx tsx bench/run.ts --only openapi      # as part of the benchmarks (results.json, BENCHMARKS.md)
 *   npx tsx bench/openapi-scaling.ts [runs]  # alone: prints the result as JSON, writes nothing
 */
import * as path from 'path';
import { BENCH_DIR, runWorker } from './lib/child';
import { round, roundAll, summarize, Summary } from './lib/stats';
import type { RawTemplate } from '../src/private/model/resolve';

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

export interface OpenApiScalingOptions {
  /** Operations per template. */
  readonly sizes: number[];
  readonly runs: number;
  readonly warmup: number;
}

export const OPENAPI_DEFAULTS: OpenApiScalingOptions = { sizes: [100, 1000, 10000, 20000], runs: 15, warmup: 5 };
export const OPENAPI_TARGET = 12;

type S = Summary & { samples: number[] };
const withSamples = (xs: number[]): S => ({ ...summarize(xs), samples: roundAll(xs) });

export interface OpenApiSizeResult {
  readonly operations: number;
  /** Operations in the model (methods read from the bodies), findings, and what was not read (NotAnalysed). */
  readonly methods: number;
  readonly findings: number;
  readonly notAnalysed: number;
  readonly buildMs: S;
  readonly rulesMs: S;
  /** buildModel + runRules. */
  readonly totalMs: S;
}

export interface OpenApiScalingResult {
  readonly options: OpenApiScalingOptions;
  readonly sizes: OpenApiSizeResult[];
  /** time(to) / time(from) of buildModel + runRules, for consecutive sizes. */
  readonly ratios: Array<{ from: number; to: number; sizeRatio: number; total: number; build: number; rules: number }>;
  readonly target: { measure: string; limit: number; value: number | undefined; met: boolean | undefined };
}

interface WorkerAnswer {
  operations: number;
  methods: number;
  notAnalysed: number;
  findings: number;
  samples: Record<'buildMs' | 'rulesMs' | 'totalMs', number[]>;
}

export function openapiScaling(options: OpenApiScalingOptions, log: (s: string) => void = console.log): OpenApiScalingResult {
  const worker = path.join(BENCH_DIR, 'workers', 'openapi-worker.ts');
  log(`  openapi: ${options.sizes.join(', ')} operations in OpenAPI bodies, ${options.runs} runs + ${options.warmup} warm-up, a fresh process per size`);
  const sizes: OpenApiSizeResult[] = options.sizes.map((operations) => {
    const w = runWorker<WorkerAnswer>(worker, { operations, runs: options.runs, warmup: options.warmup }).result;
    const s: OpenApiSizeResult = {
      operations,
      methods: w.methods,
      findings: w.findings,
      notAnalysed: w.notAnalysed,
      buildMs: withSamples(w.samples.buildMs),
      rulesMs: withSamples(w.samples.rulesMs),
      totalMs: withSamples(w.samples.totalMs),
    };
    log(`    ${operations} operations: ${s.methods} in the model (${s.notAnalysed} NotAnalysed), ${s.findings} findings, buildModel ${s.buildMs.median.toFixed(1)} ms + runRules ${s.rulesMs.median.toFixed(1)} ms = ${s.totalMs.median.toFixed(1)} ms`);
    return s;
  });
  const ratios = sizes.slice(1).map((b, i) => {
    const a = sizes[i];
    return {
      from: a.operations,
      to: b.operations,
      sizeRatio: round(b.operations / a.operations),
      total: round(b.totalMs.median / a.totalMs.median),
      build: round(b.buildMs.median / a.buildMs.median),
      rules: round(b.rulesMs.median / a.rulesMs.median),
    };
  });
  const key = ratios.find((r) => r.from === 1000 && r.to === 10000);
  if (key) log(`    time(10,000) / time(1,000) = ${key.total.toFixed(2)} (target ≤ ${OPENAPI_TARGET})`);
  return {
    options,
    sizes,
    ratios,
    target: {
      measure: 'median buildModel + runRules time, 10,000 operations / 1,000 operations',
      limit: OPENAPI_TARGET,
      value: key?.total,
      met: key ? key.total <= OPENAPI_TARGET : undefined,
    },
  };
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? OPENAPI_DEFAULTS.runs);
  const r = openapiScaling({ ...OPENAPI_DEFAULTS, runs }, (s) => process.stderr.write(s + '\n'));
  process.stdout.write(JSON.stringify(r, undefined, 2) + '\n');
}
