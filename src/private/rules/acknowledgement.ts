/**
 * Acknowledgements written in templates (`Metadata.cdk-cognito-scopes.acknowledge`): one without a
 * reason still acknowledges its finding, but is itself reported (a warning), so that every acknowledged finding says why.
 */
import { Rule } from './rule';
import { ModelIndex } from '../model/model-index';
import { Finding } from '../model/types';
import { safeValue } from '../safe-text';

export const ACKNOWLEDGEMENT_WITHOUT_REASON: Rule = {
  id: 'AcknowledgementWithoutReason',
  severity: 'warning',
  summary: "An acknowledgement in a template's Metadata (cdk-cognito-scopes: { acknowledge: [{ id, reason }] }) has no reason, or an empty one.",
  why: 'The acknowledged finding no longer fails any check, with nothing to say why: a reviewer cannot tell a deliberate choice from a forgotten problem.',
  fix: "Give every acknowledgement a reason: { id: 'cdk-cognito-scopes::RuleId', reason: 'why this is fine' } (Validations.of(x).acknowledge({ id, reason }) in CDK).",
  check(index: ModelIndex): Finding[] {
    const out: Finding[] = [];
    for (const t of index.model.templates) {
      for (const a of t.acknowledgements ?? []) {
        if (a.reason !== undefined) continue;
        const where = a.logicalId === undefined ? "the template's Metadata" : `the Metadata of ${safeValue(a.logicalId)}`;
        out.push({
          ruleId: this.id,
          severity: this.severity,
          template: t.name,
          logicalId: a.logicalId ?? 'Metadata',
          message: `The acknowledgement of '${safeValue(a.ruleId)}' in ${where} has no reason.`,
          fix: this.fix,
        });
      }
    }
    return out;
  },
};

export const ACKNOWLEDGEMENT_RULES: Rule[] = [ACKNOWLEDGEMENT_WITHOUT_REASON];
