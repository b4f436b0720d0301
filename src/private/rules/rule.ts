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

/** Make a finding that points at a model element. */
export function finding(rule: Rule, at: Source, message: string, fix?: string, severity?: Severity): Finding {
  return {
    ruleId: rule.id,
    severity: severity ?? rule.severity,
    template: at.template,
    logicalId: at.logicalId,
    constructPath: at.constructPath,
    ...(at.declaration !== undefined ? { declaration: at.declaration } : {}),
    message,
    fix: fix ?? rule.fix,
  };
}

/** Display a resource for messages: its construct path when known, else its logical id. */
export function where(at: Source): string {
  return at.constructPath ?? `${at.template}/${at.logicalId}`;
}
