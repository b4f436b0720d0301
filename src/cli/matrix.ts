import { format, parseArgs } from './args';
import { Io } from './io';
import { buildMatrix, markdownView, matrixMarkdown, undecidedCells } from '../private/matrix';
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
 * Exit codes: 0 when every cell is decided; 1 when some cell is undecided (the matrix is still
 * printed on stdout, and one line on stderr counts the undecided cells); 2 on bad input.
 */
export async function runMatrix(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['format']);
  const fmt = format(args, ['markdown', 'json'] as const, 'markdown');
  if (args.positionals.length === 0) throw new InputError('give a template file or a cdk.out directory');
  const model = buildModel(loadPaths(args.positionals));
  const matrix = buildMatrix(model);
  if (fmt === 'json') io.out(JSON.stringify({ methods: matrix.methods }, undefined, 2));
  else io.out(matrixMarkdown(matrix, markdownView(model, matrix)));
  const undecided = undecidedCells(matrix).length;
  if (undecided === 0) return 0;
  const total = matrix.methods.reduce((n, m) => n + m.callers.length, 0);
  io.err(`cognito-scopes matrix: ${undecided} of ${total} answers could not be decided (${fmt === 'json' ? '"allowed": null' : '❔'}); their why says what would decide them (exit 1)`);
  return 1;
}
