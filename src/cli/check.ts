import { format, parseArgs } from './args';
import { Io } from './io';
import { formatFindingsText, summarize } from '../private/findings-format';
import { isAppTemplate } from '../private/model/app-wiring';
import { buildModel } from '../private/model/build';
import { InputError, loadPathsWithReport } from '../private/model/load';
import { runRules } from '../private/rules/engine';
import { safeValue } from '../private/safe-text';

/**
 * `cognito-scopes check <template|cdk.out>... [--format text|json]`:
 * exit 0 when no error, 1 when any error, 2 on bad input.
 */
export async function runCheck(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['format']);
  const fmt = format(args, ['text', 'json'] as const, 'text');
  if (args.positionals.length === 0) throw new InputError('no template given (usage: check <template.json|template.yaml|cdk.out>... [--format text|json])');
  const { inputs, files } = loadPathsWithReport(args.positionals);
  for (const f of files) if (!f.read) io.err(`cognito-scopes check: skipped ${safeValue(f.file, 500)}: ${f.reason}`);
  const model = buildModel(inputs);
  const findings = runRules(model);
  if (fmt === 'json') {
    io.out(
      JSON.stringify(
        {
          findings: findings.map((f) => ({
            ruleId: f.ruleId,
            severity: f.severity,
            template: f.template,
            resource: f.logicalId,
            path: f.constructPath ?? null,
            // Where in the resource the user edits, when it is not the resource itself: an OpenAPI operation
            // (Body.paths./items.get), a SAM event (Events.GetItems). Absent for findings on a whole resource.
            ...(f.declaration !== undefined ? { declaration: f.declaration } : {}),
            message: f.message,
            fix: f.fix,
          })),
          summary: summarize(findings),
        },
        undefined,
        2,
      ),
    );
  } else {
    io.out(formatFindingsText(findings, model.templates.map((t) => t.name).filter((n) => !isAppTemplate(n))));
  }
  // Warnings and info notes (NotAnalysed: what was not looked at) never fail the check.
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
