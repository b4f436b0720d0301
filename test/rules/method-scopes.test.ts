import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { baseline, brief, changed, check, checkAll, checkStack, method } from './fixtures';

const SCOPE_RULES = ['ShortMethodScope', 'UndefinedMethodScope', 'UnrequestableMethodScope', 'MixedBuiltInAndCustomScopes'];

function scopeFindings(t: ReturnType<typeof baseline>) {
  return brief(checkAll(t).filter((f) => SCOPE_RULES.includes(f.ruleId)));
}

describe('ShortMethodScope', () => {
  test('a scope written short that a resource server defines', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['read'] } } });
    expect(scopeFindings(t)).toEqual([
      {
        ruleId: 'ShortMethodScope',
        severity: 'error',
        logicalId: 'GetItems',
        message:
          "Method GET /items (T/GetItems) requires scope 'read', written short: no access token ever carries 'read', so every call gets 401. " +
          "Resource server T/Rs defines it as 'com.example.api/read'.",
      },
    ]);
    expect(check('ShortMethodScope', t)[0].fix).toBe("Use the full scope 'com.example.api/read' in AuthorizationScopes.");
  });

  test('near miss: the full scope, a built-in scope', () => {
    expect(check('ShortMethodScope', baseline())).toEqual([]);
    expect(check('ShortMethodScope', changed({ GetItems: { Properties: { AuthorizationScopes: ['openid'] } } }))).toEqual([]);
  });

  test('two resource servers defining the name: the fix lists both', () => {
    const t = changed({
      Rs2: {
        Type: 'AWS::Cognito::UserPoolResourceServer',
        Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: 'https://orders.example.com', Name: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] },
      },
      GetItems: { Properties: { AuthorizationScopes: ['read'] } },
    });
    const [f] = check('ShortMethodScope', t);
    expect(f.message).toContain("Resource server T/Rs, T/Rs2 defines it as 'com.example.api/read', 'https://orders.example.com/read'.");
    expect(f.fix).toBe("Use the full scope (one of 'com.example.api/read', 'https://orders.example.com/read') in AuthorizationScopes.");
  });

  test('from a CDK stack', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new cognito.UserPool(stack, 'Pool');
    const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' });
    pool.addResourceServer('Rs', { identifier: 'com.example.api', scopes: [read] });
    const api = new apigateway.RestApi(stack, 'Api');
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
    api.root.addResource('items').addMethod('GET', new apigateway.MockIntegration(), { authorizer, authorizationScopes: ['read'] });
    const findings = checkStack('ShortMethodScope', stack);
    expect(findings).toHaveLength(1);
    expect(findings[0].logicalId).toMatch(/^ApiitemsGET[0-9A-F]{8}$/);
    expect(findings[0]).toMatchObject({
      ruleId: 'ShortMethodScope',
      severity: 'error',
      message:
        `Method GET /items (S/${findings[0].logicalId}) requires scope 'read', written short: no access token ever carries 'read', so every call gets 401. ` +
        "Resource server S/PoolRs118B4970 defines it as 'com.example.api/read'.",
    });
  });
});

describe('UndefinedMethodScope', () => {
  test('a full scope no resource server defines', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['com.example.api/delete'] } } });
    expect(scopeFindings(t)).toEqual([
      {
        ruleId: 'UndefinedMethodScope',
        severity: 'error',
        logicalId: 'GetItems',
        message:
          "Method GET /items (T/GetItems) requires scope 'com.example.api/delete', which no resource server of the authorizer's user pools (user pool T/Pool) defines: " +
          "no token can carry it, so every call gets 401. Defined scopes: 'com.example.api/read', 'com.example.api/write'.",
      },
    ]);
  });

  test('a typo in the identifier or the case: suggests the defined scope', () => {
    const typo = check('UndefinedMethodScope', changed({ GetItems: { Properties: { AuthorizationScopes: ['com.exampel.api/read'] } } }));
    expect(typo[0].message).toMatch(/Did you mean 'com.example.api\/read'\?$/);
    expect(typo[0].fix).toBe("Use 'com.example.api/read' in AuthorizationScopes, or define 'com.exampel.api/read' on a resource server of the pool.");
    const caseTypo = check('UndefinedMethodScope', changed({ GetItems: { Properties: { AuthorizationScopes: ['COM.example.api/Read'] } } }));
    expect(caseTypo[0].message).toMatch(/Did you mean 'com.example.api\/read'\?$/);
  });

  test('a bare word that is neither built in nor defined', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['admin'] } } });
    expect(scopeFindings(t)).toEqual([
      {
        ruleId: 'UndefinedMethodScope',
        severity: 'error',
        logicalId: 'GetItems',
        message:
          "Method GET /items (T/GetItems) requires scope 'admin', which is neither a built-in scope nor a custom scope ('<resource server identifier>/<scope name>'): " +
          'no access token ever carries it, so every call gets 401.',
      },
    ]);
  });

  test('near miss: defined scopes and built-in scopes', () => {
    expect(check('UndefinedMethodScope', baseline())).toEqual([]);
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['aws.cognito.signin.user.admin'] } } });
    expect(check('UndefinedMethodScope', t)).toEqual([]);
  });

  test('unknown: an identifier from a parameter without default, an external pool', () => {
    const param = changed({ Rs: { Properties: { Identifier: { Ref: 'Ident' } } }, GetItems: { Properties: { AuthorizationScopes: ['com.example.api/delete'] } } });
    param.Parameters = { Ident: { Type: 'String' } };
    expect(check('UndefinedMethodScope', param)).toEqual([]);
    const external = changed({
      Authz: { Properties: { ProviderARNs: ['arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123'] } },
      GetItems: { Properties: { AuthorizationScopes: ['com.example.api/delete'] } },
    });
    expect(check('UndefinedMethodScope', external)).toEqual([]);
    const unknownPool = changed({ Authz: { Properties: { ProviderARNs: [{ Ref: 'PoolArn' }] } }, GetItems: { Properties: { AuthorizationScopes: ['x/y'] } } });
    unknownPool.Parameters = { PoolArn: { Type: 'String' } };
    expect(check('UndefinedMethodScope', unknownPool)).toEqual([]);
  });
});

describe('UnrequestableMethodScope', () => {
  test('no client of the pool allows the scope (all clients known): error naming the clients', () => {
    const t = changed({ Machine: { Properties: { AllowedOAuthScopes: ['com.example.api/read'] } } });
    expect(scopeFindings(t)).toEqual([
      {
        ruleId: 'UnrequestableMethodScope',
        severity: 'error',
        logicalId: 'PostItems',
        message:
          "Method POST /items (T/PostItems) requires scope 'com.example.api/write', but no app client of the authorizer's user pools may request it: " +
          "no token the method accepts can be issued. Clients: 'T/Machine', 'T/Web'.",
      },
    ]);
  });

  test('a client whose scopes are unknown: warning', () => {
    const t = changed({
      Machine: { Properties: { AllowedOAuthScopes: ['com.example.api/read'] } },
      Other: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthScopes: [{ Ref: 'Extra' }] } },
    });
    t.Parameters = { Extra: { Type: 'String' } };
    expect(brief(check('UnrequestableMethodScope', t))).toEqual([
      {
        ruleId: 'UnrequestableMethodScope',
        severity: 'warning',
        logicalId: 'PostItems',
        message:
          "Method POST /items (T/PostItems) requires scope 'com.example.api/write', but no app client of the authorizer's user pools may request it " +
          '(clients outside the templates, or whose scopes could not be read, may allow it): ' +
          "no token the method accepts can be issued. Clients: 'T/Machine', 'T/Web', 'T/Other'.",
      },
    ]);
  });

  test('a pool without any app client: error', () => {
    const t = changed({ Machine: null, Web: null });
    const findings = brief(check('UnrequestableMethodScope', t));
    expect(findings).toHaveLength(2);
    expect(findings[0]).toEqual({
      ruleId: 'UnrequestableMethodScope',
      severity: 'error',
      logicalId: 'GetItems',
      message:
        "Method GET /items (T/GetItems) requires scope 'com.example.api/read', but the authorizer's user pools (user pool T/Pool) have no app client: " +
        'no token carrying it can be issued.',
    });
  });

  test('near miss: an allowed scope; an external pool without clients; undefined and short scopes are left to their rules', () => {
    expect(check('UnrequestableMethodScope', baseline())).toEqual([]);
    const external = changed({
      Machine: null,
      Web: null,
      Authz: { Properties: { ProviderARNs: ['arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbC123'] } },
    });
    expect(check('UnrequestableMethodScope', external)).toEqual([]);
    const undefinedScope = changed({ GetItems: { Properties: { AuthorizationScopes: ['com.example.api/delete', 'read'] } } });
    expect(check('UnrequestableMethodScope', undefinedScope)).toEqual([]);
  });

  test('a method scope that is unknown is not judged', () => {
    const t = changed({ Machine: { Properties: { AllowedOAuthScopes: ['com.example.api/read'] } }, PostItems: { Properties: { AuthorizationScopes: [{ Ref: 'S' }] } } });
    t.Parameters = { S: { Type: 'String' } };
    expect(check('UnrequestableMethodScope', t)).toEqual([]);
  });
});

describe('MixedBuiltInAndCustomScopes', () => {
  test('a built-in scope next to a custom scope', () => {
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['com.example.api/read', 'openid'] } } });
    expect(scopeFindings(t)).toEqual([
      {
        ruleId: 'MixedBuiltInAndCustomScopes',
        severity: 'warning',
        logicalId: 'GetItems',
        message:
          "Method GET /items (T/GetItems) accepts built-in scope 'openid' alongside custom scope 'com.example.api/read': a token needs only ANY one of them, " +
          "so every signed-in user whose access token carries 'openid' passes without 'com.example.api/read'.",
      },
    ]);
  });

  test('near miss: only built-in scopes, only custom scopes', () => {
    expect(check('MixedBuiltInAndCustomScopes', baseline())).toEqual([]);
    const t = changed({ GetItems: { Properties: { AuthorizationScopes: ['openid', 'email'] } } });
    expect(check('MixedBuiltInAndCustomScopes', t)).toEqual([]);
  });

  test('on an extra method at the API root', () => {
    const t = changed({ Root: method('GET', null, { AuthorizationScopes: ['aws.cognito.signin.user.admin', 'com.example.api/write'] }) });
    expect(check('MixedBuiltInAndCustomScopes', t).map((f) => f.logicalId)).toEqual(['Root']);
    expect(check('MixedBuiltInAndCustomScopes', t)[0].message).toMatch(/^Method GET \/ \(T\/Root\)/);
  });
});
