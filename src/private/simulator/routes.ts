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

/** One resource path of an API, split and ranked once. */
interface RouteEntry {
  readonly path: string;
  readonly segs: string[];
  readonly ranks: number[];
  readonly methods: MethodModel[];
}

/** Match request segments against a resource path; returns captured params, or undefined. */
function matchPath(route: RouteEntry, req: string[]): Record<string, string> | undefined {
  const { segs, ranks } = route;
  const params: Record<string, string> = {};
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const r = ranks[i];
    if (r === 2) {
      if (i !== segs.length - 1 || req.length <= i) return undefined;
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
  return segs.length === req.length ? params : undefined;
}

/**
 * Compare two resource paths by specificity, segment by segment (lower = more specific): literal
 * before `{param}` before `{proxy+}`, and on a common prefix the longer path first. This orders
 * paths totally (it is a lexicographic order), so the first match in a sorted list is the best.
 */
function compareSpecificity(a: RouteEntry, b: RouteEntry): number {
  const n = Math.min(a.ranks.length, b.ranks.length);
  for (let i = 0; i < n; i++) {
    const d = a.ranks[i] - b.ranks[i];
    if (d !== 0) return d;
  }
  return b.ranks.length - a.ranks.length;
}

/** The routes of each list of methods (one API's), most specific first; lists are not changed once made. */
const routeIndexes = new WeakMap<readonly MethodModel[], RouteEntry[]>();

function routesOf(methods: readonly MethodModel[]): RouteEntry[] {
  let routes = routeIndexes.get(methods);
  if (!routes) {
    const byPath = new Map<string, MethodModel[]>();
    for (const m of methods) {
      if (!isKnown(m.path) || !isKnown(m.httpMethod)) continue;
      const list = byPath.get(m.path);
      if (list) list.push(m);
      else byPath.set(m.path, [m]);
    }
    routes = [...byPath].map(([path, list]) => {
      const segs = segments(path);
      return { path, segs, ranks: segs.map(rank), methods: list };
    });
    routes.sort(compareSpecificity); // stable: among equals, the first path seen wins, as before
    routeIndexes.set(methods, routes);
  }
  return routes;
}

/** Find the method API Gateway would run for `verb path` among the methods of one API. */
export function matchRoute(methods: readonly MethodModel[], verb: string, path: string): RouteResult {
  const req = segments(normalisePath(path));
  let best: RouteEntry | undefined;
  let params: Record<string, string> | undefined;
  for (const route of routesOf(methods)) {
    params = matchPath(route, req);
    if (params) {
      best = route;
      break;
    }
  }
  if (!best || !params) return {};
  const list = best.methods;
  const v = verb.toUpperCase();
  const exact = list.find((m) => m.httpMethod === v);
  const any = list.find((m) => m.httpMethod === 'ANY');
  const chosen = exact ?? any;
  if (!chosen) return { resourceWithoutVerb: { path: best.path, verbs: list.map((m) => m.httpMethod as string).sort() } };
  return { match: { method: chosen, resourcePath: best.path, params, viaAny: !exact } };
}

/**
 * HTTP API route selection (DESIGN.md §8): among the routes that take the verb (the verb itself or ANY),
 * the most specific path (literal, then `{param}`, then greedy `{proxy+}`); then the `$default` route.
 * A path whose routes take other verbs only does not stop the search, unlike a REST resource.
 */
export function matchHttpRoute(methods: readonly MethodModel[], verb: string, path: string): RouteResult {
  const v = verb.toUpperCase();
  const candidates = methods.filter((m) => m.path !== '$default' && (m.httpMethod === v || m.httpMethod === 'ANY'));
  const r = matchRoute(candidates, v, path);
  if (r.match) return r;
  const fallback = methods.find((m) => m.path === '$default');
  if (fallback) return { match: { method: fallback, resourcePath: '$default', params: {}, viaAny: true } };
  return {};
}
