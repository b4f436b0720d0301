/**
 * The other doors name where a finding is declared too: the policy validation plugin's description and the
 * construct's one-line format carry `(at <declaration>)` after the resource.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { CognitoScopesChecks } from '../src';
import { formatFinding } from '../src/private/findings-format';
import { parseTemplateText } from '../src/private/model/load';

test('plugin: the description names the OpenAPI operation', () => {
  const src = path.join(__dirname, 'fixtures', 'decl', 'same-api', 'openapi.yaml');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decl-doors-'));
  const file = path.join(dir, 'Api.template.json');
  fs.writeFileSync(file, JSON.stringify(parseTemplateText(fs.readFileSync(src, 'utf-8'), src)));
  const report = new CognitoScopesChecks().validate({ templatePaths: [file] } as unknown as cdk.IPolicyValidationContextBeta1);
  const short = report.violations.find((v) => v.ruleName === 'ShortMethodScope')!;
  expect(short.description).toBe(
    "[cdk-cognito-scopes::ShortMethodScope] Api/Api (at Body.paths./items.post): Method POST /items (Api/Api) requires scope 'write', written short: " +
      "no access token ever carries 'write', so every call gets 401. Resource server Api/ResourceServer defines it as 'com.example.api/write'.",
  );
  expect(short.fix).toBe("Use the full scope 'com.example.api/write' in the operation's security (scopes of its security requirement).");
});

test('one-line format: the declaration after the resource; none for a whole resource', () => {
  const f = { ruleId: 'ShortMethodScope', constructPath: 'S/Api/Resource', template: 'S', logicalId: 'Api', message: 'M.', fix: 'F.' };
  expect(formatFinding({ ...f, declaration: 'Events.Get' })).toBe(
    "[cdk-cognito-scopes::ShortMethodScope] S/Api (at Events.Get): M. Fix: F. Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: '...' }) on S/Api or a construct above it.",
  );
  expect(formatFinding(f)).toBe(
    "[cdk-cognito-scopes::ShortMethodScope] S/Api: M. Fix: F. Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: '...' }) on S/Api or a construct above it.",
  );
});
