import { ReportedFinding } from './report';
import { Finding } from '../../private/model/types';
import { Rule } from '../../private/rules/rule';
import { escapeControl } from '../../private/safe-text';

/**
 * Text for XML content and attribute values: `& < > " '` as entities; control characters (not allowed in
 * XML 1.0, and fake lines in logs) written as escapes (`\n`, `\u001b`), as in every other output.
 */
export function xmlText(s: string): string {
  return escapeControl(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Lone surrogates are not XML characters either.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

function line(r: ReportedFinding): string {
  const f: Finding = r.finding;
  const marks = [f.acknowledged ? `acknowledged: ${f.acknowledged.reason || '(no reason given)'}` : '', r.baselined ? 'baselined' : ''].filter(Boolean);
  const at = f.constructPath ? `${f.constructPath} (${f.logicalId})` : f.logicalId;
  return `${f.severity.toUpperCase()} ${f.ruleId} ${at}: ${f.message} Fix: ${f.fix}${marks.length ? ` [${marks.join('; ')}]` : ''}`;
}

/**
 * A JUnit XML report: one `<testsuite>` per template, one `<testcase>` per rule that ran (classname the
 * template, name the rule id). A test case fails (`<failure>`) when it has findings that fail the run (at
 * or above `--fail-on`, neither acknowledged nor baselined), one line each; its other findings (warnings
 * below the threshold, info notes, acknowledged and baselined findings) are listed in `<system-out>`.
 * Nothing is `skipped`: a rule that ran and found nothing is a passed test case.
 */
export function toJunit(reported: readonly ReportedFinding[], rules: readonly Rule[], templates: readonly string[]): string {
  const names = [...templates];
  for (const r of reported) if (!names.includes(r.finding.template)) names.push(r.finding.template);
  const byKey = new Map<string, ReportedFinding[]>();
  for (const r of reported) {
    const k = `${r.finding.template}\u0000${r.finding.ruleId}`;
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  const ruleIds = rules.map((r) => r.id);
  for (const r of reported) if (!ruleIds.includes(r.finding.ruleId)) ruleIds.push(r.finding.ruleId);
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  for (const t of names) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const id of ruleIds) {
      const list = byKey.get(`${t}\u0000${id}`) ?? [];
      const failing = list.filter((r) => r.failing);
      const other = list.filter((r) => !r.failing);
      const head = `    <testcase classname="${xmlText(t)}" name="${xmlText(id)}"`;
      if (list.length === 0) {
        cases.push(`${head}/>`);
        continue;
      }
      const body: string[] = [];
      if (failing.length > 0) {
        suiteFailures++;
        body.push(`      <failure type="${xmlText(id)}" message="${failing.length} finding(s) of ${xmlText(id)} fail the check">${failing.map((r) => xmlText(line(r))).join('\n')}</failure>`);
      }
      if (other.length > 0) body.push(`      <system-out>${other.map((r) => xmlText(line(r))).join('\n')}</system-out>`);
      cases.push(`${head}>`, ...body, '    </testcase>');
    }
    total += ruleIds.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${xmlText(t)}" tests="${ruleIds.length}" failures="${suiteFailures}" errors="0" skipped="0">`, ...cases, '  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdk-cognito-scopes" tests="${total}" failures="${failures}" errors="0" skipped="0">`,
    ...suites,
    '</testsuites>',
  ].join('\n');
}
