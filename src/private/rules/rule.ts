import { ModelIndex } from '../model/model-index';
import { Finding, Severity, Source } from '../model/types';

/**
 * One rule of the catalogue. Rules are pure: `ModelIndex -> Finding[]`, and
 * must stay linear in the size of the model (use the index, never nested
 * loops over all methods × all clients).
 */
export interface Rule {
  /** Stable id, PascalCase (acknowledged as `cdk-cognito-scopes::<id>`). */
  readonly id: string;
  /** Default severity: error = deploy fails or a 401 is certain; warning = legal but probably wrong. */
  readonly severity: Severity;
  /** What it catches, one line (README catalogue). */
  readonly summary: string;
  /** Why it matters, one line (README catalogue). */
  readonly why: string;
  /** The fix, one line (README catalogue). */
  readonly fix: string;
  check(index: ModelIndex): Finding[];
}

/**
 * The words of a finding in the vocabulary of the declaration it points at: rules speak CloudFormation
 * (`AuthorizationScopes`, `AuthorizationType NONE`); an OpenAPI operation says `security`, a SAM event
 * `Auth.AuthorizationScopes` / `Auth.Authorizer`, a SAM API's CORS preflight `Cors` and
 * `Auth.AddDefaultAuthorizerToCorsPreflight`. One rule, every source: only the words change.
 */
export function inUserTerms(text: string, declaration: string | undefined): string {
  if (declaration === undefined) return text;
  if (declaration.startsWith('Events.')) {
    return text
      .replace(/\bin AuthorizationScopes\b/g, 'in the event\'s Auth.AuthorizationScopes')
      .replace(/\bfrom AuthorizationScopes\b/g, 'from the event\'s Auth.AuthorizationScopes')
      .replace(/\bhas no AuthorizationScopes\b/g, 'has no Auth.AuthorizationScopes (on the event or on its authorizer)')
      .replace(/\(AuthorizationScopes; CognitoApiAuth: httpRouteScopes\(\)\)/g, "(the event's Auth.AuthorizationScopes)")
      .replace(/\(AuthorizationType NONE\)/g, '(Auth.Authorizer NONE, or no DefaultAuthorizer)');
  }
  if (/(^|\.)Cors$/.test(declaration)) {
    return text.replace(/ has AuthorizationType '([^']*)'/g, " carries the API's DefaultAuthorizer ('$1'), added because Cors is set and Auth.AddDefaultAuthorizerToCorsPreflight is not false").replace(
      /^Set AuthorizationType NONE on OPTIONS methods \(in CDK: [^)]*\)\)\.$/,
      'Set Auth.AddDefaultAuthorizerToCorsPreflight: false on the API, so that the OPTIONS methods SAM generates for Cors stay public.',
    );
  }
  if (declaration.includes('.paths.')) {
    return text
      .replace(/ has AuthorizationType '([^']*)'/g, " requires an authorizer ('$1') through its security")
      .replace(/\bin AuthorizationScopes\b/g, "in the operation's security (scopes of its security requirement)")
      .replace(/\bfrom AuthorizationScopes\b/g, "from the operation's security")
      .replace(/\bhas no AuthorizationScopes\b/g, 'has no scopes in its security requirement')
      .replace(/\(AuthorizationScopes; CognitoApiAuth: httpRouteScopes\(\)\)/g, '(scopes in its security requirement)')
      .replace(/\(AuthorizationType NONE\)/g, '(no security: security: [] or no default security)')
      .replace(/^Set AuthorizationType NONE on OPTIONS methods \(in CDK: [^)]*\)\)\.$/, 'Give the options operation security: [] (no authorizer) in the OpenAPI definition.');
  }
  return text;
}

/** Make a finding that points at a model element. */
export function finding(rule: Rule, at: Source, message: string, fix?: string, severity?: Severity): Finding {
  const d = at.declaration;
  return {
    ruleId: rule.id,
    severity: severity ?? rule.severity,
    template: at.template,
    logicalId: at.logicalId,
    constructPath: at.constructPath,
    ...(d !== undefined ? { declaration: d } : {}),
    message: inUserTerms(message, d),
    fix: inUserTerms(fix ?? rule.fix, d),
  };
}

/** Display a resource for messages: its construct path when known, else its logical id. */
export function where(at: Source): string {
  return at.constructPath ?? `${at.template}/${at.logicalId}`;
}
