import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IPolicyValidationContextBeta1 } from 'aws-cdk-lib';
import { CognitoScopesChecks } from '../src';
import { withValidations } from './support/needs';

/** A template whose method requires a short scope; optionally acknowledged in its Metadata. */
function template(ack?: { id: string; reason?: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-scopes-plugin-ack-'));
  const file = path.join(dir, 'Stack.template.json');
  fs.writeFileSync(file, JSON.stringify({
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool' },
      Rs: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: 'com.example.api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] } },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
      Authz: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', Name: 'c', IdentitySource: 'method.request.header.Authorization', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] } },
      Get: {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: ['read'] },
        ...(ack ? { Metadata: { 'cdk-cognito-scopes': { acknowledge: [ack] } } } : {}),
      },
    },
  }));
  return file;
}

function ruleNames(file: string): string[] {
  const report = new CognitoScopesChecks().validate({ templatePaths: [file] } as unknown as IPolicyValidationContextBeta1);
  return report.violations.map((v) => v.ruleName);
}

describe('the plugin honours acknowledgements written in template Metadata, as check does', () => {
  test('without one, the short scope is reported', () => {
    expect(ruleNames(template())).toContain('ShortMethodScope');
  });

  test('acknowledged on the resource: not reported', () => {
    expect(ruleNames(template({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'legacy client sends it' }))).not.toContain('ShortMethodScope');
  });

  test('acknowledged without a reason: not reported, and the missing reason is', () => {
    const names = ruleNames(template({ id: 'ShortMethodScope' }));
    expect(names).not.toContain('ShortMethodScope');
    expect(names).toContain('AcknowledgementWithoutReason');
  });
});

describe('a plugin-only app registered with CognitoScopesChecks.addTo: the same verdict from cdk synth and from check cdk.out', () => {
  function app(acknowledge: boolean) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { shortScopeStack } = require('./doors.fixtures') as typeof import('./doors.fixtures');
    const a = new cdk.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-scopes-plugin-app-')) });
    CognitoScopesChecks.addTo(a);
    const stack = shortScopeStack(a);
    const method = stack.node.findAll().find((c) => c.node.path.endsWith('/Api/Default/items/GET'))!;
    if (acknowledge) cdk.Validations.of(method).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'legacy client sends it' });
    return { a, stack };
  }

  async function checkSarif(dir: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../src/cli/main') as typeof import('../src/cli/main');
    let stdout = '';
    const code = await main(['check', dir, '--format', 'sarif'], { out: (t) => { stdout += t + '\n'; }, err: () => undefined });
    return { code, sarif: JSON.parse(stdout) };
  }

  withValidations('acknowledged in code: synth succeeds, the template records it, check exits 0 with a SARIF suppression', async () => {
    const { a } = app(true);
    const dir = a.synth().directory;
    const { code, sarif } = await checkSarif(dir);
    expect(code).toBe(0);
    const results = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'ShortMethodScope');
    expect(results.map((r: { suppressions: unknown }) => r.suppressions)).toEqual([[{ kind: 'inSource', justification: 'legacy client sends it' }]]);
  });

  withValidations('not acknowledged: synth fails through the plugin, and check exits 1', async () => {
    const { a } = app(false);
    expect(() => a.synth()).toThrow(/ShortMethodScope/);
    // The plugin runs after the templates are written: the cloud assembly is there.
    const { code } = await checkSarif(a.outdir);
    expect(code).toBe(1);
  });
});
