/**
 * Benchmark 1 — synth overhead of the L3 construct: the same topology built with
 * `CognitoApiAuth` (bench/apps/l3.ts) and by hand with L2 constructs
 * (bench/apps/hand-written.ts), N = 50, 150, 450 protected REST methods plus as
 * many protected HTTP API routes (JWT authorizer), with the
 * built-in CloudFormation validator off (CDK_VALIDATION=false) and on.
 * Target: median L3 / median hand-written ≤ 1.10 at every N (aim ≤ 1.05).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BENCH_DIR, runWorker, TMP_DIR } from './lib/child';
import { summarizeProfile } from './lib/cpuprofile';
import { round, roundAll, summarize, Summary } from './lib/stats';

export interface SynthOverheadOptions {
  readonly sizes: number[];
  readonly runs: number;
  readonly warmup: number;
  /** Also profile the L3 synth at each N with --cpu-prof, to show where the time goes. */
  readonly profile: boolean;
  /** Cold comparison: this many fresh processes per variant and N (validator off), one synth each, alternating. */
  readonly coldRuns: number;
}

export const SYNTH_DEFAULTS: SynthOverheadOptions = { sizes: [50, 150, 450], runs: 15, warmup: 3, profile: true, coldRuns: 7 };
export const SYNTH_TARGET = 1.1;
export const SYNTH_AIM = 1.05;

interface WorkerSize {
  n: number;
  comparison: {
    verdict: string;
    resources: Record<string, number>;
    outputs: number;
    templates: number;
    engineRan: boolean;
    engineRuns: number;
    /** What the L3's synth-time model held: REST methods, HTTP routes, NotAnalysed notes (absent in results before issue 13). */
    checked?: { methods: number; routes: number; notAnalysed: number };
    detail?: string;
  };
  l3: number[];
  hand: number[];
  plugin: number[];
  l3Cpu: number[];
  handCpu: number[];
  pluginCpu: number[];
}

type S = Summary & { samples: number[] };
const withSamples = (xs: number[]): S => ({ ...summarize(xs), samples: roundAll(xs) });

export interface SynthSizeResult {
  readonly n: number;
  readonly resources: number;
  readonly templates: number;
  readonly sameTemplates: string;
  readonly engineRan: boolean;
  /** How many times one L3 synth ran the rule catalogue. */
  readonly engineRuns: number;
  /** REST methods and HTTP routes the L3's synth-time check modelled, and what it could not read (NotAnalysed). */
  readonly checked?: { readonly methods: number; readonly routes: number; readonly notAnalysed: number };
  readonly l3Ms: S;
  readonly handMs: S;
  /** median(L3) / median(hand-written). */
  readonly ratio: number;
  /** L3 / hand-written of each alternating pair: min, median, max. */
  readonly pairRatio: S;
  /** CPU time (user + system) of the same synths, ms: less sensitive to other load on the machine. */
  readonly l3CpuMs: S;
  readonly handCpuMs: S;
  /** median(L3 CPU) / median(hand-written CPU). */
  readonly cpuRatio: number;
  /** The hand-written app with the CognitoScopesChecks policy validation plugin. */
  readonly pluginMs: S;
  /** median(plugin) / median(hand-written). */
  readonly pluginRatio: number;
  /** median(plugin CPU) / median(hand-written CPU). */
  readonly pluginCpuRatio: number;
}

export interface ProfileSummary {
  readonly n: number;
  readonly file: string;
  /** L3 synths profiled (warm-up included). */
  readonly synths: number;
  /** CPU time sampled inside App.synth() and inside the synth-time check (checkApp), over all profiled synths. */
  readonly synthMs: number;
  readonly checkMs: number;
  /** Inside the check: rendering the construct tree, building the model, running the rules (total time, ms). */
  readonly renderMs: number;
  readonly buildModelMs: number;
  readonly runRulesMs: number;
  /** Functions under checkStack by total time, and files by self time. */
  readonly topFunctions: Array<{ name: string; selfMs: number; totalMs: number }>;
  readonly topFiles: Array<{ name: string; selfMs: number; totalMs: number }>;
}

export interface ColdSizeResult {
  readonly n: number;
  readonly l3Ms: S;
  readonly handMs: S;
  readonly l3CpuMs: S;
  readonly handCpuMs: S;
  /** median(L3) / median(hand-written), wall and CPU. */
  readonly ratio: number;
  readonly cpuRatio: number;
}

export interface SynthOverheadResult {
  readonly options: SynthOverheadOptions;
  readonly validatorOff: SynthSizeResult[];
  readonly validatorOn: SynthSizeResult[];
  readonly target: { limit: number; aim: number; worst: number; met: boolean; worstCpu: number; engineRanEverywhere: boolean };
  /** CPU profiles of L3 synths (validator off), one per N: where the L3's extra time goes. */
  readonly profiles: ProfileSummary[];
  /** One synth per fresh process (validator off), alternating L3 and hand-written: what a single `cdk synth` sees. */
  readonly cold: ColdSizeResult[];
}

/** `, checked 51 methods + 51 routes` (and the NotAnalysed notes, if any) for the log. */
function checkedText(s: SynthSizeResult): string {
  const c = s.checked;
  return c ? `, checked ${c.methods} methods + ${c.routes} routes${c.notAnalysed ? ` (${c.notAnalysed} NotAnalysed)` : ''}` : '';
}

function summarizeSize(w: WorkerSize): SynthSizeResult {
  const pairs = w.l3.map((x, i) => x / w.hand[i]);
  return {
    n: w.n,
    resources: Object.values(w.comparison.resources).reduce((a, b) => a + b, 0),
    templates: w.comparison.templates,
    sameTemplates: w.comparison.verdict + (w.comparison.detail ? `: ${w.comparison.detail}` : ''),
    engineRan: w.comparison.engineRan,
    engineRuns: w.comparison.engineRuns,
    checked: w.comparison.checked,
    l3Ms: withSamples(w.l3),
    handMs: withSamples(w.hand),
    ratio: round(summarize(w.l3).median / summarize(w.hand).median),
    pairRatio: withSamples(pairs),
    l3CpuMs: withSamples(w.l3Cpu),
    handCpuMs: withSamples(w.handCpu),
    cpuRatio: round(summarize(w.l3Cpu).median / summarize(w.handCpu).median),
    pluginMs: withSamples(w.plugin),
    pluginRatio: round(summarize(w.plugin).median / summarize(w.hand).median),
    pluginCpuRatio: round(summarize(w.pluginCpu).median / summarize(w.handCpu).median),
  };
}

export function synthOverhead(options: SynthOverheadOptions, log: (s: string) => void = console.log): SynthOverheadResult {
  const worker = path.join(BENCH_DIR, 'workers', 'synth-worker.ts');
  const run = (validation: boolean) => {
    log(`  synth: validator ${validation ? 'on' : 'off'}, N = ${options.sizes.join(', ')}, ${options.runs} runs + ${options.warmup} warm-up, a fresh process per N`);
    const out = options.sizes.map((n) =>
      summarizeSize(runWorker<WorkerSize>(worker, { n, runs: options.runs, warmup: options.warmup, validation }).result),
    );
    for (const s of out) {
      log(`    N=${s.n}: L3 ${s.l3Ms.median.toFixed(0)} ms, hand ${s.handMs.median.toFixed(0)} ms, plugin ${s.pluginMs.median.toFixed(0)} ms (${s.pluginRatio.toFixed(3)}, cpu ${s.pluginCpuRatio.toFixed(3)}), ratio ${s.ratio.toFixed(3)} (cpu ${s.cpuRatio.toFixed(3)}; pairs ${s.pairRatio.min.toFixed(2)}–${s.pairRatio.max.toFixed(2)}), engine runs ${s.engineRuns}${checkedText(s)}, templates ${s.sameTemplates}`);
    }
    return out;
  };
  const validatorOff = run(false);
  const validatorOn = run(true);
  const all = [...validatorOff, ...validatorOn];
  const worst = Math.max(...all.map((s) => s.ratio));
  const worstCpu = Math.max(...all.map((s) => s.cpuRatio));
  const engineRanEverywhere = all.every((s) => s.engineRan);
  const cold = options.coldRuns > 0 ? options.sizes.map((n) => coldRun(n, options.coldRuns, log)) : [];
  const profiles = options.profile ? options.sizes.map((n) => profileL3(n, log)).filter((p): p is ProfileSummary => p !== undefined) : [];
  return {
    options,
    validatorOff,
    validatorOn,
    target: { limit: SYNTH_TARGET, aim: SYNTH_AIM, worst, worstCpu, met: worst <= SYNTH_TARGET, engineRanEverywhere },
    profiles,
    cold,
  };
}

/** `runs` fresh processes per variant at N, alternating, one synth each (validator off). */
function coldRun(n: number, runs: number, log: (s: string) => void): ColdSizeResult {
  const worker = path.join(BENCH_DIR, 'workers', 'synth-worker.ts');
  const t: Record<'l3' | 'hand', { wall: number[]; cpu: number[] }> = { l3: { wall: [], cpu: [] }, hand: { wall: [], cpu: [] } };
  for (let i = 0; i < runs; i++) {
    const order: Array<'l3' | 'hand'> = i % 2 === 0 ? ['l3', 'hand'] : ['hand', 'l3'];
    for (const v of order) {
      const r = runWorker<{ wall: number; cpu: number }>(worker, { n, runs: 1, warmup: 0, validation: false, cold: v }).result;
      t[v].wall.push(r.wall);
      t[v].cpu.push(r.cpu);
    }
  }
  const out: ColdSizeResult = {
    n,
    l3Ms: withSamples(t.l3.wall),
    handMs: withSamples(t.hand.wall),
    l3CpuMs: withSamples(t.l3.cpu),
    handCpuMs: withSamples(t.hand.cpu),
    ratio: round(summarize(t.l3.wall).median / summarize(t.hand.wall).median),
    cpuRatio: round(summarize(t.l3.cpu).median / summarize(t.hand.cpu).median),
  };
  log(`  synth cold: N=${n}: L3 ${out.l3Ms.median.toFixed(0)} ms, hand ${out.handMs.median.toFixed(0)} ms, ratio ${out.ratio.toFixed(3)} (cpu ${out.cpuRatio.toFixed(3)}), ${runs} processes each`);
  return out;
}

/** Profile L3 synths at N with --cpu-prof; summarize where the time goes. */
export function profileL3(
  n: number,
  log: (s: string) => void = console.log,
  runs = 5,
  warmup = 2,
  platformStacks?: number,
): ProfileSummary | undefined {
  const dir = path.join(TMP_DIR, `profile-${platformStacks === undefined ? '' : `${platformStacks}x`}${n}`);
  fs.rmSync(dir, { recursive: true, force: true });
  log(`  synth: profiling ${runs + warmup} L3 synths at N=${n}${platformStacks === undefined ? '' : ` × ${platformStacks} stacks`} (--cpu-prof, validator off)`);
  const request = { n, runs, warmup, validation: false, l3Only: true, platformStacks };
  runWorker(path.join(BENCH_DIR, 'workers', 'synth-worker.ts'), request, {}, ['--cpu-prof', '--cpu-prof-dir', dir]);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const full = path.join(dir, file);
  const synth = summarizeProfile(full, 1, /^synth$/);
  // The synth-time check of the app (checkApp; checkStack in results measured before the whole-app check).
  const check = summarizeProfile(full, 40, /^checkApp$/);
  const part = (name: RegExp) => check.functions.filter((f) => name.test(f.name)).reduce((a, f) => Math.max(a, f.totalMs), 0);
  const r1 = (r: { name: string; selfMs: number; totalMs: number }) => ({ ...r, selfMs: round(r.selfMs, 1), totalMs: round(r.totalMs, 1) });
  const summary: ProfileSummary = {
    n,
    file: path.relative(process.cwd(), full),
    synths: runs + warmup,
    synthMs: round(synth.totalMs, 1),
    checkMs: round(check.totalMs, 1),
    renderMs: round(part(/^renderApp /), 1),
    buildModelMs: round(part(/^buildModel /), 1),
    runRulesMs: round(part(/^runRules /), 1),
    topFunctions: check.functions.slice(0, 25).map(r1),
    topFiles: check.files.slice(0, 15).map(r1),
  };
  log(`    check ${summary.checkMs.toFixed(0)} of ${summary.synthMs.toFixed(0)} ms synth CPU (${((100 * summary.checkMs) / summary.synthMs).toFixed(1)} %): render ${summary.renderMs.toFixed(0)}, buildModel ${summary.buildModelMs.toFixed(0)}, runRules ${summary.runRulesMs.toFixed(0)}`);
  return summary;
}

/**
 * Benchmark 1b — synth overhead on a platform app (issue 11): the pool in a stack of its own and S
 * API stacks of N methods each, every API stack with its own `CognitoApiAuth({ userPool })`
 * (bench/apps/platform.ts), against the same app written by hand. The L3's check models the whole
 * app once per synthesis, however many stacks ask for it. Same target as benchmark 1.
 */
export interface PlatformOverheadOptions {
  /** Shapes measured: API stacks × methods per stack. */
  readonly shapes: Array<{ readonly stacks: number; readonly methods: number }>;
  readonly runs: number;
  readonly warmup: number;
  /** Also measure with the built-in CloudFormation validator on. */
  readonly validatorOn: boolean;
}

export const PLATFORM_DEFAULTS: PlatformOverheadOptions = {
  shapes: [{ stacks: 3, methods: 50 }, { stacks: 10, methods: 50 }],
  runs: 15,
  warmup: 3,
  validatorOn: true,
};

export interface PlatformSizeResult extends SynthSizeResult {
  /** API stacks (the platform stack with the pool comes on top). */
  readonly stacks: number;
}

export interface PlatformOverheadResult {
  readonly options: PlatformOverheadOptions;
  readonly validatorOff: PlatformSizeResult[];
  readonly validatorOn: PlatformSizeResult[];
  readonly target: {
    limit: number;
    aim: number;
    worst: number;
    met: boolean;
    worstCpu: number;
    engineRanEverywhere: boolean;
    engineRanOncePerSynth: boolean;
  };
}

export function platformOverhead(options: PlatformOverheadOptions, log: (s: string) => void = console.log): PlatformOverheadResult {
  const worker = path.join(BENCH_DIR, 'workers', 'synth-worker.ts');
  const run = (validation: boolean) => {
    const shapes = options.shapes.map((x) => `${x.stacks} × ${x.methods}`).join(', ');
    log(`  platform synth: validator ${validation ? 'on' : 'off'}, ${shapes}, ${options.runs} runs + ${options.warmup} warm-up, a fresh process per shape`);
    const out = options.shapes.map(({ stacks, methods }) => ({
      stacks,
      ...summarizeSize(
        runWorker<WorkerSize>(worker, { n: methods, runs: options.runs, warmup: options.warmup, validation, platformStacks: stacks }).result,
      ),
    }));
    for (const s of out) {
      log(`    ${s.stacks} stacks × ${s.n} methods: L3 ${s.l3Ms.median.toFixed(0)} ms, hand ${s.handMs.median.toFixed(0)} ms, plugin ${s.pluginMs.median.toFixed(0)} ms (${s.pluginRatio.toFixed(3)}), ratio ${s.ratio.toFixed(3)} (cpu ${s.cpuRatio.toFixed(3)}; pairs ${s.pairRatio.min.toFixed(2)}–${s.pairRatio.max.toFixed(2)}), engine runs ${s.engineRuns}${checkedText(s)}, templates ${s.sameTemplates}`);
    }
    return out;
  };
  const validatorOff = run(false);
  const validatorOn = options.validatorOn ? run(true) : [];
  const all = [...validatorOff, ...validatorOn];
  const worst = Math.max(...all.map((s) => s.ratio));
  return {
    options,
    validatorOff,
    validatorOn,
    target: {
      limit: SYNTH_TARGET,
      aim: SYNTH_AIM,
      worst,
      met: worst <= SYNTH_TARGET,
      worstCpu: Math.max(...all.map((s) => s.cpuRatio)),
      engineRanEverywhere: all.every((s) => s.engineRan),
      engineRanOncePerSynth: all.every((s) => s.engineRuns === 1),
    },
  };
}
