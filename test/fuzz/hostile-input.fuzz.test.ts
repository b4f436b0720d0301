/**
 * Property-based test of hostile input (issue 10, DESIGN.md §6): a realistic Cognito + API Gateway
 * template is mutated (wrong types, null, deep nesting, odd intrinsics, references to nothing,
 * prototype keys, huge and control-character strings, DependsOn cycles, YAML, a BOM), written to a
 * file and given to `check`, `matrix` and `explain` through the in-process CLI. Every case must end
 * with exit 0, 1 or 2; JSON on stdout for 0 and 1; one `cognito-scopes <command>: ` line on stderr
 * for 2; never an internal error; and in bounded time.
 *
 * A second property writes cloud assemblies whose manifests and nested stacks name files outside the
 * assembly (absolute, `..`, symlinks), directories, devices and themselves: nothing outside may be read.
 *
 * FUZZ_RUNS sets the number of template cases (CI: 300; `npm run fuzz`: 10,000; assemblies: a fifth of it); FUZZ_SEED the seed;
 * FUZZ_HOSTILE_REPORT a file where the result is written (for scripts/record-fuzz.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { capture } from '../cli-helpers';
import { baseline, preflight, publicMethod } from '../rules/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
// A fresh seed per run unless FUZZ_SEED is given; it is printed on failure and recorded by `npm run fuzz`.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
/** Longest time one case (three commands) may take. */
const MAX_CASE_MS = 5000;

/** The template mutated: the rule fixtures' correct baseline, with a public path, a preflight, an output, a parameter. */
function realistic(): any {
  // A deep copy: the fixtures share some objects between calls (the pool ARN, the root resource id), and cases change them.
  const t: any = structuredClone(baseline());
  t.Resources.Health = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'health' } };
  t.Resources.GetHealth = publicMethod('GET', 'Health');
  t.Resources.OptionsItems = preflight('Items');
  t.Parameters = { Stage: { Type: 'String', Default: 'prod' } };
  t.Outputs = { PoolArn: { Value: { 'Fn::GetAtt': ['Pool', 'Arn'] }, Export: { Name: 'pool-arn' } } };
  t.Conditions = { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } };
  return t;
}
const IDS = Object.keys(realistic().Resources);
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

// ---- generators ---------------------------------------------------------------------------------
const nameArb = fc.oneof(fc.constantFrom(...IDS, ...PROTO_KEYS, 'Nope', 'AWS::Region', 'AWS::NoValue', 'AWS::AccountId', 'Stage', ''), fc.string({ maxLength: 8 }));
const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('\u001b[31mred\u001b[0m', 'line\nfake: line', '\u202eevil', 'com.example.api/read', 'https://api.example.com', '*', '${', '${!Literal}', '$'),
  fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const scalarArb = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  oddString,
  fc.constant([]),
  fc.constant({}),
);
const intrinsicArb: fc.Arbitrary<unknown> = fc.oneof(
  nameArb.map((n) => ({ Ref: n })),
  fc.tuple(nameArb, fc.constantFrom('Arn', 'RootResourceId', 'ProviderURL', 'Outputs.X', '')).map(([a, b]) => ({ 'Fn::GetAtt': [a, b] })),
  fc.tuple(nameArb, nameArb).map(([a, b]) => ({ 'Fn::GetAtt': `${a}.${b}` })),
  fc.tuple(fc.constantFrom('IsProd', 'Nope', '__proto__'), scalarArb, scalarArb).map(([c, a, b]) => ({ 'Fn::If': [c, a, b] })),
  fc.tuple(fc.array(fc.oneof(nameArb.map((n) => `\${${n}}`), oddString), { maxLength: 4 }), fc.dictionary(fc.oneof(nameArb, fc.constantFrom(...PROTO_KEYS)), fc.oneof(scalarArb, nameArb.map((n) => ({ Ref: n }))), { maxKeys: 3 }))
    .map(([parts, vars]) => ({ 'Fn::Sub': [parts.join(''), vars] })),
  fc.array(fc.oneof(nameArb.map((n) => `\${${n}}`), oddString), { maxLength: 4 }).map((parts) => ({ 'Fn::Sub': parts.join('') })),
  oddString.map((n) => ({ 'Fn::ImportValue': n })),
  fc.constant({ 'Fn::ImportValue': 'pool-arn' }),
  fc.tuple(scalarArb, fc.array(fc.oneof(scalarArb, nameArb.map((n) => ({ Ref: n }))), { maxLength: 4 })).map(([s, l]) => ({ 'Fn::Join': [s, l] })),
  fc.tuple(fc.oneof(fc.integer({ min: -2, max: 5 }), scalarArb), fc.array(scalarArb, { maxLength: 3 })).map(([i, l]) => ({ 'Fn::Select': [i, l] })),
  fc.tuple(scalarArb, scalarArb).map(([a, b]) => ({ 'Fn::Split': [a, b] })),
  fc.array(fc.oneof(nameArb, scalarArb), { maxLength: 4 }).map((l) => ({ 'Fn::FindInMap': l })),
  fc.constantFrom('Fn::Base64', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Transform', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Nope').map((k) => ({ [k]: 'x' })),
);
/** A value nested `depth` levels (arrays and objects alternating), around a leaf. */
function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: scalarArb },
  { weight: 4, arbitrary: intrinsicArb },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 600 }), fc.oneof(scalarArb, intrinsicArb)).map(([d, leaf]) => nested(d, leaf)) },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalarArb, intrinsicArb), { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTO_KEYS)),
      fc.oneof(scalarArb, intrinsicArb),
      { maxKeys: 4 },
    ),
  },
);

type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'protoKey'; at: number; key: string; value: unknown }
  | { kind: 'resource'; id: string; type: string; props: Record<string, unknown> }
  | { kind: 'dependsOn'; from: number; to: string[] };
const TYPES = [
  'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolResourceServer', 'AWS::Cognito::UserPoolDomain',
  'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse', 'AWS::CloudFormation::Stack', 'AWS::Serverless::Api', 'Custom::Thing',
];
const PROPS = ['UserPoolId', 'RestApiId', 'ResourceId', 'ParentId', 'PathPart', 'HttpMethod', 'AuthorizationType', 'AuthorizerId', 'AuthorizationScopes',
  'ProviderARNs', 'Scopes', 'Identifier', 'AllowedOAuthScopes', 'AllowedOAuthFlows', 'CallbackURLs', 'Domain', 'Type', 'ResponseParameters', 'TemplateURL', 'Body'];
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('protoKey' as const), at: fc.nat(), key: fc.constantFrom(...PROTO_KEYS), value: valueArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('resource' as const),
      id: fc.oneof(fc.constantFrom(...PROTO_KEYS, ...IDS), fc.string({ minLength: 1, maxLength: 8 })),
      type: fc.constantFrom(...TYPES),
      props: fc.dictionary(fc.constantFrom(...PROPS), valueArb, { maxKeys: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dependsOn' as const), from: fc.nat(), to: fc.array(fc.oneof(nameArb, fc.constantFrom(...IDS)), { maxLength: 3 }) }) },
);

/** Every place a value sits in the template, as [parent, key]. */
function slots(t: unknown): Array<[any, string | number]> {
  const out: Array<[any, string | number]> = [];
  const todo: unknown[] = [t];
  while (todo.length > 0 && out.length < 5000) {
    const v = todo.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      out.push([v, k]);
      todo.push((v as any)[k]);
    }
  }
  return out;
}

function mutate(t: any, m: Mutation): void {
  const all = slots(t);
  switch (m.kind) {
    case 'set': {
      const [parent, key] = all[m.at % all.length];
      parent[key] = m.value;
      break;
    }
    case 'delete': {
      const [parent, key] = all[m.at % all.length];
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    }
    case 'protoKey': {
      const objects = all.map(([p, k]) => p[k]).filter((v) => v && typeof v === 'object' && !Array.isArray(v));
      const target = objects.length > 0 ? objects[m.at % objects.length] : t;
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      break;
    }
    case 'resource':
      if (t && typeof t.Resources === 'object' && t.Resources) {
        const resource = { Type: m.type, Properties: m.props };
        Object.defineProperty(t.Resources, m.id, { value: resource, enumerable: true, writable: true, configurable: true });
      }
      break;
    case 'dependsOn': {
      const ids = t && t.Resources && typeof t.Resources === 'object' ? Object.keys(t.Resources) : [];
      const res = ids.length > 0 ? t.Resources[ids[m.from % ids.length]] : undefined;
      if (res && typeof res === 'object') res.DependsOn = m.to.length === 1 ? m.to[0] : m.to;
      break;
    }
  }
}

interface Case {
  mutations: Mutation[];
  format: 'json' | 'yaml' | 'json-bom' | 'flow-yaml';
  request: { method: string; path: string };
  token?: { header: Record<string, unknown>; payload: Record<string, unknown>; poolId: boolean };
}
const claimArb = fc.oneof(scalarArb, fc.constantFrom('access', 'id', 'com.example.api/read', 'openid com.example.api/write', 'Pool', 'Web'));
/** An unsigned JWT (explain has no JWKS: the signature is unknown, every other check is made) with odd claims. */
const tokenArb = fc.record({
  header: fc.record({ alg: fc.oneof(fc.constantFrom('RS256', 'none', 'HS256'), claimArb), kid: claimArb }),
  payload: fc.record(
    {
      'token_use': claimArb,
      'scope': claimArb,
      'client_id': claimArb,
      'aud': claimArb,
      'iss': fc.oneof(claimArb, fc.constant('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123')),
      // Any number, beyond the range of Date (±8.64e12 s) too, and Infinity (1e400 in JSON).
      'exp': fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(8640000000000.001, 1e13, -1e13, Number.MAX_VALUE, null, 'x', true, [], {})),
      // Computed: a literal `__proto__:` key would set the prototype of this object instead.
      ['__proto__']: claimArb,
      'constructor': claimArb,
      'cognito:groups': fc.oneof(claimArb, fc.array(claimArb, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
  poolId: fc.boolean(),
});
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

const caseArb: fc.Arbitrary<Case> = fc.record({
  token: fc.option(tokenArb, { nil: undefined }),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
  format: fc.constantFrom('json', 'json', 'json', 'yaml', 'json-bom', 'flow-yaml'),
  request: fc.record({
    method: fc.constantFrom('GET', 'POST', 'OPTIONS', 'DELETE'),
    path: fc.oneof(fc.constantFrom('/items', '/health', '/', '/nope', '/items/x'), fc.string({ maxLength: 10 }).map((s) => `/${s}`)),
  }),
});

function render(t: unknown, format: Case['format']): string {
  switch (format) {
    case 'json':
      return JSON.stringify(t);
    case 'json-bom':
      return '\ufeff' + JSON.stringify(t, undefined, 2);
    case 'yaml':
      return stringify(t, { aliasDuplicateObjects: false, lineWidth: 0 });
    case 'flow-yaml':
      // JSON is flow-style YAML; unquoting the keys makes it YAML only.
      return JSON.stringify(t).replace(/"([A-Za-z][A-Za-z0-9]*)":/g, '$1: ');
  }
}

const stats = {
  cases: 0,
  assemblyCases: 0,
  internalErrors: 0,
  exit: { 0: 0, 1: 0, 2: 0 } as Record<number, number>,
  maxCaseMs: 0,
  commands: 0,
};

/** The built-in prototypes a template could pollute, with their own property names before any case ran. */
const PROTOTYPES: Array<[string, object, string[]]> = [
  ['Object.prototype', Object.prototype, []],
  ['Array.prototype', Array.prototype, []],
  ['String.prototype', String.prototype, []],
  ['Function.prototype', Function.prototype, []],
].map(([n, p]) => [n as string, p as object, Reflect.ownKeys(p as object).map(String)]);

/** Throws naming any property added to a built-in prototype. */
function checkNoPollution(after: string): void {
  for (const [name, proto, keys] of PROTOTYPES) {
    const added = Reflect.ownKeys(proto).map(String).filter((k) => !keys.includes(k));
    if (added.length > 0) throw new Error(`${after} added ${added.join(', ')} to ${name}`);
  }
}

/** Run the commands in process; throw on anything but exit 0/1 with JSON or exit 2 with one line. Returns the time taken. */
async function runAll(commands: string[][], forbidden: string[] = []): Promise<number> {
  const t0 = performance.now();
  for (const argv of commands) {
    const io = capture();
    const code = await main(argv, io);
    stats.commands++;
    stats.exit[code] = (stats.exit[code] ?? 0) + 1;
    if (io.stderr.includes('internal error')) {
      stats.internalErrors++;
      throw new Error(`${argv[0]}: ${io.stderr}`);
    }
    if (![0, 1, 2].includes(code)) throw new Error(`${argv[0]}: exit ${code}`);
    checkNoPollution(argv[0]);
    for (const f of forbidden) if ((io.stdout + io.stderr).includes(f)) throw new Error(`${argv[0]}: the output shows '${f}', from a file outside the assembly`);
    if (code === 2) {
      if (io.stdout !== '') throw new Error(`${argv[0]}: exit 2 with output ${io.stdout.slice(0, 200)}`);
      if (!new RegExp(`^cognito-scopes ${argv[0]}: [^\\n]+\\n$`).test(io.stderr)) throw new Error(`${argv[0]}: exit 2, stderr not one line: ${JSON.stringify(io.stderr.slice(0, 500))}`);
    } else {
      const json = JSON.parse(io.stdout);
      const key = { check: 'findings', matrix: 'methods', explain: 'checks' }[argv[0]]!;
      if (!Array.isArray(json[key])) throw new Error(`${argv[0]}: exit ${code}, JSON without ${key}: ${io.stdout.slice(0, 200)}`);
    }
  }
  const ms = performance.now() - t0;
  stats.maxCaseMs = Math.max(stats.maxCaseMs, ms);
  if (ms > MAX_CASE_MS) throw new Error(`the case took ${Math.round(ms)} ms (limit ${MAX_CASE_MS} ms)`);
  return ms;
}

// ---- cloud assemblies: manifests and nested stacks naming files inside, outside, linked, missing, or themselves ----
const HASH = 'ab'.repeat(32);
const fileNameArb = fc.oneof(
  fc.constantFrom('S.template.json', 'S.template.json', 'nested/../S.template.json', 'missing.json', 'sub', 'manifest.json', '', '.', 'link.json'),
  fc.constantFrom('../outside/Secret.template.json', 'OUTSIDE_ABSOLUTE', '/etc/passwd', '/dev/zero', 'sub/../../outside/Secret.template.json'),
  fc.constantFrom(123, null, [], {}) as fc.Arbitrary<unknown>,
);
const dirNameArb = fc.oneof(fc.constantFrom('sub', '.', '..', 'sub/..', '../outside', '/tmp', 'missing', 'S.template.json'), fc.constantFrom(7, null) as fc.Arbitrary<unknown>);
const artifactArb = fc.oneof(
  fc.record({ type: fc.constant('aws:cloudformation:stack'), properties: fc.record({ templateFile: fileNameArb }), displayName: fc.option(oddString, { nil: undefined }) }),
  fc.record({ type: fc.constant('cdk:cloud-assembly'), properties: fc.record({ directoryName: dirNameArb }) }),
  fc.record({ type: fc.oneof(fc.string({ maxLength: 5 }), fc.constant(null) as fc.Arbitrary<unknown>), properties: valueArb }),
);
const assemblyArb = fc.record({
  artifacts: fc.dictionary(fc.oneof(fc.constantFrom('S', 'Other', ...PROTO_KEYS), fc.string({ minLength: 1, maxLength: 6 })), artifactArb, { minKeys: 1, maxKeys: 4 }),
  nested: fc.option(fc.record({ via: fc.constantFrom('metadata', 'assets'), path: fileNameArb }), { nil: undefined }),
  sub: fc.constantFrom('none', 'back', 'stack', 'self'),
});
type Assembly = typeof assemblyArb extends fc.Arbitrary<infer T> ? T : never;

/** A cloud assembly on disk; a file outside it holds a template whose names must never be shown. */
function writeAssembly(root: string, outside: string, a: Assembly): string {
  const dir = path.join(root, 'cdk.out');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'nested'), { recursive: true });
  const fix = (v: unknown) => (v === 'OUTSIDE_ABSOLUTE' ? outside : v);
  const artifacts = structuredClone(a.artifacts) as Record<string, any>;
  for (const art of Object.values(artifacts)) {
    if (art?.properties && typeof art.properties === 'object' && 'templateFile' in art.properties) art.properties.templateFile = fix(art.properties.templateFile);
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
  const t = realistic();
  if (a.nested) {
    const p = fix(a.nested.path);
    t.Resources.Nested = a.nested.via === 'metadata'
      ? { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': p }, Properties: { TemplateURL: 'x' } }
      : { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Join': ['', ['https://s3/', `${HASH}.json`]] } } };
    if (a.nested.via === 'assets') fs.writeFileSync(path.join(dir, 'S.assets.json'), JSON.stringify({ files: { [HASH]: { source: { path: p } } } }));
  }
  fs.writeFileSync(path.join(dir, 'S.template.json'), JSON.stringify(t));
  fs.symlinkSync(outside, path.join(dir, 'link.json'));
  const subArtifacts = {
    none: undefined,
    back: { Up: { type: 'cdk:cloud-assembly', properties: { directoryName: '..' } } },
    stack: { Inner: { type: 'aws:cloudformation:stack', properties: { templateFile: '../S.template.json' } } },
    self: { Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } },
  }[a.sub];
  if (subArtifacts) fs.writeFileSync(path.join(dir, 'sub', 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: subArtifacts }));
  return dir;
}

describe('hostile templates (property-based)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-fuzz-'));
    process.env.COGNITO_SCOPES_DEBUG = '1'; // an internal error, should one happen, comes with its stack trace
  });
  afterAll(() => {
    delete process.env.COGNITO_SCOPES_DEBUG;
    fs.rmSync(dir, { recursive: true, force: true });
    if (process.env.FUZZ_HOSTILE_REPORT) {
      fs.mkdirSync(path.dirname(process.env.FUZZ_HOSTILE_REPORT), { recursive: true });
      const report = { ...stats, runs: RUNS, seed: SEED, date: new Date().toISOString() };
      fs.writeFileSync(process.env.FUZZ_HOSTILE_REPORT, JSON.stringify(report, undefined, 2));
    }
  });

  test(`check, matrix and explain end with exit 0, 1 or 2, well-formed output, no internal error, in bounded time (${RUNS} cases)`, async () => {
    const before = { ...stats.exit };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const t = realistic();
        // Copies: generated values are shared between cases (and replayed when shrinking), the mutations change them.
        for (const m of c.mutations) mutate(t, structuredClone(m));
        const file = path.join(dir, `case.${c.format.includes('yaml') ? 'yaml' : 'json'}`);
        fs.writeFileSync(file, render(t, c.format));
        await runAll([
          ['check', file, '--format', 'json'],
          ['matrix', file, '--format', 'json'],
          [
            'explain', '--template', file, '--method', c.request.method, '--path', c.request.path, '--format', 'json',
            ...(c.token ? ['--token', `${b64(c.token.header)}.${b64(c.token.payload)}.c2ln`] : []),
            ...(c.token?.poolId ? ['--pool-id', 'Pool=us-east-1_AbC123'] : []),
          ],
        ]);
        stats.cases++;
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    // The generators must reach both outcomes: templates read (exit 0 or 1) and templates refused (exit 2).
    expect(stats.exit[0] + stats.exit[1] - before[0] - before[1]).toBeGreaterThan(0);
    expect(stats.exit[2] - before[2]).toBeGreaterThan(0);
    expect(({} as any).Type).toBeUndefined();
    // eslint-disable-next-line no-console
    console.log(`hostile fuzz: ${stats.cases} cases, seed ${SEED}, exits ${JSON.stringify(stats.exit)}, max ${Math.round(stats.maxCaseMs)} ms per case`);
  }, RUNS * MAX_CASE_MS + 60_000);

  const ASSEMBLY_RUNS = Math.max(1, Math.round(RUNS / 5));
  test(`cloud assemblies naming files outside, links, directories, cycles: nothing outside is read (${ASSEMBLY_RUNS} cases)`, async () => {
    const outsideDir = path.join(dir, 'outside');
    fs.mkdirSync(outsideDir, { recursive: true });
    const outside = path.join(outsideDir, 'Secret.template.json');
    const secret = realistic();
    secret.Resources.SentinelOutside = { Type: 'AWS::Cognito::UserPool', Properties: {} };
    secret.Resources.GetItems.Properties.AuthorizationScopes = ['sentinel.outside/read'];
    fs.writeFileSync(outside, JSON.stringify(secret));
    const before = { ...stats.exit };
    await fc.assert(
      fc.asyncProperty(assemblyArb, async (a) => {
        const cdkOut = writeAssembly(path.join(dir, 'assembly'), outside, a);
        await runAll(
          [
            ['check', cdkOut, '--format', 'json'],
            ['matrix', cdkOut, '--format', 'json'],
            ['explain', '--template', cdkOut, '--method', 'GET', '--path', '/items', '--format', 'json'],
          ],
          ['SentinelOutside', 'sentinel.outside', 'root:x:0'],
        );
        stats.assemblyCases++;
      }),
      { numRuns: ASSEMBLY_RUNS, seed: SEED, verbose: 1 },
    );
    expect(stats.exit[0] + stats.exit[1] - before[0] - before[1]).toBeGreaterThan(0);
    expect(stats.exit[2] - before[2]).toBeGreaterThan(0);
  }, ASSEMBLY_RUNS * MAX_CASE_MS + 60_000);
});
