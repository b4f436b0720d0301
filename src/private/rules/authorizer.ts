/**
 * Authorizers (DESIGN.md §1 cause 14, §4 authorizer facts).
 */
import { checkAuthorizerTtlSeconds } from '../construct-checks';
import { Rule, finding, where } from './rule';
import { COGNITO, knownElements, methodLabel, opLabel, plainList, q } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, MethodModel, isKnown } from '../model/types';

/** Default API Gateway quota of authorizers per REST API. */
export const MAX_AUTHORIZERS_PER_API = 10;

export const INVALID_AUTHORIZER_TTL: Rule = {
  id: 'InvalidAuthorizerTtl',
  severity: 'error',
  summary: 'AuthorizerResultTtlInSeconds is outside 0–3600.',
  why: 'API Gateway rejects the authorizer: the deployment fails.',
  fix: 'Use a TTL between 0 (no caching) and 3600 seconds; the default is 300.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const a of index.model.authorizers) {
      if (!isKnown(a.ttlSeconds)) continue;
      const problem = checkAuthorizerTtlSeconds(a.ttlSeconds, 'AuthorizerResultTtlInSeconds');
      if (problem) out.push(finding(this, a, `Authorizer ${where(a)}: ${problem}`));
    }
    return out;
  },
};

export const VALIDATION_EXPRESSION_WITH_SCOPES: Rule = {
  id: 'ValidationExpressionWithScopes',
  severity: 'error',
  summary: 'A Cognito authorizer has an IdentityValidationExpression while methods using it require scopes.',
  why: "The expression is matched against the token's `aud` claim, which access tokens do not have: every scoped call gets 401.",
  fix: 'Remove IdentityValidationExpression from the authorizer (check the client id in the integration instead).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const a of index.model.authorizers) {
      if (a.type !== COGNITO || !isKnown(a.identityValidationExpression) || a.identityValidationExpression === '') continue;
      const scoped: MethodModel[] = [];
      for (const m of index.methodsByAuthorizer.get(a.key) ?? []) {
        if (m.authorizationType === COGNITO && knownElements(m.scopes).length > 0) scoped.push(m);
      }
      if (scoped.length === 0) continue;
      out.push(
        finding(
          this,
          a,
          `Authorizer ${where(a)} has IdentityValidationExpression ${q(a.identityValidationExpression)} and ${scoped.length} method(s) using it require scopes ` +
            `(${plainList(scoped.map(methodLabel), 3)}): the expression is matched against 'aud', which access tokens lack, so those calls always get 401.`,
        ),
      );
    }
    return out;
  },
};

export const COGNITO_AUTHORIZER_WITHOUT_POOLS: Rule = {
  id: 'CognitoAuthorizerWithoutPools',
  severity: 'error',
  summary: 'A COGNITO_USER_POOLS authorizer has no ProviderARNs.',
  why: 'API Gateway needs at least one user pool to validate tokens against: the deployment fails.',
  fix: 'Set ProviderARNs to the ARN of the user pool that issues the tokens (in CDK: cognitoUserPools).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const a of index.model.authorizers) {
      if (a.type !== COGNITO) continue;
      if (a.providerPools !== undefined && (!isKnown(a.providerPools) || a.providerPools.length > 0)) continue;
      out.push(finding(this, a, `Cognito authorizer ${where(a)} has no ProviderARNs (no user pool).`));
    }
    return out;
  },
};

export const AUTHORIZER_SHARED_ACROSS_APIS: Rule = {
  id: 'AuthorizerSharedAcrossApis',
  severity: 'error',
  summary: 'A method uses an authorizer that belongs to another REST API.',
  why: 'An authorizer belongs to one REST API: API Gateway rejects the method (invalid authorizer id).',
  fix: 'Create one authorizer per REST API (same user pools) and use the one of the method\'s API.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      if (!isKnown(m.restApi)) continue;
      const a = index.authorizerOf(m);
      if (!a || !isKnown(a.restApi) || a.restApi === m.restApi) continue;
      const label = (key: string) => {
        const api = index.apisByKey.get(key);
        return `${api?.apiKind === 'http' ? 'HTTP' : 'REST'} API ${api ? where(api) : key}`;
      };
      out.push(
        finding(
          this,
          m,
          `${opLabel(m)} of ${label(m.restApi)} uses authorizer ${where(a)}, which belongs to ${label(a.restApi)}.`,
        ),
      );
    }
    return out;
  },
};

export const TOO_MANY_AUTHORIZERS: Rule = {
  id: 'TooManyAuthorizers',
  severity: 'warning',
  summary: `A REST API has more than ${MAX_AUTHORIZERS_PER_API} authorizers.`,
  why: `The default API Gateway quota is ${MAX_AUTHORIZERS_PER_API} authorizers per API: the deployment fails unless the quota was raised.`,
  fix: 'Share one authorizer between methods (one authorizer can list several user pools), or raise the quota.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const [apiKey, authorizers] of index.authorizersByApi) {
      if (authorizers.length <= MAX_AUTHORIZERS_PER_API) continue;
      const api = index.apisByKey.get(apiKey);
      out.push(
        finding(
          this,
          api ?? authorizers[0],
          `${api?.apiKind === 'http' ? 'HTTP' : 'REST'} API ${api ? where(api) : apiKey} has ${authorizers.length} authorizers (default quota: ${MAX_AUTHORIZERS_PER_API}).`,
        ),
      );
    }
    return out;
  },
};

export const AUTHORIZER_RULES: Rule[] = [
  VALIDATION_EXPRESSION_WITH_SCOPES,
  AUTHORIZER_SHARED_ACROSS_APIS,
  COGNITO_AUTHORIZER_WITHOUT_POOLS,
  INVALID_AUTHORIZER_TTL,
  TOO_MANY_AUTHORIZERS,
];
