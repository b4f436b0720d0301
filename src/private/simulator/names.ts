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

/** Display names of app clients, made unique when two clients share a name (suffixing the logical id). */
export function uniqueClientNames(model: AuthModel): Map<string, string> {
  const count = new Map<string, number>();
  for (const c of model.clients) count.set(clientName(c), (count.get(clientName(c)) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const c of model.clients) {
    const n = clientName(c);
    out.set(c.key, (count.get(n) ?? 0) > 1 ? `${n} (${c.logicalId})` : n);
  }
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: string[], conj = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}
