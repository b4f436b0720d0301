import { where } from './rule';
import { DefinedScope, ModelIndex, isBuiltInScope } from '../model/model-index';
import { AuthorizerModel, MethodModel, Val, isKnown } from '../model/types';
import { safeValue } from '../safe-text';

/** Authorization type of methods and authorizers that use Cognito user pools. */
export const COGNITO = 'COGNITO_USER_POOLS';

/** Authorization type of HTTP API routes and authorizers that validate JWTs (DESIGN.md §8). */
export const JWT = 'JWT';

/** True for an HTTP API route (API Gateway v2). */
export function isRoute(m: MethodModel): boolean {
  return m.apiKind === 'http';
}

/** True for a method or route protected by a user pool: a `COGNITO_USER_POOLS` method or a `JWT` route. */
export function isTokenProtected(m: MethodModel): boolean {
  return m.authorizationType === COGNITO || (m.apiKind === 'http' && m.authorizationType === JWT);
}

/** `Method GET /items (…)` or `Route GET /items (…)`: how a message names a protected operation. */
export function opLabel(m: MethodModel): string {
  return `${isRoute(m) ? 'Route' : 'Method'} ${methodLabel(m)}`;
}

/** What a caller gets when no token can carry the scopes: 401 (REST) or a refusal (HTTP, 403 believed). */
export function deniedText(route: boolean): string {
  return route ? 'every call is refused (403)' : 'every call gets 401';
}


/** Quote a value for a message: cut to a readable length, control characters escaped (template values are untrusted). */
export function q(s: string): string {
  return `'${safeValue(s)}'`;
}

/** First letter in upper case. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `'a', 'b', 'c' and 4 more` — keeps messages short on big models. */
export function quoteList(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).map(q).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** `a, b and 2 more` (unquoted). */
export function plainList(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * The values of a list property, only when the list and every element are
 * known (a rule that needs the whole list must not conclude anything otherwise).
 */
export function allKnown(v: Val<Array<Val<string>>> | undefined): string[] | undefined {
  if (!isKnown(v)) return undefined;
  const out: string[] = [];
  for (const x of v) {
    if (!isKnown(x)) return undefined;
    out.push(x);
  }
  return out;
}

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * The known elements of a list property (unknown elements skipped). Allocates
 * only when some element is unknown: the result must not be modified.
 */
export function knownElements(v: Val<Array<Val<string>>> | undefined): readonly string[] {
  if (!isKnown(v) || v.length === 0) return EMPTY;
  for (const x of v) if (!isKnown(x)) return v.filter((y): y is string => isKnown(y));
  return v as string[];
}

/** `GET /items/{id} (Stack/Api/Default/items/{id}/GET)` */
export function methodLabel(m: MethodModel): string {
  if (m.apiKind === 'http' && isKnown(m.routeKey)) return `${m.routeKey} (${where(m)})`;
  const verb = isKnown(m.httpMethod) ? m.httpMethod : '?';
  const path = isKnown(m.path) ? m.path : '?';
  return `${verb} ${path} (${where(m)})`;
}

/** `Stack/Pool` or `external pool us-east-1_abc` */
export function poolLabel(index: ModelIndex, poolKey: string): string {
  const p = index.poolsByKey.get(poolKey);
  if (!p) return poolKey;
  return p.external ? `external pool ${p.poolId ?? p.logicalId}` : `user pool ${where(p)}`;
}

/** A `COGNITO_USER_POOLS` authorizer (or a `JWT` authorizer whose issuer is a pool's) of the model whose pools are all known. */
export interface CognitoAuthorizer {
  readonly authorizer: AuthorizerModel;
  readonly pools: string[];
  /**
   * JWT authorizers: the app clients (model keys) of the audience; `complete` is false when an entry
   * could not be tied to a client of the model (a literal id, an unresolved value), which may be a
   * client the model does not see. Undefined for REST authorizers (no audience check).
   */
  readonly audience?: { readonly clients: ReadonlySet<string>; readonly complete: boolean };
}

/** The audience of a JWT authorizer as client keys, or undefined when the audience cannot be read. */
export function audienceOf(a: AuthorizerModel): { clients: Set<string>; complete: boolean } | undefined {
  const aud = a.jwt?.audience;
  if (!isKnown(aud)) return undefined;
  const clients = new Set<string>();
  let complete = true;
  for (const e of aud) {
    if (e.client) clients.add(e.client);
    else complete = false;
  }
  return { clients, complete };
}

/**
 * The authorizer and pools of a method, when the method is `COGNITO_USER_POOLS`,
 * its authorizer is a `COGNITO_USER_POOLS` authorizer of the model and every
 * pool of that authorizer is known. Otherwise undefined (nothing can be concluded).
 */
export function cognitoMethod(index: ModelIndex, m: MethodModel): CognitoAuthorizer | undefined {
  if (!isTokenProtected(m)) return undefined;
  const authorizer = index.authorizerOf(m);
  return authorizer ? lookups(index).cognitoAuthorizer(index, authorizer) : undefined;
}

/** True for a built-in scope (`openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`). */
export function builtIn(scope: string): boolean {
  return isBuiltInScope(scope);
}

/**
 * A cache keyed by (object, string), for message parts that depend only on an
 * authorizer and a scope: big APIs repeat the same mistake on many methods, and
 * building each message once keeps the rules' allocation (and GC) proportional
 * to the number of findings, not to the text of each.
 */
export class Memo<V> {
  private readonly byObject = new Map<object, Map<string, V>>();

  public get(o: object, k: string): V | undefined {
    return this.byObject.get(o)?.get(k);
  }

  public set(o: object, k: string, v: V): V {
    let m = this.byObject.get(o);
    if (!m) this.byObject.set(o, (m = new Map()));
    m.set(k, v);
    return v;
  }
}

/** Per-index lookups the rules share (computed once per index, linear). */
class RuleLookups {
  /** Pool → scope name → definitions. */
  private readonly byName = new Map<string, Map<string, DefinedScope[]>>();
  /** Pool → lower-cased full scope → definitions. */
  private readonly byLowerFull = new Map<string, Map<string, DefinedScope[]>>();
  /** Authorizer → its Cognito context (null: not a Cognito authorizer with known pools). */
  private readonly authorizers = new Map<AuthorizerModel, CognitoAuthorizer | null>();

  constructor(index: ModelIndex) {
    for (const [pool, defs] of index.scopeNamesByPool) {
      const names = new Map<string, DefinedScope[]>();
      const lower = new Map<string, DefinedScope[]>();
      for (const d of defs) {
        push(names, d.name, d);
        push(lower, d.full.toLowerCase(), d);
      }
      this.byName.set(pool, names);
      this.byLowerFull.set(pool, lower);
    }
  }

  /** The Cognito context of an authorizer, computed once per authorizer. */
  public cognitoAuthorizer(index: ModelIndex, authorizer: AuthorizerModel): CognitoAuthorizer | undefined {
    let c = this.authorizers.get(authorizer);
    if (c === undefined) {
      if (authorizer.apiKind === 'http') {
        // A JWT authorizer speaks for a pool when its issuer is exactly the pool's issuer URL, and its audience is readable.
        // An issuer that names a pool but is not exactly its URL (JwtIssuerNotPoolIssuer) is read as that pool's here, so
        // that its routes' scopes are checked too: once the issuer is fixed, they are what decides.
        const jwt = authorizer.type === JWT ? authorizer.jwt : undefined;
        const pools = jwt?.issuerMatch === 'exact' ? index.poolsOf(authorizer)
          : jwt?.issuerMatch === 'mismatch' && typeof jwt.issuerPool === 'string' ? [jwt.issuerPool] : undefined;
        const audience = audienceOf(authorizer);
        c = pools && pools.length > 0 && audience ? { authorizer, pools, audience } : null;
      } else {
        const pools = authorizer.type === COGNITO ? index.poolsOf(authorizer) : undefined;
        c = pools ? { authorizer, pools } : null;
      }
      this.authorizers.set(authorizer, c);
    }
    return c ?? undefined;
  }

  /** Definitions whose scope name is `name`, in these pools. */
  public named(pools: readonly string[], name: string): DefinedScope[] {
    const out: DefinedScope[] = [];
    for (const p of pools) for (const d of this.byName.get(p)?.get(name) ?? []) out.push(d);
    return out;
  }

  /** Definitions equal to `full` ignoring case, in these pools. */
  public caseInsensitive(pools: readonly string[], full: string): DefinedScope[] {
    const out: DefinedScope[] = [];
    for (const p of pools) for (const d of this.byLowerFull.get(p)?.get(full.toLowerCase()) ?? []) out.push(d);
    return out;
  }

  /** Every full scope defined in these pools (deduplicated, in definition order). */
  public allFull(pools: readonly string[]): string[] {
    const out = new Set<string>();
    for (const p of pools) for (const defs of this.byName.get(p)?.values() ?? []) for (const d of defs) out.add(d.full);
    return [...out];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const LOOKUPS = new WeakMap<ModelIndex, RuleLookups>();

/** Shared lookups for an index, computed on first use. */
export function lookups(index: ModelIndex): RuleLookups {
  let l = LOOKUPS.get(index);
  if (!l) LOOKUPS.set(index, (l = new RuleLookups(index)));
  return l;
}

/**
 * Suggestions for a scope string that no resource server defines: definitions
 * with the same scope name (short scope, or a typo in the identifier) or equal
 * ignoring case.
 */
export function suggestionsFor(index: ModelIndex, pools: readonly string[], scope: string): string[] {
  const l = lookups(index);
  const name = scope.includes('/') ? scope.slice(scope.lastIndexOf('/') + 1) : scope;
  const out = new Set<string>();
  for (const d of l.caseInsensitive(pools, scope)) out.add(d.full);
  for (const d of l.named(pools, name)) out.add(d.full);
  return [...out];
}

/**
 * Whether a full custom scope is certainly not defined in these pools: no resource server of the model
 * defines it, and either everything about the pools' scopes is known, or the resource server whose
 * Identifier is the scope's prefix is in the model with all its scopes read. Identifiers are unique in a
 * pool, so that server alone could define the scope, even when the pool is imported or exported.
 */
export function certainlyUndefined(index: ModelIndex, pools: readonly string[], scope: string): boolean {
  if (index.findScope([...pools], scope)) return false;
  if (index.scopesFullyKnown([...pools])) return true;
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return false;
  const identifier = scope.slice(0, slash);
  for (const p of pools) {
    for (const rs of index.resourceServersByPool.get(p) ?? []) {
      if (rs.identifier !== identifier) continue;
      const scopes = rs.scopes;
      if (scopes === undefined) return true;
      if (!isKnown(scopes)) return false;
      return scopes.every((x) => isKnown(x.name));
    }
  }
  return false;
}
