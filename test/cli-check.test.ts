import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { shortScopeStack } from './doors.fixtures';
import { main } from '../src/cli/main';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

function synthTo(dir: string, short: boolean) {
  // The CDK CLI writes construct paths into templates (aws:cdk:path); do the same here.
  const app = new App({ outdir: dir, context: { 'aws:cdk:enable-path-metadata': true } });
  shortScopeStack(app, 'Broken', { short });
  app.synth();
}

describe('cognito-scopes check', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
  });

  test('a cdk.out with a short method scope: exit 1, JSON finding names the method', async () => {
    synthTo(tmp, true);
    const c = capture();
    const code = await main(['check', tmp, '--format', 'json'], c.io);
    expect(code).toBe(1);
    const json = JSON.parse(c.out.join(''));
    const f = json.findings.find((x: any) => x.ruleId === 'ShortMethodScope');
    expect(f).toMatchObject({ severity: 'error', template: 'Broken', path: 'Broken/Api/Default/items/GET/Resource' });
    expect(f.resource).toMatch(/^ApiitemsGET/);
    expect(f.message).toContain("'read'");
    expect(f.fix).toContain('com.example.api/read');
    expect(Object.keys(f).sort()).toEqual(['acknowledged', 'baselined', 'fix', 'message', 'path', 'resource', 'ruleId', 'severity', 'template']);
    expect(f.acknowledged).toBeNull();
    expect(f.baselined).toBe(false);
    // The summary counts the findings listed; a plain REST API leaves nothing unanalysed.
    const count = (severity: string) => json.findings.filter((x: any) => x.severity === severity).length;
    expect(json.summary).toEqual({ errors: count('error'), warnings: count('warning'), notAnalysed: 0 });
    expect(json.summary.errors).toBeGreaterThan(0);
    expect(Object.keys(json).sort()).toEqual(['findings', 'summary']);
  });

  test('the corrected app: exit 0, text output groups by template', async () => {
    synthTo(tmp, false);
    const c = capture();
    const code = await main(['check', tmp], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.join('\n')).toMatch(/0 errors, \d+ warnings? in 1 template \(Broken\)/);
  });

  test('a single template file, JSON or YAML', async () => {
    synthTo(tmp, true);
    const file = path.join(tmp, 'Broken.template.json');
    const c = capture();
    expect(await main(['check', file], c.io)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toContain('Broken.template.json');
    expect(text).toContain('Broken/Api/Default/items/GET/Resource');
    expect(text).toContain('ERROR   ShortMethodScope');

    const yaml = path.join(tmp, 't.yaml');
    fs.writeFileSync(
      yaml,
      [
        'Resources:',
        '  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: a } }',
        '  Opt:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties:',
        '      RestApiId: !Ref Api',
        '      ResourceId: !GetAtt Api.RootResourceId',
        '      HttpMethod: OPTIONS',
        '      AuthorizationType: COGNITO_USER_POOLS',
        '      AuthorizerId: !Ref Authz',
        '  Authz:',
        '    Type: AWS::ApiGateway::Authorizer',
        '    Properties: { RestApiId: !Ref Api, Type: COGNITO_USER_POOLS, Name: a, IdentitySource: method.request.header.Authorization, ProviderARNs: [!GetAtt Pool.Arn] }',
        '  Pool: { Type: AWS::Cognito::UserPool }',
      ].join('\n'),
    );
    const y = capture();
    expect(await main(['check', yaml, '--format=json'], y.io)).toBe(1);
    expect(JSON.parse(y.out.join('')).findings.map((f: any) => f.ruleId)).toContain('PreflightBehindAuthorizer');
  });

  test.each([
    [['check'], /no template given/],
    [['check', '/nonexistent/x.json'], /\/nonexistent\/x.json: no such file or directory/],
    [['check', 'FILE:not-json'], /not valid JSON or YAML|not a CloudFormation template/],
    [['check', 'FILE:{"a":1}'], /not a CloudFormation template \(no Resources section\)/],
    [['check', 'FILE:{"Resources":{}}', '--format', 'xml'], /--format must be one of text, json, sarif, junit, github: got 'xml'/],
    [['check', 'FILE:{"Resources":{}}', '--color'], /unknown option --color/],
    [['nope'], /unknown command 'nope'/],
  ])('bad input %j: exit 2 and one line on stderr', async (argv, message) => {
    const args = argv.map((a) => {
      if (!a.startsWith('FILE:')) return a;
      const f = path.join(tmp, 'input.json');
      fs.writeFileSync(f, a.slice(5) === 'not-json' ? ': : [ nope' : a.slice(5));
      return f;
    });
    const c = capture();
    expect(await main(args, c.io)).toBe(2);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(message);
    expect(c.err[0]).not.toContain('\n    at ');
  });
});

describe('cognito-scopes option errors name the value seen and the fix', () => {
  test.each([
    [['check', '--color'], 'cognito-scopes check: unknown option --color: this command takes --format, --fail-on, --rules, --skip-rules, --baseline (see --help)'],
    [['check', 'x.json', '--format'], 'cognito-scopes check: option --format needs a value: got none at the end of the command line (write --format <value>)'],
    [['check', 'x.json', '--format', 'json', '--format', 'text'], "cognito-scopes check: option --format given more than once: got 'json', 'text' (give it once)"],
  ])('%j', async (argv, message) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err).toEqual([message]);
  });
});
