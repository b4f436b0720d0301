import { Finding } from './model/types';

/** Prefix of every rule id when acknowledged through `Validations.of(x).acknowledge(...)` (the plugin name). */
export const PLUGIN_NAME = 'cdk-cognito-scopes';

/** The id to acknowledge a rule with: `cdk-cognito-scopes::<RuleId>`. */
export function acknowledgeId(ruleId: string): string {
  return `${PLUGIN_NAME}::${ruleId}`;
}

/** Findings grouped by template and resource, as text. */
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
        lines.push(`    ${f.severity === 'error' ? 'ERROR  ' : 'WARNING'} ${f.ruleId}: ${f.message}`);
        lines.push(`            fix: ${f.fix}`);
      }
    }
    lines.push('');
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(templates.length, 'template')} (${templates.join(', ')})`);
  return lines.join('\n');
}
