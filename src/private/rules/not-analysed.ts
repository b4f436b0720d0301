/**
 * What the model did not read (DESIGN.md §6): `check` names every API, authorizer, SAM event,
 * nested stack or macro it did not analyse, so that "0 errors" means "looked, and found nothing".
 */
import { Rule, finding } from './rule';
import { q } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, NotAnalysedKind, NotAnalysedModel } from '../model/types';
import { safeValue } from '../safe-text';

/** What the user can do, per kind of element not analysed. */
const FIX: Record<NotAnalysedKind, string> = {
  'sam':
    "Check this resource's Auth settings another way (review, tests against the deployed API), or run check on the template the SAM transform produces " +
    '(after deployment: aws cloudformation get-template --template-stage Processed), whose REST and HTTP APIs are checked.',
  'openapi':
    'Write the OpenAPI definition in the template (Body) or as a CDK asset (SpecRestApi with ApiDefinition.fromAsset, checked from the cdk.out), ' +
    "whose operations are checked; otherwise check the definition's security schemes and scopes another way.",
  'http-api':
    'cdk-cognito-scopes reads HTTP APIs declared as AWS::ApiGatewayV2::Route and Authorizer resources or by an OpenAPI definition in the template (Body) or in the cloud assembly, not WebSocket APIs nor OpenAPI files in S3: ' +
    'check the authorizers and route scopes another way (e.g. with tests against the deployed API), or write the definition inline (Body) or declare the routes as resources (in CDK: HttpApi.addRoutes).',
  'nested-stack':
    "Give check the cdk.out directory (or the parent template next to the nested stack's template asset) so that the nested template is loaded, " +
    'or run check on the nested template itself.',
  'transform':
    'Run check on the processed template (after deployment: aws cloudformation get-template --template-stage Processed), ' +
    'or check the resources the macro adds another way.',
};

/** `AWS::Serverless::Api MyApi`, or `Transform 'Macro'` for a template macro. */
function subject(n: NotAnalysedModel): string {
  return n.kind === 'transform' ? `Transform ${q(n.logicalId)}` : `${n.resourceType} ${safeValue(n.logicalId)}`;
}

export const NOT_ANALYSED: Rule = {
  id: 'NotAnalysed',
  severity: 'info',
  summary:
    'The templates declare an API, authorizer, SAM API event, nested stack or macro that cdk-cognito-scopes cannot read: ' +
    'OpenAPI definitions in S3 outside the cloud assembly or otherwise unreadable, REST APIs copied with CloneFrom, ' +
    'SAM DefinitionUri in S3 or combined with Auth/Cors (HttpApi: Auth/CorsConfiguration), state-machine API events, WebSocket APIs, ' +
    'nested stacks whose template was not loaded, Transform macros.',
  why: 'Its methods, authorizers and scopes were not checked: "0 errors" covers only what was analysed, and this note names what was not. It never fails a check.',
  fix:
    'Check these resources another way, or declare them in a form that is read (AWS::ApiGateway::* resources, an inline OpenAPI Body or a CDK asset, ' +
    'SAM Auth as written); for a nested stack, give check the whole cdk.out, or the parent template with its nested templates beside it.',
  check(index: ModelIndex): Finding[] {
    return index.model.notAnalysed.map((n) => finding(this, n, `${subject(n)} is not analysed: ${n.reason}.`, FIX[n.kind]));
  },
};

export const NOT_ANALYSED_RULES: Rule[] = [NOT_ANALYSED];
