import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TemplateInput } from './model/build';
import { loadTemplateFile } from './model/load';

interface ManifestInfo {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
}

const manifestCache = new Map<string, Map<string, ManifestInfo>>();

/** Stack names and environments of a cloud assembly directory, by template file name. */
function manifestInfo(dir: string): Map<string, ManifestInfo> {
  const cached = manifestCache.get(dir);
  if (cached) return cached;
  const out = new Map<string, ManifestInfo>();
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf-8'));
    for (const [id, art] of Object.entries<any>(manifest.artifacts ?? {})) {
      const file = art?.properties?.templateFile;
      if (art?.type !== 'aws:cloudformation:stack' || typeof file !== 'string') continue;
      const m = /^aws:\/\/([^/]*)\/(.*)$/.exec(art.environment ?? '');
      out.set(file, {
        name: art.displayName ?? id,
        account: m && m[1] && !m[1].startsWith('unknown') ? m[1] : undefined,
        region: m && m[2] && !m[2].startsWith('unknown') ? m[2] : undefined,
      });
    }
  } catch {
    // No manifest yet (plugins may run before it is written): names come from file names.
  }
  return out;
}

/**
 * Construct paths of every CloudFormation element of an app, by template file name and logical id,
 * so findings name constructs even when templates carry no `aws:cdk:path` metadata.
 */
export function constructPathsByTemplate(app: IConstruct | undefined): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!app) return out;
  for (const c of app.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    const stack = Stack.of(c);
    const logicalId = stack.resolve(c.logicalId);
    if (typeof logicalId !== 'string') continue;
    let paths = out.get(stack.templateFile);
    if (!paths) out.set(stack.templateFile, (paths = {}));
    paths[logicalId] = c.node.path;
  }
  return out;
}

function withPaths(input: TemplateInput, paths: Map<string, Record<string, string>>): TemplateInput {
  const own = input.file ? paths.get(path.basename(input.file)) : undefined;
  const nested = input.nested
    ? Object.fromEntries(Object.entries(input.nested).map(([k, v]) => [k, withPaths(v, paths)]))
    : undefined;
  return { ...input, constructPaths: own ?? input.constructPaths, nested };
}

/** Templates handed to a policy validation plugin, with their nested stacks, environments and construct paths. */
export function loadPluginTemplates(
  templatePaths: string[],
  regions: Record<string, string | undefined> = {},
  app?: IConstruct,
): TemplateInput[] {
  const paths = constructPathsByTemplate(app);
  return templatePaths.map((file) => {
    const input = loadTemplateFile(file);
    const info = manifestInfo(path.dirname(file)).get(path.basename(file));
    const name = info?.name ?? path.basename(file).replace(/\.template\.json$/, '');
    return withPaths({ ...input, name, region: regions[file] ?? info?.region, account: info?.account }, paths);
  });
}
