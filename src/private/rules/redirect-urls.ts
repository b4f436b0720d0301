/**
 * Callback and logout URLs of app clients (DESIGN.md §4).
 */
import { checkRedirectUrl, checkRedirectUrlCount } from '../construct-checks';
import { Rule, finding, where } from './rule';
import { allKnown, q, quoteList } from './util';
import { ModelIndex } from '../model/model-index';
import { AppClientModel, Finding, isKnown } from '../model/types';

function urlProblems(rule: Rule, index: ModelIndex, prop: 'CallbackURLs' | 'LogoutURLs', get: (c: AppClientModel) => AppClientModel['callbackUrls']): Finding[] {
  const out: Finding[] = [];
  for (const c of index.model.clients) {
    const urls = get(c);
    if (!isKnown(urls)) continue;
    const count = checkRedirectUrlCount(urls.length, prop);
    if (count) out.push(finding(rule, c, `App client ${where(c)}: ${count}`));
    urls.forEach((u, i) => {
      if (!isKnown(u)) return;
      const problem = checkRedirectUrl(u, `${prop}[${i}]`);
      if (problem) out.push(finding(rule, c, `App client ${where(c)}: ${problem}`));
    });
  }
  return out;
}

const URL_WHY = 'Cognito rejects the client (the deployment fails), or the hosted UI refuses to redirect.';
const URL_FIX = 'Use absolute HTTPS URLs without a fragment (http only for localhost, 127.0.0.1, [::1]; app schemes like myapp://callback are fine), at most 1024 characters and 100 URLs.';

export const INVALID_CALLBACK_URL: Rule = {
  id: 'InvalidCallbackUrl',
  severity: 'error',
  summary: 'A callback URL is not absolute, has a fragment, uses http for a host other than localhost, is over 1024 characters, or there are over 100.',
  why: URL_WHY,
  fix: URL_FIX,
  check(index: ModelIndex): Finding[] {
    return urlProblems(this, index, 'CallbackURLs', (c) => c.callbackUrls);
  },
};

export const INVALID_LOGOUT_URL: Rule = {
  id: 'InvalidLogoutUrl',
  severity: 'error',
  summary: 'A logout URL is not absolute, has a fragment, uses http for a host other than localhost, is over 1024 characters, or there are over 100.',
  why: URL_WHY,
  fix: URL_FIX,
  check(index: ModelIndex): Finding[] {
    return urlProblems(this, index, 'LogoutURLs', (c) => c.logoutUrls);
  },
};

export const DEFAULT_REDIRECT_NOT_IN_CALLBACKS: Rule = {
  id: 'DefaultRedirectNotInCallbacks',
  severity: 'error',
  summary: 'DefaultRedirectURI is not one of the client\'s CallbackURLs.',
  why: 'Cognito rejects the client: the deployment fails.',
  fix: 'Add the DefaultRedirectURI to CallbackURLs, or pick one of the CallbackURLs.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const c of index.model.clients) {
      if (!isKnown(c.defaultRedirectUri)) continue;
      const urls = c.callbackUrls === undefined ? [] : allKnown(c.callbackUrls);
      if (!urls || urls.includes(c.defaultRedirectUri)) continue;
      out.push(
        finding(
          this,
          c,
          `App client ${where(c)} has DefaultRedirectURI ${q(c.defaultRedirectUri)}, which is not in CallbackURLs (${urls.length > 0 ? quoteList(urls, 3) : 'none'}).`,
        ),
      );
    }
    return out;
  },
};

export const REDIRECT_URL_RULES: Rule[] = [INVALID_CALLBACK_URL, INVALID_LOGOUT_URL, DEFAULT_REDIRECT_NOT_IN_CALLBACKS];
