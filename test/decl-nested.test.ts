/**
 * Hand-written nested stacks (a TemplateURL or a SAM application Location that names a file beside the
 * parent, inside its directory only) and a Serverless-Framework-shaped template (plain CloudFormation).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from './cli-helpers';
import { main } from '../src/cli/main';
import { buildModel } from '../src/private/model/build';
import { loadTemplateFile } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';

const DIR = path.join(__dirname, 'fixtures', 'decl');

describe('nested stacks beside the parent template', () => {
  const model = () => buildModel([{ ...loadTemplateFile(path.join(DIR, 'nested', 'parent.yaml')), region: 'us-east-1' }]);

  test('the nested stack and the SAM application are loaded, with the parameters the parent passes', () => {
    const m = model();
    expect(m.notAnalysed).toEqual([]);
    expect(m.methods.map((x) => [x.template, x.logicalId, x.declaration, x.httpMethod, x.path, x.scopes])).toEqual([
      ['parent.yaml/ApiStack', 'ItemsGet', undefined, 'GET', '/items', ['read']],
      ['parent.yaml/AuthApp', 'Admin', 'Events.Users', 'GET', '/users', ['com.example.api/admin']],
    ]);
    // The pool ARN passed as a parameter links both authorizers to the parent's pool.
    expect(m.authorizers.map((a) => [a.template, a.providerPools])).toEqual([
      ['parent.yaml/ApiStack', ['parent.yaml#Pool']],
      ['parent.yaml/AuthApp', ['parent.yaml#Pool']],
    ]);
  });

  test('the mistakes inside them are reported at the nested resource', () => {
    expect(runRules(model()).filter((f) => ['ShortMethodScope', 'UndefinedMethodScope'].includes(f.ruleId)).map((f) => [f.ruleId, f.template, f.logicalId, f.declaration])).toEqual([
      ['ShortMethodScope', 'parent.yaml/ApiStack', 'ItemsGet', undefined],
      ['UndefinedMethodScope', 'parent.yaml/AuthApp', 'Admin', 'Events.Users'],
    ]);
  });

  test('a TemplateURL or Location outside the parent directory is refused; a URL is left as not analysed', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'decl-nested-'));
    fs.mkdirSync(path.join(tmp, 'in'));
    fs.writeFileSync(path.join(tmp, 'secret.yaml'), 'Resources: {}\n');
    for (const [type, prop] of [['AWS::CloudFormation::Stack', 'TemplateURL'], ['AWS::Serverless::Application', 'Location']]) {
      const parent = path.join(tmp, 'in', 'parent.json');
      fs.writeFileSync(parent, JSON.stringify({ Resources: { Child: { Type: type, Properties: { [prop]: '../secret.yaml' } } } }));
      const c = capture();
      expect(await main(['check', parent], c)).toBe(2);
      expect(c.stderr).toContain(`${parent}: nested stack Child: asset path '../secret.yaml' is outside the cloud assembly (refused)`);
    }
    const parent = path.join(tmp, 'in', 'url.json');
    fs.writeFileSync(parent, JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://bucket.s3.amazonaws.com/secret.yaml' } } } }));
    const m = buildModel([loadTemplateFile(parent)]);
    expect(m.notAnalysed.map((n) => [n.logicalId, n.kind])).toEqual([['Child', 'nested-stack']]);
  });
});

test('a Serverless-Framework-shaped template is plain CloudFormation: its methods, authorizer and scopes are checked', async () => {
  const file = path.join(DIR, 'serverless-framework', '.serverless', 'cloudformation-template-update-stack.json');
  const c = capture();
  expect(await main(['check', file, '--format', 'json'], c)).toBe(1);
  const out = JSON.parse(c.stdout);
  expect(out.findings.filter((f: any) => f.severity === 'error').map((f: any) => [f.ruleId, f.resource, f.message])).toEqual([
    [
      'ShortMethodScope',
      'ApiGatewayMethodOrdersGet',
      "Method GET /orders (cloudformation-template-update-stack.json/ApiGatewayMethodOrdersGet) requires scope 'read', written short: no access token ever carries 'read', so every call gets 401. " +
        "Resource server cloudformation-template-update-stack.json/CognitoResourceServer defines it as 'orders/read'.",
    ],
    [
      'UndefinedMethodScope',
      'ApiGatewayMethodOrdersIdVarDelete',
      expect.stringMatching(/^Method DELETE \/orders\/\{id\} \(cloudformation-template-update-stack\.json\/ApiGatewayMethodOrdersIdVarDelete\) requires scope 'orders\/delete', which no resource server/),
    ],
  ]);
  expect(out.summary.notAnalysed).toBe(0);
});
