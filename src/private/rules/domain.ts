/**
 * User pool domains (DESIGN.md §4 domain facts): custom scopes are only ever
 * issued by the OAuth endpoints, which need a domain.
 */
import { checkDomainPrefix } from '../construct-checks';
import { Rule, finding, where } from './rule';
import { builtIn, cognitoMethod, knownElements, methodLabel, quoteList } from './util';
import { ModelIndex } from '../model/model-index';
import { AuthorizerModel, Finding, MethodModel, ResourceServerModel, isKnown } from '../model/types';

export const INVALID_DOMAIN_PREFIX: Rule = {
  id: 'InvalidDomainPrefix',
  severity: 'error',
  summary: "A Cognito domain prefix is not 1–63 lowercase letters, digits and inner hyphens, or contains 'aws', 'amazon' or 'cognito'.",
  why: 'Cognito rejects the domain: the deployment fails.',
  fix: "Use a prefix like 'example-auth' (lowercase, digits, hyphens; without aws/amazon/cognito).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const d of index.model.domains) {
      if (d.custom || !isKnown(d.domain)) continue;
      const p = checkDomainPrefix(d.domain, 'Domain');
      if (p) out.push(finding(this, d, `User pool domain ${where(d)}: ${p}`));
    }
    return out;
  },
};

export const NO_DOMAIN_FOR_CUSTOM_SCOPES: Rule = {
  id: 'NoDomainForCustomScopes',
  severity: 'error',
  summary: 'Methods require custom scopes of a user pool that has no domain.',
  why: 'Without a domain there is no /oauth2/token or hosted UI: no token ever carries a custom scope, so every scoped call gets 401.',
  fix: 'Add a domain to the user pool (CDK: pool.addDomain(...) with a cognitoDomain prefix or a custom domain).',
  check(index: ModelIndex): Finding[] {
    // A domain whose pool could not be resolved may belong to any pool: conclude nothing.
    if (index.model.domains.some((d) => !isKnown(d.pool))) return [];
    const needs = new Map<string, { scopes: Set<string>; methods: MethodModel[]; construct?: { path: string; at: ResourceServerModel } }>();
    for (const m of index.model.methods) {
      const ctx = cognitoMethod(index, m);
      if (!ctx) continue;
      for (const s of knownElements(m.scopes)) {
        if (builtIn(s)) continue;
        const def = index.findScope(ctx.pools, s);
        if (!def || !isKnown(def.resourceServer.pool)) continue;
        const pool = def.resourceServer.pool;
        if (index.domainsByPool.has(pool)) continue;
        const p = index.poolsByKey.get(pool);
        if (!p || p.external) continue;
        let n = needs.get(pool);
        if (!n) needs.set(pool, (n = { scopes: new Set(), methods: [] }));
        n.construct ??= cognitoApiAuthOf(ctx.authorizer, def.resourceServer);
        n.scopes.add(s);
        if (n.methods[n.methods.length - 1] !== m) n.methods.push(m);
      }
    }
    const out: Finding[] = [];
    for (const [pool, n] of needs) {
      const p = index.poolsByKey.get(pool)!;
      if (n.construct) {
        // The scopes and the authorizer come from a CognitoApiAuth: point at it and its domain prop, not at the pool's owner.
        const c = n.construct.path;
        out.push(
          finding(
            this,
            n.construct.at,
            `CognitoApiAuth ${c} has no domain, and its user pool ${where(p)} has none either, but ${n.methods.length} method(s) require its custom scopes ` +
              `(${quoteList([...n.scopes], 3)}; e.g. ${methodLabel(n.methods[0])}): without a domain there is no /oauth2/token endpoint, so no token ever carries them.`,
            `Pass domain: HostedUiDomain.cognitoPrefix('...') (or HostedUiDomain.customDomain(...)) to CognitoApiAuth ${c}, or add a domain to the user pool where it is defined (pool.addDomain(...)).`,
          ),
        );
        continue;
      }
      out.push(
        finding(
          this,
          p,
          `User pool ${where(p)} has no domain, but ${n.methods.length} method(s) require its custom scopes (${quoteList([...n.scopes], 3)}; e.g. ${methodLabel(n.methods[0])}): ` +
            'without a domain there is no /oauth2/token endpoint, so no token ever carries them.',
        ),
      );
    }
    return out;
  },
};

/**
 * The CognitoApiAuth that made this authorizer and resource server, by the layout it gives them: its
 * authorizer at `<path>/Authorizer/Resource` and its resource server at `<path>/ResourceServer/Resource`
 * under the same construct. Undefined when the paths are unknown or laid out otherwise (plain aws-cdk-lib).
 */
function cognitoApiAuthOf(authorizer: AuthorizerModel, server: ResourceServerModel): { path: string; at: ResourceServerModel } | undefined {
  const m = /^(.+)\/Authorizer\/Resource$/.exec(authorizer.constructPath ?? '');
  if (!m || server.constructPath !== `${m[1]}/ResourceServer/Resource`) return undefined;
  return { path: m[1], at: server };
}

export const DOMAIN_RULES: Rule[] = [NO_DOMAIN_FOR_CUSTOM_SCOPES, INVALID_DOMAIN_PREFIX];
