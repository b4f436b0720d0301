import * as fs from 'fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  readonly name: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/work\/main\//, '')
    .replace(/^.*\/(src|bench)\//, '$1/');
}

/**
 * Self and total time per function (and per file) of a V8 .cpuprofile,
 * restricted to the subtrees under functions whose name matches `under` when given.
 */
export function summarizeProfile(file: string, top = 25, under?: RegExp): { functions: ProfileRow[]; files: ProfileRow[]; totalMs: number } {
  const p = JSON.parse(fs.readFileSync(file, 'utf-8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  const fileTotal = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    // ancestors chain
    let chain: ProfileNode[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) chain.push(byId.get(x)!);
    if (under) {
      // Keep only the frames from the outermost matching function down to the sample.
      let outer = -1;
      for (let i = chain.length - 1; i >= 0; i--) {
        if (under.test(chain[i].callFrame.functionName)) {
          outer = i;
          break;
        }
      }
      if (outer < 0) continue;
      chain = chain.slice(0, outer + 1);
    }
    totalUs += us;
    const self = chain[0];
    const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    const fileKey = (n: ProfileNode) => shortUrl(n.callFrame.url) || `(${n.callFrame.functionName})`;
    fnSelf.set(key(self), (fnSelf.get(key(self)) ?? 0) + us);
    fileSelf.set(fileKey(self), (fileSelf.get(fileKey(self)) ?? 0) + us);
    const seenFn = new Set<string>();
    const seenFile = new Set<string>();
    for (const n of chain) {
      const k = key(n);
      if (!seenFn.has(k)) {
        seenFn.add(k);
        fnTotal.set(k, (fnTotal.get(k) ?? 0) + us);
      }
      const f = fileKey(n);
      if (!seenFile.has(f)) {
        seenFile.add(f);
        fileTotal.set(f, (fileTotal.get(f) ?? 0) + us);
      }
    }
  }
  const rows = (self: Map<string, number>, total: Map<string, number>, by: 'self' | 'total') =>
    [...total.keys()]
      .map((name) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: (total.get(name) ?? 0) / 1000 }))
      .sort((a, b) => (by === 'self' ? b.selfMs - a.selfMs : b.totalMs - a.totalMs))
      .slice(0, top);
  return { functions: rows(fnSelf, fnTotal, 'total'), files: rows(fileSelf, fileTotal, 'self'), totalMs: totalUs / 1000 };
}
