import { runCheck } from './check';
import { runExplain } from './explain';
import { Command, Io, processIo } from './io';
import { runMatrix } from './matrix';
import { InputError } from '../private/model/load';

const USAGE = [
  'usage: cognito-scopes <command> [options]',
  '',
  'commands:',
  '  check <template.json|template.yaml|cdk.out>... [--format text|json]',
  '      run the rule catalogue; exit 0 when no error, 1 when any error, 2 on bad input',
  '  explain --template <file|cdk.out> --method VERB --path /p [--token JWT | --token-file F] [--jwks F]',
  '          [--pool-id LogicalId=us-east-1_xxxx]... [--now EPOCH_SECONDS] [--format text|json]',
  '      predict API Gateway\'s answer to one request and explain it',
  '  matrix <template|cdk.out> [--format markdown|json]',
  '      which caller can call which method, via which scope, and why not',
].join('\n');

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

/** Entry point of the `cognito-scopes` bin. Never throws: bad input is one line on stderr and exit code 2. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  const command = loadCommand(name);
  if (!command) {
    io.err(`cognito-scopes: unknown command '${name}' (expected check, explain or matrix; see --help)`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof InputError) {
      io.err(`cognito-scopes ${name}: ${msg.split('\n')[0]}`);
    } else {
      io.err(`cognito-scopes ${name}: internal error: ${msg.split('\n')[0]}${process.env.COGNITO_SCOPES_DEBUG ? '\n' + (e as Error).stack : ''}`);
    }
    return 2;
  }
}
