import { format, parseArgs } from './args';
import { Io } from './io';
import { buildMatrix, matrixMarkdown } from '../private/matrix';
import { buildModel } from '../private/model/build';
import { InputError, loadPaths } from '../private/model/load';

/**
 * `cognito-scopes matrix <template|cdk.out> [--format markdown|json]`: which caller can
 * call which method, via which scope, and why not. Exit 0, or 2 on bad input.
 */
export async function runMatrix(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['format']);
  const fmt = format(args, ['markdown', 'json'] as const, 'markdown');
  if (args.positionals.length === 0) throw new InputError('give a template file or a cdk.out directory');
  const matrix = buildMatrix(buildModel(loadPaths(args.positionals)));
  if (fmt === 'json') io.out(JSON.stringify({ methods: matrix.methods }, undefined, 2));
  else io.out(matrixMarkdown(matrix));
  return 0;
}
