/**
 * User pool domains (DESIGN.md §4 domain facts): custom scopes are only ever
 * issued by the OAuth endpoints, which need a domain.
 */
import { checkDomainPrefix } from '../construct-checks';
import { Rule, finding, where } from './rule';
import { builtIn, cognitoMethod, knownElements, methodLabel, quoteList } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, MethodModel, isKnown } from '../model/types';

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
    const needs = new Map<string, { scopes: Set<string>; methods: MethodModel[] }>();
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
        n.scopes.add(s);
        if (n.methods[n.methods.length - 1] !== m) n.methods.push(m);
      }
    }
    const out: Finding[] = [];
    for (const [pool, n] of needs) {
      const p = index.poolsByKey.get(pool)!;
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

export const DOMAIN_RULES: Rule[] = [NO_DOMAIN_FOR_CUSTOM_SCOPES, INVALID_DOMAIN_PREFIX];
