import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CognitoScopesChecks } from '../src';
import { shortScopeStack } from './doors.fixtures';
import { withValidations } from './support/needs';

// `Validations` arrived after the peer floor; the floor is exercised through `policyValidationBeta1`.
const Validations = (cdk as any).Validations as typeof cdk.Validations | undefined;
// Validations (aws-cdk-lib >= 2.257): see test/support/needs.ts.

/**
 * Synthesize and report whether policy validation failed, with the report text.
 * aws-cdk-lib >= 2.262 throws; older versions print the report and set
 * `process.exitCode = 1` (so `cdk synth` fails): both count as a failure here.
 */
function synth(app: App): { failed: boolean; report: string } {
  const printed: string[] = [];
  const capture = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
    return true;
  };
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(capture);
  const logSpy = jest.spyOn(console, 'log').mockImplementation(capture);
  const stderrSpy = jest.spyOn(process.stderr, 'write').mockImplementation(capture as any);
  const exitCode = process.exitCode;
  try {
    app.synth();
    const failed = process.exitCode === 1 && exitCode !== 1;
    return { failed, report: printed.join('\n') };
  } catch (e) {
    return { failed: true, report: `${(e as Error).message}\n${printed.join('\n')}` };
  } finally {
    process.exitCode = exitCode;
    errorSpy.mockRestore();
    logSpy.mockRestore();
    stderrSpy.mockRestore();
  }
}

describe('CognitoScopesChecks policy validation plugin', () => {
  test('fails synthesis of an app that never uses the L3 construct, naming the rule, the resource and the fix', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
    shortScopeStack(app);
    const { failed, report } = synth(app);
    expect(failed).toBe(true);
    // The construct path comes from the app's construct tree where aws-cdk-lib hands it to plugins.
    expect(report).toMatch(/Method GET \/items \(Broken\/(Api\/Default\/items\/GET\/Resource|ApiitemsGET\w+)\) requires scope 'read', written short/);
    expect(report).toContain('ShortMethodScope');
    expect(report).toContain('com.example.api/read');
  });

  test('a correct app synthesizes', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
    shortScopeStack(app, 'Fixed', { short: false });
    expect(synth(app).failed).toBe(false);
  });

  withValidations('registers with Validations.of(app).addPlugins next to other plugins, and honours acknowledge()', () => {
    const app = new App();
    Validations!.of(app).addPlugins(new CognitoScopesChecks());
    shortScopeStack(app);
    expect(() => app.synth()).toThrow(/ShortMethodScope/);

    // Acknowledged on an ancestor of the method: the only error is gone, synthesis succeeds.
    const app2 = new App();
    Validations!.of(app2).addPlugins(new CognitoScopesChecks());
    const stack2 = shortScopeStack(app2);
    Validations!.of(stack2.node.findChild('Api')).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'test' });
    expect(() => app2.synth()).not.toThrow();
  });

  test('warningsAsErrors turns warnings into failures', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks({ warningsAsErrors: true })] });
    shortScopeStack(app, 'Warn', { short: false, publicHealth: true });
    const { failed, report } = synth(app);
    expect(failed).toBe(true);
    expect(report).toContain('PublicMethodOnCognitoApi');

    const lenient = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
    shortScopeStack(lenient, 'Warn', { short: false, publicHealth: true });
    expect(synth(lenient).failed).toBe(false);
  });

  test('skipRules must name known rules', () => {
    expect(() => new CognitoScopesChecks({ skipRules: ['NoSuchRule'] })).toThrow(
      /CognitoScopesChecks: skipRules names an unknown rule: got 'NoSuchRule'\. Use one of: /,
    );
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks({ skipRules: ['ShortMethodScope'] })] });
    shortScopeStack(app);
    expect(synth(app).failed).toBe(false);
  });

  test('info notes (NotAnalysed) are reported with severity info and never fail the report, even with warningsAsErrors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-info-'));
    const file = path.join(dir, 'Spec.template.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: { Spec: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'spec', BodyS3Location: { Bucket: 'my-specs', Key: 'api.yaml' } } } } }));
    for (const plugin of [new CognitoScopesChecks(), new CognitoScopesChecks({ warningsAsErrors: true })]) {
      const report = plugin.validate({ templatePaths: [file] } as unknown as cdk.IPolicyValidationContextBeta1);
      expect(report.success).toBe(true);
      expect(report.violations).toEqual([
        {
          ruleName: 'NotAnalysed',
          description:
            '[cdk-cognito-scopes::NotAnalysed] Spec/Spec: AWS::ApiGateway::RestApi Spec is not analysed: its methods are defined by an OpenAPI definition in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; ' +
            'the methods, authorizers and scopes it declares were not checked.',
          fix: expect.stringMatching(/^Write the OpenAPI definition in the template \(Body\)/),
          severity: 'info',
          violatingResources: [{ resourceLogicalId: 'Spec', templatePath: file, locations: [] }],
        },
      ]);
    }
  });

  withValidations('an app with a SpecRestApi whose definition is in a bucket and a WebSocket API synthesizes; the report names them as not analysed', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks({ warningsAsErrors: true })] });
    const stack = new Stack(app, 'Unread');
    const bucket = s3.Bucket.fromBucketName(stack, 'Specs', 'my-specs');
    new apigateway.SpecRestApi(stack, 'Spec', { apiDefinition: apigateway.ApiDefinition.fromBucket(bucket, 'api.yaml') });
    new apigatewayv2.CfnApi(stack, 'Http', { name: 'http', protocolType: 'WEBSOCKET' });
    const { failed, report } = synth(app);
    expect(failed).toBe(false);
    expect(report).toMatch(/AWS::ApiGateway::RestApi Spec\w+ is not analysed: its methods are defined by an OpenAPI definition in S3 \(BodyS3Location\)/);
    expect(report).toContain('AWS::ApiGatewayV2::Api Http is not analysed: it is a WebSocket API, which cdk-cognito-scopes does not model (it reads HTTP APIs)');
  });

  test('skipRules can leave the NotAnalysed notes out', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks({ skipRules: ['NotAnalysed'] })] });
    const stack = new Stack(app, 'Unread');
    new apigatewayv2.CfnApi(stack, 'Http', { name: 'http', protocolType: 'WEBSOCKET' });
    const { failed, report } = synth(app);
    expect(failed).toBe(false);
    expect(report).not.toContain('NotAnalysed');
  });
});

describe('CognitoScopesChecks._registeredOn (lets the construct leave its findings to the plugin)', () => {
  test('true under an app or stage the plugin is registered on, by either API; false otherwise', () => {
    const plain = new App();
    expect(CognitoScopesChecks._registeredOn(new Stack(plain, 'S'))).toBe(false);

    const beta = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
    expect(CognitoScopesChecks._registeredOn(new Stack(beta, 'S'))).toBe(true);

    const staged = new App();
    const stage = new cdk.Stage(staged, 'Prod', { policyValidationBeta1: [new CognitoScopesChecks()] });
    expect(CognitoScopesChecks._registeredOn(new Stack(stage, 'S'))).toBe(true);
    expect(CognitoScopesChecks._registeredOn(new Stack(staged, 'Other'))).toBe(false);

    // Another plugin is not this one.
    const other = new App({ policyValidationBeta1: [{ name: 'other', validate: () => ({ success: true, violations: [] }) }] });
    expect(CognitoScopesChecks._registeredOn(new Stack(other, 'S'))).toBe(false);
  });

  withValidations('Validations.of(app).addPlugins, even after the stack is made', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    expect(CognitoScopesChecks._registeredOn(stack)).toBe(false);
    Validations!.of(app).addPlugins(new CognitoScopesChecks());
    expect(CognitoScopesChecks._registeredOn(stack)).toBe(true);
  });
});
