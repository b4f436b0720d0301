/**
 * Worker of the OpenAPI variant of the rule-engine scaling benchmark (run by bench/openapi-scaling.ts,
 * a fresh process per size): one template of REST APIs defined by OpenAPI bodies
 * (bench/openapi-scaling.ts, openApiTemplate), parsed once, then `warmup` discarded and `runs` kept
 * iterations of `buildModel` and `runRules` over it, each timed (JSON parsing is not measured: the
 * readers of the bodies are).
 */
import { buildModel } from '../../src/private/model/build';
import { runRules } from '../../src/private/rules/engine';
import { workerAnswer, workerRequest } from '../lib/child';
import { gc, timeMs } from '../lib/stats';
import { openApiTemplate } from '../openapi-scaling';

interface Request {
  readonly operations: number;
  readonly runs: number;
  readonly warmup: number;
}

const req = workerRequest<Request>();
const template = JSON.parse(JSON.stringify(openApiTemplate(req.operations)));
const samples: Record<'buildMs' | 'rulesMs' | 'totalMs', number[]> = { buildMs: [], rulesMs: [], totalMs: [] };
let methods = 0;
let notAnalysed = 0;
let findings = 0;
for (let i = 0; i < req.warmup + req.runs; i++) {
  gc();
  let model: ReturnType<typeof buildModel> | undefined;
  const buildMs = timeMs(() => {
    model = buildModel([{ name: 'T', template, region: 'us-east-1' }]);
  });
  const rulesMs = timeMs(() => {
    findings = runRules(model!).length;
  });
  methods = model!.methods.length;
  notAnalysed = model!.notAnalysed.length;
  model = undefined;
  if (i < req.warmup) continue;
  samples.buildMs.push(buildMs);
  samples.rulesMs.push(rulesMs);
  samples.totalMs.push(buildMs + rulesMs);
}
workerAnswer({ operations: req.operations, methods, notAnalysed, findings, samples });
