import { brief, changed, check, checkAll, model } from './fixtures';

describe('NotAnalysed', () => {
  test('the model records what it did not read; the rule reports each element as info, next to the findings on what it did read', () => {
    const t = changed({
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'HTTP' } },
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
        reason: 'HTTP and WebSocket APIs (AWS::ApiGatewayV2::*) are not modelled yet; its routes, authorizers and scopes were not checked',
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
        message: 'AWS::ApiGatewayV2::Api Http is not analysed: HTTP and WebSocket APIs (AWS::ApiGatewayV2::*) are not modelled yet; its routes, authorizers and scopes were not checked.',
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
});
