import { Unknown, Val, isUnknown } from './types';

/**
 * Evaluation of CloudFormation intrinsics, as far as the templates allow.
 *
 * `Ref`/`Fn::GetAtt` to a resource whose physical value is not knowable at
 * synth time resolve to a {@link ResourceRef}; everything that cannot be
 * evaluated resolves to {@link Unknown}. Parameters take their value from the
 * parent stack (nested stacks) or their default; `Fn::ImportValue` follows the
 * export of another template we were given.
 */

/** A reference to a resource (or one of its attributes) of a template. */
export class ResourceRef {
  /** The model key of the resource: `<template>#<logicalId>`. */
  public readonly key: string;

  constructor(
    public readonly ctx: TemplateContext,
    public readonly logicalId: string,
    public readonly attribute?: string,
  ) {
    this.key = ctx.keyOf(logicalId);
  }

  public get resourceType(): string | undefined {
    return own(this.ctx.resources, this.logicalId)?.Type;
  }

  public toString(): string {
    return this.attribute ? `${this.logicalId}.${this.attribute}` : this.logicalId;
  }
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
}

export interface RawTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string }>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

/** One parsed template and what its intrinsics may refer to. */
export class TemplateContext {
  public readonly resources: Record<string, CfnResource>;
  /** Values given to this template's parameters by a parent stack, as expressions in the parent's context. */
  public parentParameters?: { ctx: TemplateContext; logicalId: string; values: Record<string, unknown> };
  /** Logical id → construct path, when known from outside the template. */
  public readonly constructPaths: Record<string, string>;
  /** Nested stack logical id → child context. */
  public readonly children: Record<string, TemplateContext> = Object.create(null);
  /** References made so far, by logical id (and attribute, for Fn::GetAtt): one object per target, as every method refers to the same few. */
  private readonly refs = new Map<string, ResourceRef>();

  constructor(
    public readonly name: string,
    public readonly template: RawTemplate,
    public readonly registry: ContextRegistry,
    public readonly region?: string,
    public readonly account?: string,
    constructPaths?: Record<string, string>,
    public readonly file?: string,
    private readonly aliasOf?: (logicalId: string) => string | undefined,
  ) {
    this.resources = template.Resources ?? {};
    this.constructPaths = constructPaths ?? {};
  }

  /**
   * The id under which a resource or parameter named in the template is found: the name itself, or,
   * in a template rendered with stand-in ids, the stand-in of a real logical id written literally.
   */
  public canonicalId(name: string): string {
    if (!this.aliasOf || own(this.resources, name) !== undefined || own(this.template.Parameters, name) !== undefined) return name;
    return this.aliasOf(name) ?? name;
  }

  /** The model key of a resource of this template: `<template>#<logicalId>`. */
  public keyOf(logicalId: string): string {
    return `${this.name}#${logicalId}`;
  }

  /** The reference to a resource of this template (or one of its attributes). */
  public ref(logicalId: string, attribute?: string): ResourceRef {
    const k = attribute === undefined ? logicalId : `${logicalId}\u0000${attribute}`;
    let r = this.refs.get(k);
    if (!r) this.refs.set(k, (r = new ResourceRef(this, logicalId, attribute)));
    return r;
  }

  public constructPathOf(logicalId: string): string | undefined {
    const known = own(this.constructPaths, logicalId);
    if (typeof known === 'string' && known) return known;
    const meta = own(own(this.resources, logicalId)?.Metadata, 'aws:cdk:path');
    return typeof meta === 'string' ? meta : undefined;
  }
}

/** All contexts of one model build, for cross-template exports. */
export class ContextRegistry {
  public readonly contexts: TemplateContext[] = [];
  /** Physical ids given by the caller: model key or logical id → value (e.g. a pool id). */
  public readonly physicalIds: Record<string, string>;
  private exportsCache?: Map<string, { ctx: TemplateContext; value: unknown }>;
  private readingExports = false;

  constructor(physicalIds?: Record<string, string>) {
    // No prototype: a logical id such as `__proto__` or `constructor` finds no physical id.
    const ids: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(physicalIds ?? {})) setOwn(ids, k, v);
    this.physicalIds = ids;
  }

  public add(ctx: TemplateContext): void {
    this.contexts.push(ctx);
    this.exportsCache = undefined;
  }

  public findExport(name: string): { ctx: TemplateContext; value: unknown } | undefined {
    if (!this.exportsCache) {
      // An export name that imports (Fn::ImportValue) would come back here while the names are being read:
      // there are no exports to import from yet.
      if (this.readingExports) return undefined;
      this.readingExports = true;
      try {
        const m = new Map<string, { ctx: TemplateContext; value: unknown }>();
        for (const ctx of this.contexts) {
          for (const out of Object.values(ctx.template.Outputs ?? {})) {
            if (!out?.Export) continue;
            const n = resolve(out.Export.Name, ctx);
            if (typeof n === 'string') m.set(n, { ctx, value: out.Value });
          }
        }
        this.exportsCache = m;
      } finally {
        this.readingExports = false;
      }
    }
    return this.exportsCache.get(name);
  }

  public physicalIdOf(ref: ResourceRef): string | undefined {
    return this.physicalIds[ref.key] ?? this.physicalIds[ref.logicalId];
  }
}

const MAX_DEPTH = 50;

/**
 * `obj[key]` when `key` is the object's own property: a template key such as `constructor`,
 * `toString` or `__proto__` never finds what Object.prototype holds.
 */
export function own<T>(obj: Record<string, T> | undefined | null, key: string): T | undefined {
  return obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** `obj[key] = value`, as an own property even when the key is `__proto__` (which would set the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function urlSuffix(region: string | undefined): string | Unknown {
  if (!region) return new Unknown({ Ref: 'AWS::URLSuffix' }, 'the region is not known');
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function partition(region: string | undefined): string | Unknown {
  if (!region) return new Unknown({ Ref: 'AWS::Partition' }, 'the region is not known');
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function pseudo(name: string, ctx: TemplateContext): unknown {
  switch (name) {
    case 'AWS::Region':
      return ctx.region ?? new Unknown({ Ref: name }, 'the region is not known');
    case 'AWS::URLSuffix':
      return urlSuffix(ctx.region);
    case 'AWS::Partition':
      return partition(ctx.region);
    case 'AWS::AccountId':
      return ctx.account ?? new Unknown({ Ref: name }, 'the account is not known');
    case 'AWS::NoValue':
      return undefined;
    default:
      return new Unknown({ Ref: name }, `${name} is only known at deploy time`);
  }
}

function resolveRef(ref: string, ctx: TemplateContext, depth: number): unknown {
  if (ref.startsWith('AWS::')) return pseudo(ref, ctx);
  const name = ctx.canonicalId(ref);
  const param = own(ctx.template.Parameters, name);
  if (param) {
    const fromParent = own(ctx.parentParameters?.values, name);
    if (fromParent !== undefined && ctx.parentParameters) return resolve(fromParent, ctx.parentParameters.ctx, depth + 1);
    if (param.Default !== undefined) {
      // CDK bootstrap/asset parameters have defaults that callers override at deploy time;
      // a default is only a guess, so treat SSM-typed parameters as unknown.
      if (typeof param.Type === 'string' && param.Type.startsWith('AWS::SSM')) {
        return new Unknown({ Ref: name }, `parameter ${name} is read from SSM at deploy time`);
      }
      return resolve(param.Default, ctx, depth + 1);
    }
    return new Unknown({ Ref: name }, `parameter ${name} has no value in the template`);
  }
  const res = own(ctx.resources, name);
  if (!res) return new Unknown({ Ref: name }, `${name} is not a resource or parameter of ${ctx.name}`);
  if (res.Type === 'AWS::Cognito::UserPoolResourceServer') {
    // Ref of a resource server returns its Identifier.
    return resolve(res.Properties?.Identifier, ctx, depth + 1);
  }
  if (res.Type === 'AWS::Cognito::UserPoolDomain') {
    // Ref of a user pool domain returns the domain (prefix or custom domain name).
    return resolve(res.Properties?.Domain, ctx, depth + 1);
  }
  return ctx.ref(name);
}

function resolveGetAtt(arg: unknown, ctx: TemplateContext, depth: number): unknown {
  let lid: unknown;
  let attr: unknown;
  if (typeof arg === 'string') {
    const i = arg.indexOf('.');
    if (i < 0) return new Unknown({ 'Fn::GetAtt': arg }, 'malformed Fn::GetAtt');
    lid = arg.slice(0, i);
    attr = arg.slice(i + 1);
  } else if (Array.isArray(arg) && arg.length === 2) {
    lid = arg[0];
    attr = resolve(arg[1], ctx, depth + 1);
  }
  if (typeof lid !== 'string' || typeof attr !== 'string') {
    return new Unknown({ 'Fn::GetAtt': arg }, 'malformed Fn::GetAtt');
  }
  const id = ctx.canonicalId(lid);
  const res = own(ctx.resources, id);
  if (!res) return new Unknown({ 'Fn::GetAtt': arg }, `${id} is not a resource of ${ctx.name}`);
  if (res.Type === 'AWS::CloudFormation::Stack' && attr.startsWith('Outputs.')) {
    const child = own(ctx.children, id);
    const name = attr.slice('Outputs.'.length);
    const out = own(child?.template.Outputs, name) ?? (child ? own(child.template.Outputs, child.canonicalId(name)) : undefined);
    if (child && out) return resolve(out.Value, child, depth + 1);
    return new Unknown({ 'Fn::GetAtt': arg }, `the nested stack ${id} was not loaded`);
  }
  return ctx.ref(id, attr);
}

/** Turn a resolved value into a string for concatenation, or Unknown. */
export function asString(v: unknown, ctx?: TemplateContext): string | Unknown | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof ResourceRef) {
    const physical = (ctx ?? v.ctx).registry.physicalIdOf(v);
    if (physical !== undefined && !v.attribute) return physical;
    if (physical !== undefined && v.attribute === 'Arn' && v.resourceType === 'AWS::Cognito::UserPool') {
      const region = physical.split('_')[0];
      const account = v.ctx.account;
      if (account) return `arn:${partition(region)}:cognito-idp:${region}:${account}:userpool/${physical}`;
    }
    if (physical !== undefined && v.attribute === 'ProviderName' && v.resourceType === 'AWS::Cognito::UserPool') {
      return `cognito-idp.${physical.split('_')[0]}.amazonaws.com/${physical}`;
    }
    if (physical !== undefined && v.attribute === 'ProviderURL' && v.resourceType === 'AWS::Cognito::UserPool') {
      return `https://cognito-idp.${physical.split('_')[0]}.amazonaws.com/${physical}`;
    }
    return new Unknown(v.attribute ? { 'Fn::GetAtt': [v.logicalId, v.attribute] } : { Ref: v.logicalId }, `${v} is only known after deployment`);
  }
  if (isUnknown(v)) return v;
  return new Unknown(v, 'not a string');
}

function resolveSub(arg: unknown, ctx: TemplateContext, depth: number): unknown {
  let text: unknown;
  let vars: Record<string, unknown> = {};
  if (typeof arg === 'string') {
    text = arg;
  } else if (Array.isArray(arg) && arg.length === 2 && typeof arg[1] === 'object' && arg[1] !== null) {
    text = resolve(arg[0], ctx, depth + 1);
    vars = arg[1] as Record<string, unknown>;
  }
  if (typeof text !== 'string') return new Unknown({ 'Fn::Sub': arg }, 'malformed Fn::Sub');
  /** The value of `${name}`: a variable of the map, else `Fn::GetAtt` (`X.Attr`) or `Ref`. */
  const valueOf = (name: string): unknown => {
    if (own(vars, name) !== undefined) return resolve(vars[name], ctx, depth + 1);
    if (name.includes('.') && !name.startsWith('AWS::')) return resolveGetAtt(name, ctx, depth + 1);
    return resolveRef(name, ctx, depth + 1);
  };
  // The whole string is one reference (`${Pool.Arn}`, `${Pool}`, `${Var}`): it stands for the same
  // value as `Fn::GetAtt`/`Ref`, so a reference to a resource stays a ResourceRef (an authorizer's
  // `!Sub '${Pool.Arn}'` links to the pool as `!GetAtt Pool.Arn` does).
  const single = /^\$\{([^}!][^}]*)\}$/.exec(text);
  if (single) {
    const v = valueOf(single[1].trim());
    if (v instanceof ResourceRef) return v;
  }
  let unknown: Unknown | undefined;
  const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
    const name = inner.trim();
    const s = asString(valueOf(name), ctx);
    if (typeof s === 'string') return s;
    unknown = unknown ?? (s instanceof Unknown ? s : new Unknown(whole, `\${${name}} has no value`));
    return whole;
  });
  return unknown ? new Unknown({ 'Fn::Sub': arg }, unknown.why) : out;
}

/** Evaluate a template expression. Objects and arrays are evaluated element-wise. */
export function resolve(expr: unknown, ctx: TemplateContext, depth = 0): unknown {
  if (depth > MAX_DEPTH) return new Unknown(expr, 'reference cycle or nesting too deep');
  if (expr === null || expr === undefined) return undefined;
  if (typeof expr !== 'object') return expr;
  if (Array.isArray(expr)) return expr.map((e) => resolve(e, ctx, depth + 1));
  if (expr instanceof ResourceRef || expr instanceof Unknown) return expr;
  const obj = expr as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const k = keys[0];
    const arg = obj[k];
    switch (k) {
      case 'Ref':
        return typeof arg === 'string' ? resolveRef(arg, ctx, depth) : new Unknown(expr, 'malformed Ref');
      case 'Fn::GetAtt':
        return resolveGetAtt(arg, ctx, depth);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown(expr, 'malformed Fn::Join');
        const sep = resolve(arg[0], ctx, depth + 1);
        const list = resolve(arg[1], ctx, depth + 1);
        if (typeof sep !== 'string' || !Array.isArray(list)) return new Unknown(expr, 'Fn::Join of unresolved parts');
        const parts: string[] = [];
        for (const p of list) {
          const s = asString(p, ctx);
          if (typeof s !== 'string') return new Unknown(expr, s instanceof Unknown ? s.why : 'Fn::Join of unresolved parts');
          parts.push(s);
        }
        return parts.join(sep);
      }
      case 'Fn::Sub':
        return resolveSub(arg, ctx, depth);
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown(expr, 'malformed Fn::Select');
        // Only a number or a string is an index: an object may have `valueOf` and `toString` keys that are not functions.
        const rawIdx = resolve(arg[0], ctx, depth + 1);
        const idx = typeof rawIdx === 'number' || typeof rawIdx === 'string' ? Number(rawIdx) : NaN;
        const list = resolve(arg[1], ctx, depth + 1);
        if (!Array.isArray(list) || !Number.isInteger(idx) || idx < 0 || idx >= list.length) {
          return new Unknown(expr, 'Fn::Select of an unresolved list');
        }
        return list[idx];
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown(expr, 'malformed Fn::Split');
        const sep = resolve(arg[0], ctx, depth + 1);
        const s = asString(resolve(arg[1], ctx, depth + 1), ctx);
        if (typeof sep !== 'string' || typeof s !== 'string') return new Unknown(expr, 'Fn::Split of an unresolved string');
        return s.split(sep);
      }
      case 'Fn::ImportValue': {
        const name = asString(resolve(arg, ctx, depth + 1), ctx);
        if (typeof name !== 'string') return new Unknown(expr, 'Fn::ImportValue of an unresolved name');
        const exp = ctx.registry.findExport(name);
        if (!exp) return new Unknown(expr, `export ${name} is not in the templates given`);
        return resolve(exp.value, exp.ctx, depth + 1);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3) return new Unknown(expr, 'malformed Fn::FindInMap');
        const [m, a, b] = arg.slice(0, 3).map((x) => resolve(x, ctx, depth + 1));
        if (typeof m !== 'string' || typeof a !== 'string' || typeof b !== 'string') {
          return new Unknown(expr, 'Fn::FindInMap with unresolved keys');
        }
        const v = own(own(own(ctx.template.Mappings, m), a), b);
        return v === undefined ? new Unknown(expr, `no mapping ${m}.${a}.${b}`) : resolve(v, ctx, depth + 1);
      }
      case 'Fn::If':
      case 'Fn::Base64':
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
      case 'Fn::Transform':
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Fn::Length':
      case 'Fn::ToJsonString':
        return new Unknown(expr, `${k} is not evaluated`);
      default:
        break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k, resolve(obj[k], ctx, depth + 1));
  return out;
}

/** Every resource a value refers to (Ref, Fn::GetAtt, Fn::Sub), as logical ids of the same template (without recursion). */
export function referencedLogicalIds(expr: unknown, ctx: TemplateContext, into: Set<string> = new Set()): Set<string> {
  const isResource = (lid: string) => own(ctx.resources, lid) !== undefined;
  // Depth first, in document order, as the recursive walk did: the stack holds values still to visit.
  const todo: unknown[] = [expr];
  while (todo.length > 0) {
    const e = todo.pop();
    if (e === null || typeof e !== 'object') continue;
    if (Array.isArray(e)) {
      for (let i = e.length - 1; i >= 0; i--) todo.push(e[i]);
      continue;
    }
    const later: unknown[] = [];
    for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
      if (k === 'Ref' && typeof v === 'string') {
        const lid = ctx.canonicalId(v);
        if (isResource(lid)) into.add(lid);
      } else if (k === 'Fn::GetAtt') {
        const named = typeof v === 'string' ? v.split('.')[0] : Array.isArray(v) ? v[0] : undefined;
        const lid = typeof named === 'string' ? ctx.canonicalId(named) : undefined;
        if (lid !== undefined && isResource(lid)) into.add(lid);
      } else if (k === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
        if (typeof text === 'string') {
          for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
            const lid = ctx.canonicalId(m[1].split('.')[0].trim());
            if (isResource(lid)) into.add(lid);
          }
        }
        if (Array.isArray(v) && v.length > 1) later.push(v[1]);
      } else {
        later.push(v);
      }
    }
    for (let i = later.length - 1; i >= 0; i--) todo.push(later[i]);
  }
  return into;
}

/**
 * The model key of a resource a property refers to (`Ref` to a resource of the templates), `external:<id>`
 * for a literal id, or unknown: how a method, route or authorizer names its API (and a route its authorizer).
 */
export function referenceKey(expr: unknown, ctx: TemplateContext, what: string): Val<string> {
  const v = resolve(expr, ctx);
  if (v instanceof ResourceRef && !v.attribute) return v.key;
  if (typeof v === 'string') return `external:${v}`;
  return isUnknown(v) ? v : new Unknown(expr, `not ${what} reference`);
}

