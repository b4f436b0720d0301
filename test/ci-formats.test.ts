import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseXml, sarifSchemaErrors } from './ci-support';
import { capture } from './cli-helpers';
import { commandData, commandProperty } from '../src/cli/formats/github';
import { xmlText } from '../src/cli/formats/junit';
import { logicalIdLines } from '../src/cli/formats/lines';
import { displayPath, fileUri } from '../src/cli/formats/report';
import { main } from '../src/cli/main';
import { CATALOGUE } from '../src/private/rules/catalogue';

// Paths relative to the repository root (jest's cwd), as a CI job gives them.
const TEMPLATE = 'test/golden/ci/template.yaml';
const BASELINE = 'test/golden/ci/baseline.json';
const GOLDEN = path.join(__dirname, 'golden', 'ci');
const templateLines = fs.readFileSync(TEMPLATE, 'utf8').split('\n');
/** The line of `  <id>:` in the golden template, found independently of the code under test. */
const lineOf = (id: string) => templateLines.indexOf(`  ${id}:`) + 1;

async function check(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(['check', ...args], c);
  return { code, out: c.stdout, err: c.stderr };
}

/** Compare with the golden file (UPDATE_GOLDEN=1 rewrites it). */
function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

describe('check formats on a template with acknowledged, baselined and new findings', () => {
  test.each([
    ['text', 'template.txt'],
    ['json', 'template.json'],
    ['sarif', 'template.sarif'],
    ['junit', 'template.junit.xml'],
    ['github', 'template.github.txt'],
  ])('--format %s matches its golden file; exit 1 (one new error)', async (format, file) => {
    const r = await check(TEMPLATE, '--baseline', BASELINE, '--format', format);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    golden(file, r.out);
  });

  test('json: acknowledged (template level with the prefixed id, resource level with the bare id, without a reason) and baselined', async () => {
    const json = JSON.parse((await check(TEMPLATE, '--baseline', BASELINE, '--format', 'json')).out);
    const by = (rule: string, res: string) => json.findings.filter((f: any) => f.ruleId === rule && f.resource === res);
    expect(by('NoDomainForCustomScopes', 'Pool')[0]).toMatchObject({ acknowledged: { reason: 'The domain is created by the platform stack.' }, baselined: false });
    expect(by('PreflightBehindAuthorizer', 'Preflight')[0]).toMatchObject({ acknowledged: { reason: 'Browsers never call this API: no CORS.' }, baselined: false });
    expect(by('UnrequestableMethodScope', 'Full')[0]).toMatchObject({ acknowledged: { reason: '' }, baselined: false });
    expect(by('AcknowledgementWithoutReason', 'Full')[0]).toMatchObject({
      severity: 'warning',
      acknowledged: null,
      message: "The acknowledgement of 'UnrequestableMethodScope' in the Metadata of Full has no reason.",
    });
    expect(by('ShortMethodScope', 'Short')[0]).toMatchObject({ acknowledged: null, baselined: true });
    expect(by('ShortMethodScope', 'Short2')[0]).toMatchObject({ acknowledged: null, baselined: false });
    // The only finding that fails the run: the new error.
    const failing = json.findings.filter((f: any) => f.severity === 'error' && !f.acknowledged && !f.baselined);
    expect(failing.map((f: any) => `${f.ruleId}/${f.resource}`)).toEqual(['ShortMethodScope/Short2']);
  });

  test('sarif: valid against the official SARIF 2.1.0 schema, with rules, lines, suppressions, baseline states and fingerprints', async () => {
    const log = JSON.parse((await check(TEMPLATE, '--baseline', BASELINE, '--format', 'sarif')).out);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(CATALOGUE.map((r) => r.id));
    const rule = run.tool.driver.rules.find((r: any) => r.id === 'AcknowledgementWithoutReason');
    expect(rule.defaultConfiguration.level).toBe('warning');
    expect(run.tool.driver.rules.find((r: any) => r.id === 'NotAnalysed').defaultConfiguration.level).toBe('note');
    expect(run.tool.driver.rules.find((r: any) => r.id === 'ShortMethodScope').help.text).toBe(`Fix: ${CATALOGUE.find((r) => r.id === 'ShortMethodScope')!.fix}`);
    const result = (rule_: string, id: string) => run.results.find((r: any) => r.ruleId === rule_ && r.locations[0].logicalLocations[0].name === id);
    const short2 = result('ShortMethodScope', 'Short2');
    expect(short2.level).toBe('error');
    expect(short2.baselineState).toBe('new');
    expect(short2.ruleIndex).toBe(CATALOGUE.findIndex((r) => r.id === 'ShortMethodScope'));
    expect(short2.partialFingerprints).toEqual({ 'cdkCognitoScopes/v1': 'ShortMethodScope|template.yaml|Short2' });
    expect(short2.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: TEMPLATE }, region: { startLine: lineOf('Short2') } });
    expect(lineOf('Short2')).toBeGreaterThan(1);
    expect(short2.suppressions).toBeUndefined();
    expect(result('ShortMethodScope', 'Short').baselineState).toBe('unchanged');
    expect(result('PreflightBehindAuthorizer', 'Preflight').suppressions).toEqual([{ kind: 'inSource', justification: 'Browsers never call this API: no CORS.' }]);
    expect(result('NoDomainForCustomScopes', 'Pool').locations[0].physicalLocation.region).toEqual({ startLine: lineOf('Pool') });
  });

  test('the SARIF schema check is real: broken logs are rejected', async () => {
    const log = JSON.parse((await check(TEMPLATE, '--format', 'sarif')).out);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const broken = (mutate: (l: any) => void) => {
      const copy = JSON.parse(JSON.stringify(log));
      mutate(copy);
      return sarifSchemaErrors(copy).length;
    };
    expect(broken((l) => (l.runs[0].results[0].level = 'fatal'))).toBeGreaterThan(0);
    expect(broken((l) => delete l.version)).toBeGreaterThan(0);
    expect(broken((l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0))).toBeGreaterThan(0);
    expect(broken((l) => (l.runs[0].results[0].suppressions = [{ kind: 'somewhere' }]))).toBeGreaterThan(0);
    expect(broken((l) => delete l.runs[0].tool.driver.name)).toBeGreaterThan(0);
  });

  test('junit: well-formed XML, one test case per rule and template, a failure only for the rule with a new error', async () => {
    const xml = (await check(TEMPLATE, '--baseline', BASELINE, '--format', 'junit')).out;
    const root = parseXml(xml.trimEnd());
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.attributes.name)).toEqual(['template.yaml']);
    const suite = root.children[0];
    expect(suite.children.map((c) => c.attributes.name)).toEqual(CATALOGUE.map((r) => r.id));
    expect(suite.attributes).toMatchObject({ tests: String(CATALOGUE.length), failures: '1' });
    expect(root.attributes).toMatchObject({ tests: String(CATALOGUE.length), failures: '1' });
    const failed = suite.children.filter((c) => c.children.some((x) => x.name === 'failure'));
    expect(failed.map((c) => c.attributes.name)).toEqual(['ShortMethodScope']);
    const short = failed[0];
    const failure = short.children.find((x) => x.name === 'failure')!;
    expect(failure.text).toMatch(/^ERROR ShortMethodScope Short2: Method PUT \//);
    expect(failure.text).not.toContain('Short:');
    expect(short.children.find((x) => x.name === 'system-out')!.text).toMatch(/^ERROR ShortMethodScope Short: .* \[baselined\]$/);
    const preflight = suite.children.find((c) => c.attributes.name === 'PreflightBehindAuthorizer')!;
    expect(preflight.children.map((x) => x.name)).toEqual(['system-out']);
    expect(preflight.children[0].text).toContain('[acknowledged: Browsers never call this API: no CORS.]');
  });

  test('the XML checker is strict: broken documents are refused', () => {
    const ok = '<?xml version="1.0" encoding="UTF-8"?>\n<a x="1"><b/>t &amp; u</a>';
    expect(parseXml(ok).children).toHaveLength(1);
    for (const bad of [
      ok.replace('</a>', ''),
      ok.replace('<b/>', '<b>'),
      ok.replace('&amp;', '&'),
      ok.replace('x="1"', 'x=1'),
      ok.replace('t &amp;', 't < '),
      ok.replace('&amp;', '&nbsp;'),
      ok + '<c/>',
      ok.replace('t &amp; u', 't \u001b u'),
    ]) {
      expect(() => parseXml(bad)).toThrow();
    }
  });

  test('github: one workflow command per finding; error only for the new error, notices for acknowledged and baselined ones', async () => {
    const out = (await check(TEMPLATE, '--baseline', BASELINE, '--format', 'github')).out.trimEnd().split('\n');
    for (const l of out) expect(l).toMatch(/^::(error|warning|notice) file=test\/golden\/ci\/template\.yaml,(line=\d+,)?title=[^:]+::\S/);
    const errors = out.filter((l) => l.startsWith('::error '));
    expect(errors).toEqual([
      expect.stringMatching(new RegExp(`^::error file=test/golden/ci/template\\.yaml,line=${lineOf('Short2')},title=ShortMethodScope \\(template\\.yaml/Short2\\)::Method PUT /`)),
    ]);
    expect(out.filter((l) => l.includes('title=baselined%3A ShortMethodScope (template.yaml/Short)::'))).toHaveLength(1);
    expect(out.filter((l) => l.startsWith('::notice ') && l.includes('title=acknowledged%3A PreflightBehindAuthorizer'))).toHaveLength(1);
    expect(out.filter((l) => l.startsWith('::warning ') && l.includes('title=AcknowledgementWithoutReason'))).toHaveLength(1);
  });
});

describe('untrusted text in each format', () => {
  test('escaping helpers', () => {
    expect(commandData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(commandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(commandData('\u001b[31m')).toBe('\\u001b[31m');
    expect(xmlText('<a href="x">&\'\n')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\n');
  });

  test('a logical id with newlines, workflow commands, XML and commas cannot forge lines or break the XML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-hostile-'));
    const evil = 'X\n::error file=a.ts::forged,<b>&%';
    const file = path.join(dir, 'evil.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
          Pool: { Type: 'AWS::Cognito::UserPool' },
          Authz: {
            Type: 'AWS::ApiGateway::Authorizer',
            Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', Name: 'a', IdentitySource: 'method.request.header.Authorization', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] },
          },
          [evil]: {
            Type: 'AWS::ApiGateway::Method',
            Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'OPTIONS', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Authz' } },
          },
        },
      }),
    );
    const gh = await check(file, '--format', 'github');
    expect(gh.code).toBe(1);
    const lines = gh.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=[^,:]+,(line=\d+,)?title=[^:,]+::/);
    expect(lines.some((l) => l.includes('title=PreflightBehindAuthorizer (evil.json/X%0A%3A%3Aerror file=a.ts%3A%3Aforged%2C<b>&%25)::'))).toBe(true);

    const junit = await check(file, '--format', 'junit');
    const root = parseXml(junit.out.trimEnd());
    const failure = root.children[0].children.find((c) => c.attributes.name === 'PreflightBehindAuthorizer')!.children[0];
    expect(failure.name).toBe('failure');
    expect(failure.text).toContain('ERROR PreflightBehindAuthorizer X\\n::error file=a.ts::forged,<b>&%:');

    const sarif = JSON.parse((await check(file, '--format', 'sarif')).out);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.some((r: any) => r.locations[0].logicalLocations[0].name === evil)).toBe(true);

    const text = await check(file);
    expect(text.out.split('\n').some((l) => l.startsWith('::error'))).toBe(false);
  });
});

describe('file locations', () => {
  test('relative to the working directory and percent-encoded inside it; a file:// URL outside it', () => {
    expect(fileUri('cdk.out/My Stack.template.json', '/repo')).toBe('cdk.out/My%20Stack.template.json');
    expect(fileUri('/repo/a/b.yaml', '/repo')).toBe('a/b.yaml');
    expect(fileUri('/elsewhere/t#1.json', '/repo')).toBe('file:///elsewhere/t%231.json');
    expect(displayPath('/repo/a/b.yaml', '/repo')).toBe('a/b.yaml');
    expect(displayPath('../x.json', '/repo')).toBe('/x.json');
  });
});

describe('lines of logical ids', () => {
  test('JSON: the resource key after "Resources", not an earlier occurrence', () => {
    const text = '{\n  "Outputs": { "A": {} },\n  "Resources": {\n    "A": {\n      "Type": "T"\n    },\n    "B": { "Type": "T" }\n  }\n}';
    const lines = logicalIdLines(text);
    expect(lines.get('A')).toBe(4);
    expect(lines.get('B')).toBe(7);
    expect(lines.get('C')).toBeUndefined();
    // Keys with JSON escapes are read as JSON reads them.
    expect(logicalIdLines('{"Resources": {\n"A\\nB": {}, "C\\u0041": {}}}')).toEqual(new Map([['A\nB', 2], ['CA', 2]]));
  });

  test('YAML: keys at the indentation of the resources only, quoted or not; none after the next top-level key', () => {
    const text = ['Resources:', '  # c', '  A:', '    Type: T', '    Properties:', '      B: 1', "  'C':", '    Type: T', 'Outputs:', '  D:', '    Value: 1'].join('\n');
    const lines = logicalIdLines(text);
    expect([...lines.entries()]).toEqual([['A', 3], ['C', 7]]);
  });
});
