/**
 * Method scopes (DESIGN.md §1 causes 3, 4, 5, 13): the scopes a method requires
 * must be full custom scope identifiers that a resource server of the
 * authorizer's pools defines and that some app client may request, and must not
 * be mixed with built-in scopes.
 */
import { Rule, finding, where } from './rule';
import { CognitoAuthorizer, Memo, builtIn, certainlyUndefined, cognitoMethod, deniedText, isTokenProtected, knownElements, lookups, opLabel, plainList, poolLabel, q, quoteList, suggestionsFor } from './util';
import { ModelIndex } from '../model/model-index';
import { AppClientModel, Finding } from '../model/types';

/** Message (after `Method <label>`) and fix of a finding, shared by all methods with the same mistake. */
interface Text {
  readonly message: string;
  readonly fix: string;
  readonly severity?: 'error' | 'warning';
}

function poolsText(index: ModelIndex, pools: readonly string[]): string {
  return pools.length === 0 ? 'none' : plainList(pools.map((p) => poolLabel(index, p)), 3);
}

export const SHORT_METHOD_SCOPE: Rule = {
  id: 'ShortMethodScope',
  severity: 'error',
  summary: "A method requires a scope written short ('read') where a resource server of the authorizer's pools defines it.",
  why: "Access tokens carry custom scopes as 'identifier/name'; no token ever carries 'read', so every call gets 401.",
  fix: "Write the full scope: '<resource server identifier>/<scope name>' (e.g. 'com.example.api/read').",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    const l = lookups(index);
    const memo = new Memo<Text | null>();
    for (const m of index.model.methods) {
      const ctx = cognitoMethod(index, m);
      if (!ctx) continue;
      for (const s of knownElements(m.scopes)) {
        if (s.includes('/') || builtIn(s)) continue;
        let text = memo.get(ctx, s);
        if (text === undefined) {
          const defs = l.named(ctx.pools, s);
          const fulls = [...new Set(defs.map((d) => d.full))];
          const servers = [...new Set(defs.map((d) => where(d.resourceServer)))];
          text = memo.set(
            ctx,
            s,
            defs.length === 0
              ? null
              : {
                message:
                  ` requires scope ${q(s)}, written short: no access token ever carries ${q(s)}, so ${deniedText(ctx.authorizer.apiKind === 'http')}. ` +
                  `Resource server ${plainList(servers, 3)} defines it as ${quoteList(fulls)}.`,
                fix: `Use the full scope ${fulls.length === 1 ? q(fulls[0]) : `(one of ${quoteList(fulls)})`} in AuthorizationScopes.`,
              },
          );
        }
        if (text) out.push(finding(this, m, `${opLabel(m)}${text.message}`, text.fix));
      }
    }
    return out;
  },
};

export const UNDEFINED_METHOD_SCOPE: Rule = {
  id: 'UndefinedMethodScope',
  severity: 'error',
  summary: "A method requires a custom scope that no resource server of the authorizer's pools defines.",
  why: 'No token can ever carry a scope that does not exist: every call gets 401.',
  fix: "Add the scope to a resource server of the authorizer's user pool, or fix the typo in AuthorizationScopes.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    const memo = new Memo<Text | null>();
    for (const m of index.model.methods) {
      const ctx = cognitoMethod(index, m);
      if (!ctx) continue;
      const scopes = knownElements(m.scopes);
      for (const s of scopes) {
        if (builtIn(s)) continue;
        let text = memo.get(ctx, s);
        if (text === undefined) text = memo.set(ctx, s, undefinedScopeText(index, ctx.pools, s, ctx.authorizer.apiKind === 'http'));
        if (text) out.push(finding(this, m, `${opLabel(m)}${text.message}`, text.fix));
      }
    }
    return out;
  },
};

/** The message (after `Method <label>`) and fix for a method scope no resource server defines, or null. */
function undefinedScopeText(index: ModelIndex, pools: string[], s: string, route: boolean): Text | null {
  const l = lookups(index);
  if (!s.includes('/')) {
    // A custom scope is always `identifier/name`: a bare word that is not built in never appears in a token.
    if (l.named(pools, s).length > 0) return null; // ShortMethodScope
    return {
      message:
        ` requires scope ${q(s)}, which is neither a built-in scope nor a custom scope ('<resource server identifier>/<scope name>'): ` +
        `no access token ever carries it, so ${deniedText(route)}.`,
      fix: `Use the full custom scope '<resource server identifier>/${s}' defined on a resource server of the authorizer's user pool, or a built-in scope.`,
    };
  }
  if (!certainlyUndefined(index, pools, s)) return null;
  const suggestions = suggestionsFor(index, pools, s);
  const defined = l.allFull(pools);
  const hint = suggestions.length > 0 ? ` Did you mean ${quoteList(suggestions, 3)}?` : '';
  return {
    message:
      ` requires scope ${q(s)}, which no resource server of the authorizer's user pools (${poolsText(index, pools)}) defines: ` +
      `no token can carry it, so ${deniedText(route)}. Defined scopes: ${defined.length > 0 ? quoteList(defined) : 'none'}.${hint}`,
    fix:
      suggestions.length > 0
        ? `Use ${quoteList(suggestions, 3)} in AuthorizationScopes, or define ${q(s)} on a resource server of the pool.`
        : `Define ${q(s)} on a resource server of the authorizer's user pool, or require one of the defined scopes.`,
  };
}

export const UNREQUESTABLE_METHOD_SCOPE: Rule = {
  id: 'UnrequestableMethodScope',
  severity: 'error',
  summary: "A method requires a scope that no app client of the authorizer's pools may request (AllowedOAuthScopes).",
  why: 'Cognito only puts a custom scope in an access token for a client allowed to request it: no caller can get a token the method accepts.',
  fix: 'Add the scope to the AllowedOAuthScopes of the app client that calls this method.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    const memo = new Memo<Text | null>();
    for (const m of index.model.methods) {
      const ctx = cognitoMethod(index, m);
      if (!ctx) continue;
      const scopes = knownElements(m.scopes);
      // Scopes match ANY-of: one requestable scope keeps the method callable, so the others are only dead weight.
      const usable = scopes.find((s) => allowedClients(index, ctx, s).length > 0);
      for (const s of scopes) {
        if (builtIn(s) || !s.includes('/')) continue; // built-in, or reported by Short/UndefinedMethodScope
        let text = memo.get(ctx, s);
        if (text === undefined) {
          text = memo.set(ctx, s, ctx.audience ? unrequestableInAudienceText(index, ctx, s) : unrequestableText(index, ctx.pools, s));
        }
        if (!text) continue;
        if (usable) {
          out.push(
            finding(
              this,
              m,
              `${opLabel(m)}${text.message} The ${m.apiKind === 'http' ? 'route' : 'method'} stays callable with ${q(usable)} (scopes match ANY-of), so ${q(s)} is dead weight on it.`,
              `${text.fix} Or remove ${q(s)} from the method.`,
              'warning',
            ),
          );
        } else {
          out.push(finding(this, m, `${opLabel(m)}${text.message}`, text.fix, text.severity));
        }
      }
    }
    return out;
  },
};

/**
 * The clients that may request a scope and whose tokens the authorizer accepts: every client of the pools
 * allowed the scope (REST), or only those in the audience (HTTP: a token of another client gets 401).
 */
export function allowedClients(index: ModelIndex, ctx: CognitoAuthorizer, s: string): AppClientModel[] {
  const all = index.clientsAllowed(ctx.pools, s);
  return ctx.audience ? all.filter((c) => ctx.audience!.clients.has(c.key)) : all;
}

/** HTTP routes: a scope counts as requestable only if a client in the authorizer's audience may request it. */
function unrequestableInAudienceText(index: ModelIndex, ctx: CognitoAuthorizer, s: string): Text | null {
  if (certainlyUndefined(index, ctx.pools, s)) return null; // UndefinedMethodScope
  if (allowedClients(index, ctx, s).length > 0) return null;
  const audience = ctx.audience!;
  const outside = index.clientsAllowed(ctx.pools, s).map(where);
  const inAudience = [...audience.clients]
    .map((k) => index.model.clients.find((c) => c.key === k))
    .filter((c): c is AppClientModel => !!c)
    .map(where);
  const certain = audience.complete && index.clientsFullyKnown(ctx.pools);
  if (!certain && inAudience.length === 0 && outside.length === 0) return null; // no client known at all (external pool): nothing to say
  const maybe = certain ? '' : ' (audience entries the model cannot tie to an app client of the templates may allow it)';
  const leftOut = outside.length > 0 ? ` ${quoteList(outside)} may request it but ${outside.length === 1 ? 'is' : 'are'} not in the audience.` : '';
  return {
    message:
      ` requires scope ${q(s)}, but no app client in the audience of JWT authorizer ${where(ctx.authorizer)} may request it${maybe}: ` +
      `no token the route accepts can be issued. Audience clients: ${inAudience.length > 0 ? quoteList(inAudience) : 'none'}.${leftOut}`,
    fix:
      outside.length > 0
        ? `Add ${quoteList(outside, 3)} to the authorizer's audience (JwtConfiguration.Audience), or add ${q(s)} to the AllowedOAuthScopes of an audience client.`
        : `Add ${q(s)} to the AllowedOAuthScopes of the app client that calls this route, and keep that client in the authorizer's audience.`,
    severity: certain ? 'error' : 'warning',
  };
}

/** The message (after `Method <label>`), fix and severity for a method scope no client may request, or null. */
function unrequestableText(index: ModelIndex, pools: string[], s: string): Text | null {
  if (certainlyUndefined(index, pools, s)) return null; // UndefinedMethodScope
  if (index.clientsAllowed(pools, s).length > 0) return null;
  const clientsKnown = index.clientsFullyKnown(pools);
  const names: string[] = [];
  for (const p of pools) for (const c of index.clientsByPool.get(p) ?? []) names.push(where(c));
  if (names.length === 0) {
    if (!clientsKnown) return null; // external pool or unreadable clients: nothing to say
    return {
      message:
        ` requires scope ${q(s)}, but the authorizer's user pools (${poolsText(index, pools)}) have no app client: ` +
        'no token carrying it can be issued.',
      fix: `Add an app client to the pool with ${q(s)} in its AllowedOAuthScopes.`,
    };
  }
  const elsewhere = clientsKnown ? '' : ' (clients outside the templates, or whose scopes could not be read, may allow it)';
  return {
    message:
      ` requires scope ${q(s)}, but no app client of the authorizer's user pools may request it${elsewhere}: ` +
      `no token the method accepts can be issued. Clients: ${quoteList(names)}.`,
    fix: `Add ${q(s)} to the AllowedOAuthScopes of the app client that calls this method.`,
    severity: clientsKnown ? 'error' : 'warning',
  };
}

export const MIXED_BUILT_IN_AND_CUSTOM_SCOPES: Rule = {
  id: 'MixedBuiltInAndCustomScopes',
  severity: 'warning',
  summary: 'A method requires built-in scopes (openid, email, aws.cognito.signin.user.admin…) together with custom scopes.',
  why: 'Method scopes match ANY-of: every signed-in user whose token carries the built-in scope passes, without the custom scope — a silent hole.',
  fix: 'Require only custom scopes on the method (remove the built-in ones), or split the method.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    const memo = new Map<string, Text>();
    for (const m of index.model.methods) {
      if (!isTokenProtected(m)) continue;
      const scopes = knownElements(m.scopes);
      let hasBuiltIn = false;
      let hasCustom = false;
      for (const s of scopes) {
        if (builtIn(s)) hasBuiltIn = true;
        else hasCustom = true;
      }
      if (!hasBuiltIn || !hasCustom) continue;
      const key = scopes.join(' ');
      let text = memo.get(key);
      if (!text) {
        const builtIns = scopes.filter(builtIn);
        const custom = scopes.filter((s) => !builtIn(s));
        text = {
          message:
            ` accepts built-in scope ${quoteList(builtIns)} alongside custom scope ${quoteList(custom)}: ` +
            `a token needs only ANY one of them, so every signed-in user whose access token carries ${q(builtIns[0])} passes without ${q(custom[0])}.`,
          fix: `Remove ${quoteList(builtIns)} from AuthorizationScopes so that only ${quoteList(custom)} grant access.`,
        };
        memo.set(key, text);
      }
      out.push(finding(this, m, `${opLabel(m)}${text.message}`, text.fix));
    }
    return out;
  },
};

export const METHOD_SCOPE_RULES: Rule[] = [SHORT_METHOD_SCOPE, UNDEFINED_METHOD_SCOPE, UNREQUESTABLE_METHOD_SCOPE, MIXED_BUILT_IN_AND_CUSTOM_SCOPES];
