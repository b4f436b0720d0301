import { AppClientModel, AuthModel, Source, UserPoolModel, isKnown } from '../model/types';

const NOISE = new Set(['Resource', 'Default']);

/** Display name of a model element: the construct path's last meaningful segment, else the logical id. */
export function displayName(src: Source): string {
  if (src.constructPath) {
    const parts = src.constructPath.split('/').filter((p) => p && !NOISE.has(p));
    if (parts.length > 0) return parts[parts.length - 1];
  }
  return src.logicalId;
}

/** Display name of an app client: its ClientName, else its construct path's last meaningful segment, else its logical id. */
export function clientName(c: AppClientModel): string {
  return isKnown(c.clientName) && c.clientName ? c.clientName : displayName(c);
}

/** Display name of a user pool. */
export function poolName(p: UserPoolModel | undefined, key: string): string {
  if (!p) return key.startsWith('external:') ? key.slice('external:'.length) : key;
  return p.external ? (p.poolId ?? p.logicalId) : displayName(p);
}

/** The meaningful segments of a construct path (without `Resource`/`Default`). */
function pathParts(constructPath: string): string[] {
  return constructPath.split('/').filter((p) => p && !NOISE.has(p));
}

/**
 * Display names of app clients, made unique when two clients share a name: clients named by their
 * construct id are qualified with as many enclosing construct ids as it takes (`OrdersAuth/Web` and
 * `InvoicesAuth/Web`, as in a platform app whose API stacks each add a `Web` client); otherwise the
 * logical id is added (`Web (WebClient1A2B3C4D)`).
 */
export function uniqueClientNames(model: AuthModel): Map<string, string> {
  const groups = new Map<string, AppClientModel[]>();
  for (const c of model.clients) {
    const n = clientName(c);
    let g = groups.get(n);
    if (!g) groups.set(n, (g = []));
    g.push(c);
  }
  const out = new Map<string, string>();
  for (const [n, group] of groups) {
    if (group.length === 1) {
      out.set(group[0].key, n);
      continue;
    }
    const namedById = group.every((c) => !(isKnown(c.clientName) && c.clientName) && c.constructPath);
    const byPath = namedById ? group.map((c) => pathParts(c.constructPath!)) : undefined;
    let names: string[] | undefined;
    // Computed once; a loop, not a spread: a hostile template may hold more clients than a call takes arguments.
    const deepest = byPath ? byPath.reduce((max, p) => Math.max(max, p.length), 0) : 0;
    for (let depth = 2; byPath && !names && depth <= deepest; depth++) {
      const candidate = byPath.map((p) => p.slice(-depth).join('/'));
      if (new Set(candidate).size === candidate.length) names = candidate;
    }
    group.forEach((c, i) => out.set(c.key, names ? names[i] : `${n} (${c.logicalId})`));
  }
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: string[], conj = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}
