import { BUILT_IN_OAUTH_SCOPES } from '../construct-checks';
import {
  AppClientModel,
  AuthModel,
  AuthorizerModel,
  DomainModel,
  GatewayResponseModel,
  MethodModel,
  ResourceServerModel,
  RestApiModel,
  UserPoolModel,
  isKnown,
  isUnknown,
} from './types';

/** Built-in OAuth scopes Cognito knows without a resource server. */
const BUILT_IN_SCOPES: ReadonlySet<string> = new Set(BUILT_IN_OAUTH_SCOPES);

export function isBuiltInScope(scope: string): boolean {
  return BUILT_IN_SCOPES.has(scope);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** A custom scope defined by a resource server. */
export interface DefinedScope {
  readonly full: string;
  readonly name: string;
  readonly resourceServer: ResourceServerModel;
}

/**
 * Lookups over an AuthModel, computed once in linear time so that rules stay
 * linear in the size of the templates.
 */
export class ModelIndex {
  public readonly poolsByKey = new Map<string, UserPoolModel>();
  public readonly resourceServersByPool = new Map<string, ResourceServerModel[]>();
  public readonly clientsByPool = new Map<string, AppClientModel[]>();
  public readonly domainsByPool = new Map<string, DomainModel[]>();
  public readonly authorizersByKey = new Map<string, AuthorizerModel>();
  public readonly authorizersByApi = new Map<string, AuthorizerModel[]>();
  public readonly apisByKey = new Map<string, RestApiModel>();
  public readonly methodsByApi = new Map<string, MethodModel[]>();
  public readonly methodsByAuthorizer = new Map<string, MethodModel[]>();
  public readonly gatewayResponsesByApi = new Map<string, GatewayResponseModel[]>();
  /** Pool key → full scope → definition. */
  public readonly scopesByPool = new Map<string, Map<string, DefinedScope>>();
  /** Pool key → scope name → definitions (for short-scope detection). */
  public readonly scopeNamesByPool = new Map<string, DefinedScope[]>();
  /** Pool key → full scope → clients allowed to request it. */
  public readonly clientsByScope = new Map<string, Map<string, AppClientModel[]>>();
  /** Pools whose resource servers could not all be read (unknown pool or unknown scopes). */
  public readonly poolsWithUnknownScopes = new Set<string>();
  /** Pools whose clients could not all be read. */
  public readonly poolsWithUnknownClients = new Set<string>();
  /** True when some resource server / client could not be attributed to a pool. */
  public readonly someResourceServerPoolUnknown: boolean;
  public readonly someClientPoolUnknown: boolean;

  constructor(public readonly model: AuthModel) {
    for (const p of model.userPools) this.poolsByKey.set(p.key, p);
    let rsUnknown = false;
    for (const rs of model.resourceServers) {
      if (!isKnown(rs.pool)) {
        rsUnknown = true;
        continue;
      }
      push(this.resourceServersByPool, rs.pool, rs);
      if (!isKnown(rs.identifier) || isUnknown(rs.scopes)) {
        this.poolsWithUnknownScopes.add(rs.pool);
        continue;
      }
      let byFull = this.scopesByPool.get(rs.pool);
      if (!byFull) this.scopesByPool.set(rs.pool, (byFull = new Map()));
      let names = this.scopeNamesByPool.get(rs.pool);
      if (!names) this.scopeNamesByPool.set(rs.pool, (names = []));
      for (const s of rs.scopes ?? []) {
        if (!isKnown(s.name)) {
          this.poolsWithUnknownScopes.add(rs.pool);
          continue;
        }
        const def = { full: `${rs.identifier}/${s.name}`, name: s.name, resourceServer: rs };
        if (!byFull.has(def.full)) byFull.set(def.full, def);
        names.push(def);
      }
    }
    this.someResourceServerPoolUnknown = rsUnknown;

    let clientUnknown = false;
    for (const c of model.clients) {
      if (!isKnown(c.pool)) {
        clientUnknown = true;
        continue;
      }
      push(this.clientsByPool, c.pool, c);
      if (!isKnown(c.allowedOAuthScopes)) {
        if (isUnknown(c.allowedOAuthScopes)) this.poolsWithUnknownClients.add(c.pool);
        continue;
      }
      let byScope = this.clientsByScope.get(c.pool);
      if (!byScope) this.clientsByScope.set(c.pool, (byScope = new Map()));
      for (const s of c.allowedOAuthScopes) {
        if (isKnown(s)) push(byScope, s, c);
        else this.poolsWithUnknownClients.add(c.pool);
      }
    }
    this.someClientPoolUnknown = clientUnknown;

    for (const d of model.domains) if (isKnown(d.pool)) push(this.domainsByPool, d.pool, d);
    for (const a of model.authorizers) {
      this.authorizersByKey.set(a.key, a);
      if (isKnown(a.restApi)) push(this.authorizersByApi, a.restApi, a);
    }
    for (const api of model.restApis) this.apisByKey.set(api.key, api);
    for (const m of model.methods) {
      if (isKnown(m.restApi)) push(this.methodsByApi, m.restApi, m);
      if (isKnown(m.authorizer)) push(this.methodsByAuthorizer, m.authorizer, m);
    }
    for (const g of model.gatewayResponses) if (isKnown(g.restApi)) push(this.gatewayResponsesByApi, g.restApi, g);
  }

  /** The authorizer a method uses, when it is in the model. */
  public authorizerOf(m: MethodModel): AuthorizerModel | undefined {
    return isKnown(m.authorizer) ? this.authorizersByKey.get(m.authorizer) : undefined;
  }

  /**
   * The pools of an authorizer, or undefined when any of them is unknown
   * (rules must then not conclude anything that depends on the full set).
   */
  public poolsOf(a: AuthorizerModel): string[] | undefined {
    if (!isKnown(a.providerPools)) return undefined;
    const out: string[] = [];
    for (const p of a.providerPools) {
      if (!isKnown(p)) return undefined;
      out.push(p);
    }
    return out;
  }

  /** Whether everything about the scopes defined in these pools is known (no unknown resource server, pools defined in the templates). */
  public scopesFullyKnown(pools: string[]): boolean {
    if (this.someResourceServerPoolUnknown) return false;
    return pools.every((p) => {
      const pool = this.poolsByKey.get(p);
      return !this.poolsWithUnknownScopes.has(p) && !pool?.external && !pool?.exported;
    });
  }

  /** Whether every client of these pools is in the model with known scopes. */
  public clientsFullyKnown(pools: string[]): boolean {
    if (this.someClientPoolUnknown) return false;
    return pools.every((p) => {
      const pool = this.poolsByKey.get(p);
      return !this.poolsWithUnknownClients.has(p) && !pool?.external && !pool?.exported;
    });
  }

  public findScope(pools: string[], full: string): DefinedScope | undefined {
    for (const p of pools) {
      const d = this.scopesByPool.get(p)?.get(full);
      if (d) return d;
    }
    return undefined;
  }

  public scopesNamed(pools: string[], name: string): DefinedScope[] {
    const out: DefinedScope[] = [];
    for (const p of pools) for (const d of this.scopeNamesByPool.get(p) ?? []) if (d.name === name) out.push(d);
    return out;
  }

  public clientsAllowed(pools: string[], full: string): AppClientModel[] {
    const out: AppClientModel[] = [];
    for (const p of pools) for (const c of this.clientsByScope.get(p)?.get(full) ?? []) out.push(c);
    return out;
  }
}
