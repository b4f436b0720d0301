import * as cdk from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { CognitoScopesChecks } from '../src';
import { shortScopeStack } from './doors.fixtures';

// `Validations` arrived after the peer floor; the floor is exercised through `policyValidationBeta1`.
const Validations = (cdk as any).Validations as typeof cdk.Validations | undefined;
const withValidations = Validations ? test : test.skip;

describe('CognitoScopesChecks policy validation plugin', () => {
  test('fails synthesis of an app that never uses the L3 construct, naming the rule, the resource and the fix', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
    shortScopeStack(app);
    expect(() => app.synth()).toThrow(/ShortMethodScope|'read'/);
    try {
      const app2 = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
      shortScopeStack(app2);
      app2.synth();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('Broken/Api/Default/items/GET/Resource');
      expect(msg).toContain("Acknowledge with 'cdk-cognito-scopes::ShortMethodScope'");
      expect(msg).toContain('com.example.api/read');
    }
  });

  test('a correct app synthesizes', () => {
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks()] });
    shortScopeStack(app, 'Fixed', { short: false });
    expect(() => app.synth()).not.toThrow();
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
    expect(() => app.synth()).toThrow(/PublicMethodOnCognitoApi/);
  });

  test('skipRules must name known rules', () => {
    expect(() => new CognitoScopesChecks({ skipRules: ['NoSuchRule'] })).toThrow(
      /CognitoScopesChecks: skipRules names an unknown rule: got 'NoSuchRule'\. Use one of: /,
    );
    const app = new App({ policyValidationBeta1: [new CognitoScopesChecks({ skipRules: ['ShortMethodScope', 'UndefinedMethodScope', 'UnrequestableMethodScope'] })] });
    shortScopeStack(app);
    expect(() => app.synth()).not.toThrow();
  });
});
