import { baseline, brief, changed, check, checkAll, method, model } from './fixtures';
import { buildMatrix } from '../../src/private/matrix';

const ME = { Me: method('GET', null) };
/** The machine client as CognitoApiAuth makes it: no InitiateAuth flow (users cannot sign in through it). */
const NO_SIGN_IN = { ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] };

describe('UncallableMethod', () => {
  test('an ID-token method where the only client is a client_credentials client', () => {
    const t = changed({ Web: null, Machine: { Properties: NO_SIGN_IN }, ...ME });
    expect(brief(check('UncallableMethod', t))).toEqual([
      {
        ruleId: 'UncallableMethod',
        severity: 'warning',
        logicalId: 'Me',
        message:
          "Method GET / (T/Me) accepts an ID token (it has no scopes), but no app client of the authorizer's user pools (user pool T/Pool) can get one " +
          '(T/Machine: client_credentials mints only access tokens (with custom scopes); this method has no scopes, so it needs an ID token): every call gets 401.',
      },
    ]);
  });

  test('a pool with no app client: an ID-token method is reported, the scoped ones are left to UnrequestableMethodScope (one finding per problem)', () => {
    const t = changed({ Web: null, Machine: null, ...ME });
    expect(brief(check('UncallableMethod', t))).toEqual([
      {
        ruleId: 'UncallableMethod',
        severity: 'warning',
        logicalId: 'Me',
        message:
          "Method GET / (T/Me) accepts an ID token (it has no scopes), but the authorizer's user pools (user pool T/Pool) have no app client: " +
          'no token can be issued for it, so every call gets 401.',
      },
    ]);
    const all = checkAll(t).filter((f) => f.logicalId === 'GetItems' || f.logicalId === 'PostItems');
    expect(all.map((f) => f.ruleId)).toEqual(['UnrequestableMethodScope', 'UnrequestableMethodScope']);
  });

  test('a scoped method whose scope is allowed but no client can get it (OAuth not enabled on the only client allowed it)', () => {
    const t = changed({ Web: null, Machine: { Properties: { AllowedOAuthFlowsUserPoolClient: false } } });
    const found = check('UncallableMethod', t);
    expect(found.map((f) => f.logicalId)).toEqual(['GetItems', 'PostItems']);
    expect(found[0].message).toBe(
      "Method GET /items (T/GetItems) accepts an access token with one of its scopes ('com.example.api/read'), but no app client of the authorizer's user pools (user pool T/Pool) can get one " +
      '(T/Machine: OAuth is not enabled on it (AllowedOAuthFlowsUserPoolClient is not true), so it never gets a token from /oauth2/token): every call gets 401.',
    );
  });

  test('near misses: a client that can get an ID token; an exported pool; an unresolved flow; no domain and unrequestable scopes (other rules)', () => {
    expect(check('UncallableMethod', changed(ME))).toEqual([]);
    expect(check('UncallableMethod', baseline())).toEqual([]);
    // Exported pool: another stack may add a client that can.
    const exported = changed({ Web: null, Machine: { Properties: NO_SIGN_IN }, ...ME });
    // The same client with Cognito's default ExplicitAuthFlows: users can sign in through it (SRP) and get an ID token.
    expect(check('UncallableMethod', changed({ Web: null, ...ME }))).toEqual([]);
    exported.Outputs = { PoolId: { Value: { Ref: 'Pool' }, Export: { Name: 'pool' } } };
    expect(check('UncallableMethod', exported)).toEqual([]);
    // A client whose flows cannot be resolved: unknown, never a finding.
    const unresolved = changed({ Machine: null, Web: { Properties: { AllowedOAuthFlows: { Ref: 'Flows' }, ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] } }, ...ME });
    unresolved.Parameters = { Flows: { Type: 'CommaDelimitedList' } };
    expect(check('UncallableMethod', unresolved)).toEqual([]);
    // No domain: NoDomainForCustomScopes says it.
    expect(check('UncallableMethod', changed({ Domain: null }))).toEqual([]);
  });

  test('agrees with the matrix: reported exactly where every caller of the method is ❌', () => {
    const cases = [
      changed({ Web: null, ...ME }),
      changed({ Web: null, Machine: { Properties: NO_SIGN_IN }, ...ME }),
      changed({ Web: null, Machine: null, ...ME }),
      changed({ Web: null, Machine: { Properties: { AllowedOAuthFlowsUserPoolClient: false } } }),
      changed(ME),
      baseline(),
    ];
    for (const t of cases) {
      const m = model(t);
      const matrix = buildMatrix(m);
      const reported = new Set(check('UncallableMethod', t).map((f) => f.logicalId));
      for (const mm of m.methods) {
        const row = matrix.methods.find((r) => r.path === mm.path && r.method === mm.httpMethod)!;
        const nobody = row.callers.every((c) => c.allowed === false);
        if (reported.has(mm.logicalId)) expect(nobody).toBe(true);
      }
      // The ID-token method is reported exactly when nobody can call it.
      const me = matrix.methods.find((r) => r.path === '/' && r.method === 'GET');
      if (me) expect(reported.has('Me')).toBe(me.callers.every((c) => c.allowed === false));
    }
    // Not vacuous: some case is reported.
    expect(cases.some((t) => check('UncallableMethod', t).length > 0)).toBe(true);
  });
});
