import { brief, check, checkAll } from './fixtures';
import { parseTemplateText } from '../../src/private/model/load';

describe('values that cannot be resolved are never judged', () => {
  test('a template whose every interesting value is a parameter without default has no finding', () => {
    const p = (name: string) => ({ Ref: name });
    const names = ['Ident', 'RsName', 'Scopes', 'Flows', 'ClientScopes', 'Secret', 'OAuth', 'Callbacks', 'Logouts', 'Default', 'Validity', 'Units',
      'Prefix', 'AuthType', 'Arns', 'Ttl', 'Expr', 'MethodType', 'MethodScopes', 'Verb', 'RespType', 'RespParams'];
    const t = {
      Parameters: Object.fromEntries(names.map((n) => [n, { Type: 'String' }])),
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
        Rs: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: p('Pool'), Identifier: p('Ident'), Name: p('RsName'), Scopes: p('Scopes') } },
        Client: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: {
            UserPoolId: p('Pool'),
            AllowedOAuthFlowsUserPoolClient: p('OAuth'),
            AllowedOAuthFlows: p('Flows'),
            AllowedOAuthScopes: p('ClientScopes'),
            GenerateSecret: p('Secret'),
            CallbackURLs: p('Callbacks'),
            LogoutURLs: p('Logouts'),
            DefaultRedirectURI: p('Default'),
            AccessTokenValidity: p('Validity'),
            TokenValidityUnits: p('Units'),
          },
        },
        Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: p('Pool'), Domain: p('Prefix') } },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'x' } },
        Authz: {
          Type: 'AWS::ApiGateway::Authorizer',
          Properties: { RestApiId: p('Api'), Type: p('AuthType'), ProviderARNs: p('Arns'), AuthorizerResultTtlInSeconds: p('Ttl'), IdentityValidationExpression: p('Expr') },
        },
        M: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: p('Api'),
            ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            HttpMethod: p('Verb'),
            AuthorizationType: p('MethodType'),
            AuthorizerId: p('Authz'),
            AuthorizationScopes: p('MethodScopes'),
          },
        },
        Resp: { Type: 'AWS::ApiGateway::GatewayResponse', Properties: { RestApiId: p('Api'), ResponseType: p('RespType'), ResponseParameters: p('RespParams') } },
      },
    };
    expect(brief(checkAll(t))).toEqual([]);
  });

  test('an authorizer pool imported from a stack we were not given: scope rules stay silent', () => {
    const t = {
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'x' } },
        Authz: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::ImportValue': 'PoolArn' }] } },
        M: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            RestApiId: { Ref: 'Api' },
            ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            HttpMethod: 'GET',
            AuthorizationType: 'COGNITO_USER_POOLS',
            AuthorizerId: { Ref: 'Authz' },
            AuthorizationScopes: ['com.example.api/read'],
          },
        },
      },
    };
    expect(checkAll(t)).toEqual([]);
  });
});

describe('YAML templates (CLI door)', () => {
  const yaml = [
    'Resources:',
    '  Pool: { Type: AWS::Cognito::UserPool }',
    '  Rs:',
    '    Type: AWS::Cognito::UserPoolResourceServer',
    '    Properties:',
    '      UserPoolId: !Ref Pool',
    '      Identifier: https://api.example.com',
    '      Name: https://api.example.com',
    '      Scopes: [{ ScopeName: read, ScopeDescription: Read }]',
    '  Machine:',
    '    Type: AWS::Cognito::UserPoolClient',
    '    Properties:',
    '      UserPoolId: !Ref Pool',
    '      AllowedOAuthFlowsUserPoolClient: true',
    '      AllowedOAuthFlows: [client_credentials, code]',
    '      AllowedOAuthScopes: [https://api.example.com/read]',
    '      CallbackURLs: [https://app.example.com/cb]',
    '  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: items } }',
    '  Authz:',
    '    Type: AWS::ApiGateway::Authorizer',
    '    Properties:',
    '      RestApiId: !Ref Api',
    '      Type: COGNITO_USER_POOLS',
    '      ProviderARNs: [!GetAtt Pool.Arn]',
    '  Items:',
    '    Type: AWS::ApiGateway::Resource',
    '    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }',
    '  GetItems:',
    '    Type: AWS::ApiGateway::Method',
    '    Properties:',
    '      RestApiId: !Ref Api',
    '      ResourceId: !Ref Items',
    '      HttpMethod: GET',
    '      AuthorizationType: COGNITO_USER_POOLS',
    '      AuthorizerId: !Ref Authz',
    '      AuthorizationScopes: [read]',
  ].join('\n');

  test('every mistake of a hand-written template is reported (NoDomainForCustomScopes waits until the scope is written in full)', () => {
    const t = parseTemplateText(yaml, 'api.yaml');
    const findings = checkAll(['api.yaml', t]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.logicalId])).toEqual([
      ['ShortMethodScope', 'error', 'GetItems'],
      ['ClientBeforeResourceServer', 'error', 'Machine'],
      ['ClientCredentialsWithOtherFlows', 'error', 'Machine'],
      ['ClientCredentialsWithoutSecret', 'error', 'Machine'],
      ['InvalidResourceServerName', 'error', 'Rs'],
    ]);
    expect(check('ShortMethodScope', ['api.yaml', t])[0].message).toBe(
      "Method GET /items (api.yaml/GetItems) requires scope 'read', written short: no access token ever carries 'read', so every call gets 401. " +
        "Resource server api.yaml/Rs defines it as 'https://api.example.com/read'.",
    );
  });
});
