/**
 * App clients (DESIGN.md §1 causes 5, 7, 8; §4 app client facts): OAuth flows,
 * allowed scopes and creation order.
 */
import { MAX_SCOPES_PER_CLIENT, SCOPES_REQUIRING_OPENID, checkOAuthScopeString } from '../construct-checks';
import { Rule, finding, where } from './rule';
import { allKnown, builtIn, certainlyUndefined, knownElements, poolLabel, q, quoteList, suggestionsFor } from './util';
import { ModelIndex } from '../model/model-index';
import { AppClientModel, Finding, ResourceServerModel, isKnown } from '../model/types';

const OAUTH_FLOWS = ['code', 'implicit', 'client_credentials'];
const CC = 'client_credentials';

function clientLabel(c: AppClientModel): string {
  return `App client ${where(c)}`;
}

/** Length of a list property that is present (elements may be unknown), 0 when absent or unknown. */
function presentLength(v: AppClientModel['allowedOAuthFlows']): number {
  return isKnown(v) ? v.length : 0;
}

export const UNDEFINED_CLIENT_SCOPE: Rule = {
  id: 'UndefinedClientScope',
  severity: 'error',
  summary: "An app client's AllowedOAuthScopes lists a custom scope no resource server of its pool defines.",
  why: 'Cognito rejects the client (the scope does not exist): the deployment fails.',
  fix: "Use '<resource server identifier>/<scope name>' of a resource server of the client's pool, or define the scope.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!isKnown(c.pool)) continue;
      const pools = [c.pool];
      for (const s of knownElements(c.allowedOAuthScopes)) {
        if (builtIn(s) || checkOAuthScopeString(s) || !certainlyUndefined(index, pools, s)) continue;
        const suggestions = suggestionsFor(index, pools, s);
        const hint = suggestions.length > 0 ? ` Did you mean ${quoteList(suggestions, 3)}?` : '';
        out.push(
          finding(
            this,
            c,
            `${clientLabel(c)} allows scope ${q(s)}, which no resource server of ${poolLabel(index, c.pool)} defines: Cognito rejects the client.${hint}`,
            suggestions.length > 0 ? `Use ${quoteList(suggestions, 3)} in AllowedOAuthScopes.` : undefined,
          ),
        );
      }
    }
    return out;
  },
};

export const CLIENT_BEFORE_RESOURCE_SERVER: Rule = {
  id: 'ClientBeforeResourceServer',
  severity: 'error',
  summary: 'An app client allows a custom scope but is not ordered after the resource server that defines it.',
  why: 'CloudFormation may create the client first; the scope does not exist yet and the deployment fails (or fails on a later change).',
  fix: 'Refer to the scope through the resource server (CDK: OAuthScope.resourceServer(server, scope)) or add DependsOn on the resource server.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!isKnown(c.pool)) continue;
      const defs = index.scopesByPool.get(c.pool);
      if (!defs) continue;
      const missing = new Map<ResourceServerModel, string[]>();
      for (const s of knownElements(c.allowedOAuthScopes)) {
        const rs = defs.get(s)?.resourceServer;
        if (!rs || rs.template !== c.template || c.createdAfter.has(rs.key)) continue;
        const list = missing.get(rs);
        if (list) list.push(s);
        else missing.set(rs, [s]);
      }
      for (const [rs, scopes] of missing) {
        out.push(
          finding(
            this,
            c,
            `${clientLabel(c)} allows ${quoteList(scopes)}, defined by resource server ${where(rs)}, but does not depend on it (the scope is a literal string and there is no DependsOn): ` +
              'CloudFormation may create the client before the scope exists.',
            `Add DependsOn: ${rs.logicalId} to the client, or build the scope from the resource server (CDK: OAuthScope.resourceServer(server, scope)).`,
          ),
        );
      }
    }
    return out;
  },
};

export const INVALID_CLIENT_SCOPE: Rule = {
  id: 'InvalidClientScope',
  severity: 'error',
  summary: 'An AllowedOAuthScopes entry is empty, longer than 256 characters or contains a space, \'"\' or \'\\\'.',
  why: 'Cognito rejects the client: the deployment fails.',
  fix: "Use built-in scopes or '<resource server identifier>/<scope name>'.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!isKnown(c.allowedOAuthScopes)) continue;
      c.allowedOAuthScopes.forEach((s, i) => {
        if (!isKnown(s)) return;
        const problem = checkOAuthScopeString(s, `AllowedOAuthScopes[${i}]`);
        if (problem) out.push(finding(this, c, `${clientLabel(c)}: ${problem}`));
      });
    }
    return out;
  },
};

export const TOO_MANY_CLIENT_SCOPES: Rule = {
  id: 'TooManyClientScopes',
  severity: 'error',
  summary: `An app client lists more than ${MAX_SCOPES_PER_CLIENT} AllowedOAuthScopes.`,
  why: 'Cognito rejects the client: the deployment fails.',
  fix: 'Allow fewer scopes per client (group them on fewer, broader scopes, or split the client).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      const n = presentLength(c.allowedOAuthScopes);
      if (n <= MAX_SCOPES_PER_CLIENT) continue;
      out.push(finding(this, c, `${clientLabel(c)} lists ${n} AllowedOAuthScopes (at most ${MAX_SCOPES_PER_CLIENT}).`));
    }
    return out;
  },
};

export const INVALID_OAUTH_FLOW: Rule = {
  id: 'InvalidOAuthFlow',
  severity: 'error',
  summary: 'AllowedOAuthFlows contains something other than code, implicit or client_credentials.',
  why: 'Cognito rejects the client: the deployment fails.',
  fix: "Use 'code' (users, with PKCE) or 'client_credentials' (machines).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      for (const f of knownElements(c.allowedOAuthFlows)) {
        if (OAUTH_FLOWS.includes(f)) continue;
        out.push(finding(this, c, `${clientLabel(c)} has AllowedOAuthFlows entry ${q(f)}; valid flows are 'code', 'implicit' and 'client_credentials'.`));
      }
    }
    return out;
  },
};

export const CLIENT_CREDENTIALS_WITH_OTHER_FLOWS: Rule = {
  id: 'ClientCredentialsWithOtherFlows',
  severity: 'error',
  summary: 'An app client combines client_credentials with code or implicit.',
  why: 'client_credentials must be the only flow of a client: Cognito rejects the client.',
  fix: 'Use two app clients: one machine client with client_credentials only, one user client with code.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      const flows = knownElements(c.allowedOAuthFlows);
      if (!flows.includes(CC)) continue;
      const others = flows.filter((f) => f !== CC);
      if (others.length === 0) continue;
      out.push(finding(this, c, `${clientLabel(c)} combines 'client_credentials' with ${quoteList(others)} in AllowedOAuthFlows.`));
    }
    return out;
  },
};

export const CLIENT_CREDENTIALS_WITHOUT_SECRET: Rule = {
  id: 'ClientCredentialsWithoutSecret',
  severity: 'error',
  summary: 'An app client uses client_credentials without a client secret (GenerateSecret).',
  why: 'The token endpoint authenticates client_credentials callers with the secret: Cognito rejects the client and no token can be issued.',
  fix: 'Set GenerateSecret: true on the machine client (CDK: generateSecret: true).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!knownElements(c.allowedOAuthFlows).includes(CC)) continue;
      if (c.generateSecret === true || (c.generateSecret !== undefined && !isKnown(c.generateSecret))) continue;
      const seen = c.generateSecret === undefined ? 'GenerateSecret is not set' : 'GenerateSecret is false';
      out.push(finding(this, c, `${clientLabel(c)} uses 'client_credentials' but ${seen}: a client_credentials client needs a secret.`));
    }
    return out;
  },
};

export const CLIENT_CREDENTIALS_WITH_BUILT_IN_SCOPES: Rule = {
  id: 'ClientCredentialsWithBuiltInScopes',
  severity: 'error',
  summary: 'A client_credentials app client allows built-in scopes (openid, email, phone, profile, aws.cognito.signin.user.admin).',
  why: 'A machine token has no user, so it can carry only custom scopes: Cognito rejects the client.',
  fix: 'Allow only custom scopes (<resource server identifier>/<scope name>) on the client_credentials client.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!knownElements(c.allowedOAuthFlows).includes(CC)) continue;
      const builtIns = knownElements(c.allowedOAuthScopes).filter(builtIn);
      if (builtIns.length === 0) continue;
      out.push(
        finding(this, c, `${clientLabel(c)} uses 'client_credentials' and allows built-in scope ${quoteList(builtIns)}: machine tokens carry only custom scopes.`,
          `Remove ${quoteList(builtIns)} from AllowedOAuthScopes.`),
      );
    }
    return out;
  },
};

export const OAUTH_FLOWS_NOT_ENABLED: Rule = {
  id: 'OAuthFlowsNotEnabled',
  severity: 'error',
  summary: 'An app client sets OAuth flows, scopes or callback URLs without AllowedOAuthFlowsUserPoolClient: true.',
  why: 'Without it the OAuth settings do not apply: the client cannot use /oauth2/token or the hosted UI, so no token carries the scopes.',
  fix: 'Set AllowedOAuthFlowsUserPoolClient: true on the client.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      const flag = c.allowedOAuthFlowsUserPoolClient;
      if (flag === true || (flag !== undefined && !isKnown(flag))) continue;
      const set: string[] = [];
      if (presentLength(c.allowedOAuthFlows) > 0) set.push('AllowedOAuthFlows');
      if (presentLength(c.allowedOAuthScopes) > 0) set.push('AllowedOAuthScopes');
      if (presentLength(c.callbackUrls) > 0) set.push('CallbackURLs');
      if (set.length === 0) continue;
      out.push(
        finding(
          this,
          c,
          `${clientLabel(c)} sets ${set.join(', ')} but AllowedOAuthFlowsUserPoolClient is ${flag === undefined ? 'not set' : 'false'}: the OAuth settings do not apply.`,
        ),
      );
    }
    return out;
  },
};

export const OAUTH_SCOPES_WITHOUT_FLOWS: Rule = {
  id: 'OAuthScopesWithoutFlows',
  severity: 'warning',
  summary: 'An OAuth-enabled app client allows scopes but no OAuth flow.',
  why: 'Scopes only reach access tokens through an OAuth flow (code, client_credentials): this client can never get a token with them.',
  fix: "Set AllowedOAuthFlows ('code' for users, 'client_credentials' for machines), or remove the scopes.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (c.allowedOAuthFlowsUserPoolClient !== true) continue;
      if (presentLength(c.allowedOAuthScopes) === 0) continue;
      if (c.allowedOAuthFlows !== undefined && (!isKnown(c.allowedOAuthFlows) || c.allowedOAuthFlows.length > 0)) continue;
      out.push(
        finding(this, c, `${clientLabel(c)} allows ${quoteList(knownElements(c.allowedOAuthScopes))} but has no AllowedOAuthFlows: no token can carry these scopes.`),
      );
    }
    return out;
  },
};

export const OIDC_SCOPE_WITHOUT_OPENID: Rule = {
  id: 'OidcScopeWithoutOpenid',
  severity: 'warning',
  summary: "An app client allows 'email', 'phone' or 'profile' without 'openid'.",
  why: "Cognito grants those scopes only together with 'openid' (and issues no ID token without it).",
  fix: "Add 'openid' to AllowedOAuthScopes.",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      const scopes = allKnown(c.allowedOAuthScopes);
      if (!scopes || scopes.includes('openid')) continue;
      const needs = scopes.filter((s) => SCOPES_REQUIRING_OPENID.includes(s));
      if (needs.length === 0) continue;
      out.push(finding(this, c, `${clientLabel(c)} allows ${quoteList(needs)} without 'openid': Cognito only grants ${needs.length === 1 ? 'it' : 'them'} together with 'openid'.`));
    }
    return out;
  },
};

export const IMPLICIT_GRANT: Rule = {
  id: 'ImplicitGrant',
  severity: 'warning',
  summary: 'An app client allows the implicit grant.',
  why: 'Implicit returns tokens in the URL fragment (browser history, referrers) and gives no refresh token; OAuth 2.0 security guidance deprecates it.',
  fix: "Use the 'code' flow with PKCE instead of 'implicit' (CognitoApiAuth: omit implicitGrant).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!knownElements(c.allowedOAuthFlows).includes('implicit')) continue;
      out.push(
        finding(
          this,
          c,
          `${clientLabel(c)} allows the 'implicit' flow: tokens are returned in the URL fragment, where browser history, logs and referrers can leak them, and no refresh token is issued.`,
        ),
      );
    }
    return out;
  },
};

export const CLIENT_RULES: Rule[] = [
  CLIENT_BEFORE_RESOURCE_SERVER,
  UNDEFINED_CLIENT_SCOPE,
  CLIENT_CREDENTIALS_WITH_OTHER_FLOWS,
  CLIENT_CREDENTIALS_WITHOUT_SECRET,
  CLIENT_CREDENTIALS_WITH_BUILT_IN_SCOPES,
  OAUTH_FLOWS_NOT_ENABLED,
  OAUTH_SCOPES_WITHOUT_FLOWS,
  INVALID_OAUTH_FLOW,
  INVALID_CLIENT_SCOPE,
  TOO_MANY_CLIENT_SCOPES,
  OIDC_SCOPE_WITHOUT_OPENID,
  IMPLICIT_GRANT,
];
