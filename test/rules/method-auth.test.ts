import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { baseline, brief, changed, check, checkStack, method, preflight, publicMethod, withChanges } from './fixtures';
import { httpBaseline, route } from '../http-fixtures';

describe('ScopesOnNonCognitoMethod', () => {
  test('scopes on an AWS_IAM method', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined } } });
    expect(brief(check('ScopesOnNonCognitoMethod', t))).toEqual([
      {
        ruleId: 'ScopesOnNonCognitoMethod',
        severity: 'error',
        logicalId: 'GetItems',
        message: "Method GET /items (T/GetItems) has AuthorizationScopes 'com.example.api/read' but AuthorizationType 'AWS_IAM': scopes are only checked with COGNITO_USER_POOLS.",
      },
    ]);
  });

  test('no AuthorizationType at all means NONE', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationType: undefined, AuthorizerId: undefined } } });
    expect(check('ScopesOnNonCognitoMethod', t)[0].message).toContain("but AuthorizationType 'NONE'");
  });

  test('near miss: scopes on a Cognito method; an IAM method without scopes; an unknown type', () => {
    expect(check('ScopesOnNonCognitoMethod', baseline())).toEqual([]);
    expect(check('ScopesOnNonCognitoMethod', changed({ GetItems: { Properties: { AuthorizationType: 'AWS_IAM', AuthorizationScopes: undefined } } }))).toEqual([]);
    const t = changed({ GetItems: { Properties: { AuthorizationType: { Ref: 'AuthType' } } } });
    t.Parameters = { AuthType: { Type: 'String' } };
    expect(check('ScopesOnNonCognitoMethod', t)).toEqual([]);
  });
});

describe('CognitoMethodWithoutAuthorizer', () => {
  test('COGNITO_USER_POOLS without AuthorizerId', () => {
    const t = changed({ GetItems: { Properties: { AuthorizerId: undefined } } });
    expect(brief(check('CognitoMethodWithoutAuthorizer', t))).toEqual([
      {
        ruleId: 'CognitoMethodWithoutAuthorizer',
        severity: 'error',
        logicalId: 'GetItems',
        message: "Method GET /items (T/GetItems) has AuthorizationType 'COGNITO_USER_POOLS' but no AuthorizerId.",
      },
    ]);
  });

  test('near miss: an AuthorizerId, even an unresolved one', () => {
    expect(check('CognitoMethodWithoutAuthorizer', baseline())).toEqual([]);
    const t = changed({ GetItems: { Properties: { AuthorizerId: { 'Fn::ImportValue': 'authorizer-id' } } } });
    expect(check('CognitoMethodWithoutAuthorizer', t)).toEqual([]);
  });
});

describe('MethodAuthorizerTypeMismatch', () => {
  const lambdaAuthorizer = {
    Type: 'AWS::ApiGateway::Authorizer',
    Properties: { RestApiId: { Ref: 'Api' }, Name: 'lambda', Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', AuthorizerUri: 'arn:aws:apigateway:x' },
  };

  test('a COGNITO_USER_POOLS method with a TOKEN authorizer', () => {
    const t = changed({ Lambda: lambdaAuthorizer, GetItems: { Properties: { AuthorizerId: { Ref: 'Lambda' } } } });
    expect(brief(check('MethodAuthorizerTypeMismatch', t))).toEqual([
      {
        ruleId: 'MethodAuthorizerTypeMismatch',
        severity: 'error',
        logicalId: 'GetItems',
        message: "Method GET /items (T/GetItems) has AuthorizationType 'COGNITO_USER_POOLS' but its authorizer T/Lambda has Type 'TOKEN'.",
      },
    ]);
  });

  test('a CUSTOM method with the Cognito authorizer', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationType: 'CUSTOM', AuthorizationScopes: undefined } } });
    const [f] = check('MethodAuthorizerTypeMismatch', t);
    expect(f.message).toBe("Method GET /items (T/GetItems) has AuthorizationType 'CUSTOM' but its authorizer T/Authz has Type 'COGNITO_USER_POOLS'.");
    expect(f.fix).toBe("Set AuthorizationType to 'COGNITO_USER_POOLS' for the Cognito authorizer T/Authz.");
  });

  test('near miss: matching types; CUSTOM with a TOKEN authorizer; authorizer type unknown', () => {
    expect(check('MethodAuthorizerTypeMismatch', baseline())).toEqual([]);
    const custom = changed({ Lambda: lambdaAuthorizer, GetItems: { Properties: { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Lambda' }, AuthorizationScopes: undefined } } });
    expect(check('MethodAuthorizerTypeMismatch', custom)).toEqual([]);
    const unknown = changed({ Authz: { Properties: { Type: { Ref: 'AType' } } } });
    unknown.Parameters = { AType: { Type: 'String' } };
    expect(check('MethodAuthorizerTypeMismatch', unknown)).toEqual([]);
  });
});

describe('MethodAuthorizerTypeMismatch on HTTP routes', () => {
  const lambdaAuthorizer = {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: { ApiId: { Ref: 'Api' }, Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerUri: 'arn:aws:apigateway:x', AuthorizerPayloadFormatVersion: '2.0' },
  };

  test('a JWT route with a REQUEST authorizer', () => {
    const t = withChanges(httpBaseline(), { Lambda: lambdaAuthorizer, GetItems: route('GET /items', ['api/read'], { AuthorizerId: { Ref: 'Lambda' } }) });
    const [f, ...rest] = check('MethodAuthorizerTypeMismatch', t);
    expect(rest).toEqual([]);
    expect(f.logicalId).toBe('GetItems');
    expect(f.message).toBe("Route GET /items (T/GetItems) has AuthorizationType 'JWT' but its authorizer T/Lambda has AuthorizerType 'REQUEST'.");
    expect(f.fix).toBe("Set AuthorizationType to 'CUSTOM' for the Lambda authorizer T/Lambda, or use a JWT authorizer whose issuer is the user pool.");
  });

  test('a CUSTOM route with the JWT authorizer', () => {
    const t = withChanges(httpBaseline(), { GetItems: route('GET /items', undefined, { AuthorizationType: 'CUSTOM' }) });
    const [f] = check('MethodAuthorizerTypeMismatch', t);
    expect(f.message).toBe("Route GET /items (T/GetItems) has AuthorizationType 'CUSTOM' but its authorizer T/Jwt has AuthorizerType 'JWT'.");
    expect(f.fix).toBe("Set AuthorizationType to 'JWT' for the JWT authorizer T/Jwt.");
  });

  test('near miss: the baseline; a CUSTOM route with a REQUEST authorizer; an AWS_IAM route', () => {
    expect(check('MethodAuthorizerTypeMismatch', httpBaseline())).toEqual([]);
    const custom = withChanges(httpBaseline(), { Lambda: lambdaAuthorizer, GetItems: route('GET /items', undefined, { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Lambda' } }) });
    expect(check('MethodAuthorizerTypeMismatch', custom)).toEqual([]);
    const iam = withChanges(httpBaseline(), { GetItems: route('GET /items', undefined, { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined }) });
    expect(check('MethodAuthorizerTypeMismatch', iam)).toEqual([]);
  });
});

describe('PublicMethodOnCognitoApi', () => {
  test('a NONE method on an API with a Cognito authorizer', () => {
    const t = changed({ Health: publicMethod('GET', null) });
    const findings = check('PublicMethodOnCognitoApi', t);
    expect(brief(findings)).toEqual([
      {
        ruleId: 'PublicMethodOnCognitoApi',
        severity: 'warning',
        logicalId: 'Health',
        message:
          'Method GET / (T/Health) is public (AuthorizationType NONE) on REST API T/Api, which uses a Cognito authorizer: anyone can call it without a token.',
      },
    ]);
  });

  test('near miss: OPTIONS preflight; a public method on an API without Cognito', () => {
    expect(check('PublicMethodOnCognitoApi', changed({ Options: preflight('Items') }))).toEqual([]);
    const other = changed({
      Api2: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'public' } },
      Open: publicMethod('GET', null, { RestApiId: { Ref: 'Api2' }, ResourceId: { 'Fn::GetAtt': ['Api2', 'RootResourceId'] } }),
    });
    expect(check('PublicMethodOnCognitoApi', other)).toEqual([]);
  });

  test('from a CDK stack: a method added without the authorizer', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    const api = new apigateway.RestApi(stack, 'Api');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
    api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizer });
    api.root.addResource('health').addMethod('GET');
    const findings = checkStack('PublicMethodOnCognitoApi', stack);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['PublicMethodOnCognitoApi', 'warning']]);
    expect(findings[0].message).toMatch(/^Method GET \/health \(S\/ApihealthGET[0-9A-F]{8}\) is public/);
  });

  test('an extra Cognito method makes the API a Cognito API even if the authorizer is elsewhere', () => {
    const t = changed({
      Authz: null,
      GetItems: { Properties: { AuthorizerId: 'abc123' } },
      PostItems: null,
      Health: publicMethod('GET', null),
      Other: method('DELETE', 'Items', { AuthorizerId: 'abc123', AuthorizationScopes: undefined }),
    });
    expect(check('PublicMethodOnCognitoApi', t).map((f) => f.logicalId)).toEqual(['Health']);
  });
});
