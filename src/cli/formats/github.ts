import { LineFinder } from './lines';
import { ReportedFinding, displayPath } from './report';
import { Severity, TemplateModel } from '../../private/model/types';
import { escapeControl } from '../../private/safe-text';

/** Workflow-command data: `%`, `\r`, `\n` escaped (the runner decodes them); other control characters as `\u001b`. */
export function commandData(s: string): string {
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A workflow-command property value: as data, plus `:` and `,`. */
export function commandProperty(s: string): string {
  return commandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions annotations, one workflow command a finding:
 * `::error file=<template file>,line=<line>,title=<RuleId> (<template>/<logicalId>)::<message> Fix: <fix>`;
 * `warning` for warnings, `notice` for info notes and for acknowledged or baselined findings (which never
 * fail the run; their title says why). `file` is relative to the working directory; `line` only when found.
 */
export function toGithub(reported: readonly ReportedFinding[], templates: readonly TemplateModel[], cwd?: string): string {
  const fileOf = new Map(templates.map((t) => [t.name, t.file]));
  const lines = new LineFinder();
  const out: string[] = [];
  for (const r of reported) {
    const f = r.finding;
    const file = fileOf.get(f.template);
    const line = lines.line(file, f.logicalId);
    const props: string[] = [];
    if (file) props.push(`file=${commandProperty(displayPath(file, cwd))}`);
    if (file && line) props.push(`line=${line}`);
    const mark = f.acknowledged ? 'acknowledged: ' : r.baselined ? 'baselined: ' : '';
    props.push(`title=${commandProperty(`${mark}${f.ruleId} (${f.template}/${f.logicalId})`)}`);
    const command = mark ? 'notice' : COMMAND[f.severity];
    const why = f.acknowledged ? ` Acknowledged: ${f.acknowledged.reason || '(no reason given)'}` : '';
    out.push(`::${command} ${props.join(',')}::${commandData(`${f.message} Fix: ${f.fix}${why}`)}`);
  }
  return out.join('\n');
}
