/**
 * The construct door (CognitoApiAuth's synth-time validation): NotAnalysed notes become info
 * annotations with the id `cdk-cognito-scopes:NotAnalysed`, never errors.
 */
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CognitoApiAuth, HostedUiDomain } from '../src';
import { buildModel } from '../src/private/model/build';
import { renderStack } from '../src/private/model/from-stack';
import { checkStack } from '../src/private/stack-validation';

function authStack() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1' } });
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const auth = new CognitoApiAuth(stack, 'Auth', { resourceServerIdentifier: 'com.example.api', scopes: [read], domain: HostedUiDomain.cognitoPrefix('trust-doors') });
  auth.addMachineClient('Machine', { scopes: [read] });
  return { app, stack, auth, read };
}

describe('construct door: info notes', () => {
  test('a SpecRestApi whose definition is in a bucket, next to the L3: synthesis succeeds, an info annotation names it, no error', () => {
    const { app, stack } = authStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Specs', 'my-specs');
    const spec = new apigateway.SpecRestApi(stack, 'Spec', { apiDefinition: apigateway.ApiDefinition.fromBucket(bucket, 'api.yaml') });
    expect(checkStack(stack)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
    const message =
      '[cdk-cognito-scopes::NotAnalysed] Stack/Spec: AWS::ApiGateway::RestApi ' +
      stack.getLogicalId(spec.node.defaultChild as apigateway.CfnRestApi) +
      ' is not analysed: its methods are defined by an OpenAPI definition in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; ' +
      'the methods, authorizers and scopes it declares were not checked. Fix: Write the OpenAPI definition in the template (Body)';
    const annotations = Annotations.fromStack(stack);
    annotations.hasInfo('/Stack/Spec/Resource', Match.stringLikeRegexp(`^${escape(message)}.*\\[ack: cdk-cognito-scopes::NotAnalysed\\]$`));
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasNoWarning('*', Match.stringLikeRegexp('NotAnalysed'));
  });

  test('a nested stack is rendered from the construct tree: it is analysed, not reported', () => {
    const { app, stack, auth, read } = authStack();
    const nested = new NestedStack(stack, 'Methods');
    const api = new apigateway.RestApi(nested, 'Api');
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), auth.requireScopes(read));
    // The nested stack's methods are in the model the door checks, and nothing is recorded as not analysed.
    const model = buildModel([renderStack(stack).input]);
    expect(model.methods.map((m) => [m.httpMethod, m.path, m.scopes])).toEqual([['GET', '/items', ['com.example.api/read']]]);
    expect(model.notAnalysed).toEqual([]);
    expect(checkStack(stack)).toEqual([]);
    app.synth();
    Annotations.fromStack(stack).hasNoInfo('*', Match.stringLikeRegexp('NotAnalysed'));
  });

  test('an info note can be acknowledged like a warning', () => {
    const { app, stack } = authStack();
    const spec = new apigateway.SpecRestApi(stack, 'Spec', { apiDefinition: apigateway.ApiDefinition.fromBucket(s3.Bucket.fromBucketName(stack, 'Specs', 'my-specs'), 'api.yaml') });
    spec.node.defaultChild!.node.addMetadata('aws:cdk:acknowledged-rules', { 'cdk-cognito-scopes::NotAnalysed': 'checked by our contract tests' });
    app.synth();
    Annotations.fromStack(stack).hasNoInfo('*', Match.stringLikeRegexp('NotAnalysed'));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
