import { CATALOGUE } from './catalogue';
import { Rule } from './rule';

/** Marker lines around the generated table in README.md. */
export const CATALOGUE_START = '<!-- catalogue:start -->';
export const CATALOGUE_END = '<!-- catalogue:end -->';

/** Escape text for a markdown table cell (backslashes, pipes, angle brackets that would read as HTML). */
function cell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** The README catalogue table (markdown), generated from the rules: the single source of the README text. */
export function catalogueTable(rules: readonly Rule[] = CATALOGUE): string {
  const lines = [
    '| id | severity | what it catches | why it matters | the fix |',
    '|----|----------|-----------------|----------------|---------|',
  ];
  for (const r of rules) lines.push(`| \`${r.id}\` | ${r.severity} | ${cell(r.summary)} | ${cell(r.why)} | ${cell(r.fix)} |`);
  return lines.join('\n');
}

/** The README section between the markers, markers included. */
export function catalogueSection(rules: readonly Rule[] = CATALOGUE): string {
  return `${CATALOGUE_START}\n${catalogueTable(rules)}\n${CATALOGUE_END}`;
}
