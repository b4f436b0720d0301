import { format, parseArgs } from './args';
import { Io } from './io';
import { buildMatrix, markdownView, matrixMarkdown, mdText, undecidedCells } from '../private/matrix';
import { buildModel } from '../private/model/build';
import { InputError, loadPaths } from '../private/model/load';

/**
 * `cognito-scopes matrix <template|cdk.out>... [--format markdown|json]`: which caller can
 * call which method, via which scope, and why not.
 *
 * Every cell is yes, no or undecided (DESIGN.md §6): JSON writes `"allowed": true | false | null`
 * (null = could not be decided) and a `why` on every cell (for null: what could not be resolved
 * and what would decide it); Markdown shows ✅, ❌ or ❔ with the reason as a numbered note. For
 * readability the Markdown folds an API's OPTIONS methods with the same answers into one row, shows
 * scopes by name (with a legend) when one resource server defines them, and the signed-in-user
 * column only where a Cognito pool exists; JSON keeps every method and caller.
 *
 * What the model does not read (SAM, OpenAPI bodies, HTTP APIs, nested stacks not loaded: the
 * `NotAnalysed` entries of `check`) has no rows: JSON lists it under `notAnalysed`, Markdown under
 * "Not analysed", so an empty or partial matrix never reads as complete.
 *
 * Exit codes: 0 when every cell is decided and nothing was left unanalysed; 1 when some cell is
 * undecided or some API was not analysed (the matrix is still printed on stdout, and one line on
 * stderr says why); 2 on bad input.
 */
export async function runMatrix(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['format']);
  const fmt = format(args, ['markdown', 'json'] as const, 'markdown');
  if (args.positionals.length === 0) throw new InputError('give a template file or a cdk.out directory');
  const model = buildModel(loadPaths(args.positionals));
  const matrix = buildMatrix(model);
  const skipped = model.notAnalysed.map((n) => ({ template: n.template, resource: n.logicalId, resourceType: n.resourceType, reason: n.reason }));
  if (fmt === 'json') {
    io.out(JSON.stringify({ methods: matrix.methods, notAnalysed: skipped }, undefined, 2));
  } else {
    const table = matrixMarkdown(matrix, markdownView(model, matrix));
    if (skipped.length === 0) {
      io.out(table);
    } else {
      const lines = [table.trimEnd(), '', '**Not analysed** (no rows above; their methods and callers are unknown):', ''];
      for (const n of skipped) lines.push(`- ${mdText(`${n.resourceType} ${n.resource} (${n.template}): ${n.reason}`, 2000)}`);
      io.out(lines.join('\n') + '\n');
    }
  }
  const undecided = undecidedCells(matrix).length;
  const why: string[] = [];
  if (undecided > 0) {
    const total = matrix.methods.reduce((n, m) => n + m.callers.length, 0);
    why.push(`${undecided} of ${total} answers could not be decided (${fmt === 'json' ? '"allowed": null' : '❔'}); their why says what would decide them`);
  }
  if (skipped.length > 0) why.push(`${skipped.length} resource${skipped.length === 1 ? '' : 's'} not analysed (listed under ${fmt === 'json' ? '"notAnalysed"' : '"Not analysed"'})`);
  if (why.length === 0) return 0;
  io.err(`cognito-scopes matrix: ${why.join('; ')} (exit 1)`);
  return 1;
}
