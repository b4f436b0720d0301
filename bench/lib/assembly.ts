import * as fs from 'fs';
import * as path from 'path';

/** Resource type → count, and the number of outputs, over every template of a cloud assembly directory. */
export function assemblyShape(dir: string): { resources: Record<string, number>; outputs: number; templates: number } {
  const resources: Record<string, number> = {};
  let outputs = 0;
  let templates = 0;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.template.json')) continue;
    templates++;
    const t = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'));
    for (const r of Object.values<any>(t.Resources ?? {})) resources[r.Type] = (resources[r.Type] ?? 0) + 1;
    outputs += Object.keys(t.Outputs ?? {}).length;
  }
  return { resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))), outputs, templates };
}
