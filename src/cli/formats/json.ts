import { ReportedFinding } from './report';
import { summarize } from '../../private/findings-format';

/**
 * The JSON output of check: `findings` (each with `acknowledged: { reason } | null` and `baselined`) and
 * `summary` (counts of the findings listed, acknowledged and baselined ones included).
 */
export function toJson(reported: readonly ReportedFinding[]): string {
  return JSON.stringify(
    {
      findings: reported.map(({ finding: f, baselined }) => ({
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
        acknowledged: f.acknowledged ? { reason: f.acknowledged.reason } : null,
        baselined,
      })),
      summary: summarize(reported.map((r) => r.finding)),
    },
    undefined,
    2,
  );
}
