import { single } from './args';
import { runCheck } from './check';
import { runExplain } from './explain';
import { Command, Io, processIo } from './io';
import { runMatrix } from './matrix';
import { DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_YAML_SIZE, InputError, ReadLimits, parseSize, withReadLimits } from '../private/model/load';
import { safeLine, safeValue } from '../private/safe-text';

const FILES = [
  'input files: only regular files are read (not devices, FIFOs or sockets), each at most --max-file-size',
  `(default ${DEFAULT_MAX_FILE_SIZE / 1024 / 1024}MiB, and ${DEFAULT_MAX_YAML_SIZE / 1024 / 1024}MiB for YAML; bytes or 512KiB, 50MiB, 1GiB; at most 1GiB;`,
  'when given, it is the limit for YAML too).',
  'A directory is read as a cloud assembly (cdk.out) when it holds manifest.json, else its top-level',
  '.json, .yaml and .yml templates are read. Files named by a cloud assembly must stay inside it.',
].map((l) => `  ${l}`);

const COMMANDS: Record<string, string[]> = {
  check: [
    'check <template.json|template.yaml|directory|cdk.out>... [--format text|json|sarif|junit|github]',
    '      [--fail-on error|warning|never] [--rules ID,...] [--skip-rules ID,...] [--baseline FILE] [--max-file-size SIZE]',
    '    run the rule catalogue; what it cannot read is listed as NotAnalysed (info);',
    '    findings acknowledged in template Metadata (cdk-cognito-scopes: { acknowledge: [{ id, reason }] }) and',
    '    findings in --baseline (a previous JSON or SARIF output; matched on rule id, template, logical id) are',
    '    reported, marked, and never fail; exit 0 when no other finding is at or above --fail-on (default error),',
    '    1 when one is, 2 on bad input (unknown rule ids included)',
  ],
  explain: [
    'explain --template <file|cdk.out> --method VERB --path /p [--token JWT | --token-file F] [--jwks F]',
    '        [--pool-id LogicalId=us-east-1_xxxx]... [--client-id LogicalId=<app client id>]... [--api NAME|LOGICAL_ID]',
    '        [--now EPOCH_SECONDS] [--format text|json]',
    '        [--max-file-size SIZE]',
    '    predict API Gateway\'s answer to one request: a status only when every check that decides it was made,',
    '    else the open checks and the input that decides each; exit 0 decided, 1 undecided, 2 on bad input',
  ],
  matrix: [
    'matrix <template|cdk.out>... [--format markdown|json] [--max-file-size SIZE]',
    '    which caller can call which method, via which scope, and why not; exit 0 when every answer is',
    '    decided, 1 when some is undecided (❔ / "allowed": null), 2 on bad input',
  ],
};

const USAGE = [
  'usage: cognito-scopes <command> [options]',
  '',
  'commands:',
  ...Object.values(COMMANDS).flat().map((l) => `  ${l}`),
  '',
  ...FILES,
].join('\n');

function commandUsage(name: string): string {
  const [first, ...rest] = COMMANDS[name];
  return [`usage: cognito-scopes ${first}`, ...rest, '', ...FILES].join('\n');
}

function loadCommand(name: string): Command | undefined {
  switch (name) {
    case 'check':
      return runCheck;
    case 'explain':
      return runExplain;
    case 'matrix':
      return runMatrix;
    default:
      return undefined;
  }
}

/**
 * Take `--max-file-size SIZE` / `--max-file-size=SIZE` (an option of every command) out of the
 * arguments, before `--`. Returns the other arguments and the read limits: the defaults, or the size
 * given for every file, YAML included.
 */
function takeMaxFileSize(argv: string[]): { rest: string[]; limits: ReadLimits } {
  const rest: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--max-file-size') {
      if (i + 1 >= argv.length) {
        throw new InputError('option --max-file-size needs a value: got none at the end of the command line (write --max-file-size <value>)');
      }
      values.push(argv[++i]);
    } else if (a.startsWith('--max-file-size=')) {
      values.push(a.slice('--max-file-size='.length));
    } else {
      rest.push(a);
    }
  }
  const value = single({ positionals: [], options: { 'max-file-size': values } }, 'max-file-size');
  if (value === undefined) return { rest, limits: { maxFileSize: DEFAULT_MAX_FILE_SIZE, maxYamlSize: DEFAULT_MAX_YAML_SIZE } };
  const size = parseSize(value, '--max-file-size');
  return { rest, limits: { maxFileSize: size, maxYamlSize: size } };
}

/** Entry point of the `cognito-scopes` bin. Never throws: bad input is one line on stderr and exit code 2. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = loadCommand(name);
  if (!command) {
    io.err(`cognito-scopes: unknown command '${safeValue(name)}' (expected check, explain or matrix; see --help)`);
    return 2;
  }
  const beforeDashes = args.indexOf('--') < 0 ? args : args.slice(0, args.indexOf('--'));
  if (beforeDashes.includes('--help')) {
    io.out(commandUsage(name));
    return 0;
  }
  try {
    const { rest, limits } = takeMaxFileSize(args);
    return await withReadLimits(limits, () => command(rest, io));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof InputError) {
      io.err(`cognito-scopes ${name}: ${safeLine(msg)}`);
    } else {
      io.err(`cognito-scopes ${name}: internal error: ${safeLine(msg.split('\n')[0])}${process.env.COGNITO_SCOPES_DEBUG ? '\n' + (e as Error).stack : ''}`);
    }
    return 2;
  }
}
