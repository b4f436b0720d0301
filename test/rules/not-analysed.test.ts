import { brief, changed, check, checkAll, model } from './fixtures';

describe('NotAnalysed', () => {
  test('the model records what it did not read; the rule reports each element as info, next to the findings on what it did read', () => {
    const t = changed({
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'WEBSOCKET' } },
      GetItems: { Properties: { AuthorizationScopes: ['read'] } },
    });
    expect(model(t).notAnalysed).toEqual([
      {
        key: 'T#Http',
        template: 'T',
        logicalId: 'Http',
        constructPath: undefined,
        resourceType: 'AWS::ApiGatewayV2::Api',
        kind: 'http-api',
        reason: 'it is a WebSocket API, which cdk-cognito-scopes does not model (it reads HTTP APIs); its routes, authorizers and scopes were not checked',
      },
    ]);
    expect(brief(checkAll(t)).map((f) => [f.ruleId, f.severity, f.logicalId])).toEqual([
      ['ShortMethodScope', 'error', 'GetItems'],
      ['NotAnalysed', 'info', 'Http'],
    ]);
    expect(brief(check('NotAnalysed', t))).toEqual([
      {
        ruleId: 'NotAnalysed',
        severity: 'info',
        logicalId: 'Http',
        message: 'AWS::ApiGatewayV2::Api Http is not analysed: it is a WebSocket API, which cdk-cognito-scopes does not model (it reads HTTP APIs); its routes, authorizers and scopes were not checked.',
      },
    ]);
  });

  test('Lambda (TOKEN/REQUEST) authorizers are modelled as not Cognito: not reported', () => {
    const t = changed({
      Lambda: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'REQUEST', Name: 'lambda', AuthorizerUri: 'arn:aws:lambda' } },
    });
    expect(check('NotAnalysed', t)).toEqual([]);
    expect(model(t).notAnalysed).toEqual([]);
  });

  test('a SAM event whose Type cannot be read may declare an API method; Events that cannot be read at all are named too', () => {
    const t = changed({
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Events: { Get: { Type: { 'Fn::If': ['C', 'Api', 'SQS'] } }, Queue: { Type: 'SQS' } } } },
      Fn2: { Type: 'AWS::Serverless::Function', Properties: { Events: { 'Fn::If': ['C', {}, {}] } } },
    });
    expect(brief(check('NotAnalysed', t)).map((f) => [f.logicalId, f.message])).toEqual([
      [
        'Fn',
        'AWS::Serverless::Function Fn is not analysed: cdk-cognito-scopes reads AWS::Serverless::Api, AWS::Serverless::HttpApi and the Api and HttpApi events of AWS::Serverless::Function as written, not this; ' +
          "its event 'Get' (Type not read) may declare API methods whose authorizers and scopes were not checked.",
      ],
      [
        'Fn2',
        'AWS::Serverless::Function Fn2 is not analysed: cdk-cognito-scopes reads AWS::Serverless::Api, AWS::Serverless::HttpApi and the Api and HttpApi events of AWS::Serverless::Function as written, not this ' +
          'and its Events could not be read; the API events it may declare, their authorizers and scopes were not checked.',
      ],
    ]);
  });

  test('a REST API copied from another (CloneFrom): its copied methods are named as not checked', () => {
    const t = changed({ Api: { Properties: { CloneFrom: 'abc123' } } });
    expect(brief(check('NotAnalysed', t))).toEqual([
      {
        ruleId: 'NotAnalysed',
        severity: 'info',
        logicalId: 'Api',
        message:
          'AWS::ApiGateway::RestApi Api is not analysed: its methods are copied from another REST API (CloneFrom) at deploy time; ' +
          'the methods, authorizers and scopes it copies were not checked.',
      },
    ]);
  });
});
