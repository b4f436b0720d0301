import { InputError } from '../private/model/load';
import { safeValue } from '../private/safe-text';

/** Options whose values are secrets: never echoed in a message. */
export const SECRET_OPTIONS: readonly string[] = ['token'];

/** Parsed command line: positionals and `--flag value` options (repeatable). */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string[]>;
}

/**
 * Parse `--name value`, `--name=value` and positionals. `valueFlags` take a value;
 * any other `--flag` is refused (bad input, exit 2).
 */
export function parseArgs(argv: string[], valueFlags: string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!valueFlags.includes(name)) {
        throw new InputError(`unknown option --${safeValue(name)}: this command takes ${valueFlags.map((f) => `--${f}`).join(', ')} (see --help)`);
      }
      let value: string | undefined;
      if (eq > 0) {value = a.slice(eq + 1);} else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined) throw new InputError(`option --${name} needs a value: got none at the end of the command line (write --${name} <value>)`);
      (options[name] ??= []).push(value);
    } else {
      positionals.push(a);
    }
  }
  return { positionals, options };
}

/** The single value of an option, or the default; refuses repeats. */
export function single(args: ParsedArgs, name: string, dflt?: string): string | undefined {
  const v = args.options[name];
  if (!v || v.length === 0) return dflt;
  if (v.length > 1) {
    if (SECRET_OPTIONS.includes(name)) throw new InputError(`option --${name} given more than once (values not shown; give it once)`);
    throw new InputError(`option --${name} given more than once: got '${v.map((x) => safeValue(x)).join("', '")}' (give it once)`);
  }
  return v[0];
}

/** A `--format` value among the allowed ones. */
export function format<T extends string>(args: ParsedArgs, allowed: readonly T[], dflt: T): T {
  const f = single(args, 'format', dflt)!;
  if (!(allowed as readonly string[]).includes(f)) {
    throw new InputError(`--format must be one of ${allowed.join(', ')}: got '${safeValue(f)}'`);
  }
  return f as T;
}

/** A comma-separated list option (repeatable: the lists are joined); `undefined` when not given. Empty items are refused. */
export function list(args: ParsedArgs, name: string): string[] | undefined {
  const v = args.options[name];
  if (!v || v.length === 0) return undefined;
  const items = v.flatMap((x) => x.split(',')).map((x) => x.trim());
  if (items.some((x) => x.length === 0)) throw new InputError(`--${name} takes comma-separated ids: got an empty one in '${v.map((x) => safeValue(x)).join("', '")}'`);
  return items;
}
