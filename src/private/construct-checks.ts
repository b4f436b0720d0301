/**
 * Pure validation helpers for the props of `CognitoApiAuth` and its client factories.
 *
 * Every check is a pure function returning `undefined` when the value is acceptable,
 * or a problem description of the form `<what is wrong>: got '<value>'. <fix>` when it is not.
 * Callers prefix the construct path (`[Stack/Auth] ...`). Values that are unresolved CDK tokens
 * are never judged (the caller filters them with `Token.isUnresolved`), because a check must
 * never report a failure for a value it could not see.
 *
 * The limits and patterns come from the Cognito API model / CloudFormation resource schemas
 * (see DESIGN.md section 4) and are exported so that the rule engine can reuse them.
 */

/** Resource server identifier: 1–256 chars, no space, `"` or `\` (`/` allowed, URLs fine). */
export const RESOURCE_SERVER_IDENTIFIER_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Resource server Name: 1–256 chars of `[\w\s+=,.@-]` — a URL is not a valid Name. */
export const RESOURCE_SERVER_NAME_PATTERN = /^[\w\s+=,.@-]+$/;
/** Scope name: 1–256 chars, like the identifier but also without `/`. */
export const SCOPE_NAME_PATTERN = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/;
/** A full scope (`identifier/name`) as it appears in AllowedOAuthScopes / AuthorizationScopes. */
export const FULL_SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Maximum length of an identifier, a name, a scope name and a scope description. */
export const MAX_RESOURCE_SERVER_STRING_LENGTH = 256;
/** Maximum number of scopes on one resource server. */
export const MAX_SCOPES_PER_RESOURCE_SERVER = 100;
/** Maximum number of AllowedOAuthScopes on one app client. */
export const MAX_SCOPES_PER_CLIENT = 50;

/** Cognito-prefix domain: 1–63 chars, lowercase letters, digits and inner hyphens. */
export const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Words a Cognito domain prefix must not contain. */
export const DOMAIN_PREFIX_RESERVED_WORDS: readonly string[] = ['aws', 'amazon', 'cognito'];
/** Maximum length of a Cognito domain prefix. */
export const MAX_DOMAIN_PREFIX_LENGTH = 63;

/** Maximum number of callback URLs and of logout URLs on one app client. */
export const MAX_REDIRECT_URLS = 100;
/** Maximum length of one callback / logout URL. */
export const MAX_REDIRECT_URL_LENGTH = 1024;
/** Hosts for which plain `http://` is accepted in callback / logout URLs. */
export const HTTP_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Authorizer result cache TTL bounds, in seconds. */
export const MIN_AUTHORIZER_TTL_SECONDS = 0;
/** Authorizer result cache TTL upper bound, in seconds. */
export const MAX_AUTHORIZER_TTL_SECONDS = 3600;

/** Access / ID token validity bounds, in seconds (5 minutes – 1 day). */
export const MIN_ACCESS_ID_TOKEN_VALIDITY_SECONDS = 5 * 60;
/** Access / ID token validity upper bound, in seconds (1 day). */
export const MAX_ACCESS_ID_TOKEN_VALIDITY_SECONDS = 24 * 60 * 60;
/** Refresh token validity bounds, in seconds (60 minutes – 10 years of 365 days). */
export const MIN_REFRESH_TOKEN_VALIDITY_SECONDS = 60 * 60;
/** Refresh token validity upper bound, in seconds (3650 days). */
export const MAX_REFRESH_TOKEN_VALIDITY_SECONDS = 3650 * 24 * 60 * 60;

/** OAuth scopes built into Cognito (everything else on a client is a custom scope). */
export const BUILT_IN_OAUTH_SCOPES: readonly string[] = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
/** Built-in scopes that Cognito only grants together with `openid`. */
export const SCOPES_REQUIRING_OPENID: readonly string[] = ['email', 'phone', 'profile'];

/** A problem description, or `undefined` when the value is acceptable. */
export type Problem = string | undefined;

function lengthProblem(label: string, value: string, max: number, fix: string): Problem {
  if (value.length < 1 || value.length > max) {
    return `${label} must be 1–${max} characters long: got '${value}' (${value.length} characters). ${fix}`;
  }
  return undefined;
}

/** Checks a resource server identifier such as `com.example.api` or `https://api.example.com`. */
export function checkResourceServerIdentifier(value: string, label = 'resourceServerIdentifier'): Problem {
  const fix = "Use a string without spaces, '\"' or '\\', such as 'com.example.api' or 'https://api.example.com'.";
  return lengthProblem(label, value, MAX_RESOURCE_SERVER_STRING_LENGTH, fix)
    ?? (RESOURCE_SERVER_IDENTIFIER_PATTERN.test(value)
      ? undefined
      : `${label} must match [\\x21\\x23-\\x5B\\x5D-\\x7E]+ (no spaces, '"' or '\\'): got '${value}'. ${fix}`);
}

/** Checks a resource server Name (friendly name). */
export function checkResourceServerName(value: string, label = 'resourceServerName'): Problem {
  const derived = deriveResourceServerName(value);
  // The construct derives a Name when the prop is omitted; a template has to spell one out.
  const fix = label === 'resourceServerName'
    ? `Omit ${label} to derive one, or pass a name such as '${derived}'.`
    : `Use a name such as '${derived}' (in CDK: userPoolResourceServerName).`;
  return lengthProblem(label, value, MAX_RESOURCE_SERVER_STRING_LENGTH, fix)
    ?? (RESOURCE_SERVER_NAME_PATTERN.test(value)
      ? undefined
      : `${label} must match [\\w\\s+=,.@-]+ (a URL is not a valid Name): got '${value}'. ${fix}`);
}

/**
 * Derives a valid resource server Name from an identifier: drops a URL scheme,
 * replaces every character outside `[\w\s+=,.@-]` with `-`, and trims to 256 characters.
 */
export function deriveResourceServerName(identifier: string): string {
  const withoutScheme = identifier.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
  const name = withoutScheme
    .replace(/[^\w\s+=,.@-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_RESOURCE_SERVER_STRING_LENGTH);
  return name.length > 0 ? name : 'resource-server';
}

/** Checks a scope name (the part after `identifier/`). */
export function checkScopeName(value: string, label = 'scopeName'): Problem {
  const fix = "Use a short name without spaces, '/', '\"' or '\\', such as 'read' or 'items.write'.";
  return lengthProblem(label, value, MAX_RESOURCE_SERVER_STRING_LENGTH, fix)
    ?? (SCOPE_NAME_PATTERN.test(value)
      ? undefined
      : `${label} must match [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+ (no spaces, '/', '"' or '\\'): got '${value}'. ${fix}`);
}

/** Checks a scope description (required by Cognito). */
export function checkScopeDescription(value: string, label = 'scopeDescription'): Problem {
  return lengthProblem(label, value, MAX_RESOURCE_SERVER_STRING_LENGTH, 'Describe what the scope allows in 1–256 characters.');
}

/** Checks the number of scopes on one resource server. */
export function checkScopeCount(count: number, label = 'scopes'): Problem {
  if (count < 1) {
    return `${label} must define at least one scope: got 0. Pass e.g. [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read access' })].`;
  }
  if (count > MAX_SCOPES_PER_RESOURCE_SERVER) {
    return `${label} must define at most ${MAX_SCOPES_PER_RESOURCE_SERVER} scopes per resource server: got ${count}. Split the API over several resource servers.`;
  }
  return undefined;
}

/** Checks a Cognito domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
export function checkDomainPrefix(value: string, label = 'domain prefix'): Problem {
  const suggestion = value.toLowerCase().replace(/aws|amazon|cognito/g, '').replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_DOMAIN_PREFIX_LENGTH);
  const fix = suggestion.length > 0 && suggestion !== value ? ` Try '${suggestion}'.` : '';
  if (value.length < 1 || value.length > MAX_DOMAIN_PREFIX_LENGTH) {
    return `${label} must be 1–${MAX_DOMAIN_PREFIX_LENGTH} characters long: got '${value}' (${value.length} characters). Use a prefix of 1–${MAX_DOMAIN_PREFIX_LENGTH} characters.`;
  }
  const reserved = DOMAIN_PREFIX_RESERVED_WORDS.find((w) => value.toLowerCase().includes(w));
  if (reserved) {
    return `${label} must not contain 'aws', 'amazon' or 'cognito': got '${value}'. Pick a prefix without '${reserved}'.${fix}`;
  }
  if (!DOMAIN_PREFIX_PATTERN.test(value)) {
    return `${label} must match ^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$ (lowercase letters, digits, inner hyphens): got '${value}'.${fix || ' Use lowercase letters, digits and hyphens.'}`;
  }
  return undefined;
}

/** Checks a custom domain name (a host name, not a URL). */
export function checkCustomDomainName(value: string, label = 'custom domain name'): Problem {
  if (value.length < 1 || value.length > 253 || !/^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)(\.(?!-)[a-zA-Z0-9-]{1,63}(?<!-))+$/.test(value)) {
    return `${label} must be a fully qualified host name without scheme or path: got '${value}'. Pass a name such as 'auth.example.com'.`;
  }
  return undefined;
}

/** Checks one callback or logout URL. */
export function checkRedirectUrl(value: string, label = 'callbackUrls[0]'): Problem {
  if (value.length < 1 || value.length > MAX_REDIRECT_URL_LENGTH) {
    return `${label} must be 1–${MAX_REDIRECT_URL_LENGTH} characters long: got '${value.length > 80 ? value.slice(0, 80) + '…' : value}' (${value.length} characters). Use a shorter URL.`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${label} must be an absolute URL with a scheme: got '${value}'. Use a full URL such as 'https://app.example.com/callback'.`;
  }
  if (/\s/.test(value)) {
    return `${label} must not contain whitespace: got '${value}'. Remove the whitespace.`;
  }
  if (value.includes('#')) {
    return `${label} must not contain a fragment ('#'): got '${value}'. Use '${value.slice(0, value.indexOf('#'))}'.`;
  }
  if (url.protocol === 'http:' && !HTTP_ALLOWED_HOSTS.includes(url.hostname)) {
    return `${label} must use HTTPS (http is allowed only for http://localhost, http://127.0.0.1 and http://[::1]): got '${value}'. Use '${value.replace(/^http:/i, 'https:')}'.`;
  }
  return undefined;
}

/** Checks the number of callback or logout URLs. */
export function checkRedirectUrlCount(count: number, label = 'callbackUrls'): Problem {
  if (count > MAX_REDIRECT_URLS) {
    return `${label} must list at most ${MAX_REDIRECT_URLS} URLs: got ${count}. Remove unused URLs.`;
  }
  return undefined;
}

/** Checks an authorizer result cache TTL given in seconds. */
export function checkAuthorizerTtlSeconds(seconds: number, label = 'authorizerCacheTtl'): Problem {
  if (!Number.isInteger(seconds) || seconds < MIN_AUTHORIZER_TTL_SECONDS || seconds > MAX_AUTHORIZER_TTL_SECONDS) {
    return `${label} must be a whole number of seconds between ${MIN_AUTHORIZER_TTL_SECONDS} and ${MAX_AUTHORIZER_TTL_SECONDS}: got '${seconds} seconds'. Use e.g. Duration.minutes(5) (the default), or Duration.seconds(0) to disable caching.`;
  }
  return undefined;
}

/** Which token a validity applies to. */
export type TokenKind = 'access' | 'id' | 'refresh';

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** Checks an access, ID or refresh token validity given in seconds. */
export function checkTokenValiditySeconds(kind: TokenKind, seconds: number, label?: string): Problem {
  const name = label ?? `${kind === 'id' ? 'idToken' : kind === 'access' ? 'accessToken' : 'refreshToken'}Validity`;
  const [min, max, range] = kind === 'refresh'
    ? [MIN_REFRESH_TOKEN_VALIDITY_SECONDS, MAX_REFRESH_TOKEN_VALIDITY_SECONDS, '60 minutes and 10 years (3650 days)']
    : [MIN_ACCESS_ID_TOKEN_VALIDITY_SECONDS, MAX_ACCESS_ID_TOKEN_VALIDITY_SECONDS, '5 minutes and 1 day'];
  if (seconds < min || seconds > max) {
    return `${name} must be between ${range}: got '${formatSeconds(seconds)}'. Use a value in that range, or omit it for Cognito's default.`;
  }
  if (seconds % 60 !== 0) {
    return `${name} must be a whole number of minutes: got '${formatSeconds(seconds)}'. Round it to minutes.`;
  }
  return undefined;
}

/**
 * Checks a list of built-in OAuth scope names for an app client that signs users in:
 * only built-in scopes, and `email` / `phone` / `profile` only together with `openid`.
 */
export function checkOidcScopes(scopeNames: readonly string[], label = 'oidcScopes'): Problem {
  const custom = scopeNames.find((s) => !BUILT_IN_OAUTH_SCOPES.includes(s));
  if (custom !== undefined) {
    return `${label} may only contain built-in scopes (${BUILT_IN_OAUTH_SCOPES.join(', ')}): got '${custom}'. Pass custom scopes as ResourceServerScope objects in 'scopes'.`;
  }
  const needsOpenid = scopeNames.filter((s) => SCOPES_REQUIRING_OPENID.includes(s));
  if (needsOpenid.length > 0 && !scopeNames.includes('openid')) {
    return `${label} '${needsOpenid.join("', '")}' is only granted together with 'openid': got '${scopeNames.join(' ')}'. Add OAuthScope.OPENID.`;
  }
  return undefined;
}

// --- used by the rule catalogue ---

/** Checks one entry of an app client's AllowedOAuthScopes (a built-in scope or `identifier/name`). */
export function checkOAuthScopeString(value: string, label = 'AllowedOAuthScopes[0]'): Problem {
  const fix = "Use a built-in scope ('openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin') or '<resource server identifier>/<scope name>'.";
  return lengthProblem(label, value, MAX_RESOURCE_SERVER_STRING_LENGTH, fix)
    ?? (FULL_SCOPE_PATTERN.test(value)
      ? undefined
      : `${label} must match [\\x21\\x23-\\x5B\\x5D-\\x7E]+ (no spaces, '"' or '\\'): got '${value}'. ${fix}`);
}
