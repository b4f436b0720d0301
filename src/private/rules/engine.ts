import { CATALOGUE } from './catalogue';
import { Rule } from './rule';
import { ModelIndex } from '../model/model-index';
import { AuthModel, Finding, Severity } from '../model/types';

export interface RunOptions {
  /** Only run these rule ids. */
  readonly only?: string[];
}

/** Run every rule of the catalogue over a model. Findings are sorted: errors, warnings, then info notes; then by template and logical id. */
export function runRules(model: AuthModel, options: RunOptions = {}): Finding[] {
  const index = new ModelIndex(model);
  const rules: Rule[] = options.only ? CATALOGUE.filter((r) => options.only!.includes(r.id)) : CATALOGUE;
  const out: Finding[] = [];
  // One push per finding: a spread of a rule's findings overflows the stack on a large hostile template.
  for (const rule of rules) for (const f of rule.check(index)) out.push(f);
  return applyAcknowledgements(model, out).sort(compareFindings);
}

/**
 * Mark the findings acknowledged in the templates' Metadata (`cdk-cognito-scopes: { acknowledge: [{ id, reason }] }`):
 * on the finding's resource, or at the template's top level (every resource of the template). They stay in
 * the list, with `acknowledged: { reason }`; an acknowledgement without a reason acknowledges too (reason
 * `''`), and is reported by AcknowledgementWithoutReason, which no acknowledgement silences (nor UnknownAcknowledgement).
 */
export function applyAcknowledgements(model: AuthModel, findings: Finding[]): Finding[] {
  const byTemplate = new Map<string, Map<string, string>>();
  for (const t of model.templates) {
    if (!t.acknowledgements || t.acknowledgements.length === 0) continue;
    const m = new Map<string, string>();
    // A resource's own acknowledgement wins over the template's (looked up first); keys are `<logicalId>\u0000<ruleId>` and `\u0000<ruleId>`.
    for (const a of t.acknowledgements) {
      const key = `${a.logicalId === undefined ? '' : a.logicalId}\u0000${a.ruleId}`;
      if (!m.has(key) || (m.get(key) === '' && a.reason)) m.set(key, a.reason ?? '');
    }
    byTemplate.set(t.name, m);
  }
  if (byTemplate.size === 0) return findings;
  return findings.map((f) => {
    const m = byTemplate.get(f.template);
    if (!m || f.ruleId === 'AcknowledgementWithoutReason' || f.ruleId === 'UnknownAcknowledgement') return f;
    const reason = m.get(`${f.logicalId}\u0000${f.ruleId}`) ?? m.get(`\u0000${f.ruleId}`);
    return reason === undefined ? f : { ...f, acknowledged: { reason } };
  });
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The order of findings: errors first, then warnings, then info notes; then by template, logical id and rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  const rank = (f: Finding) => RANK[f.severity];
  return (
    rank(a) - rank(b) ||
    a.template.localeCompare(b.template) ||
    a.logicalId.localeCompare(b.logicalId) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
