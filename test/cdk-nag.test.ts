import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations as AnnotationsAssert, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { buildExampleApp } from '../example/example-stack';
import { CognitoApiAuth, CognitoApiAuthProps, CognitoScopesChecks, HostedUiDomain } from '../src';

/** Findings on resources the tests create (not the library), each acknowledged with a reason. */
const TEST_API_ACKNOWLEDGEMENTS: Array<[string, string]> = [
  ['AwsSolutions-APIG1', 'Test API: access logging is the application\'s choice, not part of cdk-cognito-scopes.'],
  ['AwsSolutions-APIG2', 'Test API: request validation is the application\'s choice, not part of cdk-cognito-scopes.'],
  ['AwsSolutions-APIG3', 'Test API: WAF is the application\'s choice, not part of cdk-cognito-scopes.'],
  ['AwsSolutions-APIG6', 'Test API: execution logging is the application\'s choice, not part of cdk-cognito-scopes.'],
  ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'Test API: the CloudWatch role RestApi creates by default uses the AWS managed policy.'],
];

function acknowledgeTestApi(api: IConstruct) {
  for (const [id, reason] of TEST_API_ACKNOWLEDGEMENTS) Validations.of(api).acknowledge({ id, reason });
}

function violationsOf(app: App) {
  return new AwsSolutionsChecks().validateScope(app).violations
    .flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity, path: r.constructPath ?? '' })));
}

const read = () => new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });

function canonical(props: Partial<CognitoApiAuthProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
  const auth = new CognitoApiAuth(stack, 'Auth', {
    resourceServerIdentifier: 'com.example.api',
    scopes: [read()],
    domain: HostedUiDomain.cognitoPrefix('nag-test-auth'),
    ...props,
  });
  auth.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: [auth.scope('read')] });
  auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
  const api = new apigateway.RestApi(stack, 'Api');
  api.root.addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(auth.scope('read')));
  api.root.addResource('me').addMethod('GET', new apigateway.MockIntegration(), auth.requireIdToken());
  auth.addCorsGatewayResponses(api);
  acknowledgeTestApi(api);
  return { app, stack, auth };
}

describe('cdk-nag AwsSolutions', () => {
  test('default configuration: no findings at all (the library acknowledges COG2 and COG8 for its own defaults)', () => {
    const { app } = canonical();
    expect(violationsOf(app)).toEqual([]);
  });

  test('the acknowledgements are made by the construct on its own user pool, with reasons', () => {
    const { auth } = canonical();
    const acks = auth.userPool.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((m) => m.data);
    const merged = Object.assign({}, ...acks);
    const byId = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k.replace(/^annotation::/i, ''), v]));
    expect(Object.keys(byId).sort()).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
    expect(JSON.stringify(byId['AwsSolutions-COG2'])).toContain('set mfa: cognito.Mfa.REQUIRED');
    expect(JSON.stringify(byId['AwsSolutions-COG8'])).toContain('threat protection costs money');
  });

  test('explicitly weaker choices are not acknowledged by the library: COG2 and COG8 surface', () => {
    const { app } = canonical({ mfa: cognito.Mfa.OPTIONAL, featurePlan: cognito.FeaturePlan.ESSENTIALS });
    expect(violationsOf(app).map((v) => `${v.rule} ${v.path}`).sort()).toEqual([
      'AwsSolutions-COG2 Stack/Auth/UserPool/Resource',
      'AwsSolutions-COG8 Stack/Auth/UserPool/Resource',
    ]);
  });

  test('MFA required and PLUS: clean without any acknowledgement', () => {
    const { app, auth } = canonical({ mfa: cognito.Mfa.REQUIRED, featurePlan: cognito.FeaturePlan.PLUS });
    expect(violationsOf(app)).toEqual([]);
    expect(auth.userPool.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
  });

  test('imported pool: nothing the library creates is flagged', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { region: 'us-east-1' } });
    const auth = new CognitoApiAuth(stack, 'Auth', {
      userPool: cognito.UserPool.fromUserPoolId(stack, 'Pool', 'us-east-1_AbCdEf123'),
      resourceServerIdentifier: 'com.example.api',
      scopes: [read()],
    });
    auth.addMachineClient('Machine', { scopes: [auth.scope('read')] });
    expect(violationsOf(app)).toEqual([]);
  });

  test('as a policy validation plugin, the example app synthesizes with no error-level finding', () => {
    const app = new App();
    const stack = buildExampleApp(app);
    acknowledgeTestApi(stack.api);
    acknowledgeTestApi(stack.httpApi);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const assembly = app.synth();
    expect(assembly.getStackByName(stack.stackName).template.Resources).toBeDefined();
    expect(violationsOf(app)).toEqual([]);
  });

  test('the plugin does fail synthesis when a finding is not acknowledged (the harness can fail)', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new CognitoApiAuth(stack, 'Auth', { resourceServerIdentifier: 'com.example.api', scopes: [read()], featurePlan: cognito.FeaturePlan.ESSENTIALS });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('The Cognito user pool is not on the plus tier / feature plan. (AwsSolutions)');
    expect(message).toContain('Stack/Auth/UserPool/Resource');
    // MFA was left at the library default, so COG2 stays acknowledged.
    expect(message).not.toContain('does not require MFA');
  });

  describe('a deliberately public method is one call with one reason', () => {
    /** The canonical app with a public health method, cdk-nag and this library's plugin registered. */
    function withHealth(add: (auth: CognitoApiAuth, resource: apigateway.IResource) => void) {
      const { app, stack, auth } = canonical();
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CognitoScopesChecks({ warningsAsErrors: true }));
      const api = stack.node.findChild('Api') as apigateway.RestApi;
      add(auth, api.root.addResource('health'));
      return { app, stack };
    }

    test('addPublicMethod: synthesis succeeds with cdk-nag and CognitoScopesChecks (warnings as errors), and nothing is left unacknowledged', () => {
      const { app, stack } = withHealth((auth, health) => {
        auth.addPublicMethod(health, 'GET', new apigateway.MockIntegration(), { reason: 'Health check for the load balancer; returns no data' });
      });
      expect(() => app.synth()).not.toThrow();
      expect(violationsOf(app)).toEqual([]);
      AnnotationsAssert.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('the same method through allowPublic() and plain addMethod needs the three acknowledgements (the harness can fail)', () => {
      const { app } = withHealth((auth, health) => {
        health.addMethod('GET', new apigateway.MockIntegration(), auth.allowPublic());
      });
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain('AwsSolutions-APIG4');
      expect(message).toContain('AwsSolutions-COG4');
      expect(message).toContain('cdk-cognito-scopes::PublicMethodOnCognitoApi');
    });

    test('the acknowledgements carry the one reason, on the method', () => {
      const { stack } = withHealth((auth, health) => {
        auth.addPublicMethod(health, 'GET', new apigateway.MockIntegration(), { reason: 'Public price list' });
      });
      const method = stack.node.findChild('Api').node.findChild('Default').node.findChild('health').node.findChild('GET');
      const entries = method.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      const acks = Object.assign({}, ...entries.map((m) => m.data));
      expect(acks).toEqual({
        'cdk-cognito-scopes::PublicMethodOnCognitoApi': 'Public price list',
        'Annotation::AwsSolutions-APIG4': 'Public price list',
        'Annotation::AwsSolutions-COG4': 'Public price list',
      });
    });

    test('addPublicMethod refuses an empty reason and authorization settings', () => {
      const { stack, auth } = canonical();
      const api = stack.node.findChild('Api') as apigateway.RestApi;
      expect(() => auth.addPublicMethod(api.root.addResource('a'), 'GET', new apigateway.MockIntegration(), { reason: ' ' })).toThrow(
        "[cdk-cognito-scopes] Stack/Auth: addPublicMethod() needs a reason: got ' '. Say why the method is public, e.g. { reason: 'Health check; returns no data' }.",
      );
      expect(() => auth.addPublicMethod(api.root.addResource('b'), 'GET', new apigateway.MockIntegration(), {
        reason: 'x',
        methodOptions: auth.requireScopes(auth.scope('read')),
      })).toThrow(
        '[cdk-cognito-scopes] Stack/Auth: addPublicMethod() adds a public method, so methodOptions must not set authorization: '
        + 'got authorizer, authorizationScopes, authorizationType COGNITO_USER_POOLS. Remove them, or use addMethod() with requireScopes() or requireIdToken() for a protected method.',
      );
    });
  });
});
