/**
 * SAM (`Transform: AWS::Serverless-2016-10-31`) read as written, without the transform service
 * (DESIGN.md §7): `AWS::Serverless::Api` (its `Auth`, `Cors`, `DefinitionBody`) and the `Api` events of
 * `AWS::Serverless::Function`s (explicit `RestApiId`, or the implicit `ServerlessRestApi`), with
 * `Globals.Api`, become the same model elements as REST API resources: one MethodModel per event (and per
 * generated CORS preflight), one AuthorizerModel per `Auth.Authorizers` entry. Keys match those of the
 * OpenAPI body the SAM translator generates (`<api>/GET /items`, `<api>/authorizer:<name>`), so that the
 * model of a SAM template and of its translation can be compared (test/decl-sam-oracle.test.ts).
 */
import { OpenApiRead, SamDefaults, Scheme, readOpenApi, unreadableBody } from './openapi';
import { ResourceRef, TemplateContext, own, resolve } from './resolve';
import { AuthorizerModel, MethodModel, PoolKey, RestApiModel, Source, Unknown, Val, isUnknown } from './types';
import { str, strList } from './values';

type ResourcesOfType = (type: string) => Array<[TemplateContext, string, Record<string, unknown>]>;

export interface SamRead extends OpenApiRead {
  readonly restApis: RestApiModel[];
  /** Model key of a SAM API → why it was not read (for the NotAnalysed note). */
  readonly notRead: Map<string, string>;
  /** `<function key>\u0000<event name>` of every `Api` event read. */
  readonly readEvents: Set<string>;
}

const IMPLICIT_API = 'ServerlessRestApi';
const MAX_MERGE_DEPTH = 20;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ResourceRef) && !(v instanceof Unknown);
}

function isIntrinsic(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function obj(expr: unknown, ctx: TemplateContext): Record<string, unknown> | undefined {
  if (!isObject(expr)) return undefined;
  if (!isIntrinsic(expr)) return expr;
  const v = resolve(expr, ctx);
  return isObject(v) ? v : undefined;
}


/** SAM's Globals merge: maps merge key by key (the resource wins), anything else is replaced. Bounded depth. */
export function mergeGlobals(global: unknown, local: unknown, depth = 0): unknown {
  if (local === undefined) return global;
  if (!isObject(global) || !isObject(local) || isIntrinsic(local) || isIntrinsic(global) || depth > MAX_MERGE_DEPTH) return local;
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(global)) out[k] = global[k];
  for (const k of Object.keys(local)) out[k] = own(out, k) !== undefined ? mergeGlobals(out[k], local[k], depth + 1) : local[k];
  return out;
}

interface SamAuthorizer {
  readonly model: AuthorizerModel;
  readonly authorizationType: string;
  /** `AuthorizationScopes` of the authorizer: the default scopes of the methods using it. */
  readonly scopes: Val<Array<Val<string>>> | undefined;
}

interface SamApi {
  readonly key: string;
  readonly src: Source;
  /** Where the API's own settings are declared: `''` for a resource, `Globals.Api.` for the implicit API. */
  readonly at: string;
  readonly authorizers: Map<string, SamAuthorizer>;
  readonly defaultAuthorizer: Val<string> | undefined;
  readonly preflightAuth: boolean;
  readonly cors: boolean;
  readonly methods: MethodModel[];
  readonly ctx: TemplateContext;
  /** The API has a DefinitionBody or DefinitionUri: SAM does not add its functions' events to it. */
  readonly definedByBody: boolean;
}

function nonEmpty(scopes: Val<Array<Val<string>>> | undefined): Val<Array<Val<string>>> | undefined {
  return Array.isArray(scopes) && scopes.length === 0 ? undefined : scopes;
}

/**
 * Read the SAM APIs and function events of the templates. `source` names a template element,
 * `poolKey` resolves a `UserPoolArn` as for `AWS::ApiGateway::Authorizer`.
 */
export function readSam(
  resourcesOfType: ResourcesOfType,
  source: (ctx: TemplateContext, logicalId: string) => Source,
  poolKey: (expr: unknown, ctx: TemplateContext) => Val<PoolKey>,
  /** The definition a loader read for a `DefinitionUri` naming a local file. */
  localDefinition: (ctx: TemplateContext, logicalId: string) => unknown = () => undefined,
): SamRead {
  const out: SamRead = { restApis: [], authorizers: [], methods: [], gatewayResponses: [], notRead: new Map(), readEvents: new Set() };
  const apis = new Map<string, SamApi>();
  const globalsApi = (ctx: TemplateContext) => own(obj(own(ctx.template as unknown as Record<string, unknown>, 'Globals'), ctx), 'Api');

  const makeApi = (ctx: TemplateContext, lid: string, props: Record<string, unknown>, implicit: boolean): SamApi => {
    const src0 = source(ctx, lid);
    const src: Source = implicit ? { ...src0, declaration: 'Globals.Api' } : src0;
    const at = implicit ? 'Globals.Api.' : '';
    const key = src.key;
    const hasOpenApiBody = props.DefinitionBody !== undefined || props.DefinitionUri !== undefined;
    out.restApis.push({ ...src, name: str(props.Name, ctx), defined: true, hasOpenApiBody });
    const auth = obj(props.Auth, ctx);
    const authorizers = new Map<string, SamAuthorizer>();
    for (const [name, raw] of Object.entries(obj(own(auth, 'Authorizers'), ctx) ?? {})) {
      const a = obj(raw, ctx) ?? {};
      const identity = obj(own(a, 'Identity'), ctx);
      const cognito = own(a, 'UserPoolArn') !== undefined;
      let providerPools: AuthorizerModel['providerPools'];
      if (cognito) {
        const arns = resolveList(own(a, 'UserPoolArn'), ctx);
        providerPools = isUnknown(arns) ? arns : arns.map((x) => poolKey(x, ctx));
      }
      const payload = str(own(a, 'FunctionPayloadType'), ctx);
      const header = identity ? str(own(identity, 'Header'), ctx) : undefined;
      const ttl = identity ? resolve(own(identity, 'ReauthorizeEvery'), ctx) : undefined;
      const model: AuthorizerModel = {
        key: `${key}/authorizer:${name}`,
        template: src.template,
        logicalId: src.logicalId,
        constructPath: src.constructPath,
        declaration: `${at}Auth.Authorizers.${name}`,
        restApi: key,
        name,
        type: cognito ? 'COGNITO_USER_POOLS' : payload === 'REQUEST' ? 'REQUEST' : 'TOKEN',
        providerPools,
        identitySource:
          cognito || payload !== 'REQUEST'
            ? typeof header === 'string' || header === undefined
              ? `method.request.header.${header ?? 'Authorization'}`
              : header
            : requestIdentitySource(identity, ctx),
        identityValidationExpression: identity ? str(own(identity, 'ValidationExpression'), ctx) : undefined,
        ttlSeconds: typeof ttl === 'number' ? ttl : ttl === undefined ? undefined : isUnknown(ttl) ? ttl : new Unknown(ttl, 'not a number'),
      };
      out.authorizers.push(model);
      authorizers.set(name, { model, authorizationType: cognito ? 'COGNITO_USER_POOLS' : 'CUSTOM', scopes: cognito ? nonEmpty(strList(own(a, 'AuthorizationScopes'), ctx)) : undefined });
    }
    const api: SamApi = {
      key,
      src,
      at,
      authorizers,
      defaultAuthorizer: auth ? str(own(auth, 'DefaultAuthorizer'), ctx) : undefined,
      preflightAuth: resolve(own(auth, 'AddDefaultAuthorizerToCorsPreflight'), ctx) !== false,
      cors: props.Cors !== undefined,
      methods: [],
      ctx,
      definedByBody: props.DefinitionBody !== undefined || props.DefinitionUri !== undefined,
    };
    apis.set(key, api);
    return api;
  };

  for (const [ctx, lid, p] of resourcesOfType('AWS::Serverless::Api')) {
    const props = (mergeGlobals(globalsApi(ctx), p) ?? {}) as Record<string, unknown>;
    const api = makeApi(ctx, lid, props, false);
    const local = props.DefinitionUri !== undefined ? localDefinition(ctx, lid) : undefined;
    if (local !== undefined && props.Auth === undefined && props.Cors === undefined && unreadableBody(local, ctx) === undefined) {
      // A local file SAM (after sam package) hands to API Gateway as it is: without Auth or Cors, SAM adds nothing to it.
      const owner = { key: api.key, template: api.src.template, logicalId: lid, constructPath: api.src.constructPath, prefix: 'DefinitionUri' };
      const read = readOpenApi(local, ctx, owner, poolKey);
      for (const a of read.authorizers) out.authorizers.push(a);
      for (const g of read.gatewayResponses) out.gatewayResponses.push(g);
      for (const m of read.methods) api.methods.push(m);
    } else if (local !== undefined) {
      out.notRead.set(api.key, 'its OpenAPI definition is a file (DefinitionUri) combined with Auth or Cors, which cdk-cognito-scopes does not model');
    } else if (props.DefinitionUri !== undefined) {
      out.notRead.set(api.key, 'its OpenAPI definition is a file (DefinitionUri), which cdk-cognito-scopes does not read');
    } else if (props.DefinitionBody !== undefined) {
      const why = unreadableBody(props.DefinitionBody, ctx);
      if (why !== undefined) {out.notRead.set(api.key, why);} else if (isUnknown(api.defaultAuthorizer)) {
        out.notRead.set(api.key, `its DefaultAuthorizer could not be read (${api.defaultAuthorizer.why})`);
      } else {
        // The definition as SAM hands it to API Gateway: Auth.Authorizers as security schemes, the DefaultAuthorizer added.
        const schemes = new Map<string, Scheme>([['AWS_IAM', { authorizationType: 'AWS_IAM', scoped: false }]]);
        for (const [name, a] of api.authorizers) schemes.set(name, { authorizer: a.model, authorizationType: a.authorizationType, scoped: a.authorizationType === 'COGNITO_USER_POOLS' });
        const d = api.defaultAuthorizer;
        const defaults: SamDefaults = {
          schemes,
          defaultAuthorizer: d === undefined || d === 'NONE' ? undefined : { name: d, scopes: api.authorizers.get(d)?.scopes, preflight: api.preflightAuth },
        };
        const owner = { key: api.key, template: api.src.template, logicalId: lid, constructPath: api.src.constructPath, prefix: 'DefinitionBody' };
        const read = readOpenApi(props.DefinitionBody, ctx, owner, poolKey, defaults);
        for (const a of read.authorizers) if (!api.authorizers.has(a.name as string)) out.authorizers.push(a);
        for (const g of read.gatewayResponses) out.gatewayResponses.push(g);
        for (const m of read.methods) api.methods.push(m);
      }
    }
    gatewayResponses(api, props, ctx, out);
  }

  for (const [ctx, lid, p] of resourcesOfType('AWS::Serverless::Function')) {
    const events = obj(p.Events, ctx);
    if (!events) continue;
    const fnSrc = source(ctx, lid);
    for (const [name, rawEvent] of Object.entries(events)) {
      const e = obj(rawEvent, ctx);
      if (!e || own(e, 'Type') !== 'Api') continue;
      const props = obj(own(e, 'Properties'), ctx);
      if (!props) continue;
      const path = str(own(props, 'Path'), ctx);
      const verb = str(own(props, 'Method'), ctx);
      if (path === undefined || verb === undefined) continue; // not read: stays NotAnalysed
      let api: SamApi | undefined;
      const apiId = own(props, 'RestApiId');
      if (apiId === undefined) {
        const key = ctx.keyOf(IMPLICIT_API);
        api = apis.get(key);
        if (!api) {
          const g = (mergeGlobals(globalsApi(ctx), {}) ?? {}) as Record<string, unknown>;
          api = makeApi(ctx, IMPLICIT_API, g, true);
          gatewayResponses(api, g, ctx, out);
        }
      } else {
        const ref = resolve(apiId, ctx);
        if (ref instanceof ResourceRef && !ref.attribute) api = apis.get(ref.key);
      }
      if (!api) continue; // an API of another kind or template: stays NotAnalysed
      if (api.definedByBody) {
        // SAM adds events to the definitions it generates only: with a DefinitionBody the event adds no method.
        out.readEvents.add(`${fnSrc.key}\u0000${name}`);
        continue;
      }
      const auth = obj(own(props, 'Auth'), ctx);
      const named = auth ? str(own(auth, 'Authorizer'), ctx) : undefined;
      const authorizerName = named ?? api.defaultAuthorizer;
      let authorizationType: Val<string> = 'NONE';
      let authorizer: string | undefined;
      let scopes: Val<Array<Val<string>>> | undefined;
      if (isUnknown(authorizerName)) {
        authorizationType = authorizerName;
      } else if (authorizerName === 'AWS_IAM') {
        authorizationType = 'AWS_IAM';
      } else if (authorizerName !== undefined && authorizerName !== 'NONE') {
        const a = api.authorizers.get(authorizerName);
        if (!a) {
          authorizationType = new Unknown(authorizerName, `authorizer ${authorizerName} is not defined in the API's Auth.Authorizers`);
        } else {
          authorizationType = a.authorizationType;
          authorizer = a.model.key;
          const own_ = auth ? own(auth, 'AuthorizationScopes') : undefined;
          scopes = a.authorizationType === 'COGNITO_USER_POOLS' ? (own_ !== undefined ? nonEmpty(strList(own_, ctx)) : a.scopes) : undefined;
        }
      }
      const httpMethod = typeof verb === 'string' ? (verb.toLowerCase() === 'any' ? 'ANY' : verb.toUpperCase()) : verb;
      out.readEvents.add(`${fnSrc.key}\u0000${name}`);
      api.methods.push({
        key: `${api.key}/${typeof httpMethod === 'string' ? httpMethod : '?'} ${typeof path === 'string' ? path : '?'}`,
        template: fnSrc.template,
        logicalId: fnSrc.logicalId,
        constructPath: fnSrc.constructPath,
        declaration: `Events.${name}`,
        restApi: api.key,
        httpMethod,
        path,
        authorizationType,
        authorizer,
        scopes,
        corsHeaders: false,
        integrationType: 'AWS_PROXY',
      });
    }
  }

  for (const api of apis.values()) {
    if (out.notRead.has(api.key)) continue;
    for (const m of api.methods) out.methods.push(m);
    if (!api.cors) continue;
    // The preflight SAM generates for every path: with a default authorizer (and AddDefaultAuthorizerToCorsPreflight not false) it carries it.
    const paths = new Set<string>();
    const hasOptions = new Set<string>();
    for (const m of api.methods) {
      if (typeof m.path !== 'string') continue;
      paths.add(m.path);
      if (m.httpMethod === 'OPTIONS') hasOptions.add(m.path);
    }
    const d = typeof api.defaultAuthorizer === 'string' ? api.authorizers.get(api.defaultAuthorizer) : undefined;
    const protectedPreflight = api.preflightAuth && d !== undefined;
    for (const p of paths) {
      if (hasOptions.has(p)) continue;
      out.methods.push({
        key: `${api.key}/OPTIONS ${p}`,
        template: api.src.template,
        logicalId: api.src.logicalId,
        constructPath: api.src.constructPath,
        declaration: `${api.at}Cors`,
        restApi: api.key,
        httpMethod: 'OPTIONS',
        path: p,
        authorizationType: protectedPreflight
          ? d!.authorizationType
          : api.preflightAuth && (isUnknown(api.defaultAuthorizer) || api.defaultAuthorizer === 'AWS_IAM')
            ? api.defaultAuthorizer!
            : 'NONE',
        authorizer: protectedPreflight ? d!.model.key : undefined,
        scopes: protectedPreflight ? d!.scopes : undefined,
        corsHeaders: true,
        integrationType: 'MOCK',
      });
    }
  }
  return out;
}

/** A REQUEST authorizer's identity source, as SAM writes it: Identity.Headers, QueryStrings, StageVariables, Context. */
function requestIdentitySource(identity: Record<string, unknown> | undefined, ctx: TemplateContext): Val<string> | undefined {
  if (!identity) return undefined;
  const parts: string[] = [];
  for (const [key, prefix] of [['Headers', 'method.request.header.'], ['QueryStrings', 'method.request.querystring.'], ['StageVariables', 'stageVariables.'], ['Context', 'context.']]) {
    const list = strList(own(identity, key), ctx);
    if (list === undefined) continue;
    if (isUnknown(list)) return list;
    for (const x of list) {
      if (typeof x !== 'string') return x;
      parts.push(prefix + x);
    }
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** `UserPoolArn`: one ARN or a list of them. */
function resolveList(expr: unknown, ctx: TemplateContext): unknown[] | Unknown {
  const v = resolve(expr, ctx);
  if (Array.isArray(v)) return v.filter((x) => x !== undefined);
  if (isUnknown(v)) return v;
  return [v];
}

/** `GatewayResponses.<TYPE>`: StatusCode and ResponseParameters.Headers (as `gatewayresponse.header.<name>`). */
function gatewayResponses(api: SamApi, props: Record<string, unknown>, ctx: TemplateContext, out: SamRead): void {
  for (const [type, raw] of Object.entries(obj(props.GatewayResponses, ctx) ?? {})) {
    const r = obj(raw, ctx);
    const headers = obj(own(obj(own(r, 'ResponseParameters'), ctx), 'Headers'), ctx);
    let responseParameters: Record<string, Val<string>> | undefined;
    if (headers) {
      responseParameters = Object.create(null) as Record<string, Val<string>>;
      for (const [h, v] of Object.entries(headers)) {
        const s = str(v, ctx);
        if (s !== undefined) Object.defineProperty(responseParameters, `gatewayresponse.header.${h}`, { value: s, enumerable: true, writable: true, configurable: true });
      }
    }
    out.gatewayResponses.push({
      key: `${api.key}/gateway-response:${type}`,
      template: api.src.template,
      logicalId: api.src.logicalId,
      constructPath: api.src.constructPath,
      declaration: `${api.at}GatewayResponses.${type}`,
      restApi: api.key,
      responseType: type,
      statusCode: r ? str(own(r, 'StatusCode'), ctx) : undefined,
      responseParameters,
    });
  }
}
