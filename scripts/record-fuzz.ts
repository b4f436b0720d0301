/**
 * Record the last `npm run fuzz` result in the README (between the fuzz markers).
 *   tsx scripts/record-fuzz.ts .fuzz/last-run.json README.md
 */
import * as fs from 'fs';
import * as os from 'os';
import { replaceSection } from './update-readme-section';

const [reportFile, readme] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
const line =
  `Last \`npm run fuzz\`: ${r.cases.toLocaleString('en-US')} cases, all passed — ${r.refused.toLocaleString('en-US')} refused naming the property, ` +
  `${r.synthesized.toLocaleString('en-US')} synthesized with zero CloudFormation-validator and zero rule errors ` +
  `(${r.date.slice(0, 10)}, seed ${r.seed ?? 'random'}, Node ${process.version}, ${os.cpus().length} cores).`;
fs.writeFileSync(readme, replaceSection(fs.readFileSync(readme, 'utf-8'), 'fuzz', line));
console.log(line);
