/**
 * Record the last `npm run fuzz` results in the README:
 *   tsx scripts/record-fuzz.ts .fuzz/last-run.json README.md
 *     the CognitoApiAuth props fuzz, between the `fuzz` markers;
 *   tsx scripts/record-fuzz.ts --hostile .fuzz/hostile-last-run.json README.md
 *     the hostile-input fuzz (test/fuzz/hostile-input.fuzz.test.ts), between the `fuzz-hostile` markers
 *     (`<!-- fuzz-hostile:start -->` / `<!-- fuzz-hostile:end -->`).
 */
import * as fs from 'fs';
import * as os from 'os';
import { replaceSection } from './update-readme-section';

const args = process.argv.slice(2);
const hostile = args[0] === '--hostile';
const [reportFile, readme] = hostile ? args.slice(1) : args;
const r = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
const n = (x: number) => x.toLocaleString('en-US');
const where = `(${r.date.slice(0, 10)}, seed ${r.seed ?? 'random'}, Node ${process.version}, ${os.cpus().length} cores)`;

const line = hostile
  ? `Last \`npm run fuzz\` of hostile input: ${n(r.cases)} mutated templates (wrong types, null, deep nesting, odd intrinsics, ` +
    `references to nothing, prototype keys, huge strings; JSON and YAML) and ${n(r.assemblyCases)} cloud assemblies naming files ` +
    `outside, links, directories and themselves, through \`check\`, \`matrix\` and \`explain\` ` +
    `(${n(r.commands)} commands): ${n(r.internalErrors)} internal errors, nothing outside an assembly read; ` +
    `exit 0: ${n(r.exit[0] ?? 0)}, exit 1: ${n(r.exit[1] ?? 0)}, ` +
    `exit 2 (refused with a message): ${n(r.exit[2] ?? 0)}; slowest case ${Math.round(r.maxCaseMs)} ms ${where}.`
  : `Last \`npm run fuzz\`: ${n(r.cases)} cases, all passed — ${n(r.refused)} refused naming the property, ` +
    `${n(r.synthesized)} synthesized with zero CloudFormation-validator and zero rule errors ${where}.`;
fs.writeFileSync(readme, replaceSection(fs.readFileSync(readme, 'utf-8'), hostile ? 'fuzz-hostile' : 'fuzz', line));
console.log(line);
