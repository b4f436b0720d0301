import type * as Sarif from 'sarif';
import { LineFinder } from './lines';
import { ReportedFinding, fileUri } from './report';
import { Severity, TemplateModel } from '../../private/model/types';
import { Rule } from '../../private/rules/rule';

/** The key of the `check` fingerprint in SARIF `partialFingerprints` (read back by `--baseline`). */
export const SARIF_FINGERPRINT_KEY = 'cdkCognitoScopes/v1';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /** The rules that ran (the run's `tool.driver.rules`). */
  readonly rules: readonly Rule[];
  readonly templates: readonly TemplateModel[];
  /** Whether a baseline was given (then every result has a `baselineState`). */
  readonly withBaseline: boolean;
  /** Paths are made relative to it. */
  readonly cwd?: string;
}

/**
 * A SARIF 2.1.0 log of one run: the rules that ran, one result per finding with a physical location
 * (the template file, and the line of the logical id when it can be found) and a logical location
 * (template, logical id, construct path); acknowledged findings carry an `inSource` suppression with the
 * reason, baselined ones `baselineState: unchanged`, others `new` (with a baseline).
 */
export function toSarif(reported: readonly ReportedFinding[], options: SarifOptions): Sarif.Log {
  const rules = options.rules.map<Sarif.ReportingDescriptor>((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.summary },
    fullDescription: { text: `${r.summary} ${r.why}` },
    help: { text: `Fix: ${r.fix}`, markdown: `**Why it matters:** ${r.why}\n\n**Fix:** ${r.fix}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const fileOf = new Map(options.templates.map((t) => [t.name, t.file]));
  const lines = new LineFinder();
  const results = reported.map<Sarif.Result>(({ finding: f, fingerprint, baselined }) => {
    const file = fileOf.get(f.template);
    const line = lines.line(file, f.logicalId);
    const location: Sarif.Location = {
      logicalLocations: [
        {
          name: f.logicalId,
          fullyQualifiedName: f.constructPath ?? `${f.template}/${f.logicalId}`,
          kind: 'resource',
          properties: { template: f.template, logicalId: f.logicalId, ...(f.constructPath ? { constructPath: f.constructPath } : {}) },
        },
      ],
    };
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${f.message} Fix: ${f.fix}` },
      locations: [
        file
          ? {
            physicalLocation: { artifactLocation: { uri: fileUri(file, options.cwd) }, ...(line ? { region: { startLine: line } } : {}) },
            ...location,
          }
          : location,
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprint },
    };
    if (f.acknowledged) result.suppressions = [{ kind: 'inSource', justification: f.acknowledged.reason }];
    if (options.withBaseline) result.baselineState = baselined ? 'unchanged' : 'new';
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cdk-cognito-scopes', informationUri: 'https://github.com/cdk-cognito-scopes/cdk-cognito-scopes', rules } },
        results,
      },
    ],
  };
}
