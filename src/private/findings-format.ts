import { Finding, Severity } from './model/types';
import { safeLine } from './safe-text';

/** Prefix of every rule id when acknowledged through `Validations.of(x).acknowledge(...)` (the plugin name). */
export const PLUGIN_NAME = 'cdk-cognito-scopes';

/** The id to acknowledge a rule with: `cdk-cognito-scopes::<RuleId>`. */
export function acknowledgeId(ruleId: string): string {
  return `${PLUGIN_NAME}::${ruleId}`;
}

/**
 * How to acknowledge a finding, the same sentence in every door:
 * `Acknowledge with Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::RuleId', reason: '...' }) on Stack/Auth or a construct above it.`
 * That one call silences the finding in the construct's synth-time validation (which drops acknowledged findings
 * before it reports or annotates them) and in the policy plugin's report (aws-cdk-lib matches `<plugin>::<rule>`).
 */
export function acknowledgeHow(ruleId: string, at?: string): string {
  const where = at ? ` on ${at} or a construct above it` : '';
  return `Acknowledge with Validations.of(construct).acknowledge({ id: '${acknowledgeId(ruleId)}', reason: '...' })${where}.`;
}

/** Where a finding is, for people: its construct path without the trailing `/Resource` or `/Default`, else `template/logicalId`. */
export function findingAt(f: Pick<Finding, 'constructPath' | 'template' | 'logicalId'>): string {
  return f.constructPath ? f.constructPath.replace(/\/(Resource|Default)$/, '') : `${f.template}/${f.logicalId}`;
}

/** `[cdk-cognito-scopes::RuleId]`, or `[cdk-cognito-scopes]` for a construct error no rule corresponds to. */
export function findingTag(ruleId?: string): string {
  return ruleId ? `[${acknowledgeId(ruleId)}]` : `[${PLUGIN_NAME}]`;
}

/**
 * One finding as one line, the format of every door that reports in text (the construct's synth-time
 * validation, its annotations, the construct's own errors):
 *
 * `[cdk-cognito-scopes::RuleId] <construct path>: <what is wrong, with the value seen> Fix: <fix> Acknowledge with ...`
 *
 * The policy validation plugin reports the same parts in the CDK report's fields (description, fix;
 * the CDK report adds `Acknowledge with 'cdk-cognito-scopes::RuleId'`).
 */
export function formatFinding(f: Pick<Finding, 'ruleId' | 'constructPath' | 'template' | 'logicalId' | 'message' | 'fix' | 'declaration'>): string {
  const at = findingAt(f);
  return `${findingTag(f.ruleId)} ${at}${declaredAt(f)}: ${f.message} Fix: ${f.fix} ${acknowledgeHow(f.ruleId, at)}`;
}

/** ` (at Body.paths./items.get)` when the finding is about a part of the resource (an OpenAPI operation, a SAM event), else empty. */
function declaredAt(f: Pick<Finding, 'declaration'>): string {
  return f.declaration !== undefined ? ` (at ${f.declaration})` : '';
}

/**
 * The parts of a finding in a CDK policy validation report: the description starts like every other
 * door's line (`[cdk-cognito-scopes::RuleId] <construct path>: <what is wrong>`); the report itself prints the
 * fix as `Suggested fix:` and the acknowledgement id as `Acknowledge with 'cdk-cognito-scopes::RuleId'`.
 */
export function reportParts(f: Pick<Finding, 'ruleId' | 'constructPath' | 'template' | 'logicalId' | 'message' | 'fix' | 'declaration'>): { description: string; fix: string } {
  return { description: `${findingTag(f.ruleId)} ${findingAt(f)}${declaredAt(f)}: ${f.message}`, fix: f.fix };
}

/**
 * An error the construct throws at once (an invalid prop): the same tag and path, then the problem
 * (`<what is wrong>: got '<value>'. <fix>`). Thrown errors stop the program, so there is nothing to acknowledge;
 * `ruleId` names the rule that reports the same problem in templates, when there is one.
 */
export function formatConstructError(path: string, problem: string, ruleId?: string): string {
  return `${findingTag(ruleId)} ${path}: ${problem}`;
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

/**
 * Findings grouped by template and resource, as text. Every line is made safe (template values are untrusted).
 * Acknowledged findings end with `[acknowledged: <reason>]`, baselined ones (in `baselined`) with `[baselined]`.
 */
export function formatFindingsText(findings: Finding[], templates: string[], baselined?: ReadonlySet<Finding>): string {
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
        const marks = [
          f.acknowledged ? `acknowledged: ${f.acknowledged.reason || '(no reason given)'}` : '',
          baselined?.has(f) ? 'baselined' : '',
        ].filter(Boolean);
        lines.push(`    ${LABEL[f.severity]} ${f.ruleId}: ${f.message}${marks.length ? ` [${marks.join('; ')}]` : ''}`);
        // Where in the resource it is declared (an OpenAPI operation, a SAM event), when not the resource itself.
        if (f.declaration !== undefined) lines.push(`            at: ${f.declaration}`);
        lines.push(`            fix: ${f.fix}`);
      }
    }
    lines.push('');
  }
  lines.push(summaryLine(summarize(findings), templates));
  return lines.map(safeLine).join('\n');
}
