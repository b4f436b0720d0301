import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { App, CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoApiAuth, CognitoScopesChecks } from '../src';
import { capture } from './cli-helpers';
import { shortScopeStack } from './doors.fixtures';
import { withValidations } from './support/needs';
import { main } from '../src/cli/main';

const Validations = (cdk as any).Validations as typeof cdk.Validations | undefined;

/** The short-scope stack, with a CognitoApiAuth in it so that the construct's synth-time check runs. */
function doorApp(acknowledge?: { reason: string }) {
  const app = new App();
  const stack = shortScopeStack(app);
  new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.other',
    scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' })],
  });
  const method = stack.node.findChild('Api').node.findChild('Default').node.findChild('items').node.findChild('GET');
  if (acknowledge) Validations!.of(stack.node.findChild('Api')).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', ...acknowledge });
  return { app, stack, method: method.node.defaultChild as CfnResource };
}

describe('acknowledgements recorded by the construct door reach the CLI', () => {
  test('without an acknowledgement: synthesis fails on ShortMethodScope', () => {
    const { app } = doorApp();
    expect(() => app.synth()).toThrow(/ShortMethodScope/);
  });

  withValidations('the acknowledged finding is recorded in the method\'s Metadata of the synthesized template, and check cdk.out honours it', async () => {
    const { app, stack, method } = doorApp({ reason: 'migrating next sprint' });
    const assembly = app.synth();
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile), 'utf8'));
    const logicalId = stack.getLogicalId(method);
    expect(template.Resources[logicalId].Metadata['cdk-cognito-scopes']).toEqual({
      acknowledge: [{ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'migrating next sprint' }],
    });

    const c = capture();
    expect(await main(['check', assembly.directory, '--format', 'json'], c)).toBe(0);
    const short = JSON.parse(c.stdout).findings.filter((f: any) => f.ruleId === 'ShortMethodScope');
    expect(short).toHaveLength(1);
    expect(short[0]).toMatchObject({ resource: logicalId, severity: 'error', acknowledged: { reason: 'migrating next sprint' }, baselined: false });

  });
});

describe('with the CognitoScopesChecks plugin registered', () => {
  withValidations('the construct still records acknowledged findings in the template; the plugin reports, synthesis succeeds', async () => {
    const { app, stack, method } = doorApp({ reason: 'plugin and construct' });
    Validations!.of(app).addPlugins(new CognitoScopesChecks());
    const assembly = app.synth();
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile), 'utf8'));
    expect(template.Resources[stack.getLogicalId(method)].Metadata['cdk-cognito-scopes']).toEqual({
      acknowledge: [{ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'plugin and construct' }],
    });
    // No annotation from the construct: the plugin is the one voice.
    expect(assembly.getStackArtifact(stack.artifactId).messages.filter((m) => String(m.entry.data).includes('cdk-cognito-scopes'))).toEqual([]);
    const c = capture();
    expect(await main(['check', assembly.directory], c)).toBe(0);
    expect(c.stdout).toContain('[acknowledged: plugin and construct]');
  });

  withValidations('an app that only uses the plugin: acknowledgements are not recorded (the plugin runs after the templates are written)', () => {
    const app = new App();
    Validations!.of(app).addPlugins(new CognitoScopesChecks());
    const stack = shortScopeStack(app);
    Validations!.of(stack.node.findChild('Api')).acknowledge({ id: 'cdk-cognito-scopes::ShortMethodScope', reason: 'test' });
    const assembly = app.synth();
    const text = fs.readFileSync(path.join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile), 'utf8');
    expect(text).not.toContain('"cdk-cognito-scopes"');
  });
});
