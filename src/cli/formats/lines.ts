import { readRegularFile } from '../../private/model/load';

/**
 * The 1-based lines of the keys that may be logical ids in a template's text, in one pass.
 * JSON: the first line of each `"Key":` after `"Resources":` (a resource's key comes before its
 * properties' keys, so the first one is the resource). YAML: each `Key:` (optionally quoted) at the
 * indentation of the first key under the top-level `Resources:`, until the next top-level key.
 */
export function logicalIdLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (text.replace(/^\uFEFF/, '').trimStart().startsWith('{')) {
    const res = /"Resources"\s*:/.exec(text);
    if (!res) return out;
    let line = text.slice(0, res.index).split('\n').length;
    let at = res.index;
    const re = /"((?:[^"\\\n]|\\.)*)"\s*:/g;
    re.lastIndex = res.index + res[0].length;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      for (let i = text.indexOf('\n', at); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
      at = m.index;
      let key = m[1];
      if (key.includes('\\')) {
        try {
          key = JSON.parse(`"${key}"`) as string;
        } catch {
          continue;
        }
      }
      if (!out.has(key)) out.set(key, line);
    }
    return out;
  }
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^Resources\s*:\s*(#.*)?\r?$/.test(l));
  if (start < 0) return out;
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s*(#.*)?\r?$/.test(l)) continue;
    const lead = /^ */.exec(l)![0].length;
    if (lead === 0) break; // the next top-level key
    indent ??= lead;
    if (lead !== indent) continue;
    const m = /^ *(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s:#'"][^:#]*?))\s*:(\s|$)/.exec(l);
    const key = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
    if (key !== undefined && !out.has(key)) out.set(key, i + 1);
  }
  return out;
}

/** Finds lines of logical ids in template files, reading and indexing each file once (bounded by the read limits); no line when unreadable. */
export class LineFinder {
  private readonly index = new Map<string, Map<string, number> | undefined>();

  public line(file: string | undefined, logicalId: string): number | undefined {
    if (!file) return undefined;
    if (!this.index.has(file)) {
      let lines: Map<string, number> | undefined;
      try {
        lines = logicalIdLines(readRegularFile(file));
      } catch {
        lines = undefined;
      }
      this.index.set(file, lines);
    }
    return this.index.get(file)?.get(logicalId);
  }
}
