/**
 * Route matching as API Gateway (REST) does it: a request path is matched to a
 * resource (literal segments before `{param}` before `{proxy+}`), then the verb
 * to a method of that resource (the verb itself before `ANY`).
 */
import { MethodModel, isKnown } from '../model/types';

export interface RouteMatch {
  readonly method: MethodModel;
  readonly resourcePath: string;
  /** Path parameters captured by `{param}` / `{proxy+}`. */
  readonly params: Record<string, string>;
  /** True when the method matched through `ANY`. */
  readonly viaAny: boolean;
}

export interface RouteResult {
  readonly match?: RouteMatch;
  /** The resource matched, when the path matched but no method of it takes the verb. */
  readonly resourceWithoutVerb?: { path: string; verbs: string[] };
}

/** Normalise a request path: drop the query string and a trailing slash; always starts with `/`. */
export function normalisePath(p: string): string {
  let out = p.split('?')[0].split('#')[0];
  if (!out.startsWith('/')) out = '/' + out;
  while (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

function segments(p: string): string[] {
  return p === '/' ? [] : p.slice(1).split('/');
}

/** Specificity rank of a segment: literal 0, `{param}` 1, `{proxy+}` 2. */
function rank(seg: string): number {
  if (/^\{[^}]+\+\}$/.test(seg)) return 2;
  if (/^\{[^}]+\}$/.test(seg)) return 1;
  return 0;
}

/** Match request segments against a resource path; returns captured params, or undefined. */
function matchPath(resource: string[], req: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < resource.length; i++) {
    const seg = resource[i];
    const r = rank(seg);
    if (r === 2) {
      if (i !== resource.length - 1 || req.length <= i) return undefined;
      params[seg.slice(1, -2)] = req.slice(i).join('/');
      return params;
    }
    if (i >= req.length) return undefined;
    if (r === 1) {
      if (req[i] === '') return undefined;
      params[seg.slice(1, -1)] = decodeURIComponent(req[i]);
    } else if (seg !== req[i]) {
      return undefined;
    }
  }
  return resource.length === req.length ? params : undefined;
}

/** Compare two resource paths by specificity, segment by segment (lower = more specific). */
function compareSpecificity(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = rank(a[i]) - rank(b[i]);
    if (d !== 0) return d;
  }
  return b.length - a.length;
}

/** Find the method API Gateway would run for `verb path` among the methods of one API. */
export function matchRoute(methods: MethodModel[], verb: string, path: string): RouteResult {
  const req = segments(normalisePath(path));
  const byPath = new Map<string, MethodModel[]>();
  for (const m of methods) {
    if (!isKnown(m.path) || !isKnown(m.httpMethod)) continue;
    const list = byPath.get(m.path);
    if (list) list.push(m);
    else byPath.set(m.path, [m]);
  }
  let best: { path: string; segs: string[]; params: Record<string, string> } | undefined;
  for (const p of byPath.keys()) {
    const segs = segments(p);
    const params = matchPath(segs, req);
    if (!params) continue;
    if (!best || compareSpecificity(segs, best.segs) < 0) best = { path: p, segs, params };
  }
  if (!best) return {};
  const list = byPath.get(best.path)!;
  const v = verb.toUpperCase();
  const exact = list.find((m) => m.httpMethod === v);
  const any = list.find((m) => m.httpMethod === 'ANY');
  const chosen = exact ?? any;
  if (!chosen) return { resourceWithoutVerb: { path: best.path, verbs: list.map((m) => m.httpMethod as string).sort() } };
  return { match: { method: chosen, resourcePath: best.path, params: best.params, viaAny: !exact } };
}
