/**
 * Benchmark 2 — rule engine scaling: `check` over generated cloud assemblies of
 * 100, 1,000 and 10,000 operations, half REST methods and half HTTP API routes
 * (bench/gen/templates.ts). Wall time per phase
 * (warm, in one process) and end to end through the CLI (warm and cold), and
 * the peak RSS of a fresh process running the CLI once.
 * Target: time(10,000) / time(1,000) ≤ 12.
 */
import * as path from 'path';
import { generateAssembly, GeneratedAssembly } from './gen/templates';
import { BENCH_DIR, runWorker, TMP_DIR } from './lib/child';
import { median, round, roundAll, summarize, Summary } from './lib/stats';

export interface EngineScalingOptions {
  readonly sizes: number[];
  readonly runs: number;
  readonly warmup: number;
  /** Fresh processes per size for the cold CLI time and peak memory. */
  readonly coldRuns: number;
}

/** 100, 1,000 and 10,000 as asked; 20,000 added so that one doubling at scale shows linear (×2) against quadratic (×4) growth. */
export const ENGINE_DEFAULTS: EngineScalingOptions = { sizes: [100, 1000, 10000, 20000], runs: 7, warmup: 2, coldRuns: 5 };

interface WarmAnswer {
  samples: Record<'loadMs' | 'buildMs' | 'rulesMs' | 'engineMs' | 'cliMs' | 'cliCpuMs', number[]>;
  methods: number;
  routes: number;
  notAnalysed: number;
  findings: number;
  exitCode: number;
  peakRssMiB: number;
  perRule: Record<string, number[]>;
  indexMs: number[];
}
interface ColdAnswer {
  cliMs: number;
  exitCode: number;
  baselineRssMiB: number;
  peakRssMiB: number;
}

export interface EngineSizeResult {
  /** Operations in the model: REST methods (the public root methods included) and HTTP routes. */
  readonly methods: number;
  /** Of which HTTP API routes; and resources the model could not read (NotAnalysed). Absent in results before issue 13. */
  readonly routes?: number;
  readonly notAnalysed?: number;
  readonly assembly: Omit<GeneratedAssembly, 'dir'>;
  readonly findings: number;
  readonly exitCode: number;
  readonly warm: Record<string, Summary & { samples: number[] }>;
  /** ModelIndex construction and each rule alone on a prebuilt index, ms (median of the runs). */
  readonly perRuleMs: Record<string, number>;
  readonly indexMs: number;
  readonly cold: {
    cliMs: Summary & { samples: number[] };
    peakRssMiB: Summary & { samples: number[] };
    baselineRssMiB: Summary & { samples: number[] };
  };
}

export interface EngineScalingResult {
  readonly options: EngineScalingOptions;
  readonly sizes: EngineSizeResult[];
  /** time(largest) / time(previous) for each pair of consecutive sizes, by measure. */
  readonly ratios: Array<{
    from: number;
    to: number;
    sizeRatio: number;
    warmCli: number;
    warmCliCpu: number;
    warmEngine: number;
    coldCli: number;
    peakRssDelta: number;
  }>;
  /** Rules (and the index) by time at the largest size, with their growth factor from the previous size. */
  readonly rulesAtLargest: Array<{ id: string; ms: number; growth: number | undefined }>;
  readonly target: {
    measure: string;
    limit: number;
    value: number | undefined;
    met: boolean | undefined;
    cold: number | undefined;
    coldMet: boolean | undefined;
  };
}

const withSamples = (xs: number[]) => ({ ...summarize(xs), samples: roundAll(xs) });

export function engineScaling(options: EngineScalingOptions, log: (s: string) => void = console.log): EngineScalingResult {
  const worker = path.join(BENCH_DIR, 'workers', 'engine-worker.ts');
  const sizes: EngineSizeResult[] = [];
  for (const n of options.sizes) {
    const gen = generateAssembly(n, path.join(TMP_DIR, `engine-${n}`));
    const { dir, ...assembly } = gen;
    log(`  engine: ${n} operations, ${gen.routes ?? 0} of them HTTP routes (${gen.templates} templates, ${gen.resources} resources, ${(gen.bytes / 1e6).toFixed(1)} MB)`);
    const warm = runWorker<WarmAnswer>(worker, { dir, mode: 'warm', runs: options.runs, warmup: options.warmup }).result;
    const cold: ColdAnswer[] = [];
    for (let i = 0; i < options.coldRuns; i++) cold.push(runWorker<ColdAnswer>(worker, { dir, mode: 'cold' }).result);
    sizes.push({
      methods: warm.methods,
      routes: warm.routes,
      notAnalysed: warm.notAnalysed,
      assembly,
      findings: warm.findings,
      exitCode: warm.exitCode,
      warm: Object.fromEntries(Object.entries(warm.samples).map(([k, v]) => [k, withSamples(v)])),
      perRuleMs: Object.fromEntries(Object.entries(warm.perRule).map(([k, v]) => [k, round(median(v))])),
      indexMs: round(median(warm.indexMs)),
      cold: {
        cliMs: withSamples(cold.map((c) => c.cliMs)),
        peakRssMiB: withSamples(cold.map((c) => c.peakRssMiB)),
        baselineRssMiB: withSamples(cold.map((c) => c.baselineRssMiB)),
      },
    });
    const s = sizes[sizes.length - 1];
    log(`    ${s.methods} operations in the model (${s.routes} HTTP routes, ${s.notAnalysed} NotAnalysed): warm cli ${s.warm.cliMs.median.toFixed(1)} ms, cold cli ${s.cold.cliMs.median.toFixed(1)} ms, peak RSS ${s.cold.peakRssMiB.median.toFixed(0)} MiB, ${s.findings} findings`);
  }
  const ratios = [];
  for (let i = 1; i < sizes.length; i++) {
    const a = sizes[i - 1];
    const b = sizes[i];
    ratios.push({
      from: options.sizes[i - 1],
      to: options.sizes[i],
      sizeRatio: round(options.sizes[i] / options.sizes[i - 1]),
      warmCli: round(b.warm.cliMs.median / a.warm.cliMs.median),
      warmCliCpu: round(b.warm.cliCpuMs.median / a.warm.cliCpuMs.median),
      warmEngine: round(b.warm.engineMs.median / a.warm.engineMs.median),
      coldCli: round(b.cold.cliMs.median / a.cold.cliMs.median),
      peakRssDelta: round(
        (b.cold.peakRssMiB.median - b.cold.baselineRssMiB.median) / Math.max(1, a.cold.peakRssMiB.median - a.cold.baselineRssMiB.median),
      ),
    });
  }
  const key = ratios.find((r) => r.from === 1000 && r.to === 10000);
  const last = sizes[sizes.length - 1];
  const prev = sizes.length > 1 ? sizes[sizes.length - 2] : undefined;
  const rulesAtLargest = [
    { id: '(ModelIndex)', ms: last.indexMs, growth: prev ? round(last.indexMs / Math.max(prev.indexMs, 1e-3), 1) : undefined },
    ...Object.entries(last.perRuleMs).map(([id, ms]) => ({
      id,
      ms,
      growth: prev?.perRuleMs[id] !== undefined ? round(ms / Math.max(prev.perRuleMs[id], 1e-3), 1) : undefined,
    })),
  ].sort((a, b) => b.ms - a.ms);
  return {
    options,
    sizes,
    ratios,
    rulesAtLargest,
    target: {
      measure: 'median warm CLI check time, 10,000 operations / 1,000 operations (half REST methods, half HTTP routes)',
      limit: 12,
      value: key?.warmCli,
      met: key ? key.warmCli <= 12 : undefined,
      cold: key?.coldCli,
      coldMet: key ? key.coldCli <= 12 : undefined,
    },
  };
}

