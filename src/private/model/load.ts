import * as fs from 'fs';
import * as path from 'path';
import { parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { TemplateInput } from './build';
import { RawTemplate } from './resolve';

/** Bad input from the user (missing file, not JSON/YAML, not a template): reported in one line. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const SHORT_TAGS = [
  'Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'ImportValue', 'FindInMap',
  'Base64', 'GetAZs', 'Cidr', 'Equals', 'Not', 'And', 'Or', 'Transform', 'Length', 'ToJsonString',
];

/** YAML custom tags for CloudFormation's short-form intrinsics (`!Ref`, `!GetAtt a.b`, `!Sub ...`). */
function cfnTags(): any[] {
  const tags: any[] = [];
  for (const name of SHORT_TAGS) {
    const fn = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    const make = (value: unknown) => {
      if (name === 'GetAtt' && typeof value === 'string') {
        const i = value.indexOf('.');
        return { [fn]: i < 0 ? value : [value.slice(0, i), value.slice(i + 1)] };
      }
      return { [fn]: value };
    };
    tags.push({ tag: `!${name}`, resolve: (v: unknown) => make(v) });
    tags.push({ tag: `!${name}`, collection: 'seq', resolve: (v: YAMLSeq) => make(v.toJSON()) });
    tags.push({ tag: `!${name}`, collection: 'map', resolve: (v: YAMLMap) => make(v.toJSON()) });
  }
  return tags;
}

/** Parse template text (JSON or YAML with CloudFormation short forms). */
export function parseTemplateText(text: string, where: string): RawTemplate {
  const trimmed = text.trimStart();
  let parsed: unknown;
  if (trimmed.startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${where}: not valid JSON (${(e as Error).message})`);
    }
  } else {
    const doc = parseDocument(text, { customTags: cfnTags(), uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new InputError(`${where}: not valid JSON or YAML (${doc.errors[0].message.split('\n')[0]})`);
    }
    parsed = doc.toJS({ maxAliasCount: 1000 });
    if (parsed instanceof Scalar) parsed = parsed.value;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`${where}: not a CloudFormation template (expected an object with a Resources section)`);
  }
  const t = parsed as Record<string, unknown>;
  if (!t.Resources || typeof t.Resources !== 'object' || Array.isArray(t.Resources)) {
    throw new InputError(`${where}: not a CloudFormation template (no Resources section)`);
  }
  return t as RawTemplate;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
}

/** File assets of a cloud assembly directory: asset hash → file name (from `*.assets.json`). */
function fileAssets(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir).filter((f) => f.endsWith('.assets.json'));
  } catch {
    return out;
  }
  for (const f of entries) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'));
      for (const [hash, asset] of Object.entries<any>(manifest.files ?? {})) {
        if (typeof asset?.source?.path === 'string') out[hash] = asset.source.path;
      }
    } catch {
      // not an asset manifest we understand: nested stacks are then found through metadata only
    }
  }
  return out;
}

/** The template file of a nested stack: `aws:asset:path` metadata, or the asset hash in its TemplateURL. */
function nestedTemplateFile(
  res: { Metadata?: Record<string, unknown>; Properties?: Record<string, unknown> },
  assets: Record<string, string>,
): string | undefined {
  const meta = res.Metadata?.['aws:asset:path'];
  if (typeof meta === 'string') return meta;
  const url = JSON.stringify(res.Properties?.TemplateURL ?? '');
  for (const m of url.matchAll(/([0-9a-f]{64})\.json/g)) {
    if (assets[m[1]]) return assets[m[1]];
  }
  return undefined;
}

/** Load nested stack templates that sit next to a template (CDK writes them as assets in the same directory). */
function withNested(input: TemplateInput, dir: string, seen: Set<string>, assets: Record<string, string> = fileAssets(dir)): TemplateInput {
  const nested: Record<string, TemplateInput> = {};
  for (const [lid, res] of Object.entries(input.template.Resources ?? {})) {
    if (res?.Type !== 'AWS::CloudFormation::Stack') continue;
    const asset = nestedTemplateFile(res, assets);
    if (asset === undefined) continue;
    const file = path.resolve(dir, asset);
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    const child: TemplateInput = {
      name: `${input.name}/${lid}`,
      template: parseTemplateText(readText(file), file),
      file,
      region: input.region,
      account: input.account,
    };
    nested[lid] = withNested(child, dir, seen, assets);
  }
  return Object.keys(nested).length > 0 ? { ...input, nested } : input;
}

/** Read one template file. */
export function loadTemplateFile(file: string): TemplateInput {
  const template = parseTemplateText(readText(file), file);
  return withNested({ name: path.basename(file), template, file }, path.dirname(file), new Set([path.resolve(file)]));
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { templateFile?: string; directoryName?: string };
}

/** Account and region of a manifest environment (`aws://account/region`), leaving out unknown ones. */
export function parseEnvironment(env: string | undefined): { account?: string; region?: string } {
  const m = /^aws:\/\/([^/]*)\/(.*)$/.exec(env ?? '');
  if (!m) return {};
  const account = m[1] && !m[1].startsWith('unknown') ? m[1] : undefined;
  const region = m[2] && !m[2].startsWith('unknown') ? m[2] : undefined;
  return { account, region };
}

/** Read every stack template of a cloud assembly directory (cdk.out), nested assemblies and nested stacks included. */
export function loadCloudAssembly(dir: string, prefix = ''): TemplateInput[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    // Not a cloud assembly: take every *.template.json at the top level.
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json') && !f.includes('.nested.'));
    if (files.length === 0) throw new InputError(`${dir}: not a cloud assembly (no manifest.json and no *.template.json)`);
    return files.sort().map((f) => loadTemplateFile(path.join(dir, f)));
  }
  let manifest: { artifacts?: Record<string, ManifestArtifact> };
  try {
    manifest = JSON.parse(readText(manifestFile));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${manifestFile}: not valid JSON`);
  }
  const out: TemplateInput[] = [];
  for (const [id, art] of Object.entries(manifest.artifacts ?? {})) {
    if (art.type === 'aws:cloudformation:stack' && art.properties?.templateFile) {
      const file = path.join(dir, art.properties.templateFile);
      const { account, region } = parseEnvironment(art.environment);
      const name = prefix + (art.displayName ?? id);
      const input: TemplateInput = { name, template: parseTemplateText(readText(file), file), file, account, region };
      out.push(withNested(input, dir, new Set([path.resolve(file)])));
    } else if (art.type === 'cdk:cloud-assembly' && art.properties?.directoryName) {
      out.push(...loadCloudAssembly(path.join(dir, art.properties.directoryName), `${prefix}${art.displayName ?? id}/`));
    }
  }
  return out;
}

/** Load templates from paths: template files (JSON or YAML) or cloud assembly directories. */
export function loadPaths(paths: string[]): TemplateInput[] {
  const out: TemplateInput[] = [];
  const names = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    const loaded = stat.isDirectory() ? loadCloudAssembly(p) : [loadTemplateFile(p)];
    for (const input of loaded) {
      let name = input.name;
      for (let i = 2; names.has(name); i++) name = `${input.name} (${i})`;
      names.add(name);
      out.push(name === input.name ? input : { ...input, name });
    }
  }
  return out;
}
