import { HttpReaderHost, SamHttpRead, readHttpApis } from './http-api';
import { InputError, parseJsonOrYaml } from './load';
import { OpenApiRead, readOpenApi, unreadableBody } from './openapi';
import { ContextRegistry, RawTemplate, ResourceRef, TemplateContext, asString, own, referenceKey, referencedLogicalIds, resolve } from './resolve';
import { SamRead, readSam } from './sam';
import {
  AcknowledgementModel,
  AppClientModel,
  AuthModel,
  AuthorizerModel,
  DomainModel,
  GatewayResponseModel,
  StageModel,
  MethodModel,
  NotAnalysedModel,
  PoolKey,
  ResourceServerModel,
  RestApiModel,
  ScopeModel,
  Source,
  TemplateModel,
  Unknown,
  UserPoolModel,
  Val,
  isUnknown,
} from './types';
import { safeValue } from '../safe-text';
import { bool, num, str, strList } from './values';

/** One template to put in the model. */
export interface TemplateInput {
  /** Display name (stack artifact id or file name). Must be unique. */
  readonly name: string;
  readonly template: RawTemplate;
  readonly file?: string;
  readonly region?: string;
  readonly account?: string;
  /** Logical id → construct path, when known outside the template's metadata. */
  readonly constructPaths?: Record<string, string>;
  /** Nested stack templates, keyed by the logical id of their `AWS::CloudFormation::Stack` resource. */
  readonly nested?: Record<string, TemplateInput>;
  /**
   * For templates whose logical ids are stand-ins (rendered from the construct tree): the id that a
   * real logical id, written literally in the template (in an override, say), stands as.
   */
  readonly aliasOf?: (logicalId: string) => string | undefined;
  /**
   * OpenAPI definitions the loader found for `BodyS3Location`s (an asset of the cloud assembly) and for SAM
   * `DefinitionUri`s naming a local file, keyed by the logical id of their API: the parsed file and its name.
   */
  readonly openApiBodies?: Record<string, { readonly body: unknown; readonly file: string }>;
}

export interface BuildOptions {
  /**
   * Physical ids the caller knows, keyed by logical id or `<template>#<logicalId>`:
   * typically user pool ids (`us-east-1_AbC123`) so that issuers can be computed.
   */
  readonly physicalIds?: Record<string, string>;
}

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/;
const POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d*:userpool\/(.+)$/;

/** Parse a pool id or pool ARN, returning the pool id. */
export function poolIdFromString(s: string): string | undefined {
  const arn = POOL_ARN.exec(s);
  if (arn) return arn[2];
  return POOL_ID.test(s) ? s : undefined;
}


function stringMap(expr: unknown, ctx: TemplateContext): Val<Record<string, Val<string>>> | undefined {
  const v = resolve(expr, ctx);
  if (v === undefined) return undefined;
  if (isUnknown(v)) return v;
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof ResourceRef) return new Unknown(expr, 'not a map');
  // Without a prototype: a key such as __proto__ (from a template) stays a plain key.
  const out: Record<string, Val<string>> = Object.create(null);
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const s = asString(x, ctx);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** An object or list as it stands, or evaluated when it is an intrinsic (its members are left to the caller). */
function resolveShallow(expr: unknown, ctx: TemplateContext): unknown {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return expr;
  const keys = Object.keys(expr);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? resolve(expr, ctx) : expr;
}

const ALLOW_ORIGIN = 'method.response.header.access-control-allow-origin';

/** Whether a list of method or integration responses sets the Access-Control-Allow-Origin header. */
function setsAllowOrigin(list: unknown, ctx: TemplateContext): boolean {
  const items = resolveShallow(list, ctx);
  if (!Array.isArray(items)) return false;
  for (const item of items) {
    const r = resolveShallow(item, ctx);
    if (!r || typeof r !== 'object' || isUnknown(r)) continue;
    const params = resolveShallow((r as Record<string, unknown>).ResponseParameters, ctx);
    if (!params || typeof params !== 'object' || isUnknown(params)) continue;
    for (const k of Object.keys(params)) if (k.toLowerCase() === ALLOW_ORIGIN) return true;
  }
  return false;
}

/** The SAM transform: templates that use it declare APIs as `AWS::Serverless::*` resources. */
const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Why a SAM resource is not read (the first half of its NotAnalysed reason). */
const SAM_WHY = 'cdk-cognito-scopes reads AWS::Serverless::Api, AWS::Serverless::HttpApi and the Api and HttpApi events of AWS::Serverless::Function as written, not this';

/** The names of a template's `Transform` section (a string or a list of names; a macro with parameters is an object). */
function transformNames(t: unknown): string[] {
  const out: string[] = [];
  for (const x of Array.isArray(t) ? t : t === undefined ? [] : [t]) {
    if (typeof x === 'string') out.push(x);
    else if (x && typeof x === 'object' && typeof (x as Record<string, unknown>).Name === 'string') out.push((x as Record<string, string>).Name);
    else out.push(JSON.stringify(x) ?? String(x));
  }
  return out;
}

/**
 * The API events of a SAM resource (`Events.<name>.Type` of `Api` or `HttpApi`, or a Type that could
 * not be read), as `'Name' (Type)` labels; `undefined` when `Events` is there but cannot be read (an intrinsic).
 */
function samApiEvents(events: unknown, read: (name: string) => boolean = () => false): { labels: string[]; unread: boolean } | undefined {
  if (events === undefined || events === null) return { labels: [], unread: false };
  if (typeof events !== 'object' || Array.isArray(events)) return undefined;
  const keys = Object.keys(events);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return undefined;
  const labels: string[] = [];
  let unread = false;
  for (const [name, e] of Object.entries(events as Record<string, unknown>)) {
    const type = e && typeof e === 'object' ? (e as Record<string, unknown>).Type : undefined;
    if (read(name)) continue;
    if (type === 'Api' || type === 'HttpApi') {
      labels.push(`'${safeValue(name)}' (${type})`);
    } else if (typeof type !== 'string') {
      labels.push(`'${safeValue(name)}' (Type not read)`);
      unread = true;
    }
  }
  return { labels, unread };
}

/** `a, b and c`; at most five, then `and N more`. */
function listed(items: string[]): string {
  const shown = items.slice(0, 5);
  if (items.length > 5) return `${shown.join(', ')} and ${items.length - 5} more`;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

class ModelBuilder {
  private readonly registry: ContextRegistry;
  private readonly contexts: TemplateContext[] = [];
  private readonly pools = new Map<string, UserPoolModel>();
  private readonly physicalToPool = new Map<string, string>();
  private readonly pathCache = new Map<string, Val<string>>();
  private readonly closureCache = new Map<string, Set<string>>();
  private readonly exportedCache = new Map<TemplateContext, Set<string>>();
  private byType?: Map<string, Array<[TemplateContext, string, Record<string, unknown>]>>;
  /** OpenAPI bodies given by the loader, per template. */
  private readonly assetBodies = new Map<TemplateContext, Record<string, { readonly body: unknown; readonly file: string }>>();
  /** Why the OpenAPI definition of a REST API (model key) was not read; absent when it was read. */
  private readonly bodyNotRead = new Map<string, string>();
  /** What was read of SAM resources (set by build()). */
  private samRead?: SamRead;
  /** What was read of SAM HttpApis (set by build()). */
  private samHttp?: SamHttpRead;
  /** What the HTTP API reader did not read (WebSocket APIs, OpenAPI bodies of HTTP APIs). */
  private readonly httpNotes: NotAnalysedModel[] = [];

  constructor(inputs: TemplateInput[], options: BuildOptions) {
    this.registry = new ContextRegistry(options.physicalIds);
    for (const input of inputs) this.load(input);
  }

  private load(input: TemplateInput, parent?: { ctx: TemplateContext; logicalId: string }): TemplateContext {
    const ctx = new TemplateContext(
      input.name,
      input.template,
      this.registry,
      input.region,
      input.account,
      input.constructPaths,
      input.file,
      input.aliasOf,
    );
    if (parent) {
      const params = parent.ctx.resources[parent.logicalId]?.Properties?.Parameters;
      ctx.parentParameters = {
        ctx: parent.ctx,
        logicalId: parent.logicalId,
        values: params && typeof params === 'object' ? (params as Record<string, unknown>) : {},
      };
      parent.ctx.children[parent.logicalId] = ctx;
    }
    if (input.openApiBodies) this.assetBodies.set(ctx, input.openApiBodies);
    this.registry.add(ctx);
    this.contexts.push(ctx);
    for (const [lid, child] of Object.entries(input.nested ?? {})) this.load(child, { ctx, logicalId: lid });
    return ctx;
  }

  private source(ctx: TemplateContext, logicalId: string): Source {
    return { key: ctx.keyOf(logicalId), template: ctx.name, logicalId, constructPath: ctx.constructPathOf(logicalId) };
  }

  /** Resources of one type across all templates (grouped in one pass over the templates). */
  private resourcesOfType(type: string): Array<[TemplateContext, string, Record<string, unknown>]> {
    if (!this.byType) {
      this.byType = new Map();
      for (const ctx of this.contexts) {
        for (const [lid, res] of Object.entries(ctx.resources)) {
          if (!res || typeof res.Type !== 'string') continue;
          let list = this.byType.get(res.Type);
          if (!list) this.byType.set(res.Type, (list = []));
          list.push([ctx, lid, res.Properties ?? {}]);
        }
      }
    }
    return this.byType.get(type) ?? [];
  }

  private poolKey(expr: unknown, ctx: TemplateContext): Val<PoolKey> {
    const v = resolve(expr, ctx);
    if (v instanceof ResourceRef) {
      if (v.resourceType === 'AWS::Cognito::UserPool' && (!v.attribute || ['Arn', 'ProviderName', 'ProviderURL'].includes(v.attribute))) {
        return v.key;
      }
      return new Unknown(expr, `${v} is not a user pool`);
    }
    if (typeof v === 'string') {
      const id = poolIdFromString(v);
      if (!id) return new Unknown(expr, `'${v}' is not a user pool id or ARN`);
      const local = this.physicalToPool.get(id);
      if (local) return local;
      const key = `external:${id}`;
      if (!this.pools.has(key)) {
        this.pools.set(key, {
          key,
          template: '(external)',
          logicalId: id,
          poolId: id,
          region: id.split('_')[0],
          external: true,
        });
      }
      return key;
    }
    return isUnknown(v) ? v : new Unknown(expr, 'not a user pool reference');
  }

  /** The stages of the APIs: REST (Stage, a Deployment's StageName), HTTP (ApiGatewayV2 Stage) and SAM (StageName). */
  private stages(): StageModel[] {
    const out: StageModel[] = [];
    const add = (ctx: TemplateContext, lid: string, restApi: Val<string>, name: unknown) => {
      out.push({ ...this.source(ctx, lid), restApi, name: str(name, ctx) ?? new Unknown(undefined, 'no StageName') });
    };
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::Stage')) add(ctx, lid, this.restApiKey(p.RestApiId, ctx), p.StageName);
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::Deployment')) {
      if (p.StageName !== undefined) add(ctx, lid, this.restApiKey(p.RestApiId, ctx), p.StageName);
    }
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGatewayV2::Stage')) add(ctx, lid, referenceKey(p.ApiId, ctx, 'an HTTP API'), p.StageName);
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::Serverless::Api')) add(ctx, lid, ctx.keyOf(lid), p.StageName);
    // A SAM HttpApi without StageName deploys the $default stage.
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::Serverless::HttpApi')) add(ctx, lid, ctx.keyOf(lid), p.StageName ?? '$default');
    return out;
  }

  private restApiKey(expr: unknown, ctx: TemplateContext): Val<string> {
    return referenceKey(expr, ctx, 'a REST API');
  }

  private resourceKey(expr: unknown, ctx: TemplateContext): Val<string> | undefined {
    if (expr === undefined) return undefined;
    const v = resolve(expr, ctx);
    if (v instanceof ResourceRef && !v.attribute) return v.key;
    if (typeof v === 'string') return `external:${v}`;
    return isUnknown(v) ? v : new Unknown(expr, 'not a resource reference');
  }

  /** Full path of an API Gateway resource reference (Ref to a Resource, or the API's RootResourceId). */
  private pathOf(v: unknown, depth = 0): Val<string> {
    if (depth > 100) return new Unknown(v, 'resource nesting too deep');
    if (v instanceof ResourceRef) {
      if (v.attribute === 'RootResourceId') return '/';
      if (v.attribute || v.resourceType !== 'AWS::ApiGateway::Resource') return new Unknown(v, `${v} is not an API resource`);
      const cached = this.pathCache.get(v.key);
      if (cached !== undefined) return cached;
      const props = v.ctx.resources[v.logicalId].Properties ?? {};
      const parent = this.pathOf(resolve(props.ParentId, v.ctx), depth + 1);
      const part = asString(resolve(props.PathPart, v.ctx), v.ctx);
      let out: Val<string>;
      if (isUnknown(parent)) out = parent;
      else if (typeof part !== 'string') out = part ?? new Unknown(props.PathPart, 'no PathPart');
      else out = parent === '/' ? `/${part}` : `${parent}/${part}`;
      this.pathCache.set(v.key, out);
      return out;
    }
    if (isUnknown(v)) return v;
    return new Unknown(v, 'the resource is not defined in the templates');
  }

  /** Logical ids referred to by the template's exported outputs (other stacks may import them). */
  private exported(ctx: TemplateContext): Set<string> {
    let out = this.exportedCache.get(ctx);
    if (!out) {
      out = new Set<string>();
      for (const o of Object.values(ctx.template.Outputs ?? {})) {
        if (o?.Export) referencedLogicalIds(o.Value, ctx, out);
      }
      this.exportedCache.set(ctx, out);
    }
    return out;
  }

  /** What a resource refers to directly (DependsOn, Ref, Fn::GetAtt, Fn::Sub), as logical ids of its template. */
  private directDependencies(ctx: TemplateContext, logicalId: string): Set<string> {
    const res = ctx.resources[logicalId];
    const direct = new Set<string>();
    if (!res) return direct;
    const dep = res.DependsOn;
    for (const d of Array.isArray(dep) ? dep : dep ? [dep] : []) if (typeof d === 'string') direct.add(ctx.canonicalId(d));
    referencedLogicalIds(res.Properties, ctx, direct);
    return direct;
  }

  /**
   * Keys of every resource that a resource is created after: what it depends on, directly or through
   * others, and, in a nested stack, what the parameters its parent passes depend on. Iterative (a
   * DependsOn chain of thousands of resources must not overflow the stack); cycles end the walk.
   */
  private closure(ctx: TemplateContext, logicalId: string): Set<string> {
    const key = ctx.keyOf(logicalId);
    const cached = this.closureCache.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    const expanded = new Set<string>([key]);
    const todo: Array<[TemplateContext, string]> = [[ctx, logicalId]];
    while (todo.length > 0) {
      const [c, lid] = todo.pop()!;
      if (!c.resources[lid]) continue;
      for (const d of this.directDependencies(c, lid)) {
        const k = c.keyOf(d);
        out.add(k);
        if (!expanded.has(k)) {
          expanded.add(k);
          todo.push([c, d]);
        }
      }
      // Parameters passed from a parent stack: the nested stack is created after what they refer to.
      const p = c.parentParameters;
      if (p) {
        const k = p.ctx.keyOf(p.logicalId);
        if (!expanded.has(k)) {
          expanded.add(k);
          todo.push([p.ctx, p.logicalId]);
        }
      }
    }
    this.closureCache.set(key, out);
    return out;
  }

  /**
   * What the templates declare that the model does not read: SAM resources that declare APIs, REST
   * APIs defined by OpenAPI (or cloned), API Gateway v2 APIs, authorizers and routes, nested stacks
   * whose template was not loaded, template macros. Every element named here is reported by the
   * NotAnalysed rule, so that "0 errors" never covers something that was not looked at.
   */
  private notAnalysed(): NotAnalysedModel[] {
    const out: NotAnalysedModel[] = [];
    const add = (ctx: TemplateContext, lid: string, resourceType: string, kind: NotAnalysedModel['kind'], reason: string) => {
      const src = this.source(ctx, lid);
      out.push({ key: src.key, template: src.template, logicalId: src.logicalId, constructPath: src.constructPath, resourceType, kind, reason });
    };

    for (const ctx of this.contexts) {
      const transforms = transformNames((ctx.template as { Transform?: unknown }).Transform).filter((n) => n !== SAM_TRANSFORM);
      for (const name of transforms) {
        add(ctx, name, 'Transform', 'transform', 'the template is changed by this macro at deploy time and the model reads it as written; the resources the macro adds or changes were not checked');
      }
    }

    this.resourcesOfType(''); // groups resources by type
    for (const [type, list] of this.byType!) {
      if (!type.startsWith('AWS::Serverless::')) continue;
      for (const [ctx, lid, p] of list) {
        if (type === 'AWS::Serverless::Api') {
          const why = this.samRead?.notRead.get(ctx.keyOf(lid));
          if (why !== undefined) add(ctx, lid, type, 'sam', `${why}; its methods, authorizers and scopes were not checked`);
        } else if (type === 'AWS::Serverless::HttpApi') {
          const why = this.samHttp?.notRead.get(ctx.keyOf(lid));
          if (why !== undefined) add(ctx, lid, type, 'sam', `${why}; its routes, authorizers and scopes were not checked`);
        } else if (type === 'AWS::Serverless::Application') {
          if (ctx.children[lid]) continue; // its template (a local Location) was loaded
          add(ctx, lid, type, 'sam', `${SAM_WHY} and the application's template is not loaded; the APIs, authorizers and scopes it deploys were not checked`);
        } else {
          const fnKey = ctx.keyOf(lid);
          const events = samApiEvents(p.Events, (name) => this.samRead?.readEvents.has(`${fnKey}\u0000${name}`) === true || this.samHttp?.readEvents.has(`${fnKey}\u0000${name}`) === true);
          if (events === undefined) {
            add(ctx, lid, type, 'sam', `${SAM_WHY} and its Events could not be read; the API events it may declare, their authorizers and scopes were not checked`);
          } else if (events.labels.length > 0) {
            const one = events.labels.length === 1;
            const verb = events.unread ? 'may declare' : one ? 'declares' : 'declare';
            add(ctx, lid, type, 'sam', `${SAM_WHY}; its event${one ? '' : 's'} ${listed(events.labels)} ${verb} API methods whose authorizers and scopes were not checked`);
          }
        }
      }
    }

    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::RestApi')) {
      const why = this.bodyNotRead.get(ctx.keyOf(lid));
      if (why !== undefined) {
        add(ctx, lid, 'AWS::ApiGateway::RestApi', 'openapi', `${why}; the methods, authorizers and scopes it declares were not checked`);
      } else if (p.Body === undefined && p.BodyS3Location === undefined && p.CloneFrom !== undefined) {
        add(ctx, lid, 'AWS::ApiGateway::RestApi', 'openapi', 'its methods are copied from another REST API (CloneFrom) at deploy time; the methods, authorizers and scopes it copies were not checked');
      }
    }

    for (const n of this.httpNotes) out.push(n);

    for (const [ctx, lid, p] of this.resourcesOfType('AWS::CloudFormation::Stack')) {
      if (ctx.children[lid]) continue;
      const url = typeof p.TemplateURL === 'string' ? ` (TemplateURL '${safeValue(p.TemplateURL)}')` : '';
      add(ctx, lid, 'AWS::CloudFormation::Stack', 'nested-stack', `its template${url} was not loaded; the APIs, authorizers and scopes it defines were not checked`);
    }
    return out;
  }

  /**
   * The operations, authorizers and gateway responses of a REST API's OpenAPI definition: an inline
   * `Body` (an object, or JSON/YAML text), or a `BodyS3Location` the loader found in the cloud assembly.
   * When there is a definition that cannot be read, the reason is kept for the NotAnalysed note.
   */
  private restApiBody(ctx: TemplateContext, lid: string, p: Record<string, unknown>): OpenApiRead | undefined {
    const key = ctx.keyOf(lid);
    let body: unknown;
    let prefix = 'Body';
    if (p.Body !== undefined) {
      body = p.Body;
      const text = typeof p.Body === 'string' ? p.Body : undefined;
      if (text !== undefined) {
        try {
          body = parseJsonOrYaml(text, `${ctx.name}/${lid} Body`);
        } catch (e) {
          this.bodyNotRead.set(key, `its OpenAPI definition (Body) is not valid JSON or YAML (${e instanceof InputError ? e.message : 'parse error'})`);
          return undefined;
        }
      }
    } else if (p.BodyS3Location !== undefined) {
      const asset = own(this.assetBodies.get(ctx), lid);
      if (!asset) {
        this.bodyNotRead.set(key, 'its methods are defined by an OpenAPI definition in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read');
        return undefined;
      }
      body = asset.body;
      prefix = 'BodyS3Location';
    } else {
      return undefined;
    }
    const why = unreadableBody(body, ctx);
    if (why !== undefined) {
      this.bodyNotRead.set(key, why);
      return undefined;
    }
    const src = this.source(ctx, lid);
    return readOpenApi(body, ctx, { key, template: src.template, logicalId: lid, constructPath: src.constructPath, prefix }, this.poolKey.bind(this));
  }

  /** What the HTTP API reader needs of the builder. */
  private httpHost(): HttpReaderHost {
    let clientIds: Map<string, string> | undefined;
    return {
      resourcesOfType: (type) => this.resourcesOfType(type),
      source: (ctx, lid) => this.source(ctx, lid),
      openApiFile: (ctx, lid) => own(this.assetBodies.get(ctx), lid)?.body,
      poolKey: (expr, ctx) => this.poolKey(expr, ctx),
      poolOfId: (id) => this.poolKey(id, this.contexts[0]) as string,
      pool: (key) => this.pools.get(key),
      clientOfId: (id) => {
        if (!clientIds) {
          clientIds = new Map();
          for (const [ctx, lid] of this.resourcesOfType('AWS::Cognito::UserPoolClient')) {
            const key = ctx.keyOf(lid);
            const physical = this.registry.physicalIds[key] ?? this.registry.physicalIds[lid];
            if (physical) clientIds.set(physical, key);
          }
        }
        return clientIds.get(id);
      },
      notAnalysed: (ctx, lid, resourceType, kind, reason) => {
        const src = this.source(ctx, lid);
        const { key, template, logicalId, constructPath } = src;
        this.httpNotes.push({ key, template, logicalId, constructPath, resourceType, kind, reason });
      },
    };
  }

  private method(ctx: TemplateContext, lid: string, p: Record<string, unknown>): MethodModel {
    const integration = resolveShallow(p.Integration, ctx);
    const knownIntegration = integration && typeof integration === 'object' && !isUnknown(integration) ? (integration as Record<string, unknown>) : undefined;
    const httpMethod = str(p.HttpMethod, ctx);
    const authorizationType = str(p.AuthorizationType, ctx);
    // One object literal of a fixed shape: spreading the source into it costs ten times the memory,
    // and a big API has thousands of methods.
    const src = this.source(ctx, lid);
    return {
      key: src.key,
      template: src.template,
      logicalId: src.logicalId,
      constructPath: src.constructPath,
      restApi: this.restApiKey(p.RestApiId, ctx),
      httpMethod: typeof httpMethod === 'string' ? httpMethod.toUpperCase() : (httpMethod ?? new Unknown(undefined, 'no HttpMethod')),
      path: this.pathOf(resolve(p.ResourceId, ctx)),
      authorizationType: authorizationType === undefined ? 'NONE' : typeof authorizationType === 'string' ? authorizationType.toUpperCase() : authorizationType,
      authorizer: this.resourceKey(p.AuthorizerId, ctx),
      scopes: strList(p.AuthorizationScopes, ctx),
      corsHeaders: setsAllowOrigin(knownIntegration?.IntegrationResponses, ctx) || setsAllowOrigin(p.MethodResponses, ctx),
      integrationType: knownIntegration ? asString(resolve(knownIntegration.Type, ctx), ctx) : undefined,
    };
  }

  public build(): AuthModel {
    const templates: TemplateModel[] = this.contexts.map((c) => ({
      name: c.name,
      file: c.file,
      region: c.region,
      acknowledgements: readAcknowledgements(c.template),
    }));

    for (const [ctx, lid] of this.resourcesOfType('AWS::Cognito::UserPool')) {
      const src = this.source(ctx, lid);
      const poolId = this.registry.physicalIds[src.key] ?? this.registry.physicalIds[lid];
      this.pools.set(src.key, {
        ...src,
        poolId,
        region: poolId ? poolId.split('_')[0] : ctx.region,
        external: false,
        exported: this.exported(ctx).has(lid),
      });
      if (poolId) this.physicalToPool.set(poolId, src.key);
    }

    const resourceServers: ResourceServerModel[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::Cognito::UserPoolResourceServer')) {
      const scopesRaw = resolve(p.Scopes, ctx);
      let scopes: Val<ScopeModel[]> | undefined;
      if (Array.isArray(scopesRaw)) {
        scopes = scopesRaw.map((s) => {
          const o = (s && typeof s === 'object' && !isUnknown(s) ? s : {}) as Record<string, unknown>;
          return {
            name: (asString(o.ScopeName, ctx) ?? new Unknown(s, 'no ScopeName')) as Val<string>,
            description: asString(o.ScopeDescription, ctx),
          };
        });
      } else if (isUnknown(scopesRaw)) {
        scopes = scopesRaw;
      }
      resourceServers.push({
        ...this.source(ctx, lid),
        pool: this.poolKey(p.UserPoolId, ctx),
        identifier: str(p.Identifier, ctx) ?? new Unknown(undefined, 'no Identifier'),
        name: str(p.Name, ctx),
        scopes,
      });
    }

    const clients: AppClientModel[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::Cognito::UserPoolClient')) {
      const units = resolve(p.TokenValidityUnits, ctx) as Record<string, unknown> | undefined;
      const unit = (k: string) => (units && typeof units === 'object' && !isUnknown(units) ? asString(units[k], ctx) : isUnknown(units) ? units : undefined);
      clients.push({
        ...this.source(ctx, lid),
        pool: this.poolKey(p.UserPoolId, ctx),
        clientName: str(p.ClientName, ctx),
        allowedOAuthFlowsUserPoolClient: bool(p.AllowedOAuthFlowsUserPoolClient, ctx),
        allowedOAuthFlows: strList(p.AllowedOAuthFlows, ctx),
        allowedOAuthScopes: strList(p.AllowedOAuthScopes, ctx),
        generateSecret: bool(p.GenerateSecret, ctx),
        callbackUrls: strList(p.CallbackURLs, ctx),
        logoutUrls: strList(p.LogoutURLs, ctx),
        defaultRedirectUri: str(p.DefaultRedirectURI, ctx),
        explicitAuthFlows: strList(p.ExplicitAuthFlows, ctx),
        supportedIdentityProviders: strList(p.SupportedIdentityProviders, ctx),
        tokenValidity: {
          accessToken: num(p.AccessTokenValidity, ctx),
          idToken: num(p.IdTokenValidity, ctx),
          refreshToken: num(p.RefreshTokenValidity, ctx),
          units: { accessToken: unit('AccessToken'), idToken: unit('IdToken'), refreshToken: unit('RefreshToken') },
        },
        createdAfter: this.closure(ctx, lid),
      });
    }

    const domains: DomainModel[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::Cognito::UserPoolDomain')) {
      domains.push({
        ...this.source(ctx, lid),
        pool: this.poolKey(p.UserPoolId, ctx),
        domain: str(p.Domain, ctx) ?? new Unknown(undefined, 'no Domain'),
        custom: p.CustomDomainConfig !== undefined,
      });
    }

    const restApis: RestApiModel[] = [];
    const apiKeys = new Set<string>();
    const fromBodies: OpenApiRead[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::RestApi')) {
      const src = this.source(ctx, lid);
      apiKeys.add(src.key);
      restApis.push(
        Object.assign(src, { name: str(p.Name, ctx), defined: true, hasOpenApiBody: p.Body !== undefined || p.BodyS3Location !== undefined }),
      );
      const read = this.restApiBody(ctx, lid, p);
      if (read) fromBodies.push(read);
    }
    const localDefinition = (c: TemplateContext, id: string) => own(this.assetBodies.get(c), id)?.body;
    const sam = (this.samRead = readSam(this.resourcesOfType.bind(this), this.source.bind(this), this.poolKey.bind(this), localDefinition));
    for (const api of sam.restApis) {
      apiKeys.add(api.key);
      restApis.push(api);
    }
    fromBodies.push(sam);
    const noteApi = (key: Val<string>) => {
      if (typeof key === 'string' && !apiKeys.has(key)) {
        apiKeys.add(key);
        const [template, logicalId] = key.startsWith('external:') ? ['(external)', key.slice('external:'.length)] : key.split('#');
        restApis.push({ key, template, logicalId, name: undefined, defined: false, hasOpenApiBody: false });
      }
    };

    const authorizers: AuthorizerModel[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::Authorizer')) {
      const arns = resolve(p.ProviderARNs, ctx);
      let providerPools: AuthorizerModel['providerPools'];
      if (Array.isArray(arns)) providerPools = arns.map((a) => this.poolKey(a, ctx));
      else if (isUnknown(arns)) providerPools = arns;
      const restApi = this.restApiKey(p.RestApiId, ctx);
      noteApi(restApi);
      authorizers.push({
        ...this.source(ctx, lid),
        restApi,
        name: str(p.Name, ctx),
        type: str(p.Type, ctx) ?? new Unknown(undefined, 'no Type'),
        providerPools,
        identitySource: str(p.IdentitySource, ctx),
        identityValidationExpression: str(p.IdentityValidationExpression, ctx),
        ttlSeconds: num(p.AuthorizerResultTtlInSeconds, ctx),
      });
    }
    for (const r of fromBodies) for (const a of r.authorizers) authorizers.push(a);

    const methods: MethodModel[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::Method')) {
      const method = this.method(ctx, lid, p);
      noteApi(method.restApi);
      methods.push(method);
    }
    for (const r of fromBodies) for (const m of r.methods) methods.push(m);

    // HTTP APIs (API Gateway v2): the same elements, apiKind 'http' (http-api.ts).
    const http = readHttpApis(this.httpHost());
    this.samHttp = http.sam;
    for (const api of http.apis) {
      apiKeys.add(api.key);
      restApis.push(api);
    }
    const noteHttpApi = (key: Val<string>) => {
      if (typeof key === 'string' && !apiKeys.has(key)) {
        apiKeys.add(key);
        const [template, logicalId] = key.startsWith('external:') ? ['(external)', key.slice('external:'.length)] : key.split('#');
        restApis.push({ key, template, logicalId, name: undefined, defined: false, hasOpenApiBody: false, apiKind: 'http' });
      }
    };
    for (const a of http.authorizers) {
      noteHttpApi(a.restApi);
      authorizers.push(a);
    }
    for (const r of http.routes) {
      noteHttpApi(r.restApi);
      methods.push(r);
    }

    const gatewayResponses: GatewayResponseModel[] = [];
    for (const [ctx, lid, p] of this.resourcesOfType('AWS::ApiGateway::GatewayResponse')) {
      const restApi = this.restApiKey(p.RestApiId, ctx);
      noteApi(restApi);
      gatewayResponses.push({
        ...this.source(ctx, lid),
        restApi,
        responseType: str(p.ResponseType, ctx) ?? new Unknown(undefined, 'no ResponseType'),
        statusCode: str(p.StatusCode, ctx),
        responseParameters: stringMap(p.ResponseParameters, ctx),
      });
    }
    for (const r of fromBodies) for (const g of r.gatewayResponses) gatewayResponses.push(g);

    return {
      stages: this.stages(),
      templates,
      userPools: [...this.pools.values()],
      resourceServers,
      clients,
      domains,
      authorizers,
      restApis,
      methods,
      gatewayResponses,
      notAnalysed: this.notAnalysed(),
    };
  }
}

/** The Metadata key under which acknowledgements are written in templates: `{ acknowledge: [{ id, reason }] }`. */
export const ACKNOWLEDGE_METADATA_KEY = 'cdk-cognito-scopes';

/** `cdk-cognito-scopes::RuleId` or `RuleId` → `RuleId`. */
export function ackRuleId(id: string): string {
  return id.startsWith(`${ACKNOWLEDGE_METADATA_KEY}::`) ? id.slice(ACKNOWLEDGE_METADATA_KEY.length + 2) : id;
}

/** The acknowledgements of one Metadata object (entries that are not `{ id: string, reason?: string }` are ignored). */
function acknowledgementsIn(metadata: unknown, logicalId?: string): AcknowledgementModel[] {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return [];
  const ours = own(metadata as Record<string, unknown>, ACKNOWLEDGE_METADATA_KEY);
  if (!ours || typeof ours !== 'object' || Array.isArray(ours)) return [];
  const list = own(ours as Record<string, unknown>, 'acknowledge');
  if (!Array.isArray(list)) return [];
  const out: AcknowledgementModel[] = [];
  for (const e of list) {
    if (!e || typeof e !== 'object' || Array.isArray(e)) continue;
    const { id, reason } = e as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0) continue;
    const r = typeof reason === 'string' && reason.trim().length > 0 ? reason : undefined;
    out.push({ ruleId: ackRuleId(id), reason: r, logicalId });
  }
  return out;
}

/** Acknowledgements of a template: its top-level Metadata (every resource) and each resource's Metadata. */
export function readAcknowledgements(template: RawTemplate): AcknowledgementModel[] {
  const out = acknowledgementsIn((template as { Metadata?: unknown }).Metadata);
  for (const [lid, res] of Object.entries(template.Resources ?? {})) {
    if (res && typeof res === 'object') for (const a of acknowledgementsIn(res.Metadata, lid)) out.push(a);
  }
  return out;
}

/** Build the AuthModel of a set of templates (with their nested stacks). */
export function buildModel(inputs: TemplateInput[], options: BuildOptions = {}): AuthModel {
  return new ModelBuilder(inputs, options).build();
}
