/**
 * Resource servers and their scopes (DESIGN.md §4 resource server facts).
 */
import {
  MAX_SCOPES_PER_RESOURCE_SERVER,
  checkResourceServerIdentifier,
  checkResourceServerName,
  checkScopeDescription,
  checkScopeName,
} from '../construct-checks';
import { Rule, finding, where } from './rule';
import { capitalize, plainList, poolLabel, q } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, ResourceServerModel, isKnown } from '../model/types';

/** Default Cognito quota of resource servers per user pool. */
export const MAX_RESOURCE_SERVERS_PER_POOL = 25;

function rsLabel(rs: ResourceServerModel): string {
  return `Resource server ${where(rs)}`;
}

export const INVALID_RESOURCE_SERVER_IDENTIFIER: Rule = {
  id: 'InvalidResourceServerIdentifier',
  severity: 'error',
  summary: 'A resource server Identifier is empty, over 256 characters, or contains a space, \'"\' or \'\\\'.',
  why: 'Cognito rejects the resource server: the deployment fails.',
  fix: "Use an identifier such as 'com.example.api' or 'https://api.example.com'.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const rs of index.model.resourceServers) {
      if (!isKnown(rs.identifier)) continue;
      const p = checkResourceServerIdentifier(rs.identifier, 'Identifier');
      if (p) out.push(finding(this, rs, `${rsLabel(rs)}: ${p}`));
    }
    return out;
  },
};

export const INVALID_RESOURCE_SERVER_NAME: Rule = {
  id: 'InvalidResourceServerName',
  severity: 'error',
  summary: 'A resource server Name is missing, over 256 characters, or has characters outside [\\w\\s+=,.@-] (a URL is not a valid Name).',
  why: 'Cognito rejects the resource server: the deployment fails.',
  fix: "Use a friendly name such as 'items-api' (the URL belongs in Identifier).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const rs of index.model.resourceServers) {
      if (rs.name === undefined) {
        out.push(finding(this, rs, `${rsLabel(rs)} has no Name (required).`));
        continue;
      }
      if (!isKnown(rs.name)) continue;
      const p = checkResourceServerName(rs.name, 'Name');
      if (p) out.push(finding(this, rs, `${rsLabel(rs)}: ${p}`));
    }
    return out;
  },
};

export const INVALID_SCOPE_NAME: Rule = {
  id: 'InvalidScopeName',
  severity: 'error',
  summary: 'A scope name is empty, over 256 characters, or contains a space, \'/\', \'"\' or \'\\\'.',
  why: 'Cognito rejects the resource server: the deployment fails.',
  fix: "Use a short name without '/' (the full scope is '<identifier>/<name>'), such as 'read' or 'items.write'.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const rs of index.model.resourceServers) {
      if (!isKnown(rs.scopes)) continue;
      rs.scopes.forEach((s, i) => {
        if (!isKnown(s.name)) return;
        const p = checkScopeName(s.name, `Scopes[${i}].ScopeName`);
        if (p) out.push(finding(this, rs, `${rsLabel(rs)}: ${p}`));
      });
    }
    return out;
  },
};

export const INVALID_SCOPE_DESCRIPTION: Rule = {
  id: 'InvalidScopeDescription',
  severity: 'error',
  summary: 'A scope has no ScopeDescription, or one over 256 characters.',
  why: 'ScopeDescription is required (1–256 characters): the deployment fails.',
  fix: 'Describe what the scope allows in 1–256 characters.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const rs of index.model.resourceServers) {
      if (!isKnown(rs.scopes)) continue;
      rs.scopes.forEach((s, i) => {
        const name = isKnown(s.name) ? q(s.name) : `#${i}`;
        if (s.description === undefined) {
          out.push(finding(this, rs, `${rsLabel(rs)}: scope ${name} has no ScopeDescription (required).`));
          return;
        }
        if (!isKnown(s.description)) return;
        const p = checkScopeDescription(s.description, `Scopes[${i}].ScopeDescription`);
        if (p) out.push(finding(this, rs, `${rsLabel(rs)}: ${p}`));
      });
    }
    return out;
  },
};

export const TOO_MANY_SCOPES: Rule = {
  id: 'TooManyScopes',
  severity: 'error',
  summary: `A resource server defines more than ${MAX_SCOPES_PER_RESOURCE_SERVER} scopes.`,
  why: 'Cognito rejects the resource server: the deployment fails.',
  fix: 'Split the scopes over several resource servers.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const rs of index.model.resourceServers) {
      if (!isKnown(rs.scopes) || rs.scopes.length <= MAX_SCOPES_PER_RESOURCE_SERVER) continue;
      out.push(finding(this, rs, `${rsLabel(rs)} defines ${rs.scopes.length} scopes (at most ${MAX_SCOPES_PER_RESOURCE_SERVER}).`));
    }
    return out;
  },
};

export const DUPLICATE_SCOPE_NAME: Rule = {
  id: 'DuplicateScopeName',
  severity: 'error',
  summary: 'A resource server defines the same scope name twice.',
  why: 'Scope names identify scopes within a resource server: Cognito rejects the duplicate.',
  fix: 'Keep one definition of each scope name.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const rs of index.model.resourceServers) {
      if (!isKnown(rs.scopes)) continue;
      const seen = new Set<string>();
      const dup = new Set<string>();
      for (const s of rs.scopes) {
        if (!isKnown(s.name)) continue;
        if (seen.has(s.name)) dup.add(s.name);
        seen.add(s.name);
      }
      for (const d of dup) out.push(finding(this, rs, `${rsLabel(rs)} defines scope ${q(d)} more than once.`));
    }
    return out;
  },
};

export const DUPLICATE_RESOURCE_SERVER_IDENTIFIER: Rule = {
  id: 'DuplicateResourceServerIdentifier',
  severity: 'error',
  summary: 'Two resource servers of one user pool have the same Identifier.',
  why: 'The identifier is unique within a pool: the second resource server fails to create.',
  fix: 'Merge the scopes into one resource server, or give each a distinct Identifier.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const [pool, servers] of index.resourceServersByPool) {
      const first = new Map<string, ResourceServerModel>();
      for (const rs of servers) {
        if (!isKnown(rs.identifier)) continue;
        const other = first.get(rs.identifier);
        if (!other) {
          first.set(rs.identifier, rs);
          continue;
        }
        out.push(
          finding(this, rs, `${rsLabel(rs)} has Identifier ${q(rs.identifier)}, already used by resource server ${where(other)} of ${poolLabel(index, pool)}.`),
        );
      }
    }
    return out;
  },
};

export const TOO_MANY_RESOURCE_SERVERS: Rule = {
  id: 'TooManyResourceServers',
  severity: 'warning',
  summary: `A user pool has more than ${MAX_RESOURCE_SERVERS_PER_POOL} resource servers.`,
  why: `The default Cognito quota is ${MAX_RESOURCE_SERVERS_PER_POOL} resource servers per pool: the deployment fails unless the quota was raised.`,
  fix: 'Group scopes on fewer resource servers (up to 100 scopes each), or raise the quota.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const [pool, servers] of index.resourceServersByPool) {
      if (servers.length <= MAX_RESOURCE_SERVERS_PER_POOL) continue;
      const at = index.poolsByKey.get(pool);
      out.push(
        finding(
          this,
          at && !at.external ? at : servers[0],
          `${capitalize(poolLabel(index, pool))} has ${servers.length} resource servers (default quota: ${MAX_RESOURCE_SERVERS_PER_POOL}): ${plainList(servers.map(where), 3)}.`,
        ),
      );
    }
    return out;
  },
};

export const RESOURCE_SERVER_RULES: Rule[] = [
  INVALID_RESOURCE_SERVER_IDENTIFIER,
  INVALID_RESOURCE_SERVER_NAME,
  INVALID_SCOPE_NAME,
  INVALID_SCOPE_DESCRIPTION,
  DUPLICATE_SCOPE_NAME,
  DUPLICATE_RESOURCE_SERVER_IDENTIFIER,
  TOO_MANY_SCOPES,
  TOO_MANY_RESOURCE_SERVERS,
];
