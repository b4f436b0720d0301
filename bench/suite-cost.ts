/**
 * Benchmark 4 — test-suite cost: wall time of `npm test` (compile, jest, eslint)
 * on this machine, and jest's per-file times from its JSON report, so that a
 * test file whose synth cost grows shows up. Target: suite under 90 s.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { benchEnv, ROOT_DIR, TMP_DIR } from './lib/child';
import { round } from './lib/stats';

export const SUITE_TARGET_S = 90;

export interface SuiteFile {
  readonly file: string;
  readonly tests: number;
  readonly failed: number;
  /** endTime − startTime of the file in its jest worker (module loading, transpiling and every synth included), s. */
  readonly runtimeS: number;
}

export interface SuiteCostResult {
  readonly command: string;
  /** The steps of the projen test task (.projen/tasks.json), in order. */
  readonly steps: string[];
  readonly exitCode: number | null;
  /** Wall time of the whole command, s. */
  readonly wallS: number;
  /** Jest from start to the last file's end, s. */
  readonly jestWallS?: number;
  /** Compile + eslint + npm/projen overhead: wall − jest, s. */
  readonly otherS?: number;
  readonly tests?: { total: number; passed: number; failed: number; files: number };
  readonly files: SuiteFile[];
  readonly target: { limitS: number; met: boolean };
  readonly log: string;
}

export interface JestJson {
  startTime: number;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{
    name: string;
    startTime: number;
    endTime: number;
    /** Only in jest's internal results; the --json report has startTime/endTime. */
    perfStats?: { start: number; end: number; runtime: number };
    assertionResults: Array<{ status: string }>;
  }>;
}

/** Per-file times (slowest first) and jest's own wall time from its --json report. */
export function summarizeJest(json: JestJson | undefined): { files: SuiteFile[]; jestWallS: number | undefined } {
  const files: SuiteFile[] = (json?.testResults ?? [])
    .map((t) => ({
      file: path.relative(ROOT_DIR, t.name),
      tests: t.assertionResults.length,
      failed: t.assertionResults.filter((a) => a.status === 'failed').length,
      runtimeS: round((t.perfStats?.runtime ?? t.endTime - t.startTime) / 1000, 2),
    }))
    .sort((a, b) => b.runtimeS - a.runtimeS);
  const jestEnd = json ? Math.max(...json.testResults.map((t) => t.perfStats?.end ?? t.endTime)) : undefined;
  const jestWallS = json && jestEnd !== undefined && Number.isFinite(jestEnd) ? round((jestEnd - json.startTime) / 1000, 2) : undefined;
  return { files, jestWallS };
}

export function suiteCost(log: (s: string) => void = console.log): SuiteCostResult {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const jsonFile = path.join(TMP_DIR, 'jest-results.json');
  const logFile = path.join(TMP_DIR, 'suite.log');
  fs.rmSync(jsonFile, { force: true });
  const args = ['test', '--', '--json', `--outputFile=${path.relative(ROOT_DIR, jsonFile)}`];
  const command = `npm ${args.join(' ')}`;
  log(`  suite: ${command} (output in ${path.relative(ROOT_DIR, logFile)})`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('npm', args, { cwd: ROOT_DIR, env: benchEnv(), encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.writeFileSync(logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  let json: JestJson | undefined;
  try {
    json = JSON.parse(fs.readFileSync(jsonFile, 'utf-8')) as JestJson;
  } catch {
    json = undefined;
  }
  const { files, jestWallS } = summarizeJest(json);
  const result: SuiteCostResult = {
    command,
    steps: testSteps(),
    exitCode: r.status,
    wallS: round(wallS, 2),
    jestWallS,
    otherS: jestWallS !== undefined ? round(wallS - jestWallS, 2) : undefined,
    tests: json ? { total: json.numTotalTests, passed: json.numPassedTests, failed: json.numFailedTests, files: json.testResults.length } : undefined,
    files,
    target: { limitS: SUITE_TARGET_S, met: wallS <= SUITE_TARGET_S },
    log: path.relative(ROOT_DIR, logFile),
  };
  log(`    npm test: ${result.wallS.toFixed(1)} s (exit ${r.status}), jest ${jestWallS ?? '?'} s, ${files.length} files`);
  return result;
}

/** The steps of the projen `test` task, e.g. ['compile', 'jest --passWithNoTests --ci', 'eslint']. */
function testSteps(): string[] {
  try {
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, '.projen', 'tasks.json'), 'utf-8')).tasks;
    return (tasks.test?.steps ?? []).map((s: { spawn?: string; exec?: string; execArgs?: string[] }) => s.spawn ?? s.exec ?? (s.execArgs ?? []).join(' '));
  } catch {
    return [];
  }
}
