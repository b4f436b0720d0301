/**
 * Predict API Gateway's answer to one request (DESIGN.md §5), with every check
 * made, the reasons in plain words and a fix per failure. Synchronous: the
 * signature is verified by aws-jwt-verify against a JWKS given offline.
 */
import { ADMIN_SCOPE, anyOf, scopeAccess } from './capability';
import { displayName, listWords, poolName, uniqueClientNames } from './names';
import { matchRoute, normalisePath, RouteMatch } from './routes';
import { DecodedToken, Jwks, checkExpiry, checkSignature, decodeToken } from './token';
import { InputError } from '../model/load';
import { ModelIndex, isBuiltInScope } from '../model/model-index';
import { AuthModel, AuthorizerModel, MethodModel, RestApiModel, isKnown, isUnknown } from '../model/types';

export type CheckResult = 'pass' | 'fail' | 'unknown';

/** One check API Gateway makes (or that the simulator could not decide). */
export interface Check {
  readonly name: string;
  readonly result: CheckResult;
  /** What was seen, technically. */
  readonly detail: string;
  /** Plain words, for failures. */
  readonly reason?: string;
  /** What to change, for failures. */
  readonly fix?: string;
}

export interface SimRequest {
  /** HTTP verb. */
  readonly method: string;
  /** Resource path, without the stage (`/items/42`). */
  readonly path: string;
  /** Request headers (names are case-insensitive). */
  readonly headers?: Record<string, string>;
  /** A token to send in the authorizer's identity-source header (unless `headers` already has that header). May carry `Bearer `. */
  readonly token?: string;
  /** Time of the request, epoch seconds; default now. */
  readonly now?: number;
  /** REST API to call (logical id, key or name) when the templates define more than one. */
  readonly restApi?: string;
}

export interface SimOptions {
  /** JWKS to verify signatures with; without it key id, algorithm and signature are `unknown`. */
  readonly jwks?: Jwks;
  /** Pool id per pool model key, overriding the model. */
  readonly poolIds?: Record<string, string>;
  /** Pool id assumed for every pool whose id is not known (the test issuer's pool). */
  readonly defaultPoolId?: string;
}

export interface GatewayResponseEffect {
  readonly responseType: string;
  readonly logicalId: string;
  readonly statusCode?: string;
  readonly headers: Record<string, string>;
  readonly corsHeaders: boolean;
}

export interface SimResult {
  readonly status: number;
  readonly message: string;
  readonly checks: Check[];
  readonly reasons: string[];
  readonly fixes: string[];
  readonly assumptions: string[];
  /** The method the request reached. */
  readonly matched?: { readonly api: string; readonly httpMethod: string; readonly path: string; readonly logicalId: string };
  readonly gatewayResponse?: GatewayResponseEffect;
}

export const DEPLOYMENT_NOTE =
  'changes reach callers only after a new deployment: this predicts the API as the template describes it, which is what callers see once it is deployed to the stage';

const UNAUTHORIZED = 'Unauthorized';
const EXPIRED = 'The incoming token has expired';
const MISSING = 'Missing Authentication Token';

function headerLookup(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function apiName(api: RestApiModel | undefined, key: string): string {
  if (!api) return key;
  return isKnown(api.name) && api.name ? api.name : displayName(api);
}

function issuerOf(poolId: string): string {
  return `https://cognito-idp.${poolId.split('_')[0]}.amazonaws.com/${poolId}`;
}

function code(s: string): string {
  return `\`${s}\``;
}

export class Simulator {
  private readonly index: ModelIndex;
  private readonly clientNames: Map<string, string>;

  constructor(public readonly model: AuthModel, private readonly options: SimOptions = {}) {
    this.index = new ModelIndex(model);
    this.clientNames = uniqueClientNames(model);
  }

  public simulate(req: SimRequest): SimResult {
    const checks: Check[] = [];
    const assumptions: string[] = [];
    const now = req.now ?? Math.floor(Date.now() / 1000);
    const verb = req.method.toUpperCase();
    const path = normalisePath(req.path);

    // Row 0: route.
    const route = this.route(verb, path, req.restApi, assumptions);
    if (!route.match) {
      checks.push(route.check);
      return this.finish(403, MISSING, checks, assumptions, req, undefined, route.apiKey);
    }
    const m = route.match.method;
    checks.push(route.check);
    const apiKey = m.restApi as string;
    const matched = {
      api: apiName(this.index.apisByKey.get(apiKey), apiKey),
      httpMethod: m.httpMethod as string,
      path: m.path as string,
      logicalId: m.logicalId,
    };

    // Row 1: authorization type.
    const authType = m.authorizationType;
    if (isUnknown(authType)) {
      checks.push({ name: 'authorization', result: 'unknown', detail: `the method's authorization type could not be resolved (${authType.why})` });
      return this.finish(0, 'not simulated: unresolved authorization type', checks, assumptions, req, matched, apiKey);
    }
    if (authType === 'NONE') {
      const preflight = verb === 'OPTIONS';
      checks.push({
        name: 'authorization',
        result: 'pass',
        detail: preflight
          ? `authorization NONE: the CORS preflight reaches its integration without a token${m.corsHeaders ? ' and answers with Access-Control-Allow-Origin' : ''}`
          : 'authorization NONE: the request reaches the integration without any token check',
      });
      if (preflight && !m.corsHeaders) {
        assumptions.push('this OPTIONS method declares no Access-Control-Allow-Origin response header in the template; its integration must send CORS headers itself');
      }
      return this.finish(200, 'OK (passed to the integration)', checks, assumptions, req, matched, apiKey);
    }
    if (authType !== 'COGNITO_USER_POOLS') {
      checks.push({ name: 'authorization', result: 'unknown', detail: `authorization ${authType} is not simulated (only NONE and COGNITO_USER_POOLS are)` });
      return this.finish(0, `not simulated: authorization ${authType}`, checks, assumptions, req, matched, apiKey);
    }
    const authorizer = this.index.authorizerOf(m);
    checks.push({
      name: 'authorization',
      result: 'pass',
      detail: `COGNITO_USER_POOLS authorizer ${authorizer ? displayName(authorizer) : '(not in the templates)'}`,
    });
    if (!authorizer) assumptions.push("the method's authorizer is not in the templates: assumed identity source Authorization, and the issuer cannot be checked");

    // Row 2: identity source.
    const headerName = this.identityHeader(authorizer, assumptions);
    let value = headerLookup(req.headers, headerName);
    if (value === undefined && req.token !== undefined) value = req.token;
    if (value === undefined || value.trim() === '') {
      const preflight = verb === 'OPTIONS';
      checks.push({
        name: 'identity-source',
        result: 'fail',
        detail: `header ${headerName} is ${value === undefined ? 'missing' : 'empty'}`,
        reason: preflight
          ? `this OPTIONS method is protected by the authorizer, and browsers send the CORS preflight without a ${headerName} header, so the preflight gets 401 and the browser reports a CORS error`
          : `the request has no ${headerName} header, and the method requires a token in it`,
        fix: preflight
          ? 'make the OPTIONS method public (authorizationType NONE), e.g. with defaultCorsPreflightOptions on the RestApi or resource'
          : `send the token in the ${headerName} header`,
      });
      return this.finish(401, UNAUTHORIZED, checks, assumptions, req, matched, apiKey);
    }
    checks.push({ name: 'identity-source', result: 'pass', detail: `header ${headerName} is present` });

    // Bearer prefix and whitespace (part of row 4).
    const trimmed = value.trim();
    const bearer = /^Bearer /i.exec(trimmed);
    let token = bearer ? trimmed.slice(bearer[0].length) : trimmed;
    if (bearer) {
      checks.push({
        name: 'bearer-prefix',
        result: 'pass',
        detail: `the "${bearer[0].trim()} " prefix is removed before the token is read (accepting the prefix is supported by evidence, not by an AWS reference page)`,
      });
    }
    let rowFailures = 0;
    const around = trimmed !== value || token.trim() !== token;
    const inside = /\s/.test(token.trim());
    if (around || inside) {
      const where = around && inside ? 'around and inside' : around ? 'around' : 'inside';
      checks.push({
        name: 'token-whitespace',
        result: 'fail',
        detail: `the ${headerName} value has whitespace ${where} the token`,
        reason: `the token has whitespace (spaces, tabs or line breaks) ${where} it, so API Gateway does not read it as a JWT`,
        fix: 'strip whitespace from the token before sending it',
      });
      token = token.replace(/\s+/g, '');
      rowFailures++;
    }

    const decoded = decodeToken(token);
    const t = decoded.token;

    // Row 3: validation expression against aud.
    const vexpr = authorizer?.identityValidationExpression;
    const scopes = m.scopes;
    const scoped = isKnown(scopes) && scopes.length > 0;
    let earlyFail = false;
    if (vexpr !== undefined) {
      if (isUnknown(vexpr)) {
        checks.push({ name: 'validation-expression', result: 'unknown', detail: `the authorizer's identityValidationExpression could not be resolved (${vexpr.why})` });
      } else {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${vexpr})$`);
        } catch {
          checks.push({ name: 'validation-expression', result: 'unknown', detail: `identityValidationExpression /${vexpr}/ is not a regular expression JavaScript understands` });
        }
        if (re) {
          const aud = t?.payload.aud;
          const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
          if (auds.some((a) => re!.test(a))) {
            checks.push({ name: 'validation-expression', result: 'pass', detail: `aud ${auds.join(' ')} matches /${vexpr}/` });
          } else {
            const isAccess = t?.payload.token_use === 'access';
            earlyFail = true;
            checks.push({
              name: 'validation-expression',
              result: 'fail',
              detail: auds.length ? `aud ${auds.join(' ')} does not match /${vexpr}/` : `the token has no aud claim to match /${vexpr}/`,
              reason: isAccess || (auds.length === 0 && scoped)
                ? `the authorizer has an identityValidationExpression, which API Gateway matches against aud; access tokens have no aud, so every access token is refused${scoped ? ' and this method (with scopes) needs access tokens' : ''}`
                : `the authorizer's identityValidationExpression /${vexpr}/ does not match the token's aud (the app client id)`,
              fix: isAccess || scoped
                ? 'remove identityValidationExpression from the authorizer (it only fits ID tokens)'
                : `send a token whose aud (app client id) matches /${vexpr}/, or change the expression`,
            });
          }
        }
      }
    }

    // Row 4: a 3-part JWT.
    if (!t) {
      checks.push({
        name: 'token-format',
        result: 'fail',
        detail: `not a JWT: ${decoded.error}`,
        reason: `the ${headerName} header does not hold a JWT (${decoded.error})`,
        fix: `send the raw token (header.payload.signature) in ${headerName}, optionally after "Bearer "`,
      });
      return this.finish(401, UNAUTHORIZED, checks, assumptions, req, matched, apiKey);
    }
    checks.push({ name: 'token-format', result: 'pass', detail: `a 3-part JWT: alg ${String(t.header.alg)}, kid ${String(t.header.kid)}, token_use ${String(t.payload.token_use)}` });

    // Row 5: issuer.
    const iss = this.issuerCheck(authorizer, t, assumptions);
    checks.push(iss);
    if (iss.result === 'fail') rowFailures++;

    // Row 6: kid, alg, signature.
    if (this.options.jwks) {
      const s = checkSignature(token, t, this.options.jwks);
      const tampered = s.kid.ok && s.alg.ok && !s.signature.ok;
      checks.push(this.sigCheck('kid', s.kid.ok, s.kid.detail, 'the token was signed with a key this JWKS does not have: it comes from another pool or another issuer', "use a token issued by the authorizer's user pool"));
      checks.push(this.sigCheck('alg', s.alg.ok, s.alg.detail, 'the token is not signed with RS256, as every Cognito token is (alg "none" is never accepted)', 'use a token issued by Cognito'));
      checks.push(this.sigCheck('signature', s.signature.ok, s.signature.detail,
        tampered ? 'the signature does not match the header and payload: the token was altered after Cognito signed it' : 'the signature cannot be verified',
        'use the token exactly as Cognito issued it (do not edit its claims)'));
      rowFailures += [s.kid.ok, s.alg.ok, s.signature.ok].filter((x) => !x).length;
    } else {
      const kid = typeof t.header.kid === 'string' ? t.header.kid : undefined;
      checks.push(kid === undefined
        ? this.sigCheck('kid', false, 'the token header has no kid', 'the token has no key id, so API Gateway has no key to verify it with', 'use a token issued by Cognito')
        : { name: 'kid', result: 'unknown', detail: `kid ${kid} not checked: no JWKS given` });
      checks.push(this.sigCheck('alg', t.header.alg === 'RS256', t.header.alg === 'RS256' ? 'alg RS256' : `alg ${JSON.stringify(t.header.alg)}; Cognito tokens are signed RS256`, 'the token is not signed with RS256, as every Cognito token is (alg "none" is never accepted)', 'use a token issued by Cognito'));
      checks.push(t.signature
        ? { name: 'signature', result: 'unknown', detail: 'signature not verified: no JWKS given' }
        : this.sigCheck('signature', false, 'the token has no signature', 'the token is unsigned', 'use a token issued by Cognito'));
      rowFailures += (kid === undefined ? 1 : 0) + (t.header.alg === 'RS256' ? 0 : 1) + (t.signature ? 0 : 1);
      assumptions.push("no JWKS given: assumed the token's key id and signature are valid (give the pool's JWKS to verify them)");
    }

    // Row 7: expiry.
    const exp = checkExpiry(t, now);
    let expired = false;
    if (exp.ok === false) {
      expired = true;
      checks.push({
        name: 'expiry',
        result: 'fail',
        detail: exp.detail,
        reason: `the token has expired (${exp.detail})`,
        fix: t.payload.token_use === 'access' && t.payload.username === undefined
          ? 'request a new token (client_credentials tokens cannot be refreshed)'
          : 'get a fresh token: refresh it (InitiateAuth REFRESH_TOKEN_AUTH, or /oauth2/token grant_type=refresh_token) or sign in again',
      });
    } else {
      checks.push({ name: 'expiry', result: exp.ok ? 'pass' : 'unknown', detail: exp.detail });
    }

    // Rows 8 and 9: token_use and scopes.
    const late = this.tokenUseAndScopes(m, authorizer, t, checks);

    let status = 200;
    let message = 'OK (passed to the integration with the token claims)';
    if (earlyFail || rowFailures > 0) {
      status = 401;
      message = UNAUTHORIZED;
    } else if (expired) {
      status = 401;
      message = EXPIRED;
    } else if (late) {
      status = 401;
      message = UNAUTHORIZED;
    }
    if (expired && status === 401 && message === UNAUTHORIZED && !late && !earlyFail) {
      assumptions.push(`the token is also expired; API Gateway's order of checks is not documented, so the body may read "${EXPIRED}"`);
    }
    return this.finish(status, message, checks, assumptions, req, matched, apiKey);
  }

  private sigCheck(name: string, ok: boolean, detail: string, reason: string, fix: string): Check {
    return ok ? { name, result: 'pass', detail } : { name, result: 'fail', detail, reason, fix };
  }

  private route(
    verb: string,
    path: string,
    restApi: string | undefined,
    assumptions: string[],
  ): { match?: RouteMatch; check: Check; apiKey?: string } {
    let apis = [...this.index.methodsByApi.keys()];
    if (restApi !== undefined) {
      apis = apis.filter((k) => {
        const a = this.index.apisByKey.get(k);
        return k === restApi || a?.logicalId === restApi || (a && isKnown(a.name) && a.name === restApi);
      });
      if (apis.length === 0) throw new InputError(`no REST API named '${restApi}' has methods in the templates`);
    }
    const unresolved = this.model.methods.filter((x) => !isKnown(x.path) || !isKnown(x.httpMethod) || !isKnown(x.restApi)).length;
    if (unresolved > 0) assumptions.push(`${unresolved} method(s) have an unresolved path, verb or API and were left out of route matching`);
    const matches: RouteMatch[] = [];
    let without: { api: string; path: string; verbs: string[] } | undefined;
    for (const k of apis) {
      const r = matchRoute(this.index.methodsByApi.get(k) ?? [], verb, path);
      if (r.match) matches.push(r.match);
      else if (r.resourceWithoutVerb && !without) without = { api: k, ...r.resourceWithoutVerb };
    }
    if (matches.length > 1) {
      const names = matches.map((x) => apiName(this.index.apisByKey.get(x.method.restApi as string), x.method.restApi as string));
      assumptions.push(`the request matches methods of ${matches.length} REST APIs (${names.join(', ')}); simulated against ${names[0]} (choose another with restApi)`);
    }
    if (matches.length > 0) {
      const x = matches[0];
      return {
        match: x,
        apiKey: x.method.restApi as string,
        check: {
          name: 'route',
          result: 'pass',
          detail: `${verb} ${path} → method ${x.method.httpMethod} ${x.resourcePath} (${x.method.logicalId})${x.viaAny ? ' via ANY' : ''}`,
        },
      };
    }
    const preflight = verb === 'OPTIONS';
    if (without) {
      return {
        apiKey: without.api,
        check: {
          name: 'route',
          result: 'fail',
          detail: `resource ${without.path} has no ${verb} method (it has ${without.verbs.join(', ')})`,
          reason: `API Gateway has no ${verb} method on ${without.path}, so it answers 403 "${MISSING}" before any authorizer runs`,
          fix: preflight
            ? `add a CORS preflight (defaultCorsPreflightOptions) to ${without.path}`
            : `call one of ${without.verbs.join(', ')} on ${without.path}, or add a ${verb} method (and deploy the API)`,
        },
      };
    }
    const total = apis.reduce((n, k) => n + (this.index.methodsByApi.get(k)?.length ?? 0), 0);
    return {
      apiKey: apis[0],
      check: {
        name: 'route',
        result: 'fail',
        detail: total === 0 && unresolved === 0 ? 'the templates define no API Gateway methods' : `no resource matches ${path}`,
        reason: `no deployed resource matches ${verb} ${path}, so API Gateway answers 403 "${MISSING}" (also when the stage name is missing or wrong in the URL)`,
        fix: 'check the URL (stage, then the resource path), or add the resource and method (and deploy the API)',
      },
    };
  }

  private identityHeader(authorizer: AuthorizerModel | undefined, assumptions: string[]): string {
    const src = authorizer?.identitySource;
    if (src === undefined) return 'Authorization';
    if (isUnknown(src)) {
      assumptions.push('the authorizer identity source could not be resolved: assumed the Authorization header');
      return 'Authorization';
    }
    const mm = /^method\.request\.header\.(.+)$/i.exec(src.split(',')[0].trim());
    if (!mm) {
      assumptions.push(`identity source ${src} is not a header: assumed the Authorization header`);
      return 'Authorization';
    }
    return mm[1];
  }

  private issuerCheck(authorizer: AuthorizerModel | undefined, t: DecodedToken, assumptions: string[]): Check {
    const iss = typeof t.payload.iss === 'string' ? t.payload.iss : undefined;
    const pools = authorizer ? this.index.poolsOf(authorizer) : undefined;
    if (!pools) {
      return { name: 'issuer', result: 'unknown', detail: `iss ${iss ?? '(none)'}; the authorizer's user pools could not be resolved` };
    }
    const expected: Array<{ pool: string; issuer: string }> = [];
    const unknownPools: string[] = [];
    for (const key of pools) {
      const p = this.index.poolsByKey.get(key);
      let id = this.options.poolIds?.[key] ?? p?.poolId;
      if (!id && this.options.defaultPoolId) {
        id = this.options.defaultPoolId;
        assumptions.push(`pool ${poolName(p, key)} has no known id: assumed ${id} (the test issuer's pool)`);
      }
      if (id) expected.push({ pool: poolName(p, key), issuer: issuerOf(id) });
      else unknownPools.push(p ? p.logicalId : key);
    }
    const hit = expected.find((e) => e.issuer === iss);
    if (hit) return { name: 'issuer', result: 'pass', detail: `iss ${iss} is pool ${hit.pool}` };
    if (unknownPools.length > 0) {
      assumptions.push(
        `the id of pool ${listWords(unknownPools)} is not known, so the token's issuer could not be checked (give it: --pool-id ${unknownPools[0]}=<region>_<id>)`,
      );
      return {
        name: 'issuer',
        result: 'unknown',
        detail: `iss ${iss ?? '(none)'}; expected https://cognito-idp.<region>.amazonaws.com/<id of ${listWords(unknownPools, 'or')}>${expected.length ? ` or ${expected.map((e) => e.issuer).join(', ')}` : ''}`,
      };
    }
    const idOf = (p: { key: string; poolId?: string }) => this.options.poolIds?.[p.key] ?? p.poolId;
    const other = iss ? this.model.userPools.find((p) => idOf(p) && issuerOf(idOf(p)!) === iss) : undefined;
    return {
      name: 'issuer',
      result: 'fail',
      detail: `iss ${iss ?? '(none)'}; the authorizer accepts ${expected.map((e) => e.issuer).join(', ')}`,
      reason: other
        ? `the token was issued by pool ${poolName(other, other.key)}, which is not one of this authorizer's pools (${listWords(expected.map((e) => e.pool))})`
        : `the token was issued by ${iss ?? 'nobody (no iss claim)'}, not by the authorizer's pool${expected.length > 1 ? 's' : ''} (${listWords(expected.map((e) => e.pool))})`,
      fix: other
        ? `use a token from ${listWords(expected.map((e) => e.pool), 'or')}, or add pool ${poolName(other, other.key)} to the authorizer's user pools`
        : `use a token issued by ${listWords(expected.map((e) => `${e.pool} (${e.issuer})`), 'or')}`,
    };
  }

  /** Names of the clients that can get an access token with one of these scopes. */
  private clientsFor(pools: string[], scopes: string[]): { names: string[]; blockers: string[] } {
    const names: string[] = [];
    const blockers: string[] = [];
    for (const p of pools) {
      for (const c of this.index.clientsByPool.get(p) ?? []) {
        const a = anyOf(scopes.map((s) => scopeAccess(this.index, c, s)));
        if (a.allowed) names.push(this.clientNames.get(c.key)!);
        else blockers.push(`${this.clientNames.get(c.key)}: ${a.why}`);
      }
    }
    return { names, blockers };
  }

  /** Rows 8 and 9; returns true when one fails. */
  private tokenUseAndScopes(m: MethodModel, authorizer: AuthorizerModel | undefined, t: DecodedToken, checks: Check[]): boolean {
    const use = t.payload.token_use;
    const scopes = m.scopes;
    if (isUnknown(scopes) || (isKnown(scopes) && scopes.some((s) => !isKnown(s)))) {
      checks.push({ name: 'token-use', result: 'unknown', detail: `token_use ${String(use)}; the method's scopes could not be resolved, so the token kind it needs is not known` });
      return false;
    }
    const list = (scopes ?? []) as string[];
    if (list.length === 0) {
      if (use === 'id') {
        checks.push({ name: 'token-use', result: 'pass', detail: 'token_use id: the method has no scopes, so API Gateway needs an ID token' });
        return false;
      }
      checks.push({
        name: 'token-use',
        result: 'fail',
        detail: `token_use ${String(use)}; the method has no scopes, so API Gateway accepts only ID tokens`,
        reason: use === 'access'
          ? 'this method has no authorization scopes, so API Gateway treats the token as an ID token; an access token was sent'
          : `the token's token_use is ${JSON.stringify(use)}, not a Cognito ID token`,
        fix: 'send the ID token instead, or give the method authorizationScopes so that access tokens carrying one of them are accepted',
      });
      return true;
    }
    const pools = authorizer ? this.index.poolsOf(authorizer) ?? [] : [];
    const who = () => {
      const c = this.clientsFor(pools, list);
      if (c.names.length > 0) return `a client allowed ${list.length === 1 ? 'that scope' : 'one of them'} (${c.names.join(', ')})`;
      return `a client allowed ${list.length === 1 ? 'that scope' : 'one of them'} — but no app client in the templates can get one${c.blockers.length ? ` (${c.blockers.join('; ')})` : ''}`;
    };
    const need = `this method requires ${list.length === 1 ? code(list[0]) : `one of ${list.map(code).join(', ')}`}`;
    if (use !== 'access') {
      checks.push({
        name: 'token-use',
        result: 'fail',
        detail: `token_use ${String(use)}; the method has scopes, so API Gateway needs an access token`,
        reason: `${need}; ${use === 'id' ? 'an ID token was sent' : `the token's token_use is ${JSON.stringify(use)}`}, and scopes are only read from access tokens`,
        fix: `${need}; ${use === 'id' ? 'an ID token was sent; ' : ''}send an access token from ${who()}`,
      });
      return true;
    }
    checks.push({ name: 'token-use', result: 'pass', detail: 'token_use access: the method has scopes, so API Gateway needs an access token' });
    const have = typeof t.payload.scope === 'string' ? t.payload.scope.split(' ').filter((s) => s) : [];
    const hit = list.find((s) => have.includes(s));
    if (hit) {
      checks.push({ name: 'scopes', result: 'pass', detail: `the token carries ${code(hit)}; the method accepts any one of ${list.map(code).join(', ')}` });
      return false;
    }
    const notes: string[] = [];
    const short = list.filter((s) => !s.includes('/') && !isBuiltInScope(s));
    if (short.length > 0) notes.push(`method scope ${short.map(code).join(', ')} is short: a token carries the full identifier/name, never ${code(short[0])}`);
    if (have.length === 1 && have[0] === ADMIN_SCOPE) {
      notes.push(`an access token carrying only ${ADMIN_SCOPE} comes from InitiateAuth (SRP, password, the CLI or Amplify sign-in), which never adds custom scopes`);
    }
    checks.push({
      name: 'scopes',
      result: 'fail',
      detail: `the token carries ${have.length ? have.map(code).join(' ') : 'no scopes'}; the method needs one of ${list.map(code).join(', ')}`,
      reason: `${need}; the token carries ${have.length ? have.map(code).join(' ') : 'no scope'}, and the method accepts none of ${have.length === 1 ? 'it' : 'them'}${notes.length ? `; ${notes.join('; ')}` : ''}`,
      fix: short.length > 0
        ? 'write the method\'s scopes in full (resource server identifier/scope name, e.g. via OAuthScope.resourceServer), then send an access token carrying one'
        : `${need}; get an access token from /oauth2/token with scope=${list[0]} from ${who()}`,
    });
    return true;
  }

  private finish(
    status: number,
    message: string,
    checks: Check[],
    assumptions: string[],
    req: SimRequest,
    matched: SimResult['matched'],
    apiKey: string | undefined,
  ): SimResult {
    if (status === 200) {
      checks.push({ name: 'resource-policy', result: 'unknown', detail: 'resource policies are not modelled' });
      assumptions.push('resource policy not modelled: if the API has one that denies this caller, API Gateway answers 403');
    }
    let gatewayResponse: GatewayResponseEffect | undefined;
    let gatewayResponseUnresolved = false;
    if (status >= 400 && apiKey) {
      const types = status === 401 ? ['UNAUTHORIZED', 'DEFAULT_4XX'] : message === MISSING ? ['MISSING_AUTHENTICATION_TOKEN', 'DEFAULT_4XX'] : ['ACCESS_DENIED', 'DEFAULT_4XX'];
      const responses = this.index.gatewayResponsesByApi.get(apiKey) ?? [];
      for (const type of types) {
        const g = responses.find((r) => r.responseType === type);
        if (!g) continue;
        const headers: Record<string, string> = {};
        const params = g.responseParameters;
        gatewayResponseUnresolved = isUnknown(params);
        if (isKnown(params)) {
          for (const [k, v] of Object.entries(params)) {
            const mm = /^gatewayresponse\.header\.(.+)$/i.exec(k);
            if (mm) headers[mm[1]] = isKnown(v) ? v : String(v);
          }
        }
        const statusCode = isKnown(g.statusCode) ? g.statusCode : undefined;
        const cors = Object.keys(headers).some((h) => h.toLowerCase() === 'access-control-allow-origin');
        gatewayResponse = { responseType: type, logicalId: g.logicalId, statusCode, headers, corsHeaders: cors };
        const changes: string[] = [];
        if (statusCode && Number(statusCode) !== status) changes.push(`status ${status} → ${statusCode}`);
        if (Object.keys(headers).length) changes.push(`headers ${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
        checks.push({
          name: 'gateway-response',
          result: 'pass',
          detail: `gateway response ${type} (${g.logicalId}) applies${changes.length ? `: ${changes.join('; ')}` : ' (no status or header change)'}${isUnknown(params) ? '; its headers could not be resolved' : ''}`,
        });
        if (statusCode && /^\d{3}$/.test(statusCode)) status = Number(statusCode);
        break;
      }
      const apiUsesCors = (this.index.methodsByApi.get(apiKey) ?? []).some((x) => x.corsHeaders);
      const browser = headerLookup(req.headers, 'Origin') !== undefined;
      if (apiUsesCors && !browser && !gatewayResponse?.corsHeaders) {
        assumptions.push(`not a browser request (no Origin header); from a browser this ${status} would carry no CORS headers, and browser code would see a CORS error instead`);
      } else if (browser) {
        if (gatewayResponse?.corsHeaders) {
          checks.push({ name: 'cors-on-error', result: 'pass', detail: `the ${status} carries Access-Control-Allow-Origin (gateway response ${gatewayResponse.responseType})` });
        } else if (gatewayResponseUnresolved) {
          checks.push({ name: 'cors-on-error', result: 'unknown', detail: 'the gateway response headers could not be resolved' });
        } else {
          checks.push({
            name: 'cors-on-error',
            result: 'fail',
            detail: `the ${status} response carries no Access-Control-Allow-Origin header`,
            reason: `the ${status} carries no CORS headers, so browser code sees a CORS error instead of the ${status}`,
            fix: `add a gateway response for ${status === 401 ? 'UNAUTHORIZED' : 'the error'} (or DEFAULT_4XX) with Access-Control-Allow-Origin (RestApi.addGatewayResponse)`,
          });
        }
      }
    }
    assumptions.push(DEPLOYMENT_NOTE);
    const failing = checks.filter((c) => c.result === 'fail');
    const reasons = failing.map((c) => c.reason ?? c.detail);
    if (failing.length === 0) {
      if (status === 200) reasons.push(matched ? `every check API Gateway makes for ${matched.httpMethod} ${matched.path} passes${checks.some((c) => c.result === 'unknown') ? ' or could not be decided (see assumptions)' : ''}` : 'every check passes');
      else if (status === 0) reasons.push(checks[checks.length - 1]?.detail ?? message);
    }
    const fixes = [...new Set(failing.map((c) => c.fix).filter((f): f is string => !!f))];
    return { status, message, checks, reasons, fixes, assumptions: [...new Set(assumptions)], matched, gatewayResponse };
  }
}
