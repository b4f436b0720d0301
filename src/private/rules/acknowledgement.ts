/**
 * Acknowledgements written in templates (`Metadata.cdk-cognito-scopes.acknowledge`): one without a
 * reason still acknowledges its finding, but is itself reported (a warning), so that every acknowledged finding says why;
 * one whose id names no rule acknowledges nothing, and is reported too.
 */
// A cycle (the catalogue lists these rules); CATALOGUE is read only when a check runs.
import { CATALOGUE } from './catalogue';
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

export const UNKNOWN_ACKNOWLEDGEMENT: Rule = {
  id: 'UnknownAcknowledgement',
  severity: 'warning',
  summary: "An acknowledgement in a template's Metadata (cdk-cognito-scopes: { acknowledge: [...] }) names no cdk-cognito-scopes rule id.",
  why: 'It acknowledges nothing: the finding it was meant for still fails the check, or a misspelled id hides that the acknowledgement is stale.',
  fix: "Use a rule id of the catalogue ('cdk-cognito-scopes::RuleId' or 'RuleId'), or remove the acknowledgement.",
  check(index: ModelIndex): Finding[] {
    const ids = CATALOGUE.map((r) => r.id);
    const near = new Map<string, string | undefined>();
    const out: Finding[] = [];
    for (const t of index.model.templates) {
      for (const a of t.acknowledgements ?? []) {
        if (ids.includes(a.ruleId)) continue;
        const where = a.logicalId === undefined ? "the template's Metadata" : `the Metadata of ${safeValue(a.logicalId)}`;
        // Suggestions for the first MAX_SUGGESTED distinct ids only: a template is untrusted, and may carry millions.
        if (!near.has(a.ruleId) && near.size < MAX_SUGGESTED) near.set(a.ruleId, closest(a.ruleId, ids));
        const nearest = near.get(a.ruleId);
        out.push({
          ruleId: this.id,
          severity: this.severity,
          template: t.name,
          logicalId: a.logicalId ?? 'Metadata',
          message: `The acknowledgement of '${safeValue(a.ruleId)}' in ${where} names no cdk-cognito-scopes rule: it acknowledges nothing.`,
          fix: nearest ? `Did you mean 'cdk-cognito-scopes::${nearest}'? ${this.fix}` : this.fix,
        });
      }
    }
    return out;
  },
};

/** How many distinct unknown ids get a "Did you mean" (the others get the plain fix). */
const MAX_SUGGESTED = 1000;
/** The largest edit distance a suggestion may have. */
const MAX_DISTANCE = 3;

/** The rule id nearest to a misspelled one (case-insensitive edit distance ≤ MAX_DISTANCE), if any. */
function closest(id: string, ids: string[]): string | undefined {
  const s = id.toLowerCase();
  let best: { id: string; d: number } | undefined;
  for (const candidate of ids) {
    // The distance is at least the difference in length: most candidates are skipped without computing it.
    if (Math.abs(s.length - candidate.length) > MAX_DISTANCE) continue;
    const d = editDistance(s, candidate.toLowerCase());
    if (d <= MAX_DISTANCE && (!best || d < best.d)) best = { id: candidate, d };
  }
  return best?.id;
}

/** Levenshtein distance, or MAX_DISTANCE + 1 as soon as it must exceed MAX_DISTANCE. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...cur) > MAX_DISTANCE) return MAX_DISTANCE + 1;
    prev = cur;
  }
  return prev[b.length];
}

export const ACKNOWLEDGEMENT_RULES: Rule[] = [ACKNOWLEDGEMENT_WITHOUT_REASON, UNKNOWN_ACKNOWLEDGEMENT];
