import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { baseline, brief, changed, check, checkStack, model } from './fixtures';
import { checkOAuthScopeString } from '../../src/private/construct-checks';

describe('ClientBeforeResourceServer', () => {
  test('a literal custom scope without DependsOn on the resource server', () => {
    const t = changed({ Machine: { DependsOn: null } });
    expect(brief(check('ClientBeforeResourceServer', t))).toEqual([
      {
        ruleId: 'ClientBeforeResourceServer',
        severity: 'error',
        logicalId: 'Machine',
        message:
          "App client T/Machine allows 'com.example.api/read', 'com.example.api/write', defined by resource server T/Rs, but does not depend on it " +
          '(the scope is a literal string and there is no DependsOn): CloudFormation may create the client before the scope exists.',
      },
    ]);
    expect(check('ClientBeforeResourceServer', t)[0].fix).toBe(
      'Add DependsOn: Rs to the client, or build the scope from the resource server (CDK: OAuthScope.resourceServer(server, scope)).',
    );
  });

  test('a transitive dependency counts', () => {
    const t = changed({
      Machine: { DependsOn: 'Waiter' },
      Waiter: { Type: 'AWS::CloudFormation::WaitConditionHandle', DependsOn: ['Rs'] },
    });
    expect(check('ClientBeforeResourceServer', t)).toEqual([]);
  });

  test('near miss: DependsOn, a Ref to the resource server (Web), a resource server in another template', () => {
    expect(check('ClientBeforeResourceServer', baseline())).toEqual([]);
    const rsTemplate = { Resources: { Rs: baseline().Resources.Rs, Pool: baseline().Resources.Pool } };
    rsTemplate.Resources.Rs.Properties.UserPoolId = { 'Fn::ImportValue': 'pool' };
    const main = changed({ Rs: null, Machine: { DependsOn: null }, Web: { Properties: { AllowedOAuthScopes: ['com.example.api/read'] } } });
    main.Outputs = { PoolOut: { Value: { Ref: 'Pool' }, Export: { Name: 'pool' } } };
    const m = model(main, ['Other', rsTemplate]);
    expect(m.resourceServers[0].pool).toBe('T#Pool');
    expect(check('ClientBeforeResourceServer', main, ['Other', rsTemplate])).toEqual([]);
  });

  test('from a CDK stack: a scope written as a string instead of OAuthScope.resourceServer', () => {
    const build = (literal: boolean) => {
      const stack = new Stack(new App(), 'S');
      const pool = new cognito.UserPool(stack, 'Pool');
      const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' });
      const rs = pool.addResourceServer('Rs', { identifier: 'com.example.api', scopes: [read] });
      pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'example-items' } });
      const scope = literal ? cognito.OAuthScope.custom('com.example.api/read') : cognito.OAuthScope.resourceServer(rs, read);
      pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [scope] } });
      return checkStack(undefined, stack);
    };
    const findings = build(true);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['ClientBeforeResourceServer', 'error']]);
    expect(findings[0].logicalId).toMatch(/^PoolMachine[0-9A-F]{8}$/);
    expect(build(false)).toEqual([]);
  });
});

describe('UndefinedClientScope', () => {
  test('a custom scope the pool does not define, with a suggestion', () => {
    const t = changed({ Machine: { Properties: { AllowedOAuthScopes: ['com.example.api/read', 'com.example.api/Write', 'com.example.api/delete'] } } });
    expect(brief(check('UndefinedClientScope', t))).toEqual([
      {
        ruleId: 'UndefinedClientScope',
        severity: 'error',
        logicalId: 'Machine',
        message: "App client T/Machine allows scope 'com.example.api/Write', which no resource server of user pool T/Pool defines: Cognito rejects the client. Did you mean 'com.example.api/write'?",
      },
      {
        ruleId: 'UndefinedClientScope',
        severity: 'error',
        logicalId: 'Machine',
        message: "App client T/Machine allows scope 'com.example.api/delete', which no resource server of user pool T/Pool defines: Cognito rejects the client.",
      },
    ]);
  });

  test('a short scope', () => {
    const [f] = check('UndefinedClientScope', changed({ Machine: { Properties: { AllowedOAuthScopes: ['read'] } } }));
    expect(f.message).toMatch(/allows scope 'read'.*Did you mean 'com.example.api\/read'\?$/);
    expect(f.fix).toBe("Use 'com.example.api/read' in AllowedOAuthScopes.");
  });

  test('near miss: defined and built-in scopes; scopes of the pool not fully known', () => {
    expect(check('UndefinedClientScope', baseline())).toEqual([]);
    const t = changed({ Rs2: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: { Ref: 'Id' }, Name: 'x' } }, Machine: { Properties: { AllowedOAuthScopes: ['other/read'] } } });
    t.Parameters = { Id: { Type: 'String' } };
    expect(check('UndefinedClientScope', t)).toEqual([]);
  });
});

describe('InvalidClientScope and TooManyClientScopes', () => {
  test('a scope with a space', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthScopes: ['openid', 'com.example.api/read items'] } } });
    expect(brief(check('InvalidClientScope', t))).toEqual([
      {
        ruleId: 'InvalidClientScope',
        severity: 'error',
        logicalId: 'Web',
        message: `App client T/Web: ${checkOAuthScopeString('com.example.api/read items', 'AllowedOAuthScopes[1]')}`,
      },
    ]);
    expect(checkOAuthScopeString('com.example.api/read items', 'AllowedOAuthScopes[1]')).toMatch(/^AllowedOAuthScopes\[1\] must match .*got 'com.example.api\/read items'/);
  });

  test('51 scopes', () => {
    const scopes = Array.from({ length: 51 }, (_, i) => `com.example.api/s${i}`);
    const t = changed({ Rs: { Properties: { Scopes: scopes.map((s) => ({ ScopeName: s.split('/')[1], ScopeDescription: 'x' })) } }, Machine: { Properties: { AllowedOAuthScopes: scopes } } });
    expect(brief(check('TooManyClientScopes', t))).toEqual([
      { ruleId: 'TooManyClientScopes', severity: 'error', logicalId: 'Machine', message: 'App client T/Machine lists 51 AllowedOAuthScopes (at most 50).' },
    ]);
    expect(check('TooManyClientScopes', changed({ Machine: { Properties: { AllowedOAuthScopes: scopes.slice(1) } } }))).toEqual([]);
  });

  test('near miss: valid scopes', () => {
    expect(check('InvalidClientScope', baseline())).toEqual([]);
  });
});

describe('OAuth flows', () => {
  test('InvalidOAuthFlow', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthFlows: ['authorization_code'] } } });
    expect(brief(check('InvalidOAuthFlow', t))).toEqual([
      {
        ruleId: 'InvalidOAuthFlow',
        severity: 'error',
        logicalId: 'Web',
        message: "App client T/Web has AllowedOAuthFlows entry 'authorization_code'; valid flows are 'code', 'implicit' and 'client_credentials'.",
      },
    ]);
    expect(check('InvalidOAuthFlow', baseline())).toEqual([]);
  });

  test('ClientCredentialsWithOtherFlows', () => {
    const t = changed({ Machine: { Properties: { AllowedOAuthFlows: ['client_credentials', 'code'] } } });
    expect(brief(check('ClientCredentialsWithOtherFlows', t))).toEqual([
      { ruleId: 'ClientCredentialsWithOtherFlows', severity: 'error', logicalId: 'Machine', message: "App client T/Machine combines 'client_credentials' with 'code' in AllowedOAuthFlows." },
    ]);
    expect(check('ClientCredentialsWithOtherFlows', baseline())).toEqual([]);
  });

  test('ClientCredentialsWithoutSecret', () => {
    const t = changed({ Machine: { Properties: { GenerateSecret: undefined } } });
    expect(brief(check('ClientCredentialsWithoutSecret', t))).toEqual([
      {
        ruleId: 'ClientCredentialsWithoutSecret',
        severity: 'error',
        logicalId: 'Machine',
        message: "App client T/Machine uses 'client_credentials' but GenerateSecret is not set: a client_credentials client needs a secret.",
      },
    ]);
    expect(check('ClientCredentialsWithoutSecret', changed({ Machine: { Properties: { GenerateSecret: 'false' } } }))[0].message).toContain('GenerateSecret is false');
    const unknown = changed({ Machine: { Properties: { GenerateSecret: { Ref: 'G' } } } });
    unknown.Parameters = { G: { Type: 'String' } };
    expect(check('ClientCredentialsWithoutSecret', unknown)).toEqual([]);
    expect(check('ClientCredentialsWithoutSecret', baseline())).toEqual([]);
  });

  test('ClientCredentialsWithBuiltInScopes', () => {
    const t = changed({ Machine: { Properties: { AllowedOAuthScopes: ['com.example.api/read', 'openid'] } } });
    expect(brief(check('ClientCredentialsWithBuiltInScopes', t))).toEqual([
      {
        ruleId: 'ClientCredentialsWithBuiltInScopes',
        severity: 'error',
        logicalId: 'Machine',
        message: "App client T/Machine uses 'client_credentials' and allows built-in scope 'openid': machine tokens carry only custom scopes.",
      },
    ]);
    expect(check('ClientCredentialsWithBuiltInScopes', baseline())).toEqual([]);
  });

  test('OAuthFlowsNotEnabled', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthFlowsUserPoolClient: undefined } } });
    expect(brief(check('OAuthFlowsNotEnabled', t))).toEqual([
      {
        ruleId: 'OAuthFlowsNotEnabled',
        severity: 'error',
        logicalId: 'Web',
        message: 'App client T/Web sets AllowedOAuthFlows, AllowedOAuthScopes, CallbackURLs but AllowedOAuthFlowsUserPoolClient is not set: the OAuth settings do not apply.',
      },
    ]);
    expect(check('OAuthFlowsNotEnabled', changed({ Web: { Properties: { AllowedOAuthFlowsUserPoolClient: false } } }))[0].message).toContain('is false');
    // near miss: enabled; a plain client without OAuth settings; an unknown flag
    expect(check('OAuthFlowsNotEnabled', baseline())).toEqual([]);
    const plain = changed({ Plain: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] } } });
    expect(check('OAuthFlowsNotEnabled', plain)).toEqual([]);
    const unknown = changed({ Web: { Properties: { AllowedOAuthFlowsUserPoolClient: { Ref: 'F' } } } });
    unknown.Parameters = { F: { Type: 'String' } };
    expect(check('OAuthFlowsNotEnabled', unknown)).toEqual([]);
  });

  test('OAuthScopesWithoutFlows', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthFlows: undefined } } });
    expect(brief(check('OAuthScopesWithoutFlows', t))).toEqual([
      {
        ruleId: 'OAuthScopesWithoutFlows',
        severity: 'warning',
        logicalId: 'Web',
        message: "App client T/Web allows 'openid', 'email', 'com.example.api/read' but has no AllowedOAuthFlows: no token can carry these scopes.",
      },
    ]);
    expect(check('OAuthScopesWithoutFlows', baseline())).toEqual([]);
  });

  test('OidcScopeWithoutOpenid', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthScopes: ['email', 'profile', 'com.example.api/read'] } } });
    expect(brief(check('OidcScopeWithoutOpenid', t))).toEqual([
      {
        ruleId: 'OidcScopeWithoutOpenid',
        severity: 'warning',
        logicalId: 'Web',
        message: "App client T/Web allows 'email', 'profile' without 'openid': Cognito only grants them together with 'openid'.",
      },
    ]);
    expect(check('OidcScopeWithoutOpenid', baseline())).toEqual([]);
    // an unknown entry may be 'openid'
    const unknown = changed({ Web: { Properties: { AllowedOAuthScopes: ['email', { Ref: 'S' }] } } });
    unknown.Parameters = { S: { Type: 'String' } };
    expect(check('OidcScopeWithoutOpenid', unknown)).toEqual([]);
  });

  test('ImplicitGrant', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthFlows: ['implicit'] } } });
    expect(brief(check('ImplicitGrant', t))).toEqual([
      { ruleId: 'ImplicitGrant', severity: 'warning', logicalId: 'Web', message: "App client T/Web allows the 'implicit' flow: tokens are returned in the URL fragment, where browser history, logs and referrers can leak them, and no refresh token is issued." },
    ]);
    expect(check('ImplicitGrant', baseline())).toEqual([]);
  });

  test('from a CDK stack: the CDK default OAuth settings (code + implicit) trip ImplicitGrant', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Web');
    const findings = checkStack(undefined, stack);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['ImplicitGrant', 'warning']]);
  });
});
