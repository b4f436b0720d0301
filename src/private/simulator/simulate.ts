/**
 * Predict API Gateway's answer to one request (DESIGN.md §5), with every check
 * made, the reasons in plain words and a fix per failure. Synchronous: the
 * signature is verified by aws-jwt-verify against a JWKS given offline.
 */
import { RE2JS } from 're2js';
import { ADMIN_SCOPE, anyOf, scopeAccess } from './capability';
import { FORBIDDEN, FORBIDDEN_ASSUMPTION, NOT_FOUND, NOT_FOUND_ASSUMPTION, audienceRow, bearerRow, httpIdentityHeader, literalIssuerRow, notBeforeRow, routeScopesRow, rsaRow } from './http';
import { displayName, listWords, poolName, uniqueClientNames } from './names';
import { matchHttpRoute, matchRoute, normalisePath, RouteMatch } from './routes';
import { DecodedToken, Jwks, MAX_EPOCH_SECONDS, checkExpiry, checkSignature, claimText, decodeToken } from './token';
import { InputError } from '../model/load';
import { ModelIndex, isBuiltInScope } from '../model/model-index';
import { AuthModel, AuthorizerModel, MethodModel, RestApiModel, isKnown, isUnknown } from '../model/types';
import { safeValue } from '../safe-text';

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
  /**
   * For `unknown` checks: how the check is named in the list of open checks, with the input that
   * would decide it, e.g. `signature (pass --jwks)`. Checks sharing a label are listed once.
   */
  readonly open?: string;
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
  /** API (REST or HTTP) to call (logical id, key or name) when the templates define more than one. */
  readonly restApi?: string;
}

export interface SimOptions {
  /** JWKS to verify signatures with; without it key id, algorithm and signature are `unknown`. */
  readonly jwks?: Jwks;
  /** Pool id per pool model key, overriding the model. */
  readonly poolIds?: Record<string, string>;
  /** App client id per client model key or logical id (HTTP API audiences); the real ids exist only after deployment. */
  readonly clientIds?: Record<string, string>;
  /** Pool id assumed for every pool whose id is not known (the test issuer's pool). */
  readonly defaultPoolId?: string;
  /**
   * How inputs are named in hints (`open` checks, refusals): `cli` flags (`--jwks`, `--pool-id`,
   * `--api`) or test `kit` options (`jwks`, `poolIds`, `restApi`). Default `cli`.
   */
  readonly inputs?: 'cli' | 'kit';
}

export interface GatewayResponseEffect {
  readonly responseType: string;
  readonly logicalId: string;
  readonly statusCode?: string;
  readonly headers: Record<string, string>;
  readonly corsHeaders: boolean;
}

/**
 * The answer. `status` is set only when `decided`: every check that matters was made, and the checks
 * decide the status (a failing check decides a refusal even when other checks are open; a 200 needs
 * every check to pass). Otherwise `open` names the checks left open and the input that would decide
 * each, and `wouldBe` is the status if every open check passes — unless API Gateway certainly
 * refuses with a status it does not document (`refused`), or the method is not simulated.
 * The resource policy is not modelled and stays an assumption: it never makes an answer undecided.
 */
export interface SimResult {
  readonly status?: number;
  readonly decided: boolean;
  /** The status if every open check passes (the status itself when decided); undefined when refused, not simulated, or the gateway response that applies has an unresolved StatusCode. */
  readonly wouldBe?: number;
  /** True when API Gateway refuses the request (never 200) with a status it does not document (header quota). */
  readonly refused: boolean;
  /** The checks left open, each with the input that would decide it; empty when decided. */
  readonly open: string[];
  /** Body message of the (would-be) answer. */
  readonly message: string;
  readonly checks: Check[];
  readonly reasons: string[];
  readonly fixes: string[];
  readonly assumptions: string[];
  /** The method the request reached. */
  readonly matched?: { readonly api: string; readonly httpMethod: string; readonly path: string; readonly logicalId: string };
  readonly gatewayResponse?: GatewayResponseEffect;
}

/** Row 4 of REST, row 3 of HTTP: the identity header holds a 3-part JWT (after the Bearer prefix). */
function tokenFormatRow(decoded: ReturnType<typeof decodeToken>, headerName: string): Check {
  const t = decoded.token;
  if (!t) {
    return {
      name: 'token-format',
      result: 'fail',
      detail: `not a JWT: ${decoded.error}`,
      reason: `the ${headerName} header does not hold a JWT (${decoded.error})`,
      fix: `send the raw token (header.payload.signature) in ${headerName}, optionally after "Bearer "`,
    };
  }
  return { name: 'token-format', result: 'pass', detail: `a 3-part JWT: alg ${claimText(t.header.alg)}, kid ${claimText(t.header.kid)}, token_use ${claimText(t.payload.token_use)}` };
}

/** REST (COGNITO_USER_POOLS) accepts RS256 only, as Cognito signs. */
function restAlgRow(t: DecodedToken): Check {
  const ok = t.header.alg === 'RS256';
  return ok
    ? { name: 'alg', result: 'pass', detail: 'alg RS256' }
    : {
      name: 'alg',
      result: 'fail',
      detail: `alg ${claimText(t.header.alg)}; Cognito tokens are signed RS256`,
      reason: 'the token is not signed with RS256, as every Cognito token is (alg "none" is never accepted)',
      fix: 'use a token issued by Cognito',
    };
}

export const DEPLOYMENT_NOTE =
  'changes reach callers only after a new deployment: this predicts the API as the template describes it, which is what callers see once it is deployed to the stage';

const UNAUTHORIZED = 'Unauthorized';
const EXPIRED = 'The incoming token has expired';
const MISSING = 'Missing Authentication Token';

/** Checks that never change the status: the resource policy (not modelled: an assumption) and CORS headers on an error. */
const NOT_DECISIVE = new Set(['resource-policy', 'cors-on-error']);

/** API Gateway (REST) quota: total size of the request line and headers, bytes. */
export const HEADER_QUOTA = 10240;
/** Room left for what a caller's client adds to a request (the stage in the URL, Host, User-Agent): within it, the quota check is open. */
export const HEADER_MARGIN = 512;

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

/** A Cognito user pool issuer: `https://cognito-idp.<region>.amazonaws.com/<region>_<id>` (groups: host region, pool id region). */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com\/([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/;

function issuerOf(poolId: string): string {
  return `https://cognito-idp.${poolId.split('_')[0]}.amazonaws.com/${poolId}`;
}

/** 10240 → `10,240`. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
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
    const now = this.requestTime(req.now);
    const verb = req.method.toUpperCase();
    const path = normalisePath(req.path);

    // Row 0: route (an ambiguous or unknown REST API is refused as bad input).
    const route = this.route(verb, path, req.restApi, assumptions);
    const m = route.match?.method;
    const authType = m?.authorizationType;
    const authorizer = m && authType === 'COGNITO_USER_POOLS' ? this.index.authorizerOf(m) : undefined;
    const httpAuthorizer = m?.apiKind === 'http' && authType === 'JWT' ? this.index.authorizerOf(m) : undefined;
    const identity = m && authType === 'COGNITO_USER_POOLS'
      ? this.identityHeader(authorizer, assumptions)
      : httpAuthorizer ? httpIdentityHeader(httpAuthorizer) : { name: 'Authorization', known: true };
    const headerName = identity.name;

    // Before everything: the request-header quota (request line and headers).
    const size = this.headerSizeCheck(verb, req, headerName);
    checks.push(size);
    if (size.result === 'fail') {
      return this.finish(0, `request line and headers over the ${thousands(HEADER_QUOTA)}-byte quota`, checks, assumptions, req, undefined, undefined);
    }

    checks.push(route.check);
    if (!m && route.apiKey && this.index.apisByKey.get(route.apiKey)?.apiKind === 'http') {
      return this.finish(404, NOT_FOUND, checks, assumptions, req, undefined, route.apiKey);
    }
    if (!m) return this.finish(403, MISSING, checks, assumptions, req, undefined, route.apiKey);
    const apiKey = m.restApi as string;
    const matched = {
      api: apiName(this.index.apisByKey.get(apiKey), apiKey),
      httpMethod: m.httpMethod as string,
      path: m.path as string,
      logicalId: m.logicalId,
    };

    if (m.apiKind === 'http') return this.simulateRoute(m, req, now, checks, assumptions, matched, apiKey);

    // Row 1: authorization type.
    if (isUnknown(authType)) {
      checks.push({
        name: 'authorization',
        result: 'unknown',
        detail: `the method's authorization type could not be resolved (${safeValue(authType.why)})`,
        open: `authorization (the method's AuthorizationType could not be resolved: ${safeValue(authType.why)})`,
      });
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
      const kind = safeValue(String(authType));
      checks.push({
        name: 'authorization',
        result: 'unknown',
        detail: `authorization ${kind} is not simulated (only NONE and COGNITO_USER_POOLS are)`,
        open: `authorization (${kind} is not simulated)`,
      });
      return this.finish(0, `not simulated: authorization ${kind}`, checks, assumptions, req, matched, apiKey);
    }
    checks.push({
      name: 'authorization',
      result: 'pass',
      detail: `COGNITO_USER_POOLS authorizer ${authorizer ? displayName(authorizer) : '(not in the templates)'}`,
    });
    if (!authorizer) assumptions.push("the method's authorizer is not in the templates: assumed identity source Authorization, and the issuer cannot be checked");

    // Row 2: identity source.
    let value = headerLookup(req.headers, headerName);
    if (value === undefined && req.token !== undefined) value = req.token;
    const otherHeaders = Object.keys(req.headers ?? {}).some((h) => h.toLowerCase() !== headerName.toLowerCase());
    if (!identity.known && (otherHeaders || (value !== undefined && value.trim() !== ''))) {
      // The token may be in another header than the one assumed: whether it is where the authorizer reads it is open.
      checks.push({
        name: 'identity-source',
        result: 'unknown',
        detail: `assumed header ${headerName}, which is ${value === undefined ? 'missing' : value.trim() === '' ? 'empty' : 'present'} (${identity.why})`,
        open: `identity-source (${identity.why})`,
      });
      if (value === undefined || value.trim() === '') return this.finish(0, 'not simulated: the identity header is not known', checks, assumptions, req, matched, apiKey);
    } else if (value === undefined || value.trim() === '') {
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
    } else {
      checks.push({ name: 'identity-source', result: 'pass', detail: `header ${headerName} is present` });
    }

    // Bearer prefix and whitespace (part of row 4), shared with HTTP APIs.
    const bearer = bearerRow(value, headerName);
    checks.push(...bearer.checks);
    const token = bearer.token;
    let rowFailures = bearer.failures;

    const decoded = decodeToken(token);
    const t = decoded.token;

    // Row 3: validation expression against aud (linear-time matching: the expression comes from the template).
    const vexpr = authorizer?.identityValidationExpression;
    const scopes = m.scopes;
    const scoped = isKnown(scopes) && scopes.length > 0;
    let earlyFail = false;
    if (vexpr !== undefined) {
      const shown = safeValue(isKnown(vexpr) ? vexpr : '');
      if (isUnknown(vexpr)) {
        checks.push({
          name: 'validation-expression',
          result: 'unknown',
          detail: `the authorizer's identityValidationExpression could not be resolved (${safeValue(vexpr.why)})`,
          open: `validation-expression (the authorizer's IdentityValidationExpression could not be resolved: ${safeValue(vexpr.why)})`,
        });
      } else {
        let re: RE2JS | undefined;
        try {
          re = RE2JS.compile(vexpr);
        } catch {
          checks.push({
            name: 'validation-expression',
            result: 'unknown',
            detail: `identityValidationExpression /${shown}/ is not a regular expression the simulator can run (RE2 syntax, linear time)`,
            open: `validation-expression (/${shown}/ could not be run: RE2 syntax only)`,
          });
        }
        if (re) {
          const aud = t?.payload.aud;
          const auds = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
          const audText = safeValue(auds.join(' '));
          if (auds.some((a) => re!.matches(a))) {
            checks.push({ name: 'validation-expression', result: 'pass', detail: `aud ${audText} matches /${shown}/` });
          } else {
            const isAccess = t?.payload.token_use === 'access';
            earlyFail = true;
            checks.push({
              name: 'validation-expression',
              result: 'fail',
              detail: auds.length ? `aud ${audText} does not match /${shown}/` : `the token has no aud claim to match /${shown}/`,
              reason: isAccess || (auds.length === 0 && scoped)
                ? `the authorizer has an identityValidationExpression, which API Gateway matches against aud; access tokens have no aud, so every access token is refused${scoped ? ' and this method (with scopes) needs access tokens' : ''}`
                : `the authorizer's identityValidationExpression /${shown}/ does not match the token's aud (the app client id)`,
              fix: isAccess || scoped
                ? 'remove identityValidationExpression from the authorizer (it only fits ID tokens)'
                : `send a token whose aud (app client id) matches /${shown}/, or change the expression`,
            });
          }
        }
      }
    }

    // Row 4: a 3-part JWT.
    if (!t) {
      checks.push(tokenFormatRow(decoded, headerName));
      return this.finish(401, UNAUTHORIZED, checks, assumptions, req, matched, apiKey);
    }
    checks.push(tokenFormatRow(decoded, headerName));

    // Row 5: issuer.
    const iss = this.issuerCheck(authorizer, t, assumptions);
    checks.push(iss);
    if (iss.result === 'fail') rowFailures++;

    // Row 6: kid, alg, signature (shared with HTTP APIs; REST accepts RS256 only).
    const sig = this.signatureRows(token, t, restAlgRow(t), assumptions);
    checks.push(...sig.checks);
    rowFailures += sig.failures;

    // Row 7: expiry.
    const exp = checkExpiry(t, now);
    const expired = exp.expired;
    if (exp.ok === false) {
      checks.push({
        name: 'expiry',
        result: 'fail',
        detail: exp.detail,
        reason: expired ? `the token has expired (${exp.detail})` : exp.detail,
        fix: !expired
          ? 'use a token issued by Cognito (it always carries a numeric exp)'
          : t.payload.token_use === 'access' && t.payload.username === undefined
            ? 'request a new token (client_credentials tokens cannot be refreshed)'
            : 'get a fresh token: refresh it (InitiateAuth REFRESH_TOKEN_AUTH, or /oauth2/token grant_type=refresh_token) or sign in again',
      });
      if (!expired) rowFailures++;
    } else if (exp.ok === undefined) {
      checks.push({ name: 'expiry', result: 'unknown', detail: exp.detail, open: 'expiry (exp is not a finite number)' });
    } else {
      checks.push({ name: 'expiry', result: 'pass', detail: exp.detail });
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
    if (message === EXPIRED && checks.some((c) => c.result === 'unknown' && c.name !== 'resource-policy')) {
      assumptions.push('if an open check fails too, the body may read "Unauthorized" instead (the status is 401 either way)');
    }
    return this.finish(status, message, checks, assumptions, req, matched, apiKey);
  }

  /**
   * An HTTP API route (DESIGN.md §8), row by row; the token rows are the REST ones. No token_use check:
   * a route without scopes accepts ID and access tokens alike.
   */
  private simulateRoute(
    m: MethodModel,
    req: SimRequest,
    now: number,
    checks: Check[],
    assumptions: string[],
    matched: NonNullable<SimResult['matched']>,
    apiKey: string,
  ): SimResult {
    const authType = m.authorizationType;
    // Row 1: authorization.
    if (authType === 'NONE') {
      checks.push({ name: 'authorization', result: 'pass', detail: 'authorization NONE: the request reaches the integration without any token check' });
      return this.finish(200, 'OK (passed to the integration)', checks, assumptions, req, matched, apiKey);
    }
    const a = authType === 'JWT' ? this.index.authorizerOf(m) : undefined;
    if (authType !== 'JWT' || !a || a.type !== 'JWT') {
      const kind = isUnknown(authType) ? 'unresolved' : safeValue(String(authType));
      const why = authType === 'JWT' ? `the route's JWT authorizer is ${a ? `of type ${safeValue(String(a.type))}` : 'not in the templates'}` : `authorization ${kind} is not simulated (only NONE and JWT are)`;
      checks.push({ name: 'authorization', result: 'unknown', detail: why, open: `authorization (${why})` });
      return this.finish(0, `not simulated: ${why}`, checks, assumptions, req, matched, apiKey);
    }
    checks.push({ name: 'authorization', result: 'pass', detail: `JWT authorizer ${displayName(a)}` });

    // Row 2: identity source.
    const identity = httpIdentityHeader(a);
    const headerName = identity.name;
    let value = headerLookup(req.headers, headerName);
    if (value === undefined && req.token !== undefined) value = req.token;
    if (!identity.known) {
      checks.push({ name: 'identity-source', result: 'unknown', detail: `assumed header ${headerName} (${identity.why})`, open: `identity-source (${identity.why})` });
      if (value === undefined || value.trim() === '') return this.finish(0, 'not simulated: the identity header is not known', checks, assumptions, req, matched, apiKey);
    } else if (value === undefined || value.trim() === '') {
      checks.push({
        name: 'identity-source',
        result: 'fail',
        detail: `header ${headerName} is ${value === undefined ? 'missing' : 'empty'}`,
        reason: `the request has no ${headerName} header, and the route requires a token in it`,
        fix: `send the token in the ${headerName} header`,
      });
      return this.finish(401, UNAUTHORIZED, checks, assumptions, req, matched, apiKey);
    } else {
      checks.push({ name: 'identity-source', result: 'pass', detail: `header ${headerName} is present` });
    }

    // Row 3: Bearer prefix, a JWT, RSA, kid, signature (the REST token rows).
    const bearer = bearerRow(value, headerName);
    checks.push(...bearer.checks);
    let failures = bearer.failures;
    const decoded = decodeToken(bearer.token);
    const t = decoded.token;
    if (!t) {
      checks.push(tokenFormatRow(decoded, headerName));
      return this.finish(401, UNAUTHORIZED, checks, assumptions, req, matched, apiKey);
    }
    checks.push(tokenFormatRow(decoded, headerName));
    const sig = this.signatureRows(bearer.token, t, rsaRow(t), assumptions);
    checks.push(...sig.checks);
    failures += sig.failures;

    // Row 4: iss exactly the issuer (a pool's issuer: the REST issuer row; a literal: compared as written).
    const jwt = a.jwt;
    const issuer = jwt?.issuerMatch === 'exact'
      ? this.issuerCheck(a, t, assumptions)
      : jwt && isKnown(jwt.issuer) && !jwt.issuer.includes('${')
        ? literalIssuerRow(jwt.issuer, t)
        : { name: 'issuer', result: 'unknown' as const, detail: "the authorizer's issuer could not be read", open: "issuer (the authorizer's JwtConfiguration.Issuer could not be resolved)" };
    checks.push(issuer);
    if (issuer.result === 'fail') failures++;

    // Row 5: aud (or client_id) in the audience.
    const clientIds = this.options.clientIds ?? {};
    const idOf = (key: string) => clientIds[key] ?? clientIds[key.split('#').pop()!];
    const audience = audienceRow(a, t, idOf, this.options.inputs === 'kit' ? 'give clientIds' : 'pass --client-id LogicalId=<id>');
    checks.push(audience);
    if (audience.result === 'fail') failures++;

    // Row 6: exp, nbf, iat against now.
    const exp = checkExpiry(t, now);
    if (exp.ok === false) {
      checks.push({ name: 'expiry', result: 'fail', detail: exp.detail, reason: exp.expired ? `the token has expired (${exp.detail})` : exp.detail, fix: 'get a fresh token (refresh it, or sign in again)' });
      failures++;
    } else if (exp.ok === undefined) {
      checks.push({ name: 'expiry', result: 'unknown', detail: exp.detail, open: 'expiry (exp is not a finite number)' });
    } else {
      checks.push({ name: 'expiry', result: 'pass', detail: exp.detail });
    }
    const nbf = notBeforeRow(t, now);
    if (nbf) {
      checks.push(nbf);
      failures++;
    }
    if (failures > 0) return this.finish(401, UNAUTHORIZED, checks, assumptions, req, matched, apiKey);

    // Row 7: scopes, any one of them in scope or scp; refused with 403 (believed).
    const scopes = routeScopesRow(m, t);
    if (scopes) {
      checks.push(scopes);
      if (scopes.result === 'fail') {
        assumptions.push(FORBIDDEN_ASSUMPTION);
        // A token check left open may still fail, and that answers 401, not 403: the refusal is certain, its status is not.
        const openBefore = checks.filter((c) => c.result === 'unknown' && !NOT_DECISIVE.has(c.name));
        const r = this.finish(403, FORBIDDEN, checks, assumptions, req, matched, apiKey);
        if (openBefore.length === 0 || !r.decided) return r;
        const open = [...new Set(openBefore.map((c) => c.open ?? `${c.name} (${c.detail})`))];
        return { ...r, status: undefined, decided: false, wouldBe: 403, open, reasons: [...r.reasons, `403 only if ${open.join(', ')}; if one of them fails, 401`] };
      }
    } else {
      assumptions.push('the route has no scopes: any valid ID or access token of a client in the audience passes (HTTP APIs do not check token_use)');
    }
    // Row 8.
    return this.finish(200, 'OK (passed to the integration with the token claims)', checks, assumptions, req, matched, apiKey);
  }

  /**
   * Key id, algorithm and signature (DESIGN.md §5 row 6, §8 row 3), shared by REST and HTTP APIs: verified
   * against the JWKS when one is given, else kid and signature are open. `alg` is the API kind's own row.
   */
  private signatureRows(token: string, t: DecodedToken, alg: Check, assumptions: string[]): { checks: Check[]; failures: number } {
    const checks: Check[] = [];
    const algOk = alg.result === 'pass';
    if (this.options.jwks) {
      const s = checkSignature(token, t, this.options.jwks);
      const tampered = s.kid.ok && algOk && s.signature.ok === false;
      checks.push(this.sigCheck('kid', s.kid.ok, s.kid.detail, 'the token was signed with a key this JWKS does not have: it comes from another pool or another issuer', "use a token issued by the authorizer's user pool"));
      checks.push(alg);
      checks.push(s.signature.ok === undefined
        ? { name: 'signature', result: 'unknown', detail: s.signature.detail, open: 'signature (aws-jwt-verify could not read the token\'s claims)' }
        : this.sigCheck('signature', s.signature.ok, s.signature.detail,
          tampered ? 'the signature does not match the header and payload: the token was altered after Cognito signed it' : 'the signature cannot be verified',
          'use the token exactly as Cognito issued it (do not edit its claims)'));
      return { checks, failures: [s.kid.ok, algOk, s.signature.ok].filter((x) => x === false).length };
    }
    const jwksOpen = `signature (${this.hint('jwks')})`;
    const kid = typeof t.header.kid === 'string' ? t.header.kid : undefined;
    checks.push(kid === undefined
      ? this.sigCheck('kid', false, 'the token header has no kid', 'the token has no key id, so API Gateway has no key to verify it with', 'use a token issued by Cognito')
      : { name: 'kid', result: 'unknown', detail: `kid ${safeValue(kid)} not checked: no JWKS given`, open: jwksOpen });
    checks.push(alg);
    checks.push(t.signature
      ? { name: 'signature', result: 'unknown', detail: 'signature not verified: no JWKS given', open: jwksOpen }
      : this.sigCheck('signature', false, 'the token has no signature', 'the token is unsigned', 'use a token issued by Cognito'));
    assumptions.push("no JWKS given: the token's key id and signature were not verified (give the pool's JWKS to verify them)");
    return { checks, failures: (kid === undefined ? 1 : 0) + (algOk ? 0 : 1) + (t.signature ? 0 : 1) };
  }

  /** The request time in epoch seconds: now, or the request's, which must be a time a Date can hold and not before 1970. */
  private requestTime(now: number | undefined): number {
    if (now === undefined) return Math.floor(Date.now() / 1000);
    if (!Number.isFinite(now) || now < 0 || now > MAX_EPOCH_SECONDS) {
      throw new InputError(`the request time must be epoch seconds from 0 to ${MAX_EPOCH_SECONDS} (year 275760): got ${safeValue(String(now))}`);
    }
    return now;
  }

  /** How an input that decides an open check is named (CLI flag or test kit option). */
  private hint(kind: 'jwks' | 'pool-id' | 'api', ...args: string[]): string {
    const kit = this.options.inputs === 'kit';
    switch (kind) {
      case 'jwks':
        return kit ? 'give jwks or issuer' : 'pass --jwks';
      case 'pool-id':
        return kit
          ? `give poolIds { ${args.map((a) => `'${a}': '<region>_<id>'`).join(', ')} } or issuer`
          : `pass ${args.map((a) => `--pool-id ${a}=<region>_<id>`).join(' ')}`;
      case 'api':
        return kit ? 'choose one with restApi' : 'choose one with --api <name or logical id>';
    }
  }

  /**
   * API Gateway's REST quota on the request line and headers (10,240 bytes). Counted: the request line
   * (without the stage) and every header given, the token's header included. Fails only when the request
   * line and header values alone exceed the quota; open when names, the stage and the headers every
   * client adds (Host, User-Agent; a margin of {@link HEADER_MARGIN} bytes) could take it over.
   */
  private headerSizeCheck(verb: string, req: SimRequest, headerName: string): Check {
    const headers: Array<[string, string]> = Object.entries(req.headers ?? {});
    if (req.token !== undefined && headerLookup(req.headers, headerName) === undefined) headers.push([headerName, req.token]);
    const line = Buffer.byteLength(`${verb} ${req.path} HTTP/1.1`);
    const values = headers.reduce((n, [, v]) => n + Buffer.byteLength(v), 0);
    const names = headers.reduce((n, [k]) => n + Buffer.byteLength(k) + 4, 0); // `: ` and CRLF
    const atLeast = line + values;
    const quota = `${thousands(HEADER_QUOTA)}-byte`;
    if (atLeast > HEADER_QUOTA) {
      return {
        name: 'header-size',
        result: 'fail',
        detail: `the request line and header values are ${thousands(atLeast)} bytes, over API Gateway's ${quota} quota on the request line and headers`,
        reason: `the request line and headers are over API Gateway's ${quota} quota, so the request is refused before the authorizer runs; the status of that refusal is not documented (never 200)`,
        fix: 'send a smaller token and fewer or shorter headers (a Cognito token with many groups or custom claims can grow large: trim them with a pre token generation trigger)',
      };
    }
    const upTo = atLeast + names + HEADER_MARGIN;
    if (upTo > HEADER_QUOTA) {
      return {
        name: 'header-size',
        result: 'unknown',
        detail: `the request line and headers are ${thousands(atLeast + names)} bytes; with the stage and the headers every client adds (Host, User-Agent) they may exceed the ${quota} quota`,
        open: `header-size (within ${HEADER_MARGIN} bytes of the ${quota} quota; the stage and the headers your client adds decide it)`,
      };
    }
    return { name: 'header-size', result: 'pass', detail: `request line and headers: ${thousands(atLeast + names)} bytes of API Gateway's ${quota} quota` };
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
    const all = [...this.index.methodsByApi.keys()];
    const label = (k: string) => {
      const a = this.index.apisByKey.get(k);
      const name = apiName(a, k);
      return safeValue(a && name !== a.logicalId ? `${name} (${a.logicalId})` : name);
    };
    let apis = all;
    if (restApi !== undefined) {
      apis = all.filter((k) => {
        const a = this.index.apisByKey.get(k);
        return k === restApi || a?.logicalId === restApi || (a && isKnown(a.name) && a.name === restApi);
      });
      if (apis.length === 0) {
        throw new InputError(`no REST API named '${safeValue(restApi)}' has methods in the templates (APIs: ${all.map(label).join(', ') || 'none'})`);
      }
      if (apis.length > 1) {
        throw new InputError(`'${safeValue(restApi)}' names ${apis.length} APIs (${apis.map(label).join(', ')}): give a logical id`);
      }
    }
    const unresolvedMethods = this.model.methods.filter((x) => !isKnown(x.path) || !isKnown(x.httpMethod) || !isKnown(x.restApi));
    if (unresolvedMethods.length > 0) assumptions.push(`${unresolvedMethods.length} method(s) have an unresolved path, verb or API and were left out of route matching`);
    // Those that may belong to the APIs searched.
    const unresolved = unresolvedMethods.filter((x) => !isKnown(x.restApi) || apis.includes(x.restApi)).length;
    const matches: RouteMatch[] = [];
    let without: { api: string; path: string; verbs: string[] } | undefined;
    for (const k of apis) {
      const list = this.index.methodsByApi.get(k) ?? [];
      const r = this.index.apisByKey.get(k)?.apiKind === 'http' ? matchHttpRoute(list, verb, path) : matchRoute(list, verb, path);
      if (r.match) matches.push(r.match);
      else if (r.resourceWithoutVerb && !without) without = { api: k, ...r.resourceWithoutVerb };
    }
    if (matches.length > 1) {
      const names = matches.map((x) => label(x.method.restApi as string));
      throw new InputError(`${safeValue(verb)} ${safeValue(path)} matches methods or routes of ${matches.length} APIs (${names.join(', ')}): ${this.hint('api')}`);
    }
    if (matches.length > 0) {
      const x = matches[0];
      const detail = x.method.apiKind === 'http'
        ? `${verb} ${path} → route ${isKnown(x.method.routeKey) ? x.method.routeKey : `${x.method.httpMethod} ${x.resourcePath}`} (${x.method.logicalId})`
        : `${verb} ${path} → method ${x.method.httpMethod} ${x.resourcePath} (${x.method.logicalId})${x.viaAny ? ' via ANY' : ''}`;
      // A literal path with the verb itself is the most specific route there is; through a parameter or ANY, a
      // method left out of matching may be more specific.
      const beatable = x.viaAny || x.resourcePath.includes('{');
      const mayBeat = beatable ? unresolvedMethods.filter((u) => !isKnown(u.restApi) || u.restApi === x.method.restApi).length : 0;
      return {
        match: x,
        apiKey: x.method.restApi as string,
        check: mayBeat > 0
          ? {
            name: 'route',
            result: 'unknown',
            detail: `${detail}; ${mayBeat} method(s) with an unresolved path, verb or API may match more specifically`,
            open: `route (${mayBeat} method(s) with an unresolved path, verb or API may match more specifically)`,
          }
          : { name: 'route', result: 'pass', detail },
      };
    }
    // No match: with methods left out of matching, one of them may be the route.
    const open = unresolved > 0
      ? { result: 'unknown' as const, open: `route (${unresolved} method(s) with an unresolved path, verb or API may match)` }
      : { result: 'fail' as const };
    const preflight = verb === 'OPTIONS';
    if (without) {
      return {
        apiKey: without.api,
        check: {
          name: 'route',
          ...open,
          detail: `resource ${without.path} has no ${verb} method (it has ${without.verbs.join(', ')})`,
          reason: `API Gateway has no ${verb} method on ${without.path}, so it answers 403 "${MISSING}" before any authorizer runs`,
          fix: preflight
            ? `add a CORS preflight (defaultCorsPreflightOptions) to ${without.path}`
            : `call one of ${without.verbs.join(', ')} on ${without.path}, or add a ${verb} method (and deploy the API)`,
        },
      };
    }
    const total = apis.reduce((n, k) => n + (this.index.methodsByApi.get(k)?.length ?? 0), 0);
    if (apis.length > 0 && apis.every((k) => this.index.apisByKey.get(k)?.apiKind === 'http')) {
      assumptions.push(NOT_FOUND_ASSUMPTION);
      return {
        apiKey: apis[0],
        check: {
          name: 'route',
          ...open,
          detail: `no route matches ${verb} ${path}, and there is no $default route`,
          reason: `no route of the HTTP API matches ${verb} ${path} and it has no $default route, so API Gateway answers 404 "${NOT_FOUND}" before any authorizer runs`,
          fix: `${this.stageHint(apis, path)}check the URL (stage, then the path), or add a route for ${verb} ${path} (or a $default route)`,
        },
      };
    }
    return {
      apiKey: apis[0],
      check: {
        name: 'route',
        ...open,
        detail: total === 0 && unresolved === 0 ? 'the templates define no API Gateway methods' : `no resource matches ${path}`,
        reason: `no deployed resource matches ${verb} ${path}, so API Gateway answers 403 "${MISSING}" (also when the stage name is missing or wrong in the URL)`,
        fix: `${this.stageHint(apis, path)}check the URL (stage, then the resource path), or add the resource and method (and deploy the API)`,
      },
    };
  }

  /**
   * When a path that matches nothing starts with the name of a stage of the APIs searched: the path to give
   * is the one after the stage (API Gateway takes the stage off the invoke URL before matching). Empty otherwise.
   */
  private stageHint(apis: string[], path: string): string {
    const segment = path.split('/')[1];
    if (!segment) return '';
    const stage = (this.model.stages ?? []).find((s) => isKnown(s.restApi) && apis.includes(s.restApi) && s.name === segment && s.name !== '$default');
    if (!stage) return '';
    const rest = path.slice(segment.length + 1) || '/';
    return `the path starts with '${safeValue(segment)}', a stage of the API (${displayName(stage)}): API Gateway matches the path after the stage, so ask about ${safeValue(rest)}; otherwise `;
  }

  /** The identity header; `known` false when the authorizer or its IdentitySource could not be read (then Authorization is assumed). */
  private identityHeader(authorizer: AuthorizerModel | undefined, assumptions: string[]): { name: string; known: boolean; why?: string } {
    if (!authorizer) return { name: 'Authorization', known: false, why: "the method's authorizer is not in the templates" };
    const src = authorizer.identitySource;
    if (src === undefined) return { name: 'Authorization', known: true };
    if (isUnknown(src)) {
      assumptions.push('the authorizer identity source could not be resolved: assumed the Authorization header');
      return { name: 'Authorization', known: false, why: `the authorizer's IdentitySource could not be resolved: ${safeValue(src.why)}` };
    }
    const mm = /^method\.request\.header\.(.+)$/i.exec(src.split(',')[0].trim());
    if (!mm) {
      assumptions.push(`identity source ${safeValue(src)} is not a header: assumed the Authorization header`);
      return { name: 'Authorization', known: false, why: `identity source ${safeValue(src)} is not a header` };
    }
    return { name: mm[1], known: true };
  }


  private issuerCheck(authorizer: AuthorizerModel | undefined, t: DecodedToken, assumptions: string[]): Check {
    const raw = t.payload.iss;
    const iss = typeof raw === 'string' ? raw : undefined;
    const shown = raw === undefined ? '(none)' : claimText(raw);
    const pools = authorizer ? this.index.poolsOf(authorizer) : undefined;
    const idOf = (key: string) => this.options.poolIds?.[key] ?? this.index.poolsByKey.get(key)?.poolId;
    const expected: Array<{ pool: string; issuer: string }> = [];
    const unknownPools: Array<{ key: string; name: string; region?: string }> = [];
    for (const key of pools ?? []) {
      const p = this.index.poolsByKey.get(key);
      let id = idOf(key);
      if (!id && this.options.defaultPoolId) {
        id = this.options.defaultPoolId;
        assumptions.push(`pool ${poolName(p, key)} has no known id: assumed ${id} (the test issuer's pool)`);
      }
      if (id) expected.push({ pool: poolName(p, key), issuer: issuerOf(id) });
      else unknownPools.push({ key, name: p ? p.logicalId : key, region: p?.region });
    }
    const hit = iss !== undefined ? expected.find((e) => e.issuer === iss) : undefined;
    if (hit) return { name: 'issuer', result: 'pass', detail: `iss ${shown} is pool ${hit.pool}` };

    // Open only while an issuer of a pool whose id is not known is still possible: a Cognito issuer of a
    // pool region (any region when not known), and not the issuer of another pool the model knows.
    const undecidedPools = !pools || unknownPools.length > 0;
    if (undecidedPools && iss !== undefined) {
      const shape = COGNITO_ISSUER.exec(iss);
      const regions = !pools || unknownPools.some((p) => p.region === undefined) ? undefined : unknownPools.map((p) => p.region!);
      const other = this.model.userPools.find((p) => idOf(p.key) && issuerOf(idOf(p.key)!) === iss);
      if (shape && shape[1] === shape[2] && (!regions || regions.includes(shape[1])) && !other) {
        if (!pools) {
          return {
            name: 'issuer',
            result: 'unknown',
            detail: `iss ${shown}; the authorizer's user pools could not be resolved`,
            open: "issuer (the authorizer's user pools could not be resolved)",
          };
        }
        const names = unknownPools.map((p) => p.name);
        assumptions.push(`the id of pool ${listWords(names)} is not known, so the token's issuer could not be checked (${this.hint('pool-id', ...names)})`);
        return {
          name: 'issuer',
          result: 'unknown',
          detail: `iss ${shown}; expected https://cognito-idp.<region>.amazonaws.com/<id of ${listWords(names, 'or')}>${expected.length ? ` or ${expected.map((e) => e.issuer).join(', ')}` : ''}`,
          open: `issuer pool id (${this.hint('pool-id', ...names)})`,
        };
      }
    }
    const other = iss ? this.model.userPools.find((p) => idOf(p.key) && issuerOf(idOf(p.key)!) === iss) : undefined;
    const accepted = [
      ...expected.map((e) => e.issuer),
      ...unknownPools.map((p) => `https://cognito-idp.${p.region ?? '<region>'}.amazonaws.com/<id of ${p.name}>`),
    ];
    const acceptedPools = [...expected.map((e) => e.pool), ...unknownPools.map((p) => p.name)];
    const notCognito = iss !== undefined && !other && (undecidedPools || expected.length === 0);
    const what = iss === undefined
      ? raw === undefined ? 'the token has no iss claim' : `the token's iss is ${shown}, not a string`
      : undefined;
    const regionNote = (() => {
      const shape = iss ? COGNITO_ISSUER.exec(iss) : null;
      if (!shape || shape[1] !== shape[2]) return undefined;
      const rs = [...new Set(unknownPools.map((p) => p.region).filter((r): r is string => !!r))];
      return rs.length && !rs.includes(shape[1]) ? `it is a pool in ${shape[1]}, and the authorizer's pool${unknownPools.length > 1 ? 's are' : ' is'} in ${listWords(rs, 'or')}` : undefined;
    })();
    return {
      name: 'issuer',
      result: 'fail',
      detail: `iss ${shown}; the authorizer accepts ${pools ? accepted.join(', ') : 'only issuers of Cognito user pools (https://cognito-idp.<region>.amazonaws.com/<region>_<id>)'}`,
      reason: other
        ? `the token was issued by pool ${poolName(other, other.key)}, which is not one of this authorizer's pools (${listWords(acceptedPools)})`
        : what
          ? `${what}, so it was not issued by the authorizer's user pool${acceptedPools.length > 1 ? 's' : ''}${acceptedPools.length ? ` (${listWords(acceptedPools)})` : ''}`
          : regionNote
            ? `the token was issued by ${shown}, not by the authorizer's pool${acceptedPools.length > 1 ? 's' : ''}: ${regionNote}`
            : notCognito
              ? `the token was issued by ${shown}, which is not a Cognito user pool issuer (https://cognito-idp.<region>.amazonaws.com/<region>_<id>), so it is none of the authorizer's pools${acceptedPools.length ? ` (${listWords(acceptedPools)})` : ''}`
              : `the token was issued by ${shown}, not by the authorizer's pool${acceptedPools.length > 1 ? 's' : ''} (${listWords(acceptedPools)})`,
      fix: other
        ? `use a token from ${listWords(acceptedPools, 'or')}, or add pool ${poolName(other, other.key)} to the authorizer's user pools`
        : expected.length && !unknownPools.length
          ? `use a token issued by ${listWords(expected.map((e) => `${e.pool} (${e.issuer})`), 'or')}`
          : `use a token issued by the authorizer's user pool${acceptedPools.length > 1 ? 's' : ''}${acceptedPools.length ? ` (${listWords(acceptedPools, 'or')})` : ''}`,
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
    const useText = claimText(use);
    const scopes = m.scopes;
    if (isUnknown(scopes) && use !== 'id' && use !== 'access') {
      checks.push({
        name: 'token-use',
        result: 'fail',
        detail: `token_use ${useText}; API Gateway accepts only ID tokens (method without scopes) or access tokens (method with scopes)`,
        reason: `the token's token_use is ${useText}, neither a Cognito ID token nor an access token, so it is refused whatever the method's scopes (which could not be resolved)`,
        fix: 'send a Cognito ID token or access token',
      });
      return true;
    }
    if (isUnknown(scopes)) {
      const why = safeValue(scopes.why);
      checks.push({
        name: 'token-use',
        result: 'unknown',
        detail: `token_use ${useText}; the method's scopes could not be resolved (${why}), so the token kind it needs is not known`,
        open: `token-use and scopes (the method's AuthorizationScopes could not be resolved: ${why})`,
      });
      return false;
    }
    if (isKnown(scopes) && scopes.some((s) => !isKnown(s))) {
      // Some scopes are known: the list is not empty, so an access token is needed; a known scope in the token suffices (ANY-of).
      const known = scopes.filter((s): s is string => isKnown(s));
      const why = safeValue(scopes.filter(isUnknown).map((u) => u.why).join('; '));
      const have = use === 'access' && typeof t.payload.scope === 'string' ? t.payload.scope.split(' ') : [];
      const hit = known.find((s) => have.includes(s));
      if (use === 'access' && hit) {
        checks.push({ name: 'token-use', result: 'pass', detail: 'token_use access: the method has scopes, so API Gateway needs an access token' });
        checks.push({ name: 'scopes', result: 'pass', detail: `the token carries ${code(hit)}; the method accepts any one of its scopes (some of which could not be resolved)` });
        return false;
      }
      if (use !== 'access') {
        checks.push({
          name: 'token-use',
          result: 'fail',
          detail: `token_use ${useText}; the method has scopes, so API Gateway needs an access token`,
          reason: `this method has scopes; ${use === 'id' ? 'an ID token was sent' : `the token's token_use is ${useText}`}, and scopes are only read from access tokens`,
          fix: 'send an access token carrying one of the method\'s scopes',
        });
        return true;
      }
      checks.push({ name: 'token-use', result: 'pass', detail: 'token_use access: the method has scopes, so API Gateway needs an access token' });
      checks.push({
        name: 'scopes',
        result: 'unknown',
        detail: `the token carries none of the method's known scopes (${known.map(code).join(', ')}); the others could not be resolved (${why})`,
        open: `scopes (some of the method's AuthorizationScopes could not be resolved: ${why})`,
      });
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
        detail: `token_use ${useText}; the method has no scopes, so API Gateway accepts only ID tokens`,
        reason: use === 'access'
          ? 'this method has no authorization scopes, so API Gateway treats the token as an ID token; an access token was sent'
          : `the token's token_use is ${useText}, not a Cognito ID token`,
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
        detail: `token_use ${useText}; the method has scopes, so API Gateway needs an access token`,
        reason: `${need}; ${use === 'id' ? 'an ID token was sent' : `the token's token_use is ${useText}`}, and scopes are only read from access tokens`,
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
      detail: `the token carries ${have.length ? safeValue(have.map(code).join(' ')) : 'no scopes'}; the method needs one of ${list.map(code).join(', ')}`,
      reason: `${need}; the token carries ${have.length ? safeValue(have.map(code).join(' ')) : 'no scope'}, and the method accepts none of ${have.length === 1 ? 'it' : 'them'}${notes.length ? `; ${notes.join('; ')}` : ''}`,
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
    // A refusal at the header quota happens before anything else, with a status API Gateway does not document.
    const refused = checks.some((c) => c.name === 'header-size' && c.result === 'fail');
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
        if (statusCode && Number(statusCode) !== status) changes.push(`status ${status} → ${safeValue(statusCode)}`);
        if (Object.keys(headers).length) changes.push(`headers ${safeValue(Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join(', '))}`);
        if (isUnknown(g.statusCode)) {
          checks.push({
            name: 'gateway-response',
            result: 'unknown',
            detail: `gateway response ${type} (${g.logicalId}) applies; its StatusCode could not be resolved (${safeValue(g.statusCode.why)})`,
            open: `gateway-response status (the StatusCode of ${g.logicalId} could not be resolved)`,
          });
          break;
        }
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

    // The decision (DESIGN.md §6). Checks that never change the status (the resource policy, a documented
    // assumption; CORS on an error) are left out. A failing check decides a refusal; a 200 needs every check
    // to pass. The header quota comes first: open there, nothing is decided.
    const decisive = checks.filter((c) => !NOT_DECISIVE.has(c.name));
    const openChecks = decisive.filter((c) => c.result === 'unknown');
    const failed = decisive.some((c) => c.result === 'fail');
    // Open before any other check: the header quota, the route (another method may answer). Then nothing is decided.
    const sizeOpen = openChecks.some((c) => c.name === 'header-size' || c.name === 'route');
    const simulated = status !== 0;
    const decided = !refused && simulated && !sizeOpen && (failed || openChecks.length === 0)
      && !checks.some((c) => c.name === 'gateway-response' && c.result === 'unknown');
    const open = decided
      ? []
      : refused
        ? ['status of the header-quota refusal (API Gateway does not document it; never 200)']
        : [...new Set(openChecks.map((c) => c.open ?? `${c.name} (${c.detail})`))];

    const failing = checks.filter((c) => c.result === 'fail');
    const reasons = failing.map((c) => c.reason ?? c.detail);
    if (failing.length === 0) {
      if (status === 200) {
        reasons.push(matched
          ? decided
            ? `every check API Gateway makes for ${matched.httpMethod} ${matched.path} passes`
            : `every check API Gateway makes for ${matched.httpMethod} ${matched.path} passes or is open: 200 only if ${open.join(', ')}`
          : 'every check passes');
      } else if (status === 0) {
        reasons.push(checks[checks.length - 1]?.detail ?? message);
      } else if (!decided) {
        reasons.push(`${status} only if ${open.join(', ')}`);
      }
    }
    const fixes = [...new Set(failing.map((c) => c.fix).filter((f): f is string => !!f))];
    return {
      status: decided ? status : undefined,
      decided,
      // A gateway response whose StatusCode is not known may answer with any status.
      wouldBe: simulated && !refused && !checks.some((c) => c.name === 'gateway-response' && c.result === 'unknown') ? status : undefined,
      refused,
      open,
      message,
      checks,
      reasons,
      fixes,
      assumptions: [...new Set(assumptions)],
      matched,
      gatewayResponse,
    };
  }
}
