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
  for (const rule of rules) out.push(...rule.check(index));
  return out.sort(compareFindings);
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
