import { Finding, Severity } from './model/types';
import { safeLine } from './safe-text';

/** Prefix of every rule id when acknowledged through `Validations.of(x).acknowledge(...)` (the plugin name). */
export const PLUGIN_NAME = 'cdk-cognito-scopes';

/** The id to acknowledge a rule with: `cdk-cognito-scopes::<RuleId>`. */
export function acknowledgeId(ruleId: string): string {
  return `${PLUGIN_NAME}::${ruleId}`;
}

/** Rule id of the notes that name what was not analysed (counted apart in the summary). */
export const NOT_ANALYSED_RULE = 'NotAnalysed';

/** Counts for the summary line and the JSON `summary` object. */
export interface FindingsSummary {
  readonly errors: number;
  readonly warnings: number;
  /** Resources (or template macros) not analysed: NotAnalysed notes. */
  readonly notAnalysed: number;
}

export function summarize(findings: readonly Finding[]): FindingsSummary {
  let errors = 0;
  let warnings = 0;
  let notAnalysed = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    if (f.ruleId === NOT_ANALYSED_RULE) notAnalysed++;
  }
  return { errors, warnings, notAnalysed };
}

const LABEL: Record<Severity, string> = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' };

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/**
 * The summary line: `0 errors, 1 warning in 1 template (x.json)`, with
 * `, 3 resources not analysed` after the warnings when something was not analysed.
 */
export function summaryLine(summary: FindingsSummary, templates: string[]): string {
  const skipped = summary.notAnalysed > 0 ? `, ${plural(summary.notAnalysed, 'resource')} not analysed` : '';
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${skipped} in ${plural(templates.length, 'template')} (${templates.join(', ')})`;
}

/** Findings grouped by template and resource, as text. Every line is made safe (template values are untrusted). */
export function formatFindingsText(findings: Finding[], templates: string[]): string {
  const lines: string[] = [];
  const byTemplate = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let t = byTemplate.get(f.template);
    if (!t) byTemplate.set(f.template, (t = new Map()));
    const res = f.constructPath ? `${f.constructPath} (${f.logicalId})` : f.logicalId;
    const list = t.get(res);
    if (list) list.push(f);
    else t.set(res, [f]);
  }
  for (const [template, resources] of byTemplate) {
    lines.push(template);
    for (const [res, list] of resources) {
      lines.push(`  ${res}`);
      for (const f of list) {
        lines.push(`    ${LABEL[f.severity]} ${f.ruleId}: ${f.message}`);
        lines.push(`            fix: ${f.fix}`);
      }
    }
    lines.push('');
  }
  lines.push(summaryLine(summarize(findings), templates));
  return lines.map(safeLine).join('\n');
}
