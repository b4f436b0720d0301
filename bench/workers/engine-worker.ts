/**
 * Worker of the rule-engine scaling benchmark (run by bench/engine-scaling.ts in
 * a fresh process per request).
 *
 * mode 'warm': in one process, `runs` measured iterations after `warmup`
 * discarded ones, each timing the phases (loadPaths, buildModel, runRules)
 * and then the CLI end to end (`main(['check', dir])`, output discarded).
 *
 * mode 'cold': one CLI run in this fresh process (first call: module loading
 * excluded, JIT cold), reporting its wall time and the process's peak RSS, and
 * the RSS peak before the run (modules loaded) as the baseline.
 */
import { main } from '../../src/cli/main';
import { buildModel } from '../../src/private/model/build';
import { loadPaths } from '../../src/private/model/load';
import { ModelIndex } from '../../src/private/model/model-index';
import { CATALOGUE } from '../../src/private/rules/catalogue';
import { runRules } from '../../src/private/rules/engine';
import { maxRssMiB, workerAnswer, workerRequest } from '../lib/child';
import { gc, timeMs, timeMsAsync } from '../lib/stats';

interface Request {
  readonly dir: string;
  readonly mode: 'warm' | 'cold';
  readonly runs?: number;
  readonly warmup?: number;
}

const nullIo = { out: (t: string) => void t.length, err: (t: string) => void t.length };

async function run(): Promise<void> {
  const req = workerRequest<Request>();
  if (req.mode === 'cold') {
    const baselineRssMiB = maxRssMiB();
    let code = -1;
    const cliMs = await timeMsAsync(async () => {
      code = await main(['check', req.dir], nullIo);
    });
    workerAnswer({ cliMs, exitCode: code, baselineRssMiB, peakRssMiB: maxRssMiB() });
    return;
  }
  const samples: Record<'loadMs' | 'buildMs' | 'rulesMs' | 'engineMs' | 'cliMs' | 'cliCpuMs', number[]> = {
    loadMs: [],
    buildMs: [],
    rulesMs: [],
    engineMs: [],
    cliMs: [],
    cliCpuMs: [],
  };
  let methods = 0;
  let routes = 0;
  let notAnalysed = 0;
  let findings = 0;
  let exitCode = -1;
  const total = (req.warmup ?? 1) + (req.runs ?? 5);
  for (let i = 0; i < total; i++) {
    gc();
    let inputs: ReturnType<typeof loadPaths> = [];
    let model: ReturnType<typeof buildModel> | undefined;
    const loadMs = timeMs(() => {
      inputs = loadPaths([req.dir]);
    });
    const buildMs = timeMs(() => {
      model = buildModel(inputs);
    });
    const rulesMs = timeMs(() => {
      findings = runRules(model!).length;
    });
    methods = model!.methods.length;
    routes = model!.methods.filter((m) => m.apiKind === 'http').length;
    notAnalysed = model!.notAnalysed.length;
    inputs = [];
    model = undefined;
    gc();
    const c0 = process.cpuUsage();
    const cliMs = await timeMsAsync(async () => {
      exitCode = await main(['check', req.dir], nullIo);
    });
    const c = process.cpuUsage(c0);
    if (i < (req.warmup ?? 1)) continue;
    samples.cliCpuMs.push((c.user + c.system) / 1000);
    samples.loadMs.push(loadMs);
    samples.buildMs.push(buildMs);
    samples.rulesMs.push(rulesMs);
    samples.engineMs.push(loadMs + buildMs + rulesMs);
    samples.cliMs.push(cliMs);
  }
  // Each rule alone on a prebuilt index (median of the runs), to spot a rule that is not linear.
  const model = buildModel(loadPaths([req.dir]));
  const index = new ModelIndex(model);
  const perRule: Record<string, number[]> = {};
  for (let i = 0; i < (req.runs ?? 5) + 1; i++) {
    for (const rule of CATALOGUE) {
      gc();
      const ms = timeMs(() => rule.check(index));
      if (i > 0) (perRule[rule.id] ??= []).push(ms);
    }
  }
  const indexMs: number[] = [];
  for (let i = 0; i < (req.runs ?? 5); i++) {
    gc();
    indexMs.push(timeMs(() => new ModelIndex(model)));
  }
  workerAnswer({ samples, methods, routes, notAnalysed, findings, exitCode, peakRssMiB: maxRssMiB(), perRule, indexMs });
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
