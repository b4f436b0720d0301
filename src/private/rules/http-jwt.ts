/**
 * HTTP APIs with JWT authorizers (DESIGN.md §8): the issuer must be exactly the user pool's, the audience
 * must list the app clients that call the API, the token must be read from the Authorization header,
 * routes without scopes accept any token of an audience client, and a catch-all route behind the
 * authorizer takes the browser's preflight unless the API answers it (CorsConfiguration).
 */
import { Rule, finding, where } from './rule';
import { acknowledgeId } from '../findings-format';
import { JWT, audienceOf, knownElements, lookups, methodLabel, plainList, q, quoteList } from './util';
import { ModelIndex } from '../model/model-index';
import { AppClientModel, AuthorizerModel, Finding, MethodModel, isKnown } from '../model/types';

/** The JWT authorizers of HTTP APIs, with the routes that use them (JWT routes only). */
function jwtAuthorizers(index: ModelIndex): Array<{ a: AuthorizerModel; routes: MethodModel[] }> {
  const out: Array<{ a: AuthorizerModel; routes: MethodModel[] }> = [];
  for (const a of index.model.authorizers) {
    if (a.apiKind !== 'http' || a.type !== JWT) continue;
    const routes = (index.methodsByAuthorizer.get(a.key) ?? []).filter((m) => m.apiKind === 'http' && m.authorizationType === JWT);
    out.push({ a, routes });
  }
  return out;
}

/** True for a client created by aws-cdk-lib's HttpUserPoolAuthorizer when it is given no userPoolClients. */
function isAuthorizerDefaultClient(c: AppClientModel): boolean {
  return /(^|\/)UserPoolAuthorizerClient(\/|$)/.test(c.constructPath ?? '') || c.logicalId.includes('UserPoolAuthorizerClient');
}

export const AUDIENCE_MISSES_CLIENTS: Rule = {
  id: 'AudienceMissesClients',
  severity: 'error',
  summary:
    "A JWT authorizer's audience lists an app client no caller uses (such as the 'UserPoolAuthorizerClient' HttpUserPoolAuthorizer creates without userPoolClients) while the pool's other clients are left out.",
  why: "An HTTP API checks 'aud' (ID tokens) or 'client_id' (access tokens) against the audience: tokens of a client left out get 401 'the token does not have a valid audience'.",
  fix: 'List the app clients that call the API in the audience (HttpUserPoolAuthorizer: userPoolClients; CognitoApiAuth: httpAuthorizer).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    if (index.someClientPoolUnknown) return out;
    for (const { a, routes } of jwtAuthorizers(index)) {
      const ctx = lookups(index).cognitoAuthorizer(index, a);
      if (!ctx?.audience || !ctx.audience.complete || !index.clientsFullyKnown(ctx.pools)) continue;
      const clients = ctx.pools.flatMap((p) => index.clientsByPool.get(p) ?? []);
      const required = new Set<string>();
      let unscoped = false;
      for (const r of routes) {
        if (!isKnown(r.scopes)) continue;
        const s = knownElements(r.scopes);
        if (s.length === 0) unscoped = true;
        for (const x of s) required.add(x);
      }
      if (routes.length === 0) continue;
      // A client can call a route when the route has no scopes, or it may request one of the route's scopes.
      const canCall = (c: AppClientModel) => unscoped || [...required].some((s) => index.clientsAllowed(ctx.pools, s).includes(c));
      const unused = clients.filter((c) => ctx.audience!.clients.has(c.key) && (isAuthorizerDefaultClient(c) || !canCall(c)));
      const leftOut = clients.filter((c) => !ctx.audience!.clients.has(c.key) && !isAuthorizerDefaultClient(c) && canCall(c));
      if (unused.length === 0 || leftOut.length === 0) continue;
      const made = unused.some(isAuthorizerDefaultClient) ? ' (created by HttpUserPoolAuthorizer without userPoolClients)' : '';
      out.push(
        finding(
          this,
          a,
          `JWT authorizer ${where(a)} has audience ${quoteList(unused.map(where))}${made}, which no route's caller uses, and leaves out ${quoteList(leftOut.map(where))}: ` +
            "tokens of the left-out clients get 401 ('the token does not have a valid audience').",
          `Give the authorizer the calling clients as its audience (HttpUserPoolAuthorizer: userPoolClients: [${plainList(leftOut.map((c) => c.logicalId), 3)}]; CognitoApiAuth: httpAuthorizer).`,
        ),
      );
    }
    return out;
  },
};

export const AUDIENCE_CLIENT_OF_OTHER_POOL: Rule = {
  id: 'AudienceClientOfOtherPool',
  severity: 'error',
  summary: "A JWT authorizer's audience lists an app client of a user pool other than the issuer's.",
  why: "That client's tokens carry another pool's 'iss': the issuer check refuses them (401), so the audience entry never lets anyone in.",
  fix: "Use the issuer of the client's pool, or list clients of the issuer's pool (one JWT authorizer per pool).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    const byKey = new Map(index.model.clients.map((c) => [c.key, c]));
    for (const { a } of jwtAuthorizers(index)) {
      const pool = a.jwt?.issuerPool;
      if (a.jwt?.issuerMatch !== 'exact' || !isKnown(pool)) continue;
      const audience = audienceOf(a);
      if (!audience) continue;
      const others = [...audience.clients].map((k) => byKey.get(k)).filter((c): c is AppClientModel => !!c && isKnown(c.pool) && c.pool !== pool);
      if (others.length === 0) continue;
      const issuerPool = index.poolsByKey.get(pool);
      out.push(
        finding(
          this,
          a,
          `JWT authorizer ${where(a)} has issuer ${q(String(a.jwt.issuer))} (user pool ${issuerPool ? where(issuerPool) : pool}) but its audience lists ${quoteList(others.map(where))} of another user pool: ` +
            "their tokens carry that pool's issuer, so they get 401.",
        ),
      );
    }
    return out;
  },
};

export const JWT_ISSUER_NOT_POOL_ISSUER: Rule = {
  id: 'JwtIssuerNotPoolIssuer',
  severity: 'error',
  summary: "A JWT authorizer's issuer names a user pool but is not exactly its issuer URL (https://cognito-idp.{region}.amazonaws.com/{poolId}: region, pool id, no trailing slash; the hosted-UI domain is not the issuer).",
  why: "API Gateway compares the token's 'iss' with the issuer character for character: every call gets 401.",
  fix: "Set JwtConfiguration.Issuer to 'https://cognito-idp.{region}.amazonaws.com/{poolId}' (in CDK: HttpUserPoolAuthorizer, or pool.userPoolProviderUrl).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const { a } of jwtAuthorizers(index)) {
      const jwt = a.jwt;
      if (!jwt || jwt.issuerMatch !== 'mismatch') continue;
      const expected = jwt.expectedIssuer ? ` The pool's issuer is ${q(jwt.expectedIssuer)}.` : '';
      out.push(
        finding(
          this,
          a,
          `JWT authorizer ${where(a)} has issuer ${q(String(jwt.issuer))}, which is not a user pool's issuer: ${jwt.issuerProblem ?? 'it differs'}. ` +
            `Every token's 'iss' differs from it, so every call gets 401.${expected}`,
          jwt.expectedIssuer ? `Set JwtConfiguration.Issuer to ${q(jwt.expectedIssuer)}.` : undefined,
        ),
      );
    }
    return out;
  },
};

export const UNSCOPED_JWT_ROUTE: Rule = {
  id: 'UnscopedJwtRoute',
  severity: 'warning',
  summary: 'A JWT route has no AuthorizationScopes on an HTTP API whose other routes require scopes.',
  why: 'An HTTP API does not check token_use: a route without scopes accepts any valid ID or access token of an audience client, whatever its scopes.',
  fix:
    "Require the route's scope (AuthorizationScopes; CognitoApiAuth: httpRouteScopes()); if any token of the audience is meant to pass, " +
    `acknowledge '${acknowledgeId('UnscopedJwtRoute')}' on the route (CognitoApiAuth: httpRouteAnyToken()).`,
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const api of index.model.restApis) {
      if (api.apiKind !== 'http') continue;
      const routes = (index.methodsByApi.get(api.key) ?? []).filter((m) => m.apiKind === 'http' && m.authorizationType === JWT);
      const scoped = routes.find((m) => knownElements(m.scopes).length > 0);
      if (!scoped) continue;
      for (const m of routes) {
        if (m.scopes !== undefined && (!isKnown(m.scopes) || m.scopes.length > 0)) continue;
        out.push(
          finding(
            this,
            m,
            `Route ${methodLabel(m)} has no AuthorizationScopes while other routes of the API require scopes (e.g. ${methodLabel(scoped)}): ` +
              'any valid ID or access token of a client in the audience passes it, whatever scopes the token carries.',
          ),
        );
      }
    }
    return out;
  },
};

/** `ANY /{proxy+}` (or any greedy ANY route) and `$default`: routes that a browser's OPTIONS preflight reaches. */
function catchAll(m: MethodModel): boolean {
  if (!isKnown(m.path) || !isKnown(m.httpMethod)) return false;
  return m.path === '$default' || (m.httpMethod === 'ANY' && m.path.endsWith('+}'));
}

export const HTTP_PREFLIGHT_BEHIND_AUTHORIZER: Rule = {
  id: 'HttpPreflightBehindAuthorizer',
  severity: 'warning',
  summary: 'A catch-all route (ANY /{proxy+}, $default) is behind a JWT authorizer on an HTTP API without CorsConfiguration.',
  why: "A browser's OPTIONS preflight matches the catch-all route and carries no token: it gets 401 and the browser reports a CORS error.",
  fix: 'Give the HTTP API a CorsConfiguration (in CDK: corsPreflight), so that API Gateway answers preflight requests itself.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      if (m.apiKind !== 'http' || m.authorizationType !== JWT || !catchAll(m) || !isKnown(m.restApi)) continue;
      const api = index.apisByKey.get(m.restApi);
      if (!api?.defined || api.corsConfiguration !== false) continue;
      const explicit = (index.methodsByApi.get(m.restApi) ?? []).some((o) => o.httpMethod === 'OPTIONS' && o.authorizationType === 'NONE');
      if (explicit) continue;
      out.push(
        finding(
          this,
          m,
          `Route ${methodLabel(m)} requires a JWT and catches every path, and HTTP API ${where(api)} has no CorsConfiguration: ` +
            "a browser's preflight (OPTIONS, sent without a token) reaches the route, gets 401, and the browser reports a CORS error.",
        ),
      );
    }
    return out;
  },
};

export const JWT_IDENTITY_SOURCE: Rule = {
  id: 'JwtIdentitySourceNotAuthorization',
  severity: 'warning',
  summary: "A JWT authorizer reads the token from somewhere other than the Authorization header ('$request.header.Authorization').",
  why: 'Clients and SDKs send Cognito tokens in the Authorization header: a token sent there is not read, and the call gets 401.',
  fix: "Set IdentitySource to ['$request.header.Authorization'] (the default of aws-cdk-lib's JWT authorizers).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const { a } of jwtAuthorizers(index)) {
      if (!isKnown(a.identitySource)) continue;
      if (/^\$request\.header\.authorization$/i.test(a.identitySource.trim())) continue;
      out.push(
        finding(
          this,
          a,
          `JWT authorizer ${where(a)} reads the token from ${q(a.identitySource)}, not '$request.header.Authorization': a token sent in the Authorization header is not read, and the call gets 401.`,
        ),
      );
    }
    return out;
  },
};

export const HTTP_JWT_RULES: Rule[] = [
  JWT_ISSUER_NOT_POOL_ISSUER,
  AUDIENCE_MISSES_CLIENTS,
  AUDIENCE_CLIENT_OF_OTHER_POOL,
  JWT_IDENTITY_SOURCE,
  UNSCOPED_JWT_ROUTE,
  HTTP_PREFLIGHT_BEHIND_AUTHORIZER,
];
