/**
 * Property-based test over CognitoApiAuth's props (issue 3): every generated
 * configuration is either refused at synth with an error naming the offending
 * property, or synthesizes to a template that both the CloudFormation
 * validator bundled with aws-cdk-lib and our rule catalogue pass with zero
 * errors. An independent oracle (the facts of DESIGN.md §4, re-stated here
 * rather than imported) says which configurations must be refused, so a
 * construct that accepted everything would fail this test.
 *
 * FUZZ_RUNS sets the number of cases (CI: 200; `npm run fuzz`: 10,000).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import fc from 'fast-check';
import { CognitoApiAuth, HostedUiDomain } from '../../src';
import { buildModel } from '../../src/private/model/build';
import { runRules } from '../../src/private/rules/engine';
import { cfnValidationErrors } from '../support/cfn-validator';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
// A fresh seed per run unless FUZZ_SEED is given; it is printed on failure and recorded by `npm run fuzz`.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

interface Case {
  identifier: string;
  name?: string;
  scopes: Array<{ name: string; description: string }>;
  domain?: string;
  ttlSeconds?: number;
  user?: {
    callbackUrls: string[];
    logoutUrls?: string[];
    implicit: boolean;
    oidc: string[];
    scopeIdx: number[];
    accessMinutes?: number;
    idMinutes?: number;
    refreshMinutes?: number;
  };
  machine?: { scopeIdx: number[]; accessMinutes?: number };
  methods: Array<{ kind: 'scopes' | 'id' | 'public'; scopeIdx: number[] }>;
}

// ---- generators: realistic values mixed with hostile ones -------------------------------------
const ascii = (min: number, max: number) => fc.string({ unit: 'binary-ascii', minLength: min, maxLength: max });
// Mostly valid values (so whole configurations synthesize often), sometimes hostile ones.
const mostly = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const identifierArb = mostly(
  fc.oneof(fc.constantFrom('com.example.api', 'https://api.example.com', 'orders', 'urn:example:api', 'api.example.com/v1'), fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,20}$/)),
  fc.oneof(ascii(0, 12), fc.constantFrom('has space', 'quote"d', 'back\\slash', 'x'.repeat(257))),
);
const nameArb = fc.option(mostly(fc.constantFrom('Orders API', 'orders-api', 'api.example.com'), fc.oneof(fc.constantFrom('https://api.example.com', 'a/b'), ascii(0, 10))), { nil: undefined });
const scopeNameArb = mostly(
  fc.oneof(fc.constantFrom('read', 'write', 'items.read', 'admin:all', 'orders-write'), fc.stringMatching(/^[a-z][a-z0-9._:-]{0,8}$/)),
  fc.oneof(fc.constantFrom('a/b', 'with space', ''), ascii(1, 6)),
);
const scopesArb = mostly(
  fc.uniqueArray(fc.record({ name: scopeNameArb, description: mostly(fc.constantFrom('Read items', 'Write items', 'Admin'), fc.oneof(fc.constant(''), ascii(0, 8), fc.constant('d'.repeat(257)))) }), {
    minLength: 1,
    maxLength: 4,
    selector: (s) => s.name,
  }),
  fc.array(fc.record({ name: scopeNameArb, description: fc.constantFrom('x', '') }), { minLength: 0, maxLength: 3 }),
);
const urlArb = mostly(
  fc.constantFrom('https://app.example.com/callback', 'http://localhost:3000/callback', 'http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'exampleapp://auth/login'),
  fc.constantFrom(
    'http://app.example.com/callback',
    'https://app.example.com/cb#frag',
    '/relative/callback',
    'not a url',
    'https://' + 'a'.repeat(1020) + '.com',
  ),
);
const domainArb = fc.option(
  mostly(
    fc.oneof(fc.constantFrom('example-auth', 'my-app-123', 'ok'), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}[a-z0-9]$/)),
    fc.oneof(fc.constantFrom('My-App', 'aws-login', 'mycognito', 'amazon1', '-bad', 'a'.repeat(64)), fc.stringMatching(/^[a-z0-9-]{1,10}$/)),
  ),
  { freq: 6, nil: undefined },
);
const minutesArb = fc.option(
  mostly(fc.constantFrom(5, 60, 1440, 600), fc.oneof(fc.constantFrom(4, 1441, 59), fc.integer({ min: 1, max: 6_000_000 }))),
  { nil: undefined },
);

const caseArb: fc.Arbitrary<Case> = fc.record({
  identifier: identifierArb,
  name: nameArb,
  scopes: scopesArb,
  domain: domainArb,
  ttlSeconds: fc.option(mostly(fc.integer({ min: 0, max: 3600 }), fc.integer({ min: 3601, max: 5000 })), { nil: undefined }),
  user: fc.option(
    fc.record({
      callbackUrls: mostly(fc.array(urlArb, { minLength: 1, maxLength: 3 }), fc.constant([])),
      logoutUrls: fc.option(fc.array(urlArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      implicit: fc.boolean(),
      oidc: mostly(fc.subarray(['email', 'profile', 'phone']).map((s) => ['openid', ...s]), fc.subarray(['openid', 'email', 'profile', 'phone'])),
      scopeIdx: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
      accessMinutes: minutesArb,
      idMinutes: minutesArb,
      refreshMinutes: minutesArb,
    }),
    { nil: undefined },
  ),
  machine: fc.option(
    fc.record({ scopeIdx: mostly(fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), fc.constant([])), accessMinutes: minutesArb }),
    { freq: 3, nil: undefined },
  ),
  methods: fc.array(fc.record({ kind: fc.constantFrom('scopes' as const, 'id' as const, 'public' as const), scopeIdx: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }) }), { maxLength: 3 }),
});

// ---- the independent oracle: which property must be refused (DESIGN.md §4) ---------------------
const ID_RE = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
const NAME_RE = /^[\w\s+=,.@-]{1,256}$/;
const SCOPE_RE = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;
function urlOk(u: string): boolean {
  if (u.length < 1 || u.length > 1024 || u.includes('#')) return false;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(u);
  if (!m) return false;
  const scheme = m[1].toLowerCase();
  if (scheme === 'https') return m[2].length > 0;
  if (scheme === 'http') return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(m[2]);
  return true; // app schemes
}
const minutesOk = (m: number | undefined, lo: number, hi: number) => m === undefined || (m >= lo && m <= hi);

/** Property names (as they must appear in the error) of everything wrong with the case; empty when it must synthesize. */
function mustRefuse(c: Case): string[] {
  const bad: string[] = [];
  if (!ID_RE.test(c.identifier)) bad.push('resourceServerIdentifier');
  if (c.name !== undefined && !NAME_RE.test(c.name)) bad.push('resourceServerName');
  if (c.scopes.length === 0) bad.push('scopes');
  const names = c.scopes.map((s) => s.name);
  for (const s of c.scopes) {
    if (!SCOPE_RE.test(s.name)) bad.push('scopeName');
    if (s.description.length < 1 || s.description.length > 256) bad.push('scopeDescription');
  }
  if (new Set(names).size !== names.length) bad.push('scope');
  if (c.domain !== undefined && (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(c.domain) || /aws|amazon|cognito/.test(c.domain))) bad.push('domain');
  if (c.ttlSeconds !== undefined && c.ttlSeconds > 3600) bad.push('authorizerCacheTtl');
  const pick = (idx: number[]) => [...new Set(idx.filter((i) => i < c.scopes.length))];
  if (c.user) {
    if (c.user.callbackUrls.length === 0 || !c.user.callbackUrls.every(urlOk)) bad.push('callbackUrls');
    if (c.user.logoutUrls && !c.user.logoutUrls.every(urlOk)) bad.push('logoutUrls');
    const oidc = c.user.oidc;
    if (oidc.some((s) => s !== 'openid') && !oidc.includes('openid')) bad.push('oidcScopes');
    if (oidc.length === 0 && pick(c.user.scopeIdx).length === 0) bad.push('scope');
    if (!minutesOk(c.user.accessMinutes, 5, 1440)) bad.push('accessTokenValidity');
    if (!minutesOk(c.user.idMinutes, 5, 1440)) bad.push('idTokenValidity');
    if (!minutesOk(c.user.refreshMinutes, 60, 3650 * 1440)) bad.push('refreshTokenValidity');
    // Access and ID tokens cannot outlive the refresh token (default 30 days).
    const refresh = c.user.refreshMinutes ?? 30 * 1440;
    if ((c.user.accessMinutes ?? 60) > refresh) bad.push('accessTokenValidity');
    if ((c.user.idMinutes ?? 60) > refresh) bad.push('idTokenValidity');
  }
  if (c.machine) {
    if (pick(c.machine.scopeIdx).length === 0) bad.push('scopes');
    if (!minutesOk(c.machine.accessMinutes, 5, 1440)) bad.push('accessTokenValidity');
  }
  if (bad.length > 0) return bad;
  // Whole-API facts, checked at synth by the rule engine.
  const allowed = new Set<number>([...(c.user ? pick(c.user.scopeIdx) : []), ...(c.machine ? pick(c.machine.scopeIdx) : [])]);
  for (const m of c.methods) {
    if (m.kind !== 'scopes') continue;
    const req = pick(m.scopeIdx);
    if (req.length === 0) continue; // the test then uses requireIdToken (see build)
    if (c.domain === undefined) bad.push('domain');
    if (!req.some((i) => allowed.has(i))) bad.push(`${c.identifier}/${c.scopes[req[0]].name}`);
  }
  return bad;
}

function build(c: Case): Stack {
  const app = new App();
  const stack = new Stack(app, 'Fuzz', { env: { region: 'eu-west-1' } });
  const scopes = c.scopes.map((s) => new cognito.ResourceServerScope({ scopeName: s.name, scopeDescription: s.description }));
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: c.identifier,
    resourceServerName: c.name,
    scopes,
    domain: c.domain !== undefined ? HostedUiDomain.cognitoPrefix(c.domain) : undefined,
    authorizerCacheTtl: c.ttlSeconds !== undefined ? Duration.seconds(c.ttlSeconds) : undefined,
  });
  const pick = (idx: number[]) => [...new Set(idx.filter((i) => i < scopes.length))].map((i) => scopes[i]);
  const minutes = (m?: number) => (m === undefined ? undefined : Duration.minutes(m));
  if (c.user) {
    auth.addUserClient('User', {
      callbackUrls: c.user.callbackUrls,
      logoutUrls: c.user.logoutUrls,
      implicitGrant: c.user.implicit,
      oidcScopes: c.user.oidc.map((s) => cognito.OAuthScope.custom(s)),
      scopes: pick(c.user.scopeIdx),
      accessTokenValidity: minutes(c.user.accessMinutes),
      idTokenValidity: minutes(c.user.idMinutes),
      refreshTokenValidity: minutes(c.user.refreshMinutes),
    });
  }
  if (c.machine) auth.addMachineClient('Machine', { scopes: pick(c.machine.scopeIdx), accessTokenValidity: minutes(c.machine.accessMinutes) });
  if (c.methods.length > 0) {
    const api = new apigateway.RestApi(stack, 'Api', { deploy: true });
    c.methods.forEach((m, i) => {
      const req = pick(m.scopeIdx);
      const options = m.kind === 'public' ? auth.allowPublic() : m.kind === 'scopes' && req.length > 0 ? auth.requireScopes(...req) : auth.requireIdToken();
      api.root.addResource(`r${i}`).addMethod('GET', new apigateway.MockIntegration(), options);
    });
  }
  return stack;
}

const stats = { cases: 0, refused: 0, synthesized: 0 };

describe('CognitoApiAuth props (property-based)', () => {
  afterAll(() => {
    if (process.env.FUZZ_REPORT) {
      fs.mkdirSync(path.dirname(process.env.FUZZ_REPORT), { recursive: true });
      const report = { ...stats, runs: RUNS, seed: SEED, date: new Date().toISOString() };
      fs.writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(report, undefined, 2));
    }
  });

  test(`every configuration is refused naming the property, or passes both validators (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        stats.cases++;
        const expected = mustRefuse(c);
        let template: any;
        let error: Error | undefined;
        try {
          const stack = build(c);
          template = stack.node.root instanceof App ? (stack.node.root as App).synth().getStackByName(stack.stackName).template : undefined;
        } catch (e) {
          error = e as Error;
        }
        if (expected.length > 0) {
          if (!error) throw new Error(`expected a refusal naming one of ${JSON.stringify(expected)}, but it synthesized`);
          if (!expected.some((p) => error!.message.includes(p))) {
            throw new Error(`refused, but the error names none of ${JSON.stringify(expected)}: ${error.message}`);
          }
          stats.refused++;
          return;
        }
        if (error) throw new Error(`a valid configuration was refused: ${error.message}`);
        const cfnErrors = cfnValidationErrors(template, 'eu-west-1');
        if (cfnErrors.length > 0) throw new Error(`CloudFormation validator errors: ${JSON.stringify(cfnErrors)}`);
        const ruleErrors = runRules(buildModel([{ name: 'Fuzz', template, region: 'eu-west-1' }])).filter((f) => f.severity === 'error');
        if (ruleErrors.length > 0) throw new Error(`rule errors: ${JSON.stringify(ruleErrors)}`);
        stats.synthesized++;
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
    // Both outcomes must actually be exercised, or the generators are broken.
    expect(stats.refused).toBeGreaterThan(0);
    expect(stats.synthesized).toBeGreaterThan(0);
  });
});
