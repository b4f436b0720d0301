import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

/**
 * The CloudFormation validator bundled with aws-cdk-lib (≥ 2.27x), used on purpose
 * as an independent oracle: the same engine, built-in Rego rules and exclusions
 * that `cdk synth` applies when its built-in validation is on.
 */
const cdkRequire = createRequire(require.resolve('aws-cdk-lib/package.json'));

export interface CfnDiagnostic {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly logicalId?: string;
  readonly propertyPath?: string;
}

/** Rules aws-cdk-lib itself excludes from its built-in validation. */
const IGNORE = ['W3005', 'W1020', 'I4010', 'W4011', 'W4012', 'W9002', 'W9013', 'W1103'];

let engine: any;
function getEngine(): any {
  if (engine) return engine;
  const cfv = cdkRequire('@aws/cloudformation-validate');
  const rulesDir = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core/lib/validation/rules');
  const config: Record<string, unknown> = {};
  const indexFile = path.join(rulesDir, 'index.generated.json');
  if (fs.existsSync(indexFile)) {
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf-8'));
    config.regoRules = index.rules.map((r: { file: string }) => ({ name: r.file, content: fs.readFileSync(path.join(rulesDir, r.file), 'utf-8') }));
  }
  engine = new cfv.CompositeEngine(config);
  return engine;
}

/** Validate a template; returns the diagnostics of severity ERROR or FATAL (what fails `cdk synth`). */
export function cfnValidationErrors(template: unknown, region = 'us-east-1'): CfnDiagnostic[] {
  const cfv = cdkRequire('@aws/cloudformation-validate');
  const report = getEngine().validateTemplate(new cfv.TemplateContent(JSON.stringify(template), 'template.json'), {
    detailLevel: 'STANDARD',
    pseudoParameterOverrides: { region },
    exclude: { ids: IGNORE },
    severityLevel: 'WARN',
  });
  return report.diagnostics
    .filter((d: any) => d.severity === 'ERROR' || d.severity === 'FATAL')
    .map((d: any) => ({
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      logicalId: d.entity?.logicalId,
      propertyPath: d.propertyPath,
    }));
}
