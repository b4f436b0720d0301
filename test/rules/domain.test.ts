import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { baseline, brief, changed, check, checkStack } from './fixtures';
import { checkDomainPrefix } from '../../src/private/construct-checks';

describe('InvalidDomainPrefix', () => {
  test('a prefix with a reserved word', () => {
    const t = changed({ Domain: { Properties: { Domain: 'my-cognito-login' } } });
    expect(brief(check('InvalidDomainPrefix', t))).toEqual([
      {
        ruleId: 'InvalidDomainPrefix',
        severity: 'error',
        logicalId: 'Domain',
        message: `User pool domain T/Domain: ${checkDomainPrefix('my-cognito-login', 'Domain')}`,
      },
    ]);
  });

  test('the message is the shared construct check', () => {
    expect(checkDomainPrefix('my-cognito-login', 'Domain')).toMatch(/^Domain must not contain 'aws', 'amazon' or 'cognito': got 'my-cognito-login'\./);
  });

  test('a prefix with uppercase letters', () => {
    const [f] = check('InvalidDomainPrefix', changed({ Domain: { Properties: { Domain: 'Example' } } }));
    expect(f.message).toMatch(/^User pool domain T\/Domain: Domain must match/);
  });

  test('near miss: a valid prefix; a custom domain; an unknown prefix', () => {
    expect(check('InvalidDomainPrefix', baseline())).toEqual([]);
    const custom = changed({ Domain: { Properties: { Domain: 'auth.example.com', CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/x' } } } });
    expect(check('InvalidDomainPrefix', custom)).toEqual([]);
    const unknown = changed({ Domain: { Properties: { Domain: { Ref: 'Prefix' } } } });
    unknown.Parameters = { Prefix: { Type: 'String' } };
    expect(check('InvalidDomainPrefix', unknown)).toEqual([]);
  });
});

describe('NoDomainForCustomScopes', () => {
  test('methods require custom scopes of a pool without domain', () => {
    const t = changed({ Domain: null });
    expect(brief(check('NoDomainForCustomScopes', t))).toEqual([
      {
        ruleId: 'NoDomainForCustomScopes',
        severity: 'error',
        logicalId: 'Pool',
        message:
          "User pool T/Pool has no domain, but 2 method(s) require its custom scopes ('com.example.api/read', 'com.example.api/write'; e.g. GET /items (T/GetItems)): " +
          'without a domain there is no /oauth2/token endpoint, so no token ever carries them.',
      },
    ]);
  });

  test('near miss: a domain exists; ID-token methods; an external pool; a domain whose pool is unknown', () => {
    expect(check('NoDomainForCustomScopes', baseline())).toEqual([]);
    const idTokens = changed({ Domain: null, GetItems: { Properties: { AuthorizationScopes: undefined } }, PostItems: { Properties: { AuthorizationScopes: ['openid'] } } });
    expect(check('NoDomainForCustomScopes', idTokens)).toEqual([]);
    const unknownDomainPool = changed({ Domain: { Properties: { UserPoolId: { Ref: 'P' } } } });
    unknownDomainPool.Parameters = { P: { Type: 'String' } };
    expect(check('NoDomainForCustomScopes', unknownDomainPool)).toEqual([]);
    const external = changed({
      Domain: null,
      Pool: null,
      Rs: { Properties: { UserPoolId: 'us-east-1_AbC123' } },
      Machine: { Properties: { UserPoolId: 'us-east-1_AbC123' } },
      Web: { Properties: { UserPoolId: 'us-east-1_AbC123' } },
      Authz: { Properties: { ProviderARNs: ['arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123'] } },
    });
    expect(check('NoDomainForCustomScopes', external)).toEqual([]);
  });

  test('from a CDK stack: addDomain fixes it', () => {
    const build = (withDomain: boolean) => {
      const stack = new Stack(new App(), 'S');
      const pool = new cognito.UserPool(stack, 'Pool');
      const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' });
      const rs = pool.addResourceServer('Rs', { identifier: 'com.example.api', scopes: [read] });
      pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(rs, read)] } });
      if (withDomain) pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'example-items' } });
      const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
      new apigateway.RestApi(stack, 'Api').root.addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: ['com.example.api/read'] });
      return checkStack(undefined, stack);
    };
    expect(build(false).map((f) => [f.ruleId, f.logicalId])).toEqual([['NoDomainForCustomScopes', 'PoolD3F588B8']]);
    expect(build(true)).toEqual([]);
  });
});
