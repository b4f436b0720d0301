/**
 * Worker of the synth-overhead benchmark (run by bench/synth-overhead.ts, one
 * fresh process per validator setting and N). Checks that the L3 and the
 * hand-written app synthesize the same templates, then rotates three variants
 * (order rotated every round), `warmup` rounds discarded, `runs` rounds kept:
 *
 * - l3: bench/apps/l3.ts (CognitoApiAuth, which runs the rule engine at synth);
 * - hand: bench/apps/hand-written.ts (plain L2 constructs, same templates);
 * - plugin: the hand-written app with the library's policy validation plugin
 *   (CognitoScopesChecks), i.e. the rule engine through the other door.
 *
 * A synth sample is the wall time (and CPU time) of building the App and
 * `app.synth()`; templates go to a scratch directory, removed outside the timing.
 *
 * Request `platformStacks`: the platform topology (bench/apps/platform.ts, the pool in a stack of
 * its own and that many API stacks of N methods) instead of the one-stack topology.
 *
 * Request `cold`: a single synth of one variant in this fresh process (what
 * `cdk synth` does: nothing is warmed up), for the cold comparison.
 *
 * Where the L3's extra time goes is measured separately with a CPU profile
 * (bench/synth-overhead.ts, profileL3; request `l3Only`): timing the check's
 * pieces alone on an already synthesized tree, late in a long-lived process,
 * proved misleading (2–4× slower than inside a synth).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { CognitoScopesChecks } from '../../src/cognito-scopes-checks';
import { ModelIndex } from '../../src/private/model/model-index';
import { CATALOGUE } from '../../src/private/rules/catalogue';
import { buildHandWrittenApp } from '../apps/hand-written';
import { buildL3App } from '../apps/l3';
import { buildHandWrittenPlatformApp, buildL3PlatformApp } from '../apps/platform';
import { AppBuilder } from '../apps/shared';
import { assemblyShape } from '../lib/assembly';
import { TMP_DIR, workerAnswer, workerRequest } from '../lib/child';
import { gc, timeWallCpu } from '../lib/stats';

interface Request {
  readonly n: number;
  readonly runs: number;
  readonly warmup: number;
  readonly validation: boolean;
  /** Only synthesize the L3 app (for --cpu-prof). */
  readonly l3Only?: boolean;
  /** One synth of this variant in this fresh process, nothing else (cold: JIT not warmed up, as in `cdk synth`). */
  readonly cold?: 'l3' | 'hand';
  /**
   * The platform topology (bench/apps/platform.ts) with this many API stacks of N methods each, the
   * pool in a stack of its own, instead of the one-stack topology.
   */
  readonly platformStacks?: number;
}

const req = workerRequest<Request>();
const stacks = req.platformStacks;
/** The two apps compared: the one-stack topology, or the platform topology with `stacks` API stacks. */
const buildL3: AppBuilder = stacks === undefined ? buildL3App : (n, dir) => buildL3PlatformApp(stacks, n, dir);
const buildHand: AppBuilder = stacks === undefined ? buildHandWrittenApp : (n, dir) => buildHandWrittenPlatformApp(stacks, n, dir);
if (req.validation) delete process.env.CDK_VALIDATION;
else process.env.CDK_VALIDATION = 'false';

let seq = 0;
function outdir(tag: string): string {
  return path.join(TMP_DIR, `synth-${process.pid}-${tag}-${seq++}`);
}

function synthOnce(build: AppBuilder, n: number, tag: string): { wall: number; cpu: number } {
  const dir = outdir(tag);
  gc();
  const t = timeWallCpu(() => {
    build(n, dir).synth();
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return t;
}

/** The hand-written app with the library's policy validation plugin (the door for apps without the L3). */
function buildHandWrittenAppWithPlugin(n: number, dir: string): App {
  const app = buildHand(n, dir);
  Validations.of(app).addPlugins(new CognitoScopesChecks());
  return app;
}

/**
 * Compare the two apps' cloud assemblies: 'identical' templates, 'same-shape'
 * (same resource types and counts) or 'different'; and count how often the L3
 * synth ran the rule engine (a probe rule added to the catalogue for this synth only), and how many
 * REST methods and HTTP routes its model held (so routes are known to be checked, not NotAnalysed).
 */
function compareApps(n: number) {
  let engineRuns = 0;
  // What the synth-time model held (last run): REST methods and HTTP routes, and what it could not read.
  let checked = { methods: 0, routes: 0, notAnalysed: 0 };
  const probe = {
    id: 'BenchProbe',
    severity: 'warning',
    summary: '',
    why: '',
    fix: '',
    check: (index: ModelIndex) => {
      engineRuns++;
      const routes = index.model.methods.filter((m) => m.apiKind === 'http').length;
      checked = { methods: index.model.methods.length - routes, routes, notAnalysed: index.model.notAnalysed.length };
      return [];
    },
  };
  const dirs = { hand: outdir('cmp-hand'), l3: outdir('cmp-l3') };
  buildHand(n, dirs.hand).synth();
  CATALOGUE.push(probe as never);
  try {
    buildL3(n, dirs.l3).synth();
  } finally {
    CATALOGUE.splice(CATALOGUE.indexOf(probe as never), 1);
  }
  const files = (d: string) => fs.readdirSync(d).filter((f) => f.endsWith('.template.json')).sort();
  const hf = files(dirs.hand);
  const identical =
    hf.join() === files(dirs.l3).join() &&
    hf.every((f) => fs.readFileSync(path.join(dirs.hand, f), 'utf-8') === fs.readFileSync(path.join(dirs.l3, f), 'utf-8'));
  const a = assemblyShape(dirs.hand);
  const b = assemblyShape(dirs.l3);
  const sameShape = JSON.stringify(a) === JSON.stringify(b);
  for (const d of Object.values(dirs)) fs.rmSync(d, { recursive: true, force: true });
  return {
    verdict: identical ? 'identical' : sameShape ? 'same-shape' : 'different',
    ...a,
    engineRan: engineRuns > 0,
    engineRuns,
    checked,
    detail: sameShape ? undefined : `hand-written ${JSON.stringify(a)} vs L3 ${JSON.stringify(b)}`,
  };
}

const n = req.n;
if (req.cold) {
  const t = synthOnce(req.cold === 'l3' ? buildL3 : buildHand, n, req.cold);
  workerAnswer({ n, variant: req.cold, ...t });
} else if (req.l3Only) {
  const l3: number[] = [];
  for (let i = 0; i < req.warmup + req.runs; i++) l3.push(synthOnce(buildL3, n, 'l3').wall);
  workerAnswer({ n, l3: l3.slice(req.warmup) });
} else {
  const comparison = compareApps(n);
  const variants: Array<[string, AppBuilder]> = [['l3', buildL3], ['hand', buildHand], ['plugin', buildHandWrittenAppWithPlugin]];
  const wall: Record<string, number[]> = { l3: [], hand: [], plugin: [] };
  const cpu: Record<string, number[]> = { l3: [], hand: [], plugin: [] };
  for (let i = 0; i < req.warmup + req.runs; i++) {
    // Rotate the order every round, so each variant runs first, second and third equally often.
    const order = [...variants.slice(i % variants.length), ...variants.slice(0, i % variants.length)];
    for (const [name, build] of order) {
      const t = synthOnce(build, n, name);
      if (i < req.warmup) continue;
      wall[name].push(t.wall);
      cpu[name].push(t.cpu);
    }
  }
  workerAnswer({ n, comparison, l3: wall.l3, hand: wall.hand, plugin: wall.plugin, l3Cpu: cpu.l3, handCpu: cpu.hand, pluginCpu: cpu.plugin });
}
