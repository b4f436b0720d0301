/**
 * Method authorization settings: scopes only work on `COGNITO_USER_POOLS`
 * methods, which need a Cognito authorizer; public methods on a Cognito API
 * are worth a second look.
 */
import { acknowledgeId } from '../findings-format';
import { Rule, finding, where } from './rule';
import { COGNITO, JWT, isRoute, isTokenProtected, opLabel, knownElements, methodLabel, q, quoteList } from './util';
import { ModelIndex } from '../model/model-index';
import { Finding, isKnown } from '../model/types';

export const SCOPES_ON_NON_COGNITO_METHOD: Rule = {
  id: 'ScopesOnNonCognitoMethod',
  severity: 'error',
  summary: 'A method has AuthorizationScopes but its AuthorizationType is not COGNITO_USER_POOLS.',
  why: 'Scopes are only checked by a Cognito user pools authorizer: API Gateway rejects the method or ignores the scopes the author relied on.',
  fix: 'Attach the Cognito user pools authorizer (AuthorizationType COGNITO_USER_POOLS), or remove AuthorizationScopes.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      if (!isKnown(m.authorizationType) || isTokenProtected(m)) continue;
      const scopes = knownElements(m.scopes);
      if (scopes.length === 0) continue;
      out.push(
        finding(
          this,
          m,
          `${opLabel(m)} has AuthorizationScopes ${quoteList(scopes)} but AuthorizationType ${q(m.authorizationType)}: ` +
            (isRoute(m) ? 'on an HTTP API, scopes are only checked with JWT.' : 'scopes are only checked with COGNITO_USER_POOLS.'),
        ),
      );
    }
    return out;
  },
};

export const COGNITO_METHOD_WITHOUT_AUTHORIZER: Rule = {
  id: 'CognitoMethodWithoutAuthorizer',
  severity: 'error',
  summary: 'A method has AuthorizationType COGNITO_USER_POOLS but no AuthorizerId.',
  why: 'API Gateway needs the Cognito authorizer to validate the token: the deployment fails.',
  fix: 'Set AuthorizerId to a COGNITO_USER_POOLS authorizer of the same REST API (in CDK: pass `authorizer` to addMethod).',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      if (m.authorizationType !== COGNITO || m.authorizer !== undefined) continue;
      out.push(finding(this, m, `Method ${methodLabel(m)} has AuthorizationType 'COGNITO_USER_POOLS' but no AuthorizerId.`));
    }
    return out;
  },
};

export const METHOD_AUTHORIZER_TYPE_MISMATCH: Rule = {
  id: 'MethodAuthorizerTypeMismatch',
  severity: 'error',
  summary:
    'A method\'s AuthorizationType does not match the type of its authorizer (COGNITO_USER_POOLS vs TOKEN/REQUEST), ' +
    'or an HTTP route\'s (JWT vs REQUEST).',
  why:
    'A COGNITO_USER_POOLS method needs a COGNITO_USER_POOLS authorizer, and a CUSTOM method a Lambda authorizer; ' +
    'on an HTTP API a JWT route needs a JWT authorizer and a CUSTOM route a Lambda (REQUEST) authorizer: API Gateway rejects the method or route.',
  fix:
    'Use AuthorizationType COGNITO_USER_POOLS with a COGNITO_USER_POOLS authorizer, and CUSTOM with a TOKEN/REQUEST authorizer; ' +
    'on an HTTP API, JWT with a JWT authorizer and CUSTOM with a REQUEST authorizer.',
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      const t = m.authorizationType;
      // The type that makes a token authorizer: COGNITO_USER_POOLS on REST, JWT on HTTP; the other is CUSTOM.
      const tokenType = isRoute(m) ? JWT : COGNITO;
      if (t !== tokenType && t !== 'CUSTOM') continue;
      const a = index.authorizerOf(m);
      if (!a || !isKnown(a.type)) continue;
      const tokenAuthorizer = a.type.toUpperCase() === tokenType;
      if ((t === tokenType) === tokenAuthorizer) continue;
      out.push(
        finding(
          this,
          m,
          `${opLabel(m)} has AuthorizationType ${q(t)} but its authorizer ${where(a)} has ${isRoute(m) ? 'AuthorizerType' : 'Type'} ${q(a.type)}.`,
          tokenAuthorizer
            ? `Set AuthorizationType to ${q(tokenType)} for the ${isRoute(m) ? 'JWT' : 'Cognito'} authorizer ${where(a)}.`
            : `Set AuthorizationType to 'CUSTOM' for the Lambda authorizer ${where(a)}, or use a ${isRoute(m) ? 'JWT authorizer whose issuer is the user pool' : 'COGNITO_USER_POOLS authorizer'}.`,
        ),
      );
    }
    return out;
  },
};

export const PUBLIC_METHOD_ON_COGNITO_API: Rule = {
  id: 'PublicMethodOnCognitoApi',
  severity: 'warning',
  summary: 'A method (other than OPTIONS) has AuthorizationType NONE on a REST API that uses a Cognito authorizer, or a route on an HTTP API with a user pool JWT authorizer.',
  why: 'Anyone can call it without a token; often a forgotten `authorizer` on addMethod rather than an intended public endpoint.',
  fix:
    'Attach the Cognito authorizer; or, if the method is public on purpose, acknowledge ' +
    `'${acknowledgeId('PublicMethodOnCognitoApi')}' on it (CognitoApiAuth: addPublicMethod(resource, verb, integration, { reason }) adds the method acknowledged, cdk-nag's AwsSolutions-APIG4 and AwsSolutions-COG4 included).`,
  check(index: ModelIndex): Finding[] {
    const cognitoApis = new Set<string>();
    for (const a of index.model.authorizers) if (a.type === COGNITO && isKnown(a.restApi)) cognitoApis.add(a.restApi);
    for (const m of index.model.methods) if (m.authorizationType === COGNITO && isKnown(m.restApi)) cognitoApis.add(m.restApi);
    // HTTP APIs: a JWT authorizer whose issuer is a user pool's, used by a route.
    for (const m of index.model.methods) {
      if (!isRoute(m) || m.authorizationType !== 'JWT' || !isKnown(m.restApi)) continue;
      if (index.authorizerOf(m)?.jwt?.issuerMatch === 'exact') cognitoApis.add(m.restApi);
    }
    const out: Finding[] = [];
    for (const m of index.model.methods) {
      if (m.authorizationType !== 'NONE' || !isKnown(m.httpMethod) || m.httpMethod === 'OPTIONS') continue;
      if (!isKnown(m.restApi) || !cognitoApis.has(m.restApi)) continue;
      const api = index.apisByKey.get(m.restApi);
      out.push(
        finding(
          this,
          m,
          `${opLabel(m)} is public (AuthorizationType NONE) on ${isRoute(m) ? 'HTTP' : 'REST'} API ${api ? where(api) : m.restApi}, which uses a Cognito ${isRoute(m) ? 'user pool JWT ' : ''}authorizer: ` +
            'anyone can call it without a token.',
        ),
      );
    }
    return out;
  },
};

export const METHOD_AUTH_RULES: Rule[] = [
  SCOPES_ON_NON_COGNITO_METHOD,
  COGNITO_METHOD_WITHOUT_AUTHORIZER,
  METHOD_AUTHORIZER_TYPE_MISMATCH,
  PUBLIC_METHOD_ON_COGNITO_API,
];
