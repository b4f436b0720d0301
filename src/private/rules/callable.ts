/**
 * Who can call a method (the matrix's question, DESIGN.md §2): a Cognito method that no app client of
 * its authorizer's pools can ever get a token for. The answers come from the capability module the
 * matrix uses (`scopeAccess`, `idTokenAccess`, `anyOf`), so that `check` and `matrix` never disagree:
 * a finding only when every client's answer is "no" and every client of the pools is visible; one
 * "unknown" answer and the rule says nothing (DESIGN.md §6). Methods with custom scopes are left to the
 * scope and client rules, which already name why no token carries them: one finding per problem.
 */
import { Rule, finding, where } from './rule';
import { allKnown, builtIn, cognitoMethod, methodLabel, plainList, poolLabel, quoteList } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, MethodModel } from '../model/types';
import { ADMIN_SCOPE, Access, allowsInitiateAuth, anyOf, anyTokenAccess, idTokenAccess, scopeAccess } from '../simulator/capability';

/** Most clients named in one message. */
const MAX_CLIENTS_NAMED = 5;

export const UNCALLABLE_METHOD: Rule = {
  id: 'UncallableMethod',
  severity: 'warning',
  summary: "A Cognito method without custom scopes that no app client of its authorizer's pools can ever get a token for (a pool with no app client, or an ID-token method where no client can get an ID token).",
  why: 'Every call gets 401 whoever makes it: the method is unreachable (the caller matrix shows ❌ for every caller).',
  fix: 'Add an app client that can get the token the method accepts (an ID token for a method without scopes: a user client with openid or sign-in flows), or require scopes a client can get.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    // Only where every client of the pools is visible: no client whose pool is unresolved.
    if (index.someClientPoolUnknown) return out;
    const scopeCache = new Map<string, Access>();
    const idCache = new Map<string, Access>();
    for (const m of index.model.methods) {
      const ctx = cognitoMethod(index, m);
      if (!ctx || ctx.pools.length === 0) continue;
      if (ctx.audience) {
        // An HTTP route without scopes: any token of a client in the audience passes (no token_use check).
        if (!ctx.audience.complete || !index.clientsFullyKnown(ctx.pools) || completeScopes(m)?.length !== 0) continue;
        const clients = index.model.clients.filter((c) => ctx.audience!.clients.has(c.key));
        const answers = clients.map((c) => ({ name: where(c), access: anyTokenAccess(index, c) }));
        if (answers.some((a) => a.access.answer !== 'no')) continue;
        const shown = answers.slice(0, MAX_CLIENTS_NAMED).map((a) => `${a.name}: ${a.access.why}`);
        out.push(finding(this, m, answers.length === 0
          ? `Route ${methodLabel(m)} accepts any token of a client in the audience of JWT authorizer ${where(ctx.authorizer)}, but the audience names no app client of the templates: every call gets 401.`
          : `Route ${methodLabel(m)} accepts any token of a client in the audience of JWT authorizer ${where(ctx.authorizer)}, but no audience client can get one (${shown.join('; ')}): every call gets 401.`));
        continue;
      }
      // A pool not defined in the templates, or exported to other stacks, may have clients the model does not see.
      if (!ctx.pools.every((p) => { const pool = index.poolsByKey.get(p); return pool && !pool.external && !pool.exported; })) continue;
      // An IdentityValidationExpression decides too: ValidationExpressionWithScopes reports scoped methods, and for ID tokens it is only known after deploy.
      if (ctx.authorizer.identityValidationExpression !== undefined) continue;
      const scopes = completeScopes(m);
      if (!scopes) continue;
      // A custom scope no token can carry is one problem, reported once by the scope rules (ShortMethodScope,
      // UndefinedMethodScope, UnrequestableMethodScope, NoDomainForCustomScopes) or by the client rules that say
      // why a client allowed it cannot get it (OAuthFlowsNotEnabled, ClientCredentialsWithoutSecret...).
      if (scopes.some((s) => !builtIn(s))) continue;

      const clients = ctx.pools.flatMap((p) => index.clientsByPool.get(p) ?? []);
      // The matrix's signed-in-user caller: a user signing in with InitiateAuth through any client of the pools
      // gets an ID token and an access token with the admin scope (or may, when a client's flows are unresolved).
      if ((scopes.length === 0 || scopes.includes(ADMIN_SCOPE)) && clients.some((c) => allowsInitiateAuth(c) !== false)) continue;
      const answers: Array<{ name: string; access: Access }> = [];
      let undecidedOrYes = false;
      for (const c of clients) {
        let a: Access;
        if (scopes.length === 0) {
          a = idCache.get(c.key) ?? idTokenAccess(index, c);
          idCache.set(c.key, a);
        } else {
          a = anyOf(scopes.map((s) => {
            const k = `${c.key}\n${s}`;
            let hit = scopeCache.get(k);
            if (!hit) scopeCache.set(k, (hit = scopeAccess(index, c, s)));
            return hit;
          }));
        }
        if (a.answer !== 'no') {
          undecidedOrYes = true;
          break;
        }
        answers.push({ name: where(c), access: a });
      }
      if (undecidedOrYes) continue;
      out.push(finding(this, m, message(index, m, ctx.pools, scopes, answers)));
    }
    return out;
  },
};

/** The method's scopes when every one is resolved (empty: an ID-token method), else undefined. */
function completeScopes(m: MethodModel): string[] | undefined {
  return m.scopes === undefined ? [] : allKnown(m.scopes);
}

function message(index: ModelIndex, m: MethodModel, pools: string[], scopes: string[], answers: Array<{ name: string; access: Access }>): string {
  const poolsText = plainList(pools.map((p) => poolLabel(index, p)), 3);
  const needs = scopes.length === 0 ? 'an ID token (it has no scopes)' : `an access token with one of its scopes (${quoteList(scopes, 3)})`;
  if (answers.length === 0) {
    return `Method ${methodLabel(m)} accepts ${needs}, but the authorizer's user pools (${poolsText}) have no app client: no token can be issued for it, so every call gets 401.`;
  }
  const shown = answers.slice(0, MAX_CLIENTS_NAMED).map((a) => `${a.name}: ${a.access.why}`);
  const more = answers.length > MAX_CLIENTS_NAMED ? `; and ${answers.length - MAX_CLIENTS_NAMED} more` : '';
  return `Method ${methodLabel(m)} accepts ${needs}, but no app client of the authorizer's user pools (${poolsText}) can get one (${shown.join('; ')}${more}): every call gets 401.`;
}

export const CALLABLE_RULES: Rule[] = [UNCALLABLE_METHOD];
