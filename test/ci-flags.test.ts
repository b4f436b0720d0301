import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { capture } from './cli-helpers';
import { baselineFingerprints, parseCheckArgs } from '../src/cli/check';
import { toJson } from '../src/cli/formats/json';
import { FailOn, classify, exitCode } from '../src/cli/formats/report';
import { toSarif } from '../src/cli/formats/sarif';
import { main } from '../src/cli/main';
import { Finding, Severity } from '../src/private/model/types';
import { CATALOGUE } from '../src/private/rules/catalogue';

const TEMPLATE = 'test/golden/ci/template.yaml';

async function check(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(['check', ...args], c);
  return { code, out: c.stdout, err: c.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-flags-'));

describe('--fail-on', () => {
  test('error (default): 1 with a new error; never: 0; warning: 1 with only warnings left', async () => {
    expect((await check(TEMPLATE)).code).toBe(1);
    expect((await check(TEMPLATE, '--fail-on', 'error')).code).toBe(1);
    expect((await check(TEMPLATE, '--fail-on', 'never')).code).toBe(0);
    // Only the ShortMethodScope errors fail by default: skipped, what is left are acknowledged errors and warnings.
    expect((await check(TEMPLATE, '--skip-rules', 'ShortMethodScope')).code).toBe(0);
    expect((await check(TEMPLATE, '--skip-rules', 'ShortMethodScope', '--fail-on', 'warning')).code).toBe(1);
    // Acknowledged errors never fail, whatever the threshold: only acknowledged findings (and their notes) left.
    expect((await check(TEMPLATE, '--rules', 'PreflightBehindAuthorizer,NoDomainForCustomScopes', '--fail-on', 'warning')).code).toBe(0);
  });

  test('a bad value is refused with exit 2', async () => {
    const r = await check(TEMPLATE, '--fail-on', 'info');
    expect(r.code).toBe(2);
    expect(r.err).toBe("cognito-scopes check: --fail-on must be one of error, warning, never: got 'info'\n");
  });
});

describe('--rules / --skip-rules', () => {
  test('--rules runs only the rules named (comma-separated, repeatable)', async () => {
    const json = JSON.parse((await check(TEMPLATE, '--format', 'json', '--rules', 'ShortMethodScope', '--rules=CorsWithoutUnauthorizedHeaders')).out);
    expect([...new Set(json.findings.map((f: any) => f.ruleId))].sort()).toEqual(['CorsWithoutUnauthorizedHeaders', 'ShortMethodScope']);
  });

  test('--skip-rules drops the rules named', async () => {
    const all = JSON.parse((await check(TEMPLATE, '--format', 'json')).out).findings.map((f: any) => f.ruleId);
    const json = JSON.parse((await check(TEMPLATE, '--format', 'json', '--skip-rules', 'ShortMethodScope,UncallableMethod')).out);
    const ids = json.findings.map((f: any) => f.ruleId);
    expect(ids).toEqual(all.filter((id: string) => id !== 'ShortMethodScope' && id !== 'UncallableMethod'));
    expect(ids.length).toBeGreaterThan(0);
  });

  test.each(['rules', 'skip-rules'])('--%s with unknown ids: exit 2, naming them and listing the valid ones', async (flag) => {
    const r = await check(TEMPLATE, `--${flag}`, 'ShortMethodScope,NoSuchRule,Other');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`cognito-scopes check: --${flag} names unknown rule(s): 'NoSuchRule', 'Other'. Valid ids: ${CATALOGUE.map((x) => x.id).join(', ')}\n`);
  });

  test('parseCheckArgs: defaults and the rule set', () => {
    expect(parseCheckArgs(['t.json'])).toEqual({ paths: ['t.json'], format: 'text', failOn: 'error', rules: CATALOGUE.map((r) => r.id), baseline: undefined });
    expect(parseCheckArgs(['--rules', 'ShortMethodScope,NotAnalysed', '--skip-rules', 'NotAnalysed', 'a', 'b', '--format', 'sarif']).rules).toEqual(['ShortMethodScope']);
    expect(() => parseCheckArgs(['--format', 'xml', 't.json'])).toThrow("--format must be one of text, json, sarif, junit, github: got 'xml'");
    expect(() => parseCheckArgs(['--rules', 'A,,B', 't.json'])).toThrow(/empty one/);
    expect(() => parseCheckArgs(['--format', 'json'])).toThrow(/no template given/);
  });
});

describe('--baseline', () => {
  test.each(['json', 'sarif'])('a run against its own %s output exits 0; the baselined findings are still reported, marked', async (format) => {
    const prev = await check(TEMPLATE, '--format', format);
    expect(prev.code).toBe(1);
    const file = path.join(tmp, `prev.${format}`);
    fs.writeFileSync(file, prev.out);
    const again = await check(TEMPLATE, '--baseline', file, '--format', 'json');
    expect(again.code).toBe(0);
    const findings = JSON.parse(again.out).findings;
    expect(findings).toHaveLength(JSON.parse((await check(TEMPLATE, '--format', 'json')).out).findings.length);
    expect(findings.every((f: any) => f.baselined === true)).toBe(true);
    // Even with --fail-on warning.
    expect((await check(TEMPLATE, '--baseline', file, '--fail-on', 'warning')).code).toBe(0);
  });

  test('a baseline that is not a result of check is refused with exit 2', async () => {
    const file = path.join(tmp, 'other.json');
    fs.writeFileSync(file, '{"something": []}');
    const r = await check(TEMPLATE, '--baseline', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('neither the JSON output of check (with "findings") nor a SARIF log (with "runs")');
    fs.writeFileSync(file, 'not json');
    expect((await check(TEMPLATE, '--baseline', file)).code).toBe(2);
    expect((await check(TEMPLATE, '--baseline', path.join(tmp, 'missing.json'))).code).toBe(2);
  });
});

// Random findings: a few templates, logical ids and rules, so that fingerprints collide as they do in real runs.
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const arbFinding: fc.Arbitrary<Finding> = fc.record({
  ruleId: fc.constantFrom(...CATALOGUE.slice(0, 6).map((r) => r.id)),
  severity: fc.constantFrom(...SEVERITIES),
  template: fc.constantFrom('a.json', 'b.yaml', 'dir/c d.json'),
  logicalId: fc.constantFrom('Api', 'Method', 'Pool', 'X%,:\n<y>'),
  message: fc.string(),
  fix: fc.string(),
});
const arbAck = fc.option(fc.record({ reason: fc.string() }), { nil: undefined });
const arbFindings = fc.array(fc.tuple(arbFinding, arbAck).map(([f, a]) => (a ? { ...f, acknowledged: a } : f)), { maxLength: 25 });
const arbFailOn = fc.constantFrom<FailOn>('error', 'warning', 'never');

function outputOf(format: 'json' | 'sarif', findings: Finding[], failOn: FailOn): string {
  const reported = classify(findings, failOn);
  if (format === 'json') return toJson(reported);
  return JSON.stringify(toSarif(reported, { rules: CATALOGUE, templates: [], withBaseline: false }));
}

describe('baseline properties (fast-check)', () => {
  test.each(['json', 'sarif'] as const)('%s: a baseline of a run against itself gives exit 0; one new error gives exit 1', (format) => {
    fc.assert(
      fc.property(arbFindings, arbFailOn, fc.string({ minLength: 1 }), (findings, failOn, newId) => {
        const baseline = baselineFingerprints(outputOf(format, findings, failOn), 'prev');
        expect(exitCode(classify(findings, failOn, baseline))).toBe(0);
        // A new error: a logical id no finding has (the generator's ids are fixed), never acknowledged.
        const fresh: Finding = { ruleId: 'ShortMethodScope', severity: 'error', template: 'a.json', logicalId: `New-${newId}`, message: 'm', fix: 'f' };
        expect(exitCode(classify([...findings, fresh], failOn, baseline))).toBe(failOn === 'never' ? 0 : 1);
        // Without the baseline, the exit code is whether any unacknowledged finding is at or above the threshold.
        const fails = findings.some((f) => !f.acknowledged && (failOn === 'error' ? f.severity === 'error' : failOn === 'warning' ? f.severity !== 'info' : false));
        expect(exitCode(classify(findings, failOn))).toBe(fails ? 1 : 0);
      }),
      { numRuns: 200 },
    );
  });
});
