import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
export const TMP_DIR = path.join(BENCH_DIR, '.tmp');

/** Environment every benchmark process runs with. */
export function benchEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    ...extra,
  };
}

export interface ChildResult<T> {
  readonly result: T;
  /** Wall time of the whole child process, ms (start-up included). */
  readonly processMs: number;
}

/**
 * Run a TypeScript worker in a fresh node process (`node --expose-gc --import tsx`),
 * passing it a JSON request; the worker writes its JSON answer to the file named by
 * BENCH_RESULT_FILE. Stdout/stderr of the worker are passed through.
 */
export function runWorker<T>(
  script: string,
  request: unknown,
  env: Record<string, string | undefined> = {},
  nodeArgs: string[] = [],
): ChildResult<T> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const resultFile = path.join(TMP_DIR, `result-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--expose-gc', ...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT_DIR,
    env: benchEnv({ ...env, BENCH_REQUEST: JSON.stringify(request), BENCH_RESULT_FILE: resultFile }),
    stdio: ['ignore', 'inherit', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const processMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 || !fs.existsSync(resultFile)) {
    throw new Error(`worker ${path.relative(ROOT_DIR, script)} failed (exit ${r.status ?? r.signal})`);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf-8')) as T;
  fs.rmSync(resultFile, { force: true });
  return { result, processMs };
}

/** Inside a worker: the request, and a way to answer. */
export function workerRequest<T>(): T {
  return JSON.parse(process.env.BENCH_REQUEST ?? '{}') as T;
}

export function workerAnswer(result: unknown): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (!file) {
    process.stdout.write(JSON.stringify(result, undefined, 2) + '\n');
    return;
  }
  fs.writeFileSync(file, JSON.stringify(result));
}

/** Peak resident set size of this process so far, in MiB. */
export function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly awsCdkLib: string;
  readonly jest?: string;
  readonly date: string;
}

export function machine(): Machine {
  const pkg = (name: string) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'node_modules', name, 'package.json'), 'utf-8')).version as string;
    } catch {
      return 'unknown';
    }
  };
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    awsCdkLib: pkg('aws-cdk-lib'),
    jest: pkg('jest'),
    date: new Date().toISOString(),
  };
}
