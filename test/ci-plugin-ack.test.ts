import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IPolicyValidationContextBeta1 } from 'aws-cdk-lib';
import { CognitoScopesChecks } from '../src';

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
