import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { constructPathsByTemplate, withConstructPaths } from './construct-paths';
import { appInput, isCdkReferenceExport } from './model/app-wiring';
import { TemplateInput } from './model/build';
import { loadTemplateFile, parseEnvironment } from './model/load';

interface ManifestInfo {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
}

/** Stack names and environments of a cloud assembly directory, by template file name. */
function manifestInfo(dir: string): Map<string, ManifestInfo> {
  const out = new Map<string, ManifestInfo>();
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'));
    for (const [id, art] of Object.entries<any>(manifest.artifacts ?? {})) {
      const file = art?.properties?.templateFile;
      if (art?.type !== 'aws:cloudformation:stack' || typeof file !== 'string') continue;
      out.set(file, { name: art.displayName ?? id, ...parseEnvironment(art.environment) });
    }
  } catch {
    // No manifest yet (plugins may run before it is written): names come from file names.
  }
  return out;
}

/**
 * Templates handed to a policy validation plugin, with their nested stacks, environments and
 * construct paths. They are the templates of one app: given as one input ({@link appInput}), so that
 * the exports CDK generated for references between them are read as the app's wiring.
 */
export function loadPluginTemplates(
  templatePaths: string[],
  regions: Record<string, string | undefined> = {},
  app?: IConstruct,
): TemplateInput[] {
  const paths = constructPathsByTemplate(app);
  const manifests = new Map<string, Map<string, ManifestInfo>>();
  const inputs = templatePaths.map((file) => {
    const dir = path.dirname(file);
    if (!manifests.has(dir)) manifests.set(dir, manifestInfo(dir));
    const input = loadTemplateFile(file);
    const info = manifests.get(dir)!.get(path.basename(file));
    const name = info?.name ?? path.basename(file).replace(/\.template\.json$/, '');
    return withConstructPaths({ ...input, name, region: regions[file] ?? info?.region, account: info?.account }, paths);
  });
  return inputs.length > 1 ? [appInput(inputs, isCdkReferenceExport)] : inputs;
}
