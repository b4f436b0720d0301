import { format, parseArgs, single } from './args';
import { Io } from './io';
import { buildModel } from '../private/model/build';
import { InputError, loadPaths, readRegularFile } from '../private/model/load';
import { safeLine, safeValue } from '../private/safe-text';
import { Check, SimResult, Simulator } from '../private/simulator/simulate';
import { Jwks, MAX_EPOCH_SECONDS, parseJwks } from '../private/simulator/token';

const FLAGS = ['template', 'method', 'path', 'token', 'token-file', 'jwks', 'pool-id', 'client-id', 'now', 'api', 'format'];
const POOL_ID = /^([A-Za-z0-9#/:._-]+)=([a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+)$/;

function required(args: ReturnType<typeof parseArgs>, name: string): string {
  const v = single(args, name);
  if (v === undefined || v === '') throw new InputError(`--${name} is required`);
  return v;
}

/** A small input file (--token-file, --jwks): a regular file under the size cap, read with a bounded read. */
function readFile(file: string, what: string): string {
  try {
    return readRegularFile(file);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${what} ${e.message}`);
    throw e;
  }
}

/** The value of an option that may carry a secret: repeats are refused without showing the values. */
function secret(args: ReturnType<typeof parseArgs>, name: string): string | undefined {
  const v = args.options[name];
  if (!v || v.length === 0) return undefined;
  if (v.length > 1) throw new InputError(`--${name} given ${v.length} times (give it once); values not shown`);
  return v[0];
}

/** A JWT-looking value (three base64url parts): never shown in a message. */
function looksLikeToken(s: string): boolean {
  return (s.length >= 40 && /^(Bearer\s+)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\s*$/i.test(s)) || /^(Bearer\s+)?eyJ/i.test(s);
}

/** Characters JSON.stringify leaves raw that a terminal may act on (DEL, C1 controls, line separators, bidi controls). */
// eslint-disable-next-line no-control-regex
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with every character a terminal may act on written as a `\uXXXX` escape (still the same JSON value). */
function safeJson(value: unknown): string {
  return JSON.stringify(value, undefined, 2).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const MARK: Record<Check['result'], string> = { pass: 'pass   ', fail: 'FAIL   ', unknown: 'unknown' };

/** The headline after `VERB /path → `: a decided status, or what it depends on. */
function headline(r: SimResult): string {
  if (r.decided) return `${r.status} ${r.message}`;
  if (r.refused) return `refused (status not documented; never 200): ${r.message}`;
  if (r.wouldBe === undefined) return `no decision (${r.message}): ${r.open.join(', ')}`;
  return `${r.wouldBe} only if: ${r.open.join(', ')}`;
}

/**
 * `cognito-scopes explain --template <file|cdk.out> --method VERB --path /p [--token JWT | --token-file F]
 * [--jwks F] [--pool-id LogicalId=us-east-1_xxxx]... [--client-id LogicalId=<app client id>]... [--api NAME|LOGICAL_ID] [--now EPOCH_SECONDS] [--format text|json]`
 *
 * The answer is a status only when every check that matters was made and they decide it (DESIGN.md §6):
 * otherwise it is undecided and names the open checks with the input that would decide each
 * (`200 only if: signature (pass --jwks)`); JSON `status` is then `"unknown"`, with `wouldBe` (the status if
 * every open check passes; null when the request is refused with a status API Gateway does not document,
 * `refused: true`, or the method is not simulated) and `open`. The resource policy is not modelled: an
 * assumption, never an open check.
 *
 * Exit 0 when the answer is decided, 1 when it could not be decided, 2 on bad input (also: a path that
 * matches methods of two REST APIs without --api, conflicting --pool-id values, a repeated --token).
 * Tokens are never echoed.
 */
export async function runExplain(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.positionals.length > 0) {
    const p = args.positionals[0];
    throw new InputError(`unexpected argument ${looksLikeToken(p) ? '(it looks like a token; not shown)' : `'${safeValue(p)}'`} (give the template with --template, a token with --token)`);
  }
  const tokenArg = secret(args, 'token');
  const tokenFile = single(args, 'token-file');
  if (tokenArg !== undefined && tokenFile !== undefined) throw new InputError('give --token or --token-file, not both');
  const fmt = format(args, ['text', 'json'] as const, 'text');
  const template = required(args, 'template');
  const method = required(args, 'method');
  if (!/^[A-Za-z]+$/.test(method)) throw new InputError(`--method must be an HTTP verb: got '${safeValue(method)}'`);
  const path = required(args, 'path');
  if (!path.startsWith('/')) throw new InputError(`--path must start with /: got '${safeValue(path)}'`);
  const token = tokenFile !== undefined ? readFile(tokenFile, '--token-file').replace(/\r?\n$/, '') : tokenArg;
  const nowArg = single(args, 'now');
  let now: number | undefined;
  if (nowArg !== undefined) {
    now = /^\d+(\.\d+)?$/.test(nowArg) ? Number(nowArg) : NaN;
    if (!Number.isFinite(now) || now > MAX_EPOCH_SECONDS) {
      throw new InputError(`--now must be epoch seconds from 0 to ${MAX_EPOCH_SECONDS} (year 275760): got '${safeValue(nowArg)}'`);
    }
  }
  const physicalIds: Record<string, string> = {};
  for (const p of args.options['pool-id'] ?? []) {
    const m = POOL_ID.exec(p);
    if (!m) throw new InputError(`--pool-id must be LogicalId=<region>_<id> (e.g. UserPool6BA7E5F2=us-east-1_AbC123): got '${safeValue(p)}'`);
    const before = physicalIds[m[1]];
    if (before !== undefined && before !== m[2]) {
      throw new InputError(`--pool-id ${m[1]} given two different ids: ${before} and ${m[2]} (give one)`);
    }
    physicalIds[m[1]] = m[2];
  }
  // App client ids (HTTP APIs: the JWT authorizer's audience), read like pool ids: as physical ids.
  const clientIds: Record<string, string> = {};
  for (const p of args.options['client-id'] ?? []) {
    const m = /^([A-Za-z0-9]+)=([\w-]+)$/.exec(p);
    if (!m) throw new InputError(`--client-id must be LogicalId=<app client id> (e.g. WebClient1A2B3C=1example23456789): got '${safeValue(p)}'`);
    if (clientIds[m[1]] !== undefined && clientIds[m[1]] !== m[2]) throw new InputError(`--client-id ${m[1]} given two different ids: ${clientIds[m[1]]} and ${m[2]} (give one)`);
    clientIds[m[1]] = m[2];
  }
  const api = single(args, 'api');
  if (api === '') throw new InputError('--api needs a REST API name or logical id: got an empty value');
  const jwksFile = single(args, 'jwks');
  let jwks: Jwks | undefined;
  if (jwksFile !== undefined) {
    try {
      jwks = parseJwks(readFile(jwksFile, '--jwks'));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`--jwks ${safeValue(jwksFile)}: ${safeValue((e as Error).message)}`);
    }
  }

  const model = buildModel(loadPaths([template]), { physicalIds: { ...clientIds, ...physicalIds } });
  for (const id of Object.keys(clientIds)) {
    if (!model.clients.some((c) => c.logicalId === id)) {
      throw new InputError(`--client-id ${id}: no app client with that logical id (clients: ${safeValue(model.clients.map((c) => c.logicalId).join(', ')) || 'none'})`);
    }
  }
  for (const id of Object.keys(physicalIds)) {
    if (!model.userPools.some((p) => p.logicalId === id || p.key === id)) {
      throw new InputError(`--pool-id ${id}: no user pool with that logical id (pools: ${safeValue(model.userPools.filter((p) => !p.external).map((p) => p.logicalId).join(', ')) || 'none'})`);
    }
  }
  const result = new Simulator(model, { jwks }).simulate({ method, path, token, now, restApi: api });

  if (fmt === 'json') {
    io.out(safeJson({
      status: result.decided ? result.status : 'unknown',
      decided: result.decided,
      wouldBe: result.wouldBe ?? null,
      refused: result.refused,
      open: result.open,
      message: result.message,
      checks: result.checks.map((c) => ({ name: c.name, result: c.result, detail: c.detail })),
      reasons: result.reasons,
      fixes: result.fixes,
      assumptions: result.assumptions,
    }));
  } else {
    const lines: string[] = [];
    lines.push(`${method.toUpperCase()} ${path} → ${headline(result)}`);
    if (result.matched) lines.push(`method: ${result.matched.httpMethod} ${result.matched.path} (${result.matched.logicalId}) of ${result.matched.api}`);
    lines.push('', 'checks:');
    for (const c of result.checks) lines.push(`  ${MARK[c.result]} ${c.name}: ${c.detail}`);
    if (result.open.length) lines.push('', 'open (decide these to get a status):', ...result.open.map((r) => `  - ${r}`));
    if (result.reasons.length) lines.push('', 'why:', ...result.reasons.map((r) => `  - ${r}`));
    if (result.fixes.length) lines.push('', 'fix:', ...result.fixes.map((r) => `  - ${r}`));
    if (result.assumptions.length) lines.push('', 'assumed:', ...result.assumptions.map((r) => `  - ${r}`));
    io.out(lines.map(safeLine).join('\n'));
  }
  return result.decided ? 0 : 1;
}
