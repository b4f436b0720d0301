/** Summary of a set of samples: every figure is shown with min, median and max, so noise is visible. */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly mean: number;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(xs: number[]): Summary {
  if (xs.length === 0) return { n: 0, min: NaN, median: NaN, max: NaN, mean: NaN };
  return {
    n: xs.length,
    min: Math.min(...xs),
    median: median(xs),
    max: Math.max(...xs),
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
  };
}

/** Round for JSON output (keeps results.json readable). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function roundAll(xs: number[], digits = 3): number[] {
  return xs.map((x) => round(x, digits));
}

/** `median (min – max)` with a unit and a number formatter. */
export function fmt(s: Summary, unit = '', digits = 0): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  return `${f(s.median)}${unit} (${f(s.min)} – ${f(s.max)})`;
}

/** Wall time of a synchronous function in milliseconds. */
export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Wall time and CPU time (user + system, all threads of this process) of a synchronous function, ms. */
export function timeWallCpu(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/** Wall time of an async function in milliseconds. */
export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Collect garbage before a measurement when node runs with --expose-gc. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}
