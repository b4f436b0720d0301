import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Json, baseline, brief, changed, check, checkStack, method } from './fixtures';
import { checkAuthorizerTtlSeconds } from '../../src/private/construct-checks';

describe('InvalidAuthorizerTtl', () => {
  test('a TTL over 3600 seconds', () => {
    const t = changed({ Authz: { Properties: { AuthorizerResultTtlInSeconds: 7200 } } });
    expect(brief(check('InvalidAuthorizerTtl', t))).toEqual([
      {
        ruleId: 'InvalidAuthorizerTtl',
        severity: 'error',
        logicalId: 'Authz',
        message: `Authorizer T/Authz: ${checkAuthorizerTtlSeconds(7200, 'AuthorizerResultTtlInSeconds')}`,
      },
    ]);
  });

  test('the shared construct check names the value', () => {
    expect(checkAuthorizerTtlSeconds(7200, 'AuthorizerResultTtlInSeconds')).toMatch(/^AuthorizerResultTtlInSeconds must be .*between 0 and 3600: got '7200 seconds'/);
  });

  test('near miss: 0 and 3600; a TTL from a parameter without default', () => {
    expect(check('InvalidAuthorizerTtl', changed({ Authz: { Properties: { AuthorizerResultTtlInSeconds: 0 } } }))).toEqual([]);
    expect(check('InvalidAuthorizerTtl', changed({ Authz: { Properties: { AuthorizerResultTtlInSeconds: '3600' } } }))).toEqual([]);
    const t = changed({ Authz: { Properties: { AuthorizerResultTtlInSeconds: { Ref: 'Ttl' } } } });
    t.Parameters = { Ttl: { Type: 'Number' } };
    expect(check('InvalidAuthorizerTtl', t)).toEqual([]);
  });
});

describe('ValidationExpressionWithScopes', () => {
  test('a validation expression on an authorizer whose methods use scopes', () => {
    const t = changed({ Authz: { Properties: { IdentityValidationExpression: '^abc123$' } } });
    expect(brief(check('ValidationExpressionWithScopes', t))).toEqual([
      {
        ruleId: 'ValidationExpressionWithScopes',
        severity: 'error',
        logicalId: 'Authz',
        message:
          "Authorizer T/Authz has IdentityValidationExpression '^abc123$' and 2 method(s) using it require scopes (GET /items (T/GetItems), POST /items (T/PostItems)): " +
          "the expression is matched against 'aud', which access tokens lack, so those calls always get 401.",
      },
    ]);
  });

  test('near miss: a validation expression with ID-token methods only', () => {
    const t = changed({
      Authz: { Properties: { IdentityValidationExpression: '^abc123$' } },
      GetItems: { Properties: { AuthorizationScopes: undefined } },
      PostItems: { Properties: { AuthorizationScopes: [] } },
    });
    expect(check('ValidationExpressionWithScopes', t)).toEqual([]);
    expect(check('ValidationExpressionWithScopes', baseline())).toEqual([]);
  });

  test('from a CDK stack', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool], identitySource: 'method.request.header.Authorization' });
    (authorizer.node.defaultChild as apigateway.CfnAuthorizer).identityValidationExpression = '^client$';
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: ['com.example.api/read'] });
    const findings = checkStack('ValidationExpressionWithScopes', stack);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['ValidationExpressionWithScopes', 'error']]);
    expect(findings[0].logicalId).toMatch(/^Authz[0-9A-F]{8}$/);
  });
});

describe('CognitoAuthorizerWithoutPools', () => {
  test('no ProviderARNs', () => {
    const t = changed({ Authz: { Properties: { ProviderARNs: undefined } } });
    expect(brief(check('CognitoAuthorizerWithoutPools', t))).toEqual([
      { ruleId: 'CognitoAuthorizerWithoutPools', severity: 'error', logicalId: 'Authz', message: 'Cognito authorizer T/Authz has no ProviderARNs (no user pool).' },
    ]);
    expect(check('CognitoAuthorizerWithoutPools', changed({ Authz: { Properties: { ProviderARNs: [] } } }))).toHaveLength(1);
  });

  test('near miss: pools present or unknown; a TOKEN authorizer', () => {
    expect(check('CognitoAuthorizerWithoutPools', baseline())).toEqual([]);
    const t = changed({ Authz: { Properties: { ProviderARNs: { Ref: 'Arns' } } } });
    t.Parameters = { Arns: { Type: 'CommaDelimitedList' } };
    expect(check('CognitoAuthorizerWithoutPools', t)).toEqual([]);
    expect(check('CognitoAuthorizerWithoutPools', changed({ Authz: { Properties: { Type: 'TOKEN', ProviderARNs: undefined } } }))).toEqual([]);
  });
});

describe('AuthorizerSharedAcrossApis', () => {
  const api2: Record<string, Json> = {
    Api2: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'other' } },
    Other: method('GET', null, { RestApiId: { Ref: 'Api2' }, ResourceId: { 'Fn::GetAtt': ['Api2', 'RootResourceId'] }, AuthorizationScopes: ['com.example.api/read'] }),
  };

  test("a method of API B uses API A's authorizer", () => {
    expect(brief(check('AuthorizerSharedAcrossApis', changed(api2)))).toEqual([
      {
        ruleId: 'AuthorizerSharedAcrossApis',
        severity: 'error',
        logicalId: 'Other',
        message: 'Method GET / (T/Other) of REST API T/Api2 uses authorizer T/Authz, which belongs to REST API T/Api.',
      },
    ]);
  });

  test('near miss: each API with its own authorizer; an authorizer outside the model', () => {
    const own = changed({
      ...api2,
      Authz2: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api2' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] } },
      Other: { Properties: { AuthorizerId: { Ref: 'Authz2' } } },
    });
    expect(check('AuthorizerSharedAcrossApis', own)).toEqual([]);
    expect(check('AuthorizerSharedAcrossApis', changed({ ...api2, Other: { Properties: { AuthorizerId: 'abc123' } } }))).toEqual([]);
  });
});

describe('TooManyAuthorizers', () => {
  const authorizers = (n: number) => {
    const out: Record<string, Json> = {};
    for (let i = 0; i < n; i++) {
      out[`Extra${i}`] = { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] } };
    }
    return out;
  };

  test('11 authorizers on one API', () => {
    expect(brief(check('TooManyAuthorizers', changed(authorizers(10))))).toEqual([
      { ruleId: 'TooManyAuthorizers', severity: 'warning', logicalId: 'Api', message: 'REST API T/Api has 11 authorizers (default quota: 10).' },
    ]);
  });

  test('near miss: 10 authorizers', () => {
    expect(check('TooManyAuthorizers', changed(authorizers(9)))).toEqual([]);
  });
});

describe('CDK-built authorizer with a TTL', () => {
  test('an escape-hatch TTL of 7200 seconds is caught, Duration.minutes(30) is fine', () => {
    const build = (override?: number) => {
      const stack = new Stack(new App(), 'S');
      const pool = new cognito.UserPool(stack, 'Pool');
      const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool], resultsCacheTtl: Duration.minutes(30) });
      new apigateway.RestApi(stack, 'Api').root.addMethod('GET', new apigateway.MockIntegration(), { authorizer });
      if (override !== undefined) (authorizer.node.defaultChild as apigateway.CfnAuthorizer).authorizerResultTtlInSeconds = override;
      return checkStack('InvalidAuthorizerTtl', stack);
    };
    expect(build()).toEqual([]);
    expect(build(7200).map((f) => f.ruleId)).toEqual(['InvalidAuthorizerTtl']);
  });
});
