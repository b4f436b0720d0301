/**
 * Fn::Sub of one reference resolves as Ref / Fn::GetAtt do (an authorizer's `!Sub '${Pool.Arn}'`
 * links it to the pool), and an identityValidationExpression from a template never runs as a
 * backtracking regex in the rules.
 */
import { brief, changed, check, checkAll, model } from './rules/fixtures';
import { isUnknown } from '../src/private/model/types';

describe('Fn::Sub of one reference links an authorizer to its pool (as Fn::GetAtt / Ref do)', () => {
  const UNDEFINED =
    "Method GET /items (T/GetItems) requires scope 'com.example.api/delete', which no resource server of the authorizer's user pools (user pool T/Pool) defines: " +
    "no token can carry it, so every call gets 401. Defined scopes: 'com.example.api/read', 'com.example.api/write'.";

  test.each<[string, unknown]>([
    ["!Sub '${Pool.Arn}'", { 'Fn::Sub': '${Pool.Arn}' }],
    ["!Sub '${Pool}' (Ref: the pool id)", { 'Fn::Sub': '${Pool}' }],
    ["!Sub ['${Arn}', { Arn: !GetAtt Pool.Arn }]", { 'Fn::Sub': ['${Arn}', { Arn: { 'Fn::GetAtt': ['Pool', 'Arn'] } }] }],
    ["!Sub ['${Id}', { Id: !Ref Pool }]", { 'Fn::Sub': ['${Id}', { Id: { Ref: 'Pool' } }] }],
    ["!Sub '${ Pool.Arn }' (spaces inside)", { 'Fn::Sub': '${ Pool.Arn }' }],
  ])('%s: a rule that needs the pool concludes', (_name, arn) => {
    const t = changed({ Authz: { Properties: { ProviderARNs: [arn] } }, GetItems: { Properties: { AuthorizationScopes: ['com.example.api/delete'] } } });
    expect(brief(check('UndefinedMethodScope', t))).toEqual([{ ruleId: 'UndefinedMethodScope', severity: 'error', logicalId: 'GetItems', message: UNDEFINED }]);
    expect(model(t).authorizers[0].providerPools).toEqual(['T#Pool']);
  });

  test.each<[string, unknown, string]>([
    ['text around the reference (not an ARN the model can read)', { 'Fn::Sub': 'arn:${Pool.Arn}' }, 'Pool.Arn is only known after deployment'],
    ['an escaped ${!Literal}', { 'Fn::Sub': '${!Pool.Arn}' }, "'${Pool.Arn}' is not a user pool id or ARN"],
    ['a reference to something else', { 'Fn::Sub': '${Api}' }, 'Api is not a user pool'],
  ])('%s: stays unknown or unlinked, and nothing is concluded', (_name, arn, why) => {
    const t = changed({ Authz: { Properties: { ProviderARNs: [arn] } }, GetItems: { Properties: { AuthorizationScopes: ['com.example.api/delete'] } } });
    expect(check('UndefinedMethodScope', t)).toEqual([]);
    const pools = model(t).authorizers[0].providerPools as unknown[];
    expect(pools).toHaveLength(1);
    expect(isUnknown(pools[0])).toBe(true);
    expect((pools[0] as { why: string }).why).toBe(why);
  });

  test('a Sub of one resource server reference is still its Identifier (a string)', () => {
    const t = changed({ Web: { Properties: { AllowedOAuthScopes: ['openid', { 'Fn::Sub': '${Rs}/read' }] } }, Machine: { Properties: { AllowedOAuthScopes: [{ 'Fn::Sub': '${Rs}' }] } } });
    const clients = model(t).clients;
    expect(clients.find((c) => c.logicalId === 'Web')!.allowedOAuthScopes).toEqual(['openid', 'com.example.api/read']);
    expect(clients.find((c) => c.logicalId === 'Machine')!.allowedOAuthScopes).toEqual(['com.example.api']);
  });
});

describe('identityValidationExpression from a template is never run as a backtracking regex', () => {
  test('(a+)+b and an expression JavaScript cannot compile: the rule reports the expression, quickly, and never crashes', () => {
    for (const expr of ['(a+)+b', '^(a|aa)+$', '(', `${'a'.repeat(300)}\u001b[2J`]) {
      const t = changed({ Authz: { Properties: { IdentityValidationExpression: expr } } });
      const started = Date.now();
      const found = checkAll(t);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(found.map((f) => f.ruleId)).toEqual(['ValidationExpressionWithScopes']);
      const shown = expr.length > 200 ? `${'a'.repeat(200)}… (${expr.length - 200} more characters)` : expr;
      expect(found[0].message).toBe(
        `Authorizer T/Authz has IdentityValidationExpression '${shown}' and 2 method(s) using it require scopes ` +
          "(GET /items (T/GetItems), POST /items (T/PostItems)): the expression is matched against 'aud', which access tokens lack, so those calls always get 401.",
      );
    }
  });
});
