/**
 * Benchmark 3 — simulator throughput: decisions per second of
 * `AuthSimulator.simulate()` with a JWKS given once, against raw
 * `crypto.verify` RS256 throughput in the same process (the floor).
 * Target (aim): simulator / floor ≥ 0.8.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BENCH_DIR, runWorker, TMP_DIR } from './lib/child';
import { summarizeProfile } from './lib/cpuprofile';
import { round, roundAll, summarize, Summary } from './lib/stats';

export interface SimulatorOptions {
  readonly runs: number;
  readonly warmup: number;
  readonly blockMs: number;
  readonly tokens: number;
}

export const SIMULATOR_DEFAULTS: SimulatorOptions = { runs: 9, warmup: 2, blockMs: 700, tokens: 64 };
export const SIMULATOR_AIM = 0.8;

type S = Summary & { samples: number[] };

export interface SimulatorResult {
  readonly options: SimulatorOptions;
  readonly opsPerS: Record<'floor' | 'awsJwtVerify' | 'simulator', S>;
  /** median(simulator) / median(floor). */
  readonly ratio: number;
  readonly awsJwtVerifyRatio: number;
  readonly checks: string[];
  readonly target: { aim: number; met: boolean };
  /** CPU profile of simulate() calls: functions by total time, files by self time (ms). */
  readonly profile?: {
    totalMs: number;
    topFunctions: Array<{ name: string; selfMs: number; totalMs: number }>;
    topFiles: Array<{ name: string; selfMs: number; totalMs: number }>;
  };
}

export function simulatorThroughput(options: SimulatorOptions, log: (s: string) => void = console.log): SimulatorResult {
  log(`  simulator: ${options.runs} blocks of ${options.blockMs} ms per measure (+${options.warmup} warm-up), ${options.tokens} distinct tokens`);
  const r = runWorker<{ samples: Record<string, number[]>; checks: string[] }>(path.join(BENCH_DIR, 'workers', 'simulator-worker.ts'), options).result;
  const opsPerS = Object.fromEntries(Object.entries(r.samples).map(([k, v]) => [k, { ...summarize(v), samples: roundAll(v, 0) }])) as SimulatorResult['opsPerS'];
  const ratio = round(opsPerS.simulator.median / opsPerS.floor.median);
  const result: SimulatorResult = {
    options,
    opsPerS,
    ratio,
    awsJwtVerifyRatio: round(opsPerS.awsJwtVerify.median / opsPerS.floor.median),
    checks: r.checks,
    target: { aim: SIMULATOR_AIM, met: ratio >= SIMULATOR_AIM },
  };
  log(`    floor ${opsPerS.floor.median.toFixed(0)}/s, aws-jwt-verify ${opsPerS.awsJwtVerify.median.toFixed(0)}/s, simulator ${opsPerS.simulator.median.toFixed(0)}/s, ratio ${ratio.toFixed(3)}`);
  return { ...result, profile: profileSimulator(options, log) };
}

/** Profile 3 s of simulate() calls with --cpu-prof: where a decision's time goes. */
function profileSimulator(options: SimulatorOptions, log: (s: string) => void): SimulatorResult['profile'] {
  const dir = path.join(TMP_DIR, 'profile-simulator');
  fs.rmSync(dir, { recursive: true, force: true });
  log('  simulator: profiling 3 s of simulate() calls (--cpu-prof)');
  runWorker(path.join(BENCH_DIR, 'workers', 'simulator-worker.ts'), { ...options, profileOnly: true, blockMs: 3000 }, {}, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const p = summarizeProfile(path.join(dir, file), 30, /^simulateLoop$/);
  const r1 = (r: { name: string; selfMs: number; totalMs: number }) => ({ ...r, selfMs: round(r.selfMs, 1), totalMs: round(r.totalMs, 1) });
  return { totalMs: round(p.totalMs, 1), topFunctions: p.functions.map(r1), topFiles: p.files.slice(0, 15).map(r1) };
}
