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

  test('a method requiring only the admin scope when no client lets users sign in or allows it', () => {
    const t = changed({ Web: null, Machine: { Properties: NO_SIGN_IN }, Admin: method('GET', null, { AuthorizationScopes: ['aws.cognito.signin.user.admin'] }) });
    expect(brief(check('UncallableMethod', t))).toEqual([
      {
        ruleId: 'UncallableMethod',
        severity: 'warning',
        logicalId: 'Admin',
        message:
          "Method GET / (T/Admin) accepts an access token with one of its scopes ('aws.cognito.signin.user.admin'), but no app client of the authorizer's user pools (user pool T/Pool) can get one " +
          '(T/Machine: client_credentials tokens carry only custom scopes, never aws.cognito.signin.user.admin (users do not sign in through a machine client)): every call gets 401.',
      },
    ]);
  });

  test('a custom scope no client can get is left to the scope and client rules (one finding per problem)', () => {
    // The only client allowed the scopes has OAuth turned off: OAuthFlowsNotEnabled says so, on the client.
    const t = changed({ Web: null, Machine: { Properties: { AllowedOAuthFlowsUserPoolClient: false, ...NO_SIGN_IN } } });
    expect(check('UncallableMethod', t)).toEqual([]);
    expect(checkAll(t).map((f) => [f.ruleId, f.logicalId])).toContainEqual(['OAuthFlowsNotEnabled', 'Machine']);
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
      changed({ Web: null, Machine: { Properties: NO_SIGN_IN }, Admin: method('GET', null, { AuthorizationScopes: ['aws.cognito.signin.user.admin'] }) }),
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
      // A method without custom scopes is reported exactly when nobody can call it.
      const root = matrix.methods.find((r) => r.path === '/' && r.method === 'GET');
      const id = m.methods.find((x) => x.path === '/')?.logicalId;
      if (root && id) expect(reported.has(id)).toBe(root.callers.every((c) => c.allowed === false));
    }
    // Not vacuous: some case is reported.
    expect(cases.some((t) => check('UncallableMethod', t).length > 0)).toBe(true);
  });
});
