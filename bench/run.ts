/**
 * `npm run bench` — runs every benchmark of BENCHMARKS.md, writes
 * bench/results.json and regenerates the results section of BENCHMARKS.md.
 *
 *   npx tsx bench/run.ts [--skip-suite] [--only synth,platform,engine,openapi,simulator,suite] [--quick] [--no-profile]
 *
 * --skip-suite   do not run `npm test` (slow; loads the machine)
 * --only LIST    run only these benchmarks; the others keep their previous
 *                results from bench/results.json (marked with their own date)
 * --quick        fewer runs (smoke test of the harness; numbers are noisy)
 * --no-profile   do not profile the L3 synths (where the synth overhead goes)
 * --report-only  only regenerate BENCHMARKS.md from bench/results.json
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENGINE_DEFAULTS, engineScaling } from './engine-scaling';
import { BENCH_DIR, Machine, machine, ROOT_DIR, TMP_DIR } from './lib/child';
import { OPENAPI_DEFAULTS, openapiScaling } from './openapi-scaling';
import { renderResults, Results, writeResultsSection } from './report';
import { SIMULATOR_DEFAULTS, simulatorThroughput } from './simulator-throughput';
import { suiteCost } from './suite-cost';
import { PLATFORM_DEFAULTS, platformOverhead, SYNTH_DEFAULTS, synthOverhead } from './synth-overhead';

const ALL = ['synth', 'platform', 'engine', 'openapi', 'simulator', 'suite'] as const;
const QUICK_SYNTH = { ...SYNTH_DEFAULTS, runs: 3, warmup: 1, profile: false, coldRuns: 0 };
const QUICK_PLATFORM = { ...PLATFORM_DEFAULTS, shapes: [{ stacks: 10, methods: 50 }], runs: 3, warmup: 1, validatorOn: false };
type Name = (typeof ALL)[number];

function parse(argv: string[]): { only: Set<Name>; quick: boolean; profile: boolean; reportOnly: boolean } {
  let reportOnly = false;
  let only = new Set<Name>(ALL);
  let quick = false;
  let profile = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--skip-suite') {only.delete('suite');} else if (a === '--report-only') {reportOnly = true;} else if (a === '--quick') {quick = true;} else if (a === '--no-profile') {profile = false;} else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice('--only='.length) : argv[++i];
      const names = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!(ALL as readonly string[]).includes(n)) throw new Error(`--only: unknown benchmark '${n}' (expected ${ALL.join(', ')})`);
      only = new Set(names as Name[]);
      if (argv.includes('--skip-suite')) only.delete('suite');
    } else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(__filename, 'utf-8').split('*/')[0]);
      process.exit(0);
    } else {throw new Error(`unknown argument '${a}' (see --help)`);}
  }
  return { only, quick, profile, reportOnly };
}

/** Run one benchmark, recording the machine and the load average around it. */
function section<T>(m: Machine, fn: () => T): { machine: Machine; load: { before: number; after: number }; result: T } {
  const before = os.loadavg()[0];
  const result = fn();
  return { machine: m, load: { before, after: os.loadavg()[0] }, result };
}

function main(): void {
  const opts = parse(process.argv.slice(2));
  const resultsFile = path.join(BENCH_DIR, 'results.json');
  const previous: Partial<Results> = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf-8')) : {};
  if (opts.reportOnly) {
    writeResultsSection(path.join(ROOT_DIR, 'BENCHMARKS.md'), renderResults(previous as Results));
    console.log('bench: regenerated the results section of BENCHMARKS.md from bench/results.json');
    return;
  }
  const m = machine();
  console.log(`bench: ${[...opts.only].join(', ') || 'nothing'}${opts.quick ? ' (quick)' : ''} on ${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}`);
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const t0 = Date.now();

  const results: Results = {
    machine: m,
    synthOverhead: opts.only.has('synth')
      ? section(m, () => synthOverhead(opts.quick ? QUICK_SYNTH : { ...SYNTH_DEFAULTS, profile: opts.profile }))
      : previous.synthOverhead,
    platformOverhead: opts.only.has('platform')
      ? section(m, () => platformOverhead(opts.quick ? QUICK_PLATFORM : PLATFORM_DEFAULTS))
      : previous.platformOverhead,
    engineScaling: opts.only.has('engine')
      ? section(m, () => engineScaling(opts.quick ? { ...ENGINE_DEFAULTS, runs: 3, warmup: 1, coldRuns: 2 } : ENGINE_DEFAULTS))
      : previous.engineScaling,
    openapiScaling: opts.only.has('openapi')
      ? section(m, () => openapiScaling(opts.quick ? { ...OPENAPI_DEFAULTS, runs: 3, warmup: 1 } : OPENAPI_DEFAULTS))
      : previous.openapiScaling,
    simulatorThroughput: opts.only.has('simulator')
      ? section(m, () => simulatorThroughput(opts.quick ? { ...SIMULATOR_DEFAULTS, runs: 3, warmup: 1, blockMs: 300 } : SIMULATOR_DEFAULTS))
      : previous.simulatorThroughput,
    suiteCost: opts.only.has('suite') ? section(m, () => suiteCost()) : previous.suiteCost,
  };

  fs.writeFileSync(resultsFile, JSON.stringify(results, undefined, 2) + '\n');
  writeResultsSection(path.join(ROOT_DIR, 'BENCHMARKS.md'), renderResults(results));
  // Generated assemblies and scratch output are not kept.
  for (const f of fs.readdirSync(TMP_DIR)) {
    if (/^(engine-\d+|synth-|sim-app-|result-)/.test(f)) fs.rmSync(path.join(TMP_DIR, f), { recursive: true, force: true });
  }
  console.log(`bench: done in ${((Date.now() - t0) / 1000).toFixed(0)} s; wrote ${path.relative(ROOT_DIR, resultsFile)} and BENCHMARKS.md`);
}

main();
