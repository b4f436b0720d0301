import * as fc from 'fast-check';
import {
  checkAuthorizerTtlSeconds,
  checkDomainPrefix,
  checkOidcScopes,
  checkRedirectUrl,
  checkResourceServerIdentifier,
  checkResourceServerName,
  checkScopeName,
  checkTokenValiditySeconds,
  deriveResourceServerName,
  RESOURCE_SERVER_NAME_PATTERN,
} from '../src/private/construct-checks';

describe('construct-checks (pure)', () => {
  test('derived resource server names are always valid Names', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 300 }), (identifier) => {
      const name = deriveResourceServerName(identifier);
      expect(name.length).toBeGreaterThanOrEqual(1);
      expect(name.length).toBeLessThanOrEqual(256);
      expect(RESOURCE_SERVER_NAME_PATTERN.test(name)).toBe(true);
      expect(checkResourceServerName(name)).toBeUndefined();
    }));
  });

  test('derived names for common identifiers', () => {
    expect(deriveResourceServerName('com.example.api')).toBe('com.example.api');
    expect(deriveResourceServerName('https://api.example.com')).toBe('api.example.com');
    expect(deriveResourceServerName('https://api.example.com/v1/')).toBe('api.example.com-v1');
    expect(deriveResourceServerName('urn:example:api')).toBe('urn-example-api');
    expect(deriveResourceServerName('///')).toBe('resource-server');
  });

  test('identifiers: URLs fine, spaces, quotes and backslashes refused', () => {
    for (const ok of ['com.example.api', 'https://api.example.com', 'https://api.example.com/v1', 'a', 'x'.repeat(256)]) {
      expect(checkResourceServerIdentifier(ok)).toBeUndefined();
    }
    for (const bad of ['', 'a b', 'a"b', 'a\\b', 'x'.repeat(257), 'tab\there']) {
      expect(checkResourceServerIdentifier(bad)).toMatch(/^resourceServerIdentifier must/);
    }
  });

  test('scope names: no slash, no space', () => {
    for (const ok of ['read', 'items.write', 'a-b_c', 'x'.repeat(256)]) expect(checkScopeName(ok)).toBeUndefined();
    for (const bad of ['', 'a/b', 'a b', 'a"b', 'a\\b', 'x'.repeat(257)]) expect(checkScopeName(bad)).toMatch(/^scopeName must/);
  });

  test('domain prefixes', () => {
    for (const ok of ['a', 'my-app', 'app1', 'a'.repeat(63)]) expect(checkDomainPrefix(ok)).toBeUndefined();
    for (const bad of ['', '-a', 'a-', 'A', 'my_app', 'my.app', 'awsome', 'amazonian', 'mycognitoapp', 'a'.repeat(64)]) {
      expect(checkDomainPrefix(bad)).toMatch(/^domain prefix must/);
    }
  });

  test('redirect URLs', () => {
    for (const ok of ['https://a.example.com/cb', 'http://localhost/cb', 'http://localhost:3000', 'http://127.0.0.1:8080/x', 'http://[::1]:5000/', 'exampleapp://auth/login', 'com.example.app:/oauth']) {
      expect(checkRedirectUrl(ok)).toBeUndefined();
    }
    expect(checkRedirectUrl('http://example.com')).toMatch(/must use HTTPS/);
    expect(checkRedirectUrl('http://localhost.evil.com/')).toMatch(/must use HTTPS/);
    expect(checkRedirectUrl('https://a.example.com/#x')).toMatch(/must not contain a fragment/);
    expect(checkRedirectUrl('callback')).toMatch(/must be an absolute URL/);
    expect(checkRedirectUrl('')).toMatch(/must be 1–1024 characters long/);
    expect(checkRedirectUrl(' https://a.example.com/cb')).toBe("callbackUrls[0] must not contain whitespace: got ' https://a.example.com/cb'. Remove the whitespace.");
    expect(checkRedirectUrl('https://a.example.com/a b')).toMatch(/must not contain whitespace/);
  });

  test('authorizer TTL', () => {
    expect(checkAuthorizerTtlSeconds(0)).toBeUndefined();
    expect(checkAuthorizerTtlSeconds(3600)).toBeUndefined();
    expect(checkAuthorizerTtlSeconds(3601)).toMatch(/between 0 and 3600/);
    expect(checkAuthorizerTtlSeconds(1.5)).toMatch(/whole number of seconds/);
  });

  test('token validities', () => {
    expect(checkTokenValiditySeconds('access', 300)).toBeUndefined();
    expect(checkTokenValiditySeconds('id', 86400)).toBeUndefined();
    expect(checkTokenValiditySeconds('access', 299)).toMatch(/^accessTokenValidity must be between 5 minutes and 1 day: got '299 seconds'/);
    expect(checkTokenValiditySeconds('id', 86460)).toMatch(/^idTokenValidity must be between/);
    expect(checkTokenValiditySeconds('refresh', 3600)).toBeUndefined();
    expect(checkTokenValiditySeconds('refresh', 3650 * 86400)).toBeUndefined();
    expect(checkTokenValiditySeconds('refresh', 3650 * 86400 + 60)).toMatch(/^refreshTokenValidity must be between/);
    expect(checkTokenValiditySeconds('access', 360)).toBeUndefined();
    expect(checkTokenValiditySeconds('access', 301)).toMatch(/whole number of minutes/);
  });

  test('OIDC scopes', () => {
    expect(checkOidcScopes(['openid'])).toBeUndefined();
    expect(checkOidcScopes(['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'])).toBeUndefined();
    expect(checkOidcScopes(['aws.cognito.signin.user.admin'])).toBeUndefined();
    expect(checkOidcScopes(['phone'])).toMatch(/only granted together with 'openid'/);
    expect(checkOidcScopes(['openid', 'com.example.api/read'])).toMatch(/may only contain built-in scopes/);
  });
});
