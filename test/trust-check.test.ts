/**
 * `check` never stays silent about what it did not analyse (DESIGN.md §6): every API, authorizer,
 * SAM event, nested stack or macro the model does not read is a NotAnalysed info finding, counted
 * in the summary line, and never changes the exit code.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from './cli-helpers';
import { main } from '../src/cli/main';

type Json = Record<string, any>;

const SAM_WHY = 'cdk-cognito-scopes reads AWS::Serverless::Api, AWS::Serverless::HttpApi and the Api and HttpApi events of AWS::Serverless::Function as written, not this';
const V2_WHY = 'it is a WebSocket API, which cdk-cognito-scopes does not model (it reads HTTP APIs)';
const SAM_FIX =
  "Check this resource's Auth settings another way (review, tests against the deployed API), or run check on the template the SAM transform produces " +
  '(after deployment: aws cloudformation get-template --template-stage Processed), whose REST and HTTP APIs are checked.';
const OPENAPI_FIX =
  'Write the OpenAPI definition in the template (Body) or as a CDK asset (SpecRestApi with ApiDefinition.fromAsset, checked from the cdk.out), ' +
  "whose operations are checked; otherwise check the definition's security schemes and scopes another way.";
const HTTP_FIX =
  'cdk-cognito-scopes reads HTTP APIs declared as AWS::ApiGatewayV2::Route and Authorizer resources or by an OpenAPI definition in the template (Body) or in the cloud assembly, not WebSocket APIs nor OpenAPI files in S3: ' +
  'check the authorizers and route scopes another way (e.g. with tests against the deployed API), or write the definition inline (Body) or declare the routes as resources (in CDK: HttpApi.addRoutes).';
const NESTED_FIX =
  "Give check the cdk.out directory (or the parent template next to the nested stack's template asset) so that the nested template is loaded, " +
  'or run check on the nested template itself.';

const POOL = { Type: 'AWS::Cognito::UserPool', Properties: {} };
const SAM = 'AWS::Serverless-2016-10-31';

const CASES: Array<[string, Json, Array<[string, string]>, string]> = [
  [
    'SAM Api with its definition in a file (DefinitionUri)',
    {
      Transform: SAM,
      Resources: {
        UserPool: POOL,
        MyApi: {
          Type: 'AWS::Serverless::Api',
          Properties: {
            StageName: 'prod',
            DefinitionUri: 's3://bucket/api.yaml',
            Auth: { DefaultAuthorizer: 'Cognito', Authorizers: { Cognito: { UserPoolArn: { 'Fn::GetAtt': ['UserPool', 'Arn'] } } }, AuthorizationScopes: ['items/read'] },
          },
        },
      },
    },
    [['MyApi', 'AWS::Serverless::Api MyApi is not analysed: its OpenAPI definition is a file (DefinitionUri), which cdk-cognito-scopes does not read; its methods, authorizers and scopes were not checked.']],
    SAM_FIX,
  ],
  [
    'SAM HttpApi with its definition in a file (DefinitionUri)',
    {
      Transform: SAM,
      Resources: {
        Http: {
          Type: 'AWS::Serverless::HttpApi',
          Properties: {
            DefinitionUri: 's3://my-specs/http-api.yaml',
            Auth: { DefaultAuthorizer: 'Jwt', Authorizers: { Jwt: { JwtConfiguration: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audience: ['x'] } } } },
          },
        },
      },
    },
    [['Http', 'AWS::Serverless::HttpApi Http is not analysed: its OpenAPI definition is a file (DefinitionUri) beside Auth, which SAM rejects ("works only with inline OpenApi specified in the \'DefinitionBody\' property"); its routes, authorizers and scopes were not checked.']],
    SAM_FIX,
  ],
  [
    'state machines with API events are named; functions with Api and HttpApi events are read, a function without one is not named',
    {
      Transform: [SAM],
      Resources: {
        Items: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Handler: 'index.handler',
            Runtime: 'nodejs20.x',
            Events: {
              GetItems: { Type: 'Api', Properties: { Path: '/items', Method: 'get', Auth: { Authorizer: 'Cognito' } } },
              Nightly: { Type: 'Schedule', Properties: { Schedule: 'rate(1 day)' } },
              PostItems: { Type: 'HttpApi', Properties: { Path: '/items', Method: 'post' } },
            },
          },
        },
        Cron: { Type: 'AWS::Serverless::Function', Properties: { Events: { Nightly: { Type: 'Schedule', Properties: { Schedule: 'rate(1 day)' } } } } },
        Flow: { Type: 'AWS::Serverless::StateMachine', Properties: { Events: { Start: { Type: 'Api', Properties: { Path: '/start', Method: 'post' } } } } },
      },
    },
    [
      ['Flow', `AWS::Serverless::StateMachine Flow is not analysed: ${SAM_WHY}; its event 'Start' (Api) declares API methods whose authorizers and scopes were not checked.`],
    ],
    SAM_FIX,
  ],
  [
    'Serverless::Application',
    { Transform: SAM, Resources: { Auth: { Type: 'AWS::Serverless::Application', Properties: { Location: './auth/template.yaml' } } } },
    [
      [
        'Auth',
        `AWS::Serverless::Application Auth is not analysed: ${SAM_WHY} and the application's template is not loaded; the APIs, authorizers and scopes it deploys were not checked.`,
      ],
    ],
    SAM_FIX,
  ],
  [
    'RestApi with an OpenAPI Body',
    {
      Resources: {
        Api: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: { Name: 'spec', Body: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/openapi.yaml' } } } },
        },
      },
    },
    [
      [
        'Api',
        'AWS::ApiGateway::RestApi Api is not analysed: its OpenAPI definition could not be read (Fn::Transform is not evaluated); ' +
          'the methods, authorizers and scopes it declares were not checked.',
      ],
    ],
    OPENAPI_FIX,
  ],
  [
    'RestApi with BodyS3Location',
    { Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'spec', BodyS3Location: { Bucket: 'b', Key: 'openapi.yaml' } } } } },
    [
      [
        'Api',
        'AWS::ApiGateway::RestApi Api is not analysed: its methods are defined by an OpenAPI definition in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; ' +
          'the methods, authorizers and scopes it declares were not checked.',
      ],
    ],
    OPENAPI_FIX,
  ],
  [
    'a WebSocket API with its authorizer and route (covered by the API); HTTP APIs are read',
    {
      Resources: {
        UserPool: POOL,
        Ws: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'ws', ProtocolType: 'WEBSOCKET' } },
        WsAuth: { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: { ApiId: { Ref: 'Ws' }, AuthorizerType: 'REQUEST', Name: 'lambda' } },
        WsRoute: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: '$connect', AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'WsAuth' } } },
        Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'HTTP' } },
      },
    },
    [['Ws', `AWS::ApiGatewayV2::Api Ws is not analysed: ${V2_WHY}; its routes, authorizers and scopes were not checked.`]],
    HTTP_FIX,
  ],
  [
    'nested stack whose template is missing',
    { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/child.json' } } } },
    [
      [
        'Child',
        "AWS::CloudFormation::Stack Child is not analysed: its template (TemplateURL 'https://s3.amazonaws.com/bucket/child.json') was not loaded; " +
          'the APIs, authorizers and scopes it defines were not checked.',
      ],
    ],
    NESTED_FIX,
  ],
];

describe('check names what it did not analyse', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-check-'));
  });

  test.each(CASES)('%s', async (_name, template, expected, fix) => {
    const file = path.join(tmp, 'x.json');
    fs.writeFileSync(file, JSON.stringify(template));

    const json = capture();
    expect(await main(['check', file, '--format', 'json'], json)).toBe(0);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout);
    expect(out.findings).toEqual(
      expected.map(([resource, message]) => ({ ruleId: 'NotAnalysed', severity: 'info', template: 'x.json', resource, path: null, message, fix, acknowledged: null, baselined: false })),
    );
    expect(out.summary).toEqual({ errors: 0, warnings: 0, notAnalysed: expected.length });

    const text = capture();
    expect(await main(['check', file], text)).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    const n = expected.length;
    expect(lines[lines.length - 1]).toBe(`0 errors, 0 warnings, ${n} resource${n === 1 ? '' : 's'} not analysed in 1 template (x.json)`);
    for (const [resource, message] of expected) {
      const at = lines.indexOf(`  ${resource}`);
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(`    INFO    NotAnalysed: ${message}`);
      expect(lines[at + 2]).toBe(`            fix: ${fix}`);
    }
  });

  test('a template macro other than SAM is named; SAM resources that declare no API are not', async () => {
    const file = path.join(tmp, 'macro.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        Transform: ['AWS::LanguageExtensions', SAM],
        Resources: { Table: { Type: 'AWS::Serverless::SimpleTable' }, Layer: { Type: 'AWS::Serverless::LayerVersion', Properties: { ContentUri: '.' } } },
      }),
    );
    const c = capture();
    expect(await main(['check', file, '--format', 'json'], c)).toBe(0);
    expect(JSON.parse(c.stdout).findings).toEqual([
      {
        ruleId: 'NotAnalysed',
        severity: 'info',
        template: 'macro.json',
        resource: 'AWS::LanguageExtensions',
        path: null,
        message:
          "Transform 'AWS::LanguageExtensions' is not analysed: the template is changed by this macro at deploy time and the model reads it as written; " +
          'the resources the macro adds or changes were not checked.',
        fix: 'Run check on the processed template (after deployment: aws cloudformation get-template --template-stage Processed), or check the resources the macro adds another way.',
        acknowledged: null,
        baselined: false,
      },
    ]);
  });

  test('a REST API with a Lambda (TOKEN) authorizer: nothing is reported as not analysed, and the summary line stays short', async () => {
    const file = path.join(tmp, 'plain.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Pool: POOL,
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
          Lambda: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'TOKEN', Name: 'lambda', AuthorizerUri: 'arn:aws:lambda' } },
        },
      }),
    );
    const c = capture();
    expect(await main(['check', file], c)).toBe(0);
    expect(c.stdout.trimEnd()).toBe('0 errors, 0 warnings in 1 template (plain.json)');
  });

  test('errors come first and still fail; the summary counts errors, warnings and what was not analysed', async () => {
    const file = path.join(tmp, 'mixed.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          Spec: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'spec', Body: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } } } },
          Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'WEBSOCKET' } },
          Authz: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Spec' }, Type: 'COGNITO_USER_POOLS', Name: 'c', AuthorizerResultTtlInSeconds: 7200, ProviderARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'] } },
        },
      }),
    );
    const c = capture();
    expect(await main(['check', file, '--format', 'json'], c)).toBe(1);
    const out = JSON.parse(c.stdout);
    expect(out.findings.map((f: Json) => [f.severity, f.ruleId, f.resource])).toEqual([
      ['error', 'InvalidAuthorizerTtl', 'Authz'],
      ['info', 'NotAnalysed', 'Http'],
      ['info', 'NotAnalysed', 'Spec'],
    ]);
    expect(out.summary).toEqual({ errors: 1, warnings: 0, notAnalysed: 2 });
    const t = capture();
    expect(await main(['check', file], t)).toBe(1);
    expect(t.stdout.trimEnd().split('\n').pop()).toBe('1 error, 0 warnings, 2 resources not analysed in 1 template (mixed.json)');
  });

  test('a nested stack whose template sits next to its parent is followed, not reported', async () => {
    const dir = path.join(tmp, 'assembly');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'child.nested.template.json'), JSON.stringify({ Resources: { Pool: POOL } }));
    fs.writeFileSync(
      path.join(dir, 'Parent.template.json'),
      JSON.stringify({
        Resources: {
          Child: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'child.nested.template.json' }, Properties: { TemplateURL: 'x' } },
          Lost: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'missing.nested.template.json' }, Properties: { TemplateURL: { 'Fn::Join': ['', ['https://', 'x']] } } },
        },
      }),
    );
    const c = capture();
    expect(await main(['check', path.join(dir, 'Parent.template.json'), '--format', 'json'], c)).toBe(0);
    expect(JSON.parse(c.stdout).findings.map((f: Json) => [f.resource, f.message])).toEqual([
      ['Lost', 'AWS::CloudFormation::Stack Lost is not analysed: its template was not loaded; the APIs, authorizers and scopes it defines were not checked.'],
    ]);
  });

  test('logical ids and event names in NotAnalysed messages are made safe (control characters escaped, cut)', async () => {
    const file = path.join(tmp, 'evil.json');
    const long = 'E'.repeat(5000);
    fs.writeFileSync(
      file,
      JSON.stringify({
        Resources: {
          'Api\nERROR   fake': { Type: 'AWS::Serverless::Api', Properties: { DefinitionUri: './api.yaml' } },
          'Fn': { Type: 'AWS::Serverless::Function', Properties: { Events: { [long]: { Type: 'Api' } } } },
        },
      }),
    );
    const c = capture();
    expect(await main(['check', file, '--format', 'json'], c)).toBe(0);
    const messages = JSON.parse(c.stdout).findings.map((f: Json) => f.message);
    expect(messages).toEqual([
      'AWS::Serverless::Api Api\\nERROR   fake is not analysed: its OpenAPI definition is a file (DefinitionUri), which cdk-cognito-scopes does not read; its methods, authorizers and scopes were not checked.',
      `AWS::Serverless::Function Fn is not analysed: ${SAM_WHY}; its event '${'E'.repeat(200)}… (4800 more characters)' (Api) declares API methods whose authorizers and scopes were not checked.`,
    ]);
    const t = capture();
    expect(await main(['check', file], t)).toBe(0);
    // the logical id heads its group on one line: no line of the output starts with a fake severity
    expect(t.stdout.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([]);
    expect(t.stdout).toContain('  Api\\nERROR   fake\n');
  });
});
