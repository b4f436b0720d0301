import { ParsedArgs, format, list, parseArgs, single } from './args';
import { toGithub } from './formats/github';
import { toJson } from './formats/json';
import { toJunit } from './formats/junit';
import { FailOn, classify, exitCode, fingerprint } from './formats/report';
import { SARIF_FINGERPRINT_KEY, toSarif } from './formats/sarif';
import { Io } from './io';
import { formatFindingsText } from '../private/findings-format';
import { isAppTemplate } from '../private/model/app-wiring';
import { buildModel } from '../private/model/build';
import { InputError, loadPathsWithReport, readRegularFile } from '../private/model/load';
import { Finding } from '../private/model/types';
import { CATALOGUE } from '../private/rules/catalogue';
import { runRules } from '../private/rules/engine';
import { safeValue } from '../private/safe-text';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
const FAIL_ON = ['error', 'warning', 'never'] as const;

/** The options of `check`, parsed and validated (nothing read yet). */
export interface CheckOptions {
  readonly paths: string[];
  readonly format: CheckFormat;
  readonly failOn: FailOn;
  /** The rule ids to run (catalogue order): `--rules` (default every rule) minus `--skip-rules`. */
  readonly rules: string[];
  readonly baseline?: string;
}

const USAGE_HINT = 'check <template.json|template.yaml|cdk.out>... [--format text|json|sarif|junit|github] [--fail-on error|warning|never] [--rules IDS] [--skip-rules IDS] [--baseline FILE]';

/** Comma-separated rule ids (repeatable option), each one of the catalogue; unknown ids are refused, listed with the valid ones. */
function ruleIds(args: ParsedArgs, name: string): string[] | undefined {
  const ids = list(args, name);
  if (ids === undefined) return undefined;
  const known = CATALOGUE.map((r) => r.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new InputError(`--${name} names unknown rule(s): ${unknown.map((u) => `'${safeValue(u)}'`).join(', ')}. Valid ids: ${known.join(', ')}`);
  }
  return ids;
}

/** Parse the arguments of `check` without reading anything: what CI examples are tested with. Throws InputError (exit 2). */
export function parseCheckArgs(argv: string[]): CheckOptions {
  const args = parseArgs(argv, ['format', 'fail-on', 'rules', 'skip-rules', 'baseline']);
  const fmt = format(args, CHECK_FORMATS, 'text');
  const failOn = single(args, 'fail-on', 'error')!;
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new InputError(`--fail-on must be one of ${FAIL_ON.join(', ')}: got '${safeValue(failOn)}'`);
  const only = ruleIds(args, 'rules');
  const skip = ruleIds(args, 'skip-rules') ?? [];
  const rules = CATALOGUE.map((r) => r.id).filter((id) => (!only || only.includes(id)) && !skip.includes(id));
  if (args.positionals.length === 0) throw new InputError(`no template given (usage: ${USAGE_HINT})`);
  return { paths: args.positionals, format: fmt, failOn: failOn as FailOn, rules, baseline: single(args, 'baseline') };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * The fingerprints (`ruleId|template|logicalId`) of a previous result of check: its JSON output
 * (`findings[].ruleId/template/resource`) or its SARIF output (`partialFingerprints`, else the rule id and
 * the logical location's template and logical id).
 */
export function baselineFingerprints(text: string, where: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(`--baseline ${safeValue(where)}: not JSON (${safeValue((e as Error).message)}): give the JSON or SARIF output of a previous check`);
  }
  const out = new Set<string>();
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  if (isRecord(doc) && Array.isArray(doc.findings)) {
    for (const f of doc.findings) {
      if (!isRecord(f)) continue;
      const [ruleId, template, logicalId] = [str(f.ruleId), str(f.template), str(f.resource)];
      if (ruleId !== undefined && template !== undefined && logicalId !== undefined) out.add(fingerprint({ ruleId, template, logicalId }));
    }
    return out;
  }
  if (isRecord(doc) && Array.isArray(doc.runs)) {
    for (const run of doc.runs) {
      if (!isRecord(run) || !Array.isArray(run.results)) continue;
      for (const r of run.results) {
        if (!isRecord(r)) continue;
        const fp = isRecord(r.partialFingerprints) ? str(r.partialFingerprints[SARIF_FINGERPRINT_KEY]) : undefined;
        if (fp !== undefined) {
          out.add(fp);
          continue;
        }
        const loc = Array.isArray(r.locations) && isRecord(r.locations[0]) ? r.locations[0] : undefined;
        const logical = loc && Array.isArray(loc.logicalLocations) && isRecord(loc.logicalLocations[0]) ? loc.logicalLocations[0] : undefined;
        const props = logical && isRecord(logical.properties) ? logical.properties : undefined;
        const [ruleId, template, logicalId] = [str(r.ruleId), str(props?.template), str(props?.logicalId)];
        if (ruleId !== undefined && template !== undefined && logicalId !== undefined) out.add(fingerprint({ ruleId, template, logicalId }));
      }
    }
    return out;
  }
  throw new InputError(`--baseline ${safeValue(where)}: neither the JSON output of check (with "findings") nor a SARIF log (with "runs")`);
}

/**
 * `cognito-scopes check <template|cdk.out>... [--format text|json|sarif|junit|github] [--fail-on error|warning|never]
 * [--rules IDS] [--skip-rules IDS] [--baseline FILE]`: exit 0 when no finding fails the run, 1 when one does, 2 on bad input.
 * A finding fails the run when its severity is at or above `--fail-on` (info notes never), it is not acknowledged
 * in the templates' Metadata, and it is not in the baseline.
 */
export async function runCheck(argv: string[], io: Io): Promise<number> {
  const opts = parseCheckArgs(argv);
  const baseline = opts.baseline === undefined ? undefined : baselineFingerprints(readRegularFile(opts.baseline), opts.baseline);
  const { inputs, files } = loadPathsWithReport(opts.paths);
  for (const f of files) if (!f.read) io.err(`cognito-scopes check: skipped ${safeValue(f.file, 500)}: ${f.reason}`);
  const model = buildModel(inputs);
  const all = opts.rules.length === CATALOGUE.length;
  const findings = runRules(model, all ? {} : { only: opts.rules });
  const reported = classify(findings, opts.failOn, baseline);
  const templateNames = model.templates.map((t) => t.name).filter((n) => !isAppTemplate(n));
  const rules = CATALOGUE.filter((r) => opts.rules.includes(r.id));
  switch (opts.format) {
    case 'json':
      io.out(toJson(reported));
      break;
    case 'sarif':
      io.out(JSON.stringify(toSarif(reported, { rules, templates: model.templates, withBaseline: baseline !== undefined }), undefined, 2));
      break;
    case 'junit':
      io.out(toJunit(reported, rules, templateNames));
      break;
    case 'github':
      io.out(toGithub(reported, model.templates));
      break;
    default: {
      const baselined = new Set<Finding>(reported.filter((r) => r.baselined).map((r) => r.finding));
      const acknowledged = findings.filter((f) => f.acknowledged).length;
      const failing = reported.filter((r) => r.failing).length;
      const status =
        acknowledged + baselined.size > 0 || opts.failOn !== 'error'
          ? [`${acknowledged} acknowledged, ${baselined.size} baselined (reported, never failing); ${failing} failing with --fail-on ${opts.failOn}`]
          : [];
      io.out([formatFindingsText(findings, templateNames, baselined), ...status].join('\n'));
    }
  }
  return exitCode(reported);
}
