import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { baseline, brief, changed, check, checkStack, preflight } from './fixtures';

const gatewayResponse = (type: string, headers?: Record<string, string>) => ({
  Type: 'AWS::ApiGateway::GatewayResponse',
  Properties: {
    RestApiId: { Ref: 'Api' },
    ResponseType: type,
    ...(headers ? { ResponseParameters: headers } : {}),
  },
});
const ACAO = { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" };

describe('PreflightBehindAuthorizer', () => {
  test('an OPTIONS method behind the Cognito authorizer', () => {
    const t = changed({ Options: preflight('Items', { AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Authz' } }) });
    expect(brief(check('PreflightBehindAuthorizer', t))).toEqual([
      {
        ruleId: 'PreflightBehindAuthorizer',
        severity: 'error',
        logicalId: 'Options',
        message:
          "CORS preflight method OPTIONS /items (T/Options) has AuthorizationType 'COGNITO_USER_POOLS': browsers send the preflight without a token, " +
          'so it gets 401 and the browser reports a CORS error.',
      },
    ]);
  });

  test('near miss: a public preflight', () => {
    expect(check('PreflightBehindAuthorizer', changed({ Options: preflight('Items') }))).toEqual([]);
  });

  test('from a CDK stack: an OPTIONS method added with defaultMethodOptions carrying the authorizer', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
    const api = new apigateway.RestApi(stack, 'Api', { defaultMethodOptions: { authorizer } });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    api.root.addMethod('OPTIONS', new apigateway.MockIntegration());
    const findings = checkStack('PreflightBehindAuthorizer', stack);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['PreflightBehindAuthorizer', 'error']]);
    expect(findings[0].logicalId).toMatch(/^ApiOPTIONS[0-9A-F]{8}$/);
  });

  test('from a CDK stack: the generated CORS preflight is public even with defaultMethodOptions', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
    const api = new apigateway.RestApi(stack, 'Api', {
      defaultMethodOptions: { authorizer },
      defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] },
    });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    expect(checkStack('PreflightBehindAuthorizer', stack)).toEqual([]);
  });
});

describe('CorsWithoutUnauthorizedHeaders', () => {
  test('CORS preflight and Cognito methods, no gateway response', () => {
    const t = changed({ Options: preflight('Items') });
    expect(brief(check('CorsWithoutUnauthorizedHeaders', t))).toEqual([
      {
        ruleId: 'CorsWithoutUnauthorizedHeaders',
        severity: 'warning',
        logicalId: 'Api',
        message:
          'REST API T/Api uses CORS (e.g. OPTIONS /items (T/Options)) and a Cognito authorizer (e.g. GET /items (T/GetItems)), ' +
          'but it has no UNAUTHORIZED or DEFAULT_4XX gateway response: a 401 reaches browser code as a CORS error.',
      },
    ]);
  });

  test('an UNAUTHORIZED response without the header overrides a DEFAULT_4XX with it', () => {
    const t = changed({ Options: preflight('Items'), Unauth: gatewayResponse('UNAUTHORIZED'), Default4xx: gatewayResponse('DEFAULT_4XX', ACAO) });
    expect(check('CorsWithoutUnauthorizedHeaders', t)[0].message).toContain(
      'but its UNAUTHORIZED gateway response T/Unauth sets no gatewayresponse.header.Access-Control-Allow-Origin',
    );
  });

  test('CORS detected from corsHeaders on a method response (no OPTIONS method)', () => {
    const t = changed({
      GetItems: {
        Properties: { MethodResponses: [{ StatusCode: '200', ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }] },
      },
    });
    expect(check('CorsWithoutUnauthorizedHeaders', t)).toHaveLength(1);
  });

  test('near miss: UNAUTHORIZED with the header; DEFAULT_4XX with the header; no CORS; unknown response parameters', () => {
    expect(check('CorsWithoutUnauthorizedHeaders', baseline())).toEqual([]);
    expect(check('CorsWithoutUnauthorizedHeaders', changed({ Options: preflight('Items'), Unauth: gatewayResponse('UNAUTHORIZED', ACAO) }))).toEqual([]);
    const lower = { 'gatewayresponse.header.access-control-allow-origin': "'https://app.example.com'" };
    expect(check('CorsWithoutUnauthorizedHeaders', changed({ Options: preflight('Items'), D: gatewayResponse('DEFAULT_4XX', lower) }))).toEqual([]);
    const unknown = changed({ Options: preflight('Items'), Unauth: { ...gatewayResponse('UNAUTHORIZED'), Properties: { RestApiId: { Ref: 'Api' }, ResponseType: 'UNAUTHORIZED', ResponseParameters: { Ref: 'P' } } } });
    unknown.Parameters = { P: { Type: 'String' } };
    expect(check('CorsWithoutUnauthorizedHeaders', unknown)).toEqual([]);
  });

  test('from a CDK stack: addGatewayResponse fixes it', () => {
    const build = (withResponse: boolean) => {
      const stack = new Stack(new App(), 'S');
      const pool = new cognito.UserPool(stack, 'Pool');
      const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
      const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS } });
      api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizer });
      if (withResponse) {
        api.addGatewayResponse('Unauthorized', { type: apigateway.ResponseType.UNAUTHORIZED, responseHeaders: { 'Access-Control-Allow-Origin': "'*'" } });
      }
      return checkStack('CorsWithoutUnauthorizedHeaders', stack);
    };
    expect(build(false).map((f) => [f.ruleId, f.logicalId])).toEqual([['CorsWithoutUnauthorizedHeaders', 'ApiF70053CD']]);
    expect(build(true)).toEqual([]);
  });
});
