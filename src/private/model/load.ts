import * as fs from 'fs';
import * as path from 'path';
import { CST, Lexer, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import { APP_TEMPLATE, appInput, isCdkReferenceExport } from './app-wiring';
import { TemplateInput } from './build';
import { RawTemplate } from './resolve';
import { safeValue } from '../safe-text';

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

/** Largest file read by default (`--max-file-size`): 50 MiB, far above the largest CloudFormation template (1 MB). */
export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024;
/**
 * Longest YAML text read by default, in characters: 2 MiB, twice CloudFormation's own limit on a template
 * (1 MB). YAML parses about a hundred times slower than JSON (0.5 to 3 s a MB here); `--max-file-size` sets
 * this limit too.
 */
export const DEFAULT_MAX_YAML_SIZE = 2 * 1024 * 1024;
/** Largest value `--max-file-size` accepts (a string of more cannot be decoded). */
export const MAX_FILE_SIZE_LIMIT = 1024 * 1024 * 1024;
/** Deepest nesting of objects and lists in a template or manifest; deeper ones are refused. */
export const MAX_NESTING = 512;
/** Most anchors plus aliases in a YAML template (resolving aliases costs time quadratic in their number). */
export const MAX_YAML_ANCHORS = 1000;
/** Deepest chain of nested stacks, or of nested cloud assemblies. */
export const MAX_NESTED_DEPTH = 64;

/** Limits on what is read. */
export interface ReadLimits {
  /** Largest file read, in bytes. */
  readonly maxFileSize: number;
  /** Longest YAML text parsed, in characters (default {@link DEFAULT_MAX_YAML_SIZE}). */
  readonly maxYamlSize?: number;
}

let limits: ReadLimits = { maxFileSize: DEFAULT_MAX_FILE_SIZE, maxYamlSize: DEFAULT_MAX_YAML_SIZE };

/** The limits in force. */
export function readLimits(): ReadLimits {
  return limits;
}

/** Run `fn` with other read limits (the CLI's `--max-file-size`); the previous ones are restored after. */
export async function withReadLimits<T>(l: ReadLimits, fn: () => Promise<T>): Promise<T> {
  const before = limits;
  limits = l;
  try {
    return await fn();
  } finally {
    limits = before;
  }
}

/**
 * Parse a size: bytes (`1048576`) or a number with a unit (`512KiB`, `50MiB`, `1GiB`; `KB`, `MB`, `GB`
 * and `K`, `M`, `G` are read as the binary units too).
 */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+)\s*(?:([KMG])(?:i?B)?)?$/i.exec(text.trim());
  if (!m) throw new InputError(`${flag} must be a number of bytes or a size such as 512KiB, 50MiB, 1GiB: got '${safeValue(text)}'`);
  const unit = m[2] ? 1024 ** ('KMG'.indexOf(m[2].toUpperCase()) + 1) : 1;
  const n = Number(m[1]) * unit;
  if (!(n >= 1 && n <= MAX_FILE_SIZE_LIMIT)) throw new InputError(`${flag} must be between 1 byte and 1GiB: got ${n}`);
  return n;
}

/** A file name for a message: control characters escaped, at most 500 characters. */
function shown(file: string): string {
  return safeValue(file, 500);
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function cannotRead(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  return new InputError(`${shown(file)}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? safeValue((e as Error).message)})`);
}

/**
 * Read a regular file as UTF-8, refusing anything else (directories, FIFOs, devices, sockets)
 * before opening it, and files over the size limit. The read itself is bounded too, in case the
 * file changes between the check and the read.
 */
export function readRegularFile(file: string, max = limits.maxFileSize): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw cannotRead(file, e);
  }
  if (!st.isFile()) throw new InputError(`${shown(file)}: not a regular file (${kindOf(st)})`);
  const tooBig = (size: number | string) => new InputError(`${shown(file)}: ${size} bytes, over the ${max}-byte limit (raise it with --max-file-size)`);
  if (st.size > max) throw tooBig(st.size);
  let fd: number;
  try {
    // O_NONBLOCK: should the file have been replaced by a FIFO since the check, opening it does not wait for a writer.
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw cannotRead(file, e);
  }
  try {
    const again = fs.fstatSync(fd);
    if (!again.isFile()) throw new InputError(`${shown(file)}: not a regular file (${kindOf(again)})`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, max + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > max) throw tooBig(`more than ${max}`);
    }
    return Buffer.concat(chunks, total).toString('utf-8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(file, e);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses nesting deeper than {@link MAX_NESTING}, walking without recursion. */
function checkNesting(root: unknown, where: string): void {
  const values: unknown[] = [root];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_NESTING) throw new InputError(`${shown(where)}: nested more than ${MAX_NESTING} levels deep (refused)`);
    if (Array.isArray(v)) {
      for (const x of v) {
        if (x !== null && typeof x === 'object') {
          values.push(x);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') {
          values.push(x);
          depths.push(depth + 1);
        }
      }
    }
  }
}

/** A shallow copy of an object without a prototype (other values as they are). */
function nullProto(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const out = Object.create(null);
  for (const k of Object.keys(v)) out[k] = (v as Record<string, unknown>)[k];
  return out;
}

/**
 * Parsed JSON or YAML made safe to look names up in: nesting deeper than {@link MAX_NESTING} is refused
 * (every walk after this one may recurse), and the maps that templates look names up in (the template,
 * its sections, the two levels of Mappings) have no prototype, so that names such as `constructor`,
 * `toString` or `__proto__` are plain names (`Resources.constructor` finds nothing). JSON.parse and the
 * YAML parser already keep a `__proto__` key as an own property.
 */
export function hardened(value: unknown, where: string): unknown {
  checkNesting(value, where);
  const root = nullProto(value);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return root;
  const t = root as Record<string, unknown>;
  for (const section of ['Resources', 'Parameters', 'Outputs', 'Conditions', 'Mappings', 'Metadata', 'Rules']) {
    if (Object.prototype.hasOwnProperty.call(t, section)) t[section] = nullProto(t[section]);
  }
  const mappings = t.Mappings;
  if (mappings && typeof mappings === 'object' && !Array.isArray(mappings)) {
    for (const [name, map] of Object.entries(mappings)) {
      const m = nullProto(map) as Record<string, unknown>;
      (mappings as Record<string, unknown>)[name] = m;
      if (m && typeof m === 'object' && !Array.isArray(m)) for (const k of Object.keys(m)) m[k] = nullProto(m[k]);
    }
  }
  return root;
}

/**
 * A YAML error: `not valid JSON or YAML (…)` for a syntax error (the text may have been meant as either),
 * `not valid YAML (…)` once it read as YAML but its aliases or size cannot be (alias bombs, undefined aliases,
 * too many anchors, nesting too deep).
 */
function yamlError(where: string, message: string, syntax = false): InputError {
  // A stack overflow in the parser (caught by it, or a RangeError possibly of another realm).
  if (/maximum call stack/i.test(message)) {
    message = 'nested too deep to read';
    syntax = false;
  }
  return new InputError(`${shown(where)}: not valid ${syntax ? 'JSON or YAML' : 'YAML'} (${safeValue(message.split('\n')[0])})`);
}

function parseYaml(text: string, where: string): unknown {
  const maxYaml = limits.maxYamlSize ?? DEFAULT_MAX_YAML_SIZE;
  if (text.length > maxYaml) {
    throw new InputError(`${shown(where)}: ${text.length} characters of YAML, over the ${maxYaml}-character limit for YAML (raise it with --max-file-size)`);
  }
  let anchors = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if ((type === 'anchor' || type === 'alias') && ++anchors > MAX_YAML_ANCHORS) {
      throw yamlError(where, `more than ${MAX_YAML_ANCHORS} anchors and aliases; refused`);
    }
  }
  try {
    const doc = parseDocument(text, { customTags: cfnTags(), uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length > 0) throw yamlError(where, doc.errors[0].message, true);
    if (anchors > 0) {
      // An alias inside the node it names would make a value that contains itself.
      visit(doc, {
        Alias(_key, node, ancestors) {
          const target = node.resolve(doc);
          if (target && ancestors.includes(target)) throw yamlError(where, `alias *${node.source} is inside the node it refers to (a cycle)`);
        },
      });
    }
    const parsed = doc.toJS({ maxAliasCount: 1000 });
    return parsed instanceof Scalar ? parsed.value : parsed;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw yamlError(where, (e as Error).message);
  }
}

/** Parse JSON or YAML text (CloudFormation short forms included) into null-prototype objects; a UTF-8 BOM is ignored. */
export function parseJsonOrYaml(text: string, where: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  if (text.trimStart().startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      // Flow-style YAML starts with `{` too.
      try {
        parsed = parseYaml(text, where);
      } catch {
        throw new InputError(`${shown(where)}: not valid JSON (${safeValue((e as Error).message)})`);
      }
    }
  } else {
    parsed = parseYaml(text, where);
  }
  return hardened(parsed, where);
}

/** Why a parsed value is not a template, or undefined when it is one. */
function notATemplate(parsed: unknown): string | undefined {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not a CloudFormation template (expected an object with a Resources section)';
  const r = (parsed as Record<string, unknown>).Resources;
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not a CloudFormation template (no Resources section)';
  return undefined;
}

/** Parse template text (JSON or YAML with CloudFormation short forms). */
export function parseTemplateText(text: string, where: string): RawTemplate {
  const parsed = parseJsonOrYaml(text, where);
  const why = notATemplate(parsed);
  if (why) throw new InputError(`${shown(where)}: ${why}`);
  return parsed as RawTemplate;
}

function readText(file: string): string {
  return readRegularFile(file);
}

/** What the loader did with one file: read as a template, or skipped (and why). */
export interface FileReport {
  /** The file, as given or joined to the directory it was found in. */
  readonly file: string;
  /** Whether it was read as a template. */
  readonly read: boolean;
  /** Why: `template`, `stack <name> of the cloud assembly`, `nested stack <id> of <name>`, or why it was skipped. */
  readonly reason: string;
}

/** Templates loaded from paths, and what was done with each file found. */
export interface LoadResult {
  readonly inputs: TemplateInput[];
  readonly files: FileReport[];
}

/** Whether `p` is `root` or below it (both absolute). */
function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/** A directory that files named by manifests and templates must stay in (symlinks resolved). */
class Boundary {
  private readonly real: string;
  constructor(private readonly dir: string) {
    this.real = realpath(dir) ?? path.resolve(dir);
  }

  /** `rel` joined to `base`, or undefined when it is absolute or leaves the directory (after symlinks). */
  public resolve(base: string, rel: string): string | undefined {
    if (path.isAbsolute(rel)) return undefined;
    const file = path.join(base, rel);
    if (!isInside(path.resolve(this.dir), path.resolve(file))) return undefined;
    const real = realpath(file);
    if (real !== undefined && !isInside(this.real, real)) return undefined;
    return file;
  }
}

class Loader {
  public readonly files: FileReport[] = [];

  /** File assets of a cloud assembly directory: asset hash → file name (from `*.assets.json`). */
  private fileAssets(dir: string, boundary: Boundary): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir).filter((f) => f.endsWith('.assets.json'));
    } catch {
      return out;
    }
    for (const f of entries) {
      if (boundary.resolve(dir, f) === undefined) continue; // a link to outside the assembly
      try {
        const manifest = parseJsonOrYaml(readRegularFile(path.join(dir, f)), path.join(dir, f)) as any;
        for (const [hash, asset] of Object.entries<any>(manifest?.files ?? {})) {
          if (typeof asset?.source?.path === 'string') out[hash] = asset.source.path;
        }
      } catch {
        // not an asset manifest we understand: nested stacks are then found through metadata only
      }
    }
    return out;
  }

  /** The template file of a nested stack: `aws:asset:path` metadata, or the asset hash in its TemplateURL. */
  private nestedTemplateFile(
    res: { Metadata?: Record<string, unknown>; Properties?: Record<string, unknown> },
    assets: Record<string, string>,
  ): string | undefined {
    const meta = res.Metadata?.['aws:asset:path'];
    if (typeof meta === 'string') return meta;
    const url = res.Properties?.TemplateURL;
    const strings: string[] = [];
    // The hash is in a string of the URL (plain, or a part of Fn::Join / Fn::Sub): gather strings without recursion.
    const todo: unknown[] = [url];
    while (todo.length > 0 && strings.length < 1000) {
      const v = todo.pop();
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') for (const x of Object.values(v)) todo.push(x);
    }
    for (const s of strings) {
      for (const m of s.matchAll(/([0-9a-f]{64})\.json/g)) {
        if (assets[m[1]]) return assets[m[1]];
      }
    }
    return undefined;
  }

  /** Load nested stack templates that sit next to a template (CDK writes them as assets in the same directory). */
  public withNested(
    input: TemplateInput,
    dir: string,
    boundary: Boundary,
    seen: Set<string>,
    depth = 0,
    assets?: Record<string, string>,
  ): TemplateInput {
    // No prototype: a nested stack named __proto__ is a plain key.
    const nested: Record<string, TemplateInput> = Object.create(null);
    let bodies: Record<string, { body: unknown; file: string }> | undefined;
    for (const [lid, res] of Object.entries(input.template.Resources ?? {})) {
      if ((res?.Type === 'AWS::ApiGateway::RestApi' || res?.Type === 'AWS::ApiGatewayV2::Api') && res.Properties?.BodyS3Location !== undefined && res.Properties.Body === undefined) {
        assets ??= this.fileAssets(dir, boundary);
        const found = this.openApiAsset(input, lid, res.Properties.BodyS3Location, dir, boundary, assets);
        if (found) (bodies ??= Object.create(null) as Record<string, { body: unknown; file: string }>)[lid] = found;
        continue;
      }
      if ((res?.Type === 'AWS::Serverless::Api' || res?.Type === 'AWS::Serverless::HttpApi') && typeof res.Properties?.DefinitionUri === 'string' && localTemplate(res.Properties.DefinitionUri) !== undefined) {
        const found = this.localDefinition(input, lid, res.Properties.DefinitionUri, dir, boundary);
        if (found) (bodies ??= Object.create(null) as Record<string, { body: unknown; file: string }>)[lid] = found;
        continue;
      }
      const application = res?.Type === 'AWS::Serverless::Application';
      if (res?.Type !== 'AWS::CloudFormation::Stack' && !application) continue;
      assets ??= this.fileAssets(dir, boundary);
      const asset = application
        ? localTemplate(res.Properties?.Location)
        : this.nestedTemplateFile(res, assets) ?? localTemplate(res.Properties?.TemplateURL);
      if (asset === undefined) continue;
      const where = `${shown(input.file ?? input.name)}: nested stack ${safeValue(lid)}`;
      const file = boundary.resolve(dir, asset);
      if (file === undefined) throw new InputError(`${where}: asset path '${safeValue(asset)}' is outside the cloud assembly (refused)`);
      const key = realpath(file) ?? path.resolve(file);
      if (seen.has(key) || !fs.existsSync(file)) continue;
      if (depth >= MAX_NESTED_DEPTH) throw new InputError(`${where}: nested stacks more than ${MAX_NESTED_DEPTH} deep (refused)`);
      seen.add(key);
      const child: TemplateInput = {
        name: `${input.name}/${lid}`,
        template: parseTemplateText(readText(file), file),
        file,
        region: input.region,
        account: input.account,
      };
      this.files.push({ file, read: true, reason: `nested stack ${lid} of ${input.name}` });
      nested[lid] = this.withNested(child, dir, boundary, seen, depth + 1, assets);
    }
    const withBodies = bodies ? { ...input, openApiBodies: bodies } : input;
    return Object.keys(nested).length > 0 ? { ...withBodies, nested } : withBodies;
  }

  /**
   * A SAM API's `DefinitionUri` that names a file beside the template (`./openapi.yaml`, as before `sam package`):
   * read inside the template's directory (or cloud assembly) only; refused outside it.
   */
  private localDefinition(input: TemplateInput, lid: string, uri: string, dir: string, boundary: Boundary) {
    const file = boundary.resolve(dir, uri);
    if (file === undefined) throw new InputError(`${shown(input.file ?? input.name)}: API ${safeValue(lid)}: DefinitionUri '${safeValue(uri)}' is outside the template's directory (refused)`);
    if (!fs.existsSync(file)) return undefined;
    const body = parseJsonOrYaml(readText(file), file);
    this.files.push({ file, read: true, reason: `OpenAPI definition of ${lid} in ${input.name}` });
    return { body, file };
  }

  /**
   * The OpenAPI definition a REST API's `BodyS3Location` names when it is a file asset of the cloud
   * assembly (CDK's `ApiDefinition.fromAsset`: the Key is `<asset hash>.<ext>`); undefined for any other
   * location (the model then reports the API as not analysed). Only files inside the assembly are read.
   */
  private openApiAsset(input: TemplateInput, lid: string, location: unknown, dir: string, boundary: Boundary, assets: Record<string, string>) {
    const key = location && typeof location === 'object' && !Array.isArray(location) ? (location as Record<string, unknown>).Key : undefined;
    const m = typeof key === 'string' ? /^([0-9a-f]{64})(\.[A-Za-z0-9]+)?$/.exec(key) : null;
    const asset = m ? assets[m[1]] : undefined;
    if (asset === undefined) return undefined;
    const file = boundary.resolve(dir, asset);
    if (file === undefined || !fs.existsSync(file)) return undefined;
    const body = parseJsonOrYaml(readText(file), file);
    this.files.push({ file, read: true, reason: `OpenAPI definition of ${lid} in ${input.name}` });
    return { body, file };
  }

  /** One template file (JSON or YAML) and its nested stacks. */
  public templateFile(file: string, reason = 'template'): TemplateInput {
    const template = parseTemplateText(readText(file), file);
    this.files.push({ file, read: true, reason });
    const dir = path.dirname(file);
    return this.withNested({ name: path.basename(file), template, file }, dir, new Boundary(dir), new Set([realpath(file) ?? path.resolve(file)]));
  }

  /** Every template of a directory that is not a cloud assembly: `.json`, `.yaml` and `.yml` files at its top level. */
  private plainDirectory(dir: string): TemplateInput[] {
    const boundary = new Boundary(dir);
    const reports: FileReport[] = [];
    const candidates: string[] = [];
    let entries: string[];
    try {
      entries = fs.readdirSync(dir).sort();
    } catch (e) {
      throw cannotRead(dir, e);
    }
    for (const name of entries) {
      const file = path.join(dir, name);
      const skip = (reason: string) => reports.push({ file, read: false, reason });
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch (e) {
        skip(`cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
        continue;
      }
      if (st.isDirectory()) skip('a directory (not searched)');
      else if (!/\.(json|ya?ml)$/i.test(name)) skip('not .json, .yaml or .yml');
      else if (!st.isFile()) skip(`not a regular file (${kindOf(st)})`);
      else if (boundary.resolve(dir, name) === undefined) skip('a link to a file outside the directory (not read)');
      else if (name.includes('.nested.')) skip('a nested stack template (read through its parent stack)');
      else candidates.push(file);
    }
    const inputs: TemplateInput[] = [];
    const before = this.files.length;
    for (const file of candidates) {
      const parsed = parseJsonOrYaml(readText(file), file);
      const why = notATemplate(parsed);
      if (why) {
        reports.push({ file, read: false, reason: why });
        continue;
      }
      this.files.push({ file, read: true, reason: 'template' });
      const input: TemplateInput = { name: path.basename(file), template: parsed as RawTemplate, file };
      inputs.push(this.withNested(input, dir, boundary, new Set([realpath(file) ?? path.resolve(file)])));
    }
    if (inputs.length === 0) throw new InputError(`${shown(dir)}: not a cloud assembly (no manifest.json) and no template in it (.json, .yaml, .yml)`);
    const read = new Set(this.files.slice(before).map((r) => r.file));
    const all = [...this.files.splice(before), ...reports.filter((r) => !read.has(r.file))];
    this.files.push(...all.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
    return inputs;
  }

  /** Read every stack template of a cloud assembly directory (cdk.out), nested assemblies and nested stacks included. */
  public cloudAssembly(dir: string, prefix = '', boundary?: Boundary, active: string[] = []): TemplateInput[] {
    const manifestFile = path.join(dir, 'manifest.json');
    if (!fs.existsSync(manifestFile)) {
      if (boundary) throw new InputError(`${shown(manifestFile)}: cannot read (no such file)`);
      return this.plainDirectory(dir);
    }
    boundary ??= new Boundary(dir);
    if (boundary.resolve(dir, 'manifest.json') === undefined) throw new InputError(`${shown(manifestFile)}: a link to a file outside the cloud assembly (refused)`);
    const manifest = parseJsonOrYaml(readText(manifestFile), manifestFile) as { artifacts?: Record<string, ManifestArtifact> } | undefined;
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new InputError(`${shown(manifestFile)}: not a cloud assembly manifest (expected an object)`);
    const here = realpath(dir) ?? path.resolve(dir);
    const out: TemplateInput[] = [];
    const stacks: TemplateInput[] = [];
    for (const [id, art] of Object.entries(manifest.artifacts ?? {})) {
      if (!art || typeof art !== 'object') continue;
      const where = `${shown(manifestFile)}: artifact ${safeValue(id)}`;
      const named = (prop: 'templateFile' | 'directoryName'): string | undefined => {
        const v = art.properties?.[prop];
        if (v === undefined || v === '') return undefined;
        if (typeof v !== 'string') throw new InputError(`${where}: ${prop} must be a string`);
        const file = boundary!.resolve(dir, v);
        if (file === undefined) throw new InputError(`${where}: ${prop} '${safeValue(v)}' is outside the cloud assembly (refused)`);
        return file;
      };
      if (art.type === 'aws:cloudformation:stack') {
        const file = named('templateFile');
        if (file === undefined) continue;
        const { account, region } = parseEnvironment(typeof art.environment === 'string' ? art.environment : undefined);
        const name = prefix + (typeof art.displayName === 'string' ? art.displayName : id);
        const input: TemplateInput = { name, template: parseTemplateText(readText(file), file), file, account, region };
        this.files.push({ file, read: true, reason: `stack ${name} of the cloud assembly` });
        stacks.push(this.withNested(input, dir, boundary, new Set([realpath(file) ?? path.resolve(file)])));
      } else if (art.type === 'cdk:cloud-assembly') {
        const sub = named('directoryName');
        if (sub === undefined) continue;
        const real = realpath(sub) ?? path.resolve(sub);
        if (real === here || active.includes(real)) {
          throw new InputError(`${where}: directoryName '${safeValue(art.properties!.directoryName!)}' is a cloud assembly already being read (a cycle; refused)`);
        }
        if (active.length >= MAX_NESTED_DEPTH) throw new InputError(`${where}: cloud assemblies nested more than ${MAX_NESTED_DEPTH} deep (refused)`);
        const label = typeof art.displayName === 'string' ? art.displayName : id;
        out.push(...this.cloudAssembly(sub, `${prefix}${label}/`, boundary, [...active, here]));
      }
    }
    // The stacks of one assembly are one app: the exports CDK generated for references between them are
    // its wiring, read as the construct's synth-time check and the plugin read them (app-wiring.ts).
    if (stacks.length > 1) out.unshift(appInput(stacks, isCdkReferenceExport, undefined, `${prefix}${APP_TEMPLATE}`));
    else out.unshift(...stacks);
    return out;
  }

  /** Templates from paths: template files (JSON or YAML) or directories (cloud assemblies, or directories of templates). */
  public paths(paths: string[]): TemplateInput[] {
    const out: TemplateInput[] = [];
    const names = new Set<string>();
    for (const p of paths) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(p);
      } catch {
        throw new InputError(`${shown(p)}: no such file or directory`);
      }
      const loaded = stat.isDirectory() ? this.cloudAssembly(p) : [this.templateFile(p)];
      for (const input of loaded) {
        let name = input.name;
        for (let i = 2; names.has(name); i++) name = `${input.name} (${i})`;
        names.add(name);
        out.push(name === input.name ? input : { ...input, name });
      }
    }
    return out;
  }
}

/**
 * A nested stack's template named by a plain relative path (`TemplateURL: child.yaml`, a SAM application's
 * `Location: ./auth/template.yaml`), as hand-written templates do before packaging: no URL scheme, not
 * absolute. The caller resolves it inside the parent's directory (or cloud assembly) only.
 */
function localTemplate(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '' || path.isAbsolute(v) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) return undefined;
  return v;
}

/** Read one template file. */
export function loadTemplateFile(file: string): TemplateInput {
  return new Loader().templateFile(file);
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
  return new Loader().cloudAssembly(dir, prefix);
}

/** Load templates from paths: template files (JSON or YAML) or cloud assembly directories. */
export function loadPaths(paths: string[]): TemplateInput[] {
  return new Loader().paths(paths);
}

/**
 * {@link loadPaths}, with a report of every file read and every file skipped (and why), in the order found.
 * Files of a directory that is not a cloud assembly are all reported; in a cloud assembly, the templates read.
 */
export function loadPathsWithReport(paths: string[]): LoadResult {
  const loader = new Loader();
  const inputs = loader.paths(paths);
  return { inputs, files: loader.files };
}
