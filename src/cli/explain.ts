import * as fs from 'fs';
import { format, parseArgs, single } from './args';
import { Io } from './io';
import { buildModel } from '../private/model/build';
import { InputError, loadPaths } from '../private/model/load';
import { Check, Simulator } from '../private/simulator/simulate';
import { Jwks, parseJwks } from '../private/simulator/token';

const FLAGS = ['template', 'method', 'path', 'token', 'token-file', 'jwks', 'pool-id', 'now', 'format'];
const POOL_ID = /^([A-Za-z0-9#/:._-]+)=([a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+)$/;

function required(args: ReturnType<typeof parseArgs>, name: string): string {
  const v = single(args, name);
  if (v === undefined || v === '') throw new InputError(`--${name} is required`);
  return v;
}

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${what} ${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
}

const MARK: Record<Check['result'], string> = { pass: 'pass   ', fail: 'FAIL   ', unknown: 'unknown' };

/**
 * `cognito-scopes explain --template <file|cdk.out> --method VERB --path /p [--token JWT | --token-file F]
 * [--jwks F] [--pool-id LogicalId=us-east-1_xxxx]... [--now EPOCH_SECONDS] [--format text|json]`
 *
 * Exit 0 when a decision was made, 1 when the method's authorization is not simulated (AWS_IAM, CUSTOM), 2 on bad input.
 */
export async function runExplain(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.positionals.length > 0) throw new InputError(`unexpected argument '${args.positionals[0]}' (give the template with --template)`);
  const fmt = format(args, ['text', 'json'] as const, 'text');
  const template = required(args, 'template');
  const method = required(args, 'method');
  if (!/^[A-Za-z]+$/.test(method)) throw new InputError(`--method must be an HTTP verb: got '${method}'`);
  const path = required(args, 'path');
  if (!path.startsWith('/')) throw new InputError(`--path must start with /: got '${path}'`);
  const tokenArg = single(args, 'token');
  const tokenFile = single(args, 'token-file');
  if (tokenArg !== undefined && tokenFile !== undefined) throw new InputError('give --token or --token-file, not both');
  const token = tokenFile !== undefined ? readFile(tokenFile, '--token-file').replace(/\r?\n$/, '') : tokenArg;
  const nowArg = single(args, 'now');
  let now: number | undefined;
  if (nowArg !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(nowArg)) throw new InputError(`--now must be epoch seconds: got '${nowArg}'`);
    now = Number(nowArg);
  }
  const physicalIds: Record<string, string> = {};
  for (const p of args.options['pool-id'] ?? []) {
    const m = POOL_ID.exec(p);
    if (!m) throw new InputError(`--pool-id must be LogicalId=<region>_<id> (e.g. UserPool6BA7E5F2=us-east-1_AbC123): got '${p}'`);
    physicalIds[m[1]] = m[2];
  }
  const jwksFile = single(args, 'jwks');
  let jwks: Jwks | undefined;
  if (jwksFile !== undefined) {
    try {
      jwks = parseJwks(readFile(jwksFile, '--jwks'));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`--jwks ${jwksFile}: ${(e as Error).message}`);
    }
  }

  const model = buildModel(loadPaths([template]), { physicalIds });
  for (const id of Object.keys(physicalIds)) {
    if (!model.userPools.some((p) => p.logicalId === id || p.key === id)) {
      throw new InputError(`--pool-id ${id}: no user pool with that logical id (pools: ${model.userPools.filter((p) => !p.external).map((p) => p.logicalId).join(', ') || 'none'})`);
    }
  }
  const result = new Simulator(model, { jwks }).simulate({ method, path, token, now });

  if (fmt === 'json') {
    io.out(JSON.stringify({
      status: result.status,
      message: result.message,
      checks: result.checks.map((c) => ({ name: c.name, result: c.result, detail: c.detail })),
      reasons: result.reasons,
      fixes: result.fixes,
      assumptions: result.assumptions,
    }, undefined, 2));
  } else {
    const lines: string[] = [];
    lines.push(`${method.toUpperCase()} ${path} → ${result.status === 0 ? 'not simulated' : result.status} ${result.message}`);
    if (result.matched) lines.push(`method: ${result.matched.httpMethod} ${result.matched.path} (${result.matched.logicalId}) of ${result.matched.api}`);
    lines.push('', 'checks:');
    for (const c of result.checks) lines.push(`  ${MARK[c.result]} ${c.name}: ${c.detail}`);
    if (result.reasons.length) lines.push('', 'why:', ...result.reasons.map((r) => `  - ${r}`));
    if (result.fixes.length) lines.push('', 'fix:', ...result.fixes.map((r) => `  - ${r}`));
    if (result.assumptions.length) lines.push('', 'assumed:', ...result.assumptions.map((r) => `  - ${r}`));
    io.out(lines.join('\n'));
  }
  return result.status === 0 ? 1 : 0;
}
