/**
 * The reader of HTTP APIs (API Gateway v2, DESIGN.md §8): `AWS::ApiGatewayV2::Api` (ProtocolType HTTP),
 * `AWS::ApiGatewayV2::Authorizer` and `AWS::ApiGatewayV2::Route` become the same model elements as REST
 * APIs, authorizers and methods (`apiKind: 'http'`), so that the rules, the simulator and the matrix
 * are written once. WebSocket APIs stay NotAnalysed.
 */
import { OPENAPI_VERBS } from './openapi';
import { ResourceRef, TemplateContext, asString, own, referenceKey, resolve } from './resolve';
import { mergeGlobals } from './sam';
import {
  AudienceEntryModel,
  AuthorizerModel,
  JwtConfigModel,
  MethodModel,
  NotAnalysedModel,
  PoolKey,
  RestApiModel,
  Source,
  Unknown,
  UserPoolModel,
  Val,
  isUnknown,
} from './types';
import { str, strList } from './values';
import { safeValue } from '../safe-text';

/** What the reader needs of the model builder. */
export interface HttpReaderHost {
  resourcesOfType(type: string): Array<[TemplateContext, string, Record<string, unknown>]>;
  source(ctx: TemplateContext, logicalId: string): Source;
  poolKey(expr: unknown, ctx: TemplateContext): Val<PoolKey>;
  /** The pool of a physical pool id (a pool of the templates whose id the caller gave, or an external pool). */
  poolOfId(poolId: string): PoolKey;
  pool(key: PoolKey): UserPoolModel | undefined;
  /** The model key of an app client of the templates with this physical id, if any. */
  clientOfId(clientId: string): string | undefined;
  notAnalysed(ctx: TemplateContext, lid: string, resourceType: string, kind: NotAnalysedModel['kind'], reason: string): void;
  /**
   * The OpenAPI file the loader read for an API (a `BodyS3Location` that is an asset of the cloud assembly,
   * a SAM `DefinitionUri` naming a file beside the template), parsed; `undefined` when it was not found.
   */
  openApiFile(ctx: TemplateContext, lid: string): unknown;
}

export interface HttpElements {
  readonly apis: RestApiModel[];
  readonly authorizers: AuthorizerModel[];
  readonly routes: MethodModel[];
  /** What was read of SAM HttpApis (their keys not read, the events read). */
  readonly sam?: SamHttpRead;
}

const V2_API = 'AWS::ApiGatewayV2::Api';
const POOL_TYPE = 'AWS::Cognito::UserPool';

/** The API a v2 resource refers to (a key of the templates, `external:<id>`, or unknown). */
function apiKey(expr: unknown, ctx: TemplateContext): Val<string> {
  return referenceKey(expr, ctx, 'an HTTP API');
}


/** `GET /items` → [GET, /items]; `$default` → [ANY, $default]. */
export function parseRouteKey(key: Val<string> | undefined): { verb: Val<string>; path: Val<string> } {
  if (key === undefined) return { verb: new Unknown(undefined, 'no RouteKey'), path: new Unknown(undefined, 'no RouteKey') };
  if (isUnknown(key)) return { verb: key, path: key };
  const k = key.trim();
  if (k === '$default') return { verb: 'ANY', path: '$default' };
  const i = k.indexOf(' ');
  if (i < 0) return { verb: new Unknown(key, 'RouteKey is not `VERB /path`'), path: new Unknown(key, 'RouteKey is not `VERB /path`') };
  return { verb: k.slice(0, i).toUpperCase(), path: k.slice(i + 1).trim() };
}

/** Markers inside a rendered issuer: a region of a template, and a pool's id. */
const MARK = '\u0000';
const regionMark = (ctx: TemplateContext) => `${MARK}R:${ctx.name}${MARK}`;
const poolMark = (key: string) => `${MARK}P:${key}${MARK}`;
const MARKS = /\u0000([RP]):([^\u0000]*)\u0000/g;

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([^/]*)(\/*)$/;
const HOSTED_UI = /^https:\/\/[^/]+\.auth\.([a-z0-9-]+)\.amazoncognito\.com(\/.*)?$/;

class IssuerReader {
  /** The one pool the issuer refers to by `Ref`/`Fn::GetAtt`, when it refers to one. */
  public pools = new Set<string>();
  public unknown?: Unknown;

  constructor(private readonly host: HttpReaderHost) {}

  /** The pool's region as text or a marker (the region of the pool's template when not known). */
  public poolRegion(key: string, ctx: TemplateContext): string | undefined {
    const p = this.host.pool(key);
    if (p?.region) return p.region;
    if (p?.external) return undefined;
    return regionMark(ctx);
  }

  /** Render an expression as text with markers; undefined (and `unknown` set) when a part cannot be read. */
  public render(expr: unknown, ctx: TemplateContext, depth = 0): string | undefined {
    if (depth > 20) return this.fail(expr, 'issuer nesting too deep');
    if (typeof expr === 'string') return this.text(expr);
    if (expr && typeof expr === 'object' && !Array.isArray(expr)) {
      const keys = Object.keys(expr);
      const o = expr as Record<string, unknown>;
      if (keys.length === 1 && keys[0] === 'Ref' && o.Ref === 'AWS::Region') {
        return ctx.region ?? regionMark(ctx);
      }
      if (keys.length === 1 && keys[0] === 'Fn::Join' && Array.isArray(o['Fn::Join']) && (o['Fn::Join'] as unknown[]).length === 2) {
        const [sep, list] = o['Fn::Join'] as [unknown, unknown];
        const s = typeof sep === 'string' ? sep : undefined;
        if (s === undefined || !Array.isArray(list)) return this.fromValue(resolve(expr, ctx), ctx, expr);
        const parts: string[] = [];
        for (const p of list) {
          const r = this.render(p, ctx, depth + 1);
          if (r === undefined) return undefined;
          parts.push(r);
        }
        return parts.join(s);
      }
      if (keys.length === 1 && keys[0] === 'Fn::Sub' && typeof o['Fn::Sub'] === 'string') {
        let failed = false;
        const out = (o['Fn::Sub'] as string).replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
          if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
          const name = inner.trim();
          const e = name.includes('.') && !name.startsWith('AWS::') ? { 'Fn::GetAtt': [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)] } : { Ref: name };
          const r = this.render(e, ctx, depth + 1);
          if (r === undefined) failed = true;
          return r ?? whole;
        });
        return failed ? undefined : out;
      }
    }
    return this.fromValue(resolve(expr, ctx), ctx, expr);
  }

  /** Template text, which must not carry the markers (a NUL character): it is untrusted input. */
  private text(s: string): string | undefined {
    return s.includes(MARK) ? this.fail(s, 'the issuer contains a NUL character') : s;
  }

  private fromValue(v: unknown, ctx: TemplateContext, expr: unknown): string | undefined {
    if (typeof v === 'string') return this.text(v);
    if (v instanceof ResourceRef && v.resourceType === POOL_TYPE) {
      const key = v.key;
      this.pools.add(key);
      const region = this.poolRegion(key, v.ctx);
      if (!v.attribute) return poolMark(key);
      if (region === undefined) return this.fail(expr, `the region of ${v} is not known`);
      if (v.attribute === 'ProviderURL') return `https://cognito-idp.${region}.amazonaws.com/${poolMark(key)}`;
      if (v.attribute === 'ProviderName') return `cognito-idp.${region}.amazonaws.com/${poolMark(key)}`;
      return this.fail(expr, `${v} is not the pool's id or issuer`);
    }
    const s = asString(v, ctx);
    if (typeof s === 'string') return this.text(s);
    return this.fail(expr, s instanceof Unknown ? s.why : 'the issuer could not be read');
  }

  private fail(expr: unknown, why: string): undefined {
    this.unknown ??= new Unknown(expr, why);
    return undefined;
  }
}

/** A rendered issuer for messages: markers written as `${AWS::Region}` and `${<pool logical id>}`. */
function display(rendered: string, host: HttpReaderHost): string {
  return rendered.replace(MARKS, (_w, kind: string, v: string) => {
    if (kind === 'R') return '${AWS::Region}';
    const p = host.pool(v);
    return p?.poolId ?? `\${${p?.logicalId ?? v}}`;
  });
}

/** Read `JwtConfiguration.Issuer`: the pool it names and whether it is exactly that pool's issuer URL. */
export function readIssuer(expr: unknown, ctx: TemplateContext, host: HttpReaderHost): Pick<JwtConfigModel, 'issuer' | 'issuerPool' | 'issuerMatch' | 'expectedIssuer' | 'issuerProblem'> {
  if (expr === undefined) return { issuer: undefined, issuerPool: undefined, issuerMatch: 'none' };
  const reader = new IssuerReader(host);
  let rendered = reader.render(expr, ctx);
  if (rendered === undefined) {
    const u = reader.unknown ?? new Unknown(expr, 'the issuer could not be read');
    return { issuer: u, issuerPool: u, issuerMatch: u };
  }
  let issuer = display(rendered, host);
  if (reader.pools.size > 1) {
    return { issuer, issuerPool: new Unknown(expr, 'the issuer names several user pools'), issuerMatch: 'mismatch', issuerProblem: 'it names several user pools' };
  }
  if (reader.pools.size === 1) {
    const key = [...reader.pools][0];
    const region = reader.poolRegion(key, ctx);
    // `${AWS::Region}` of the authorizer's template is the pool's region when the pool is in the same template (one stack, one region).
    const pool = host.pool(key);
    if (region !== undefined && !region.startsWith(MARK) && pool && !pool.external && pool.template === ctx.name) {
      rendered = rendered.split(regionMark(ctx)).join(region);
    }
    const expectedRendered = region === undefined ? undefined : `https://cognito-idp.${region}.amazonaws.com/${poolMark(key)}`;
    const expectedIssuer = expectedRendered === undefined ? undefined : display(expectedRendered, host);
    issuer = display(rendered, host);
    if (expectedRendered !== undefined && rendered === expectedRendered) return { issuer, issuerPool: key, issuerMatch: 'exact', expectedIssuer };
    // A region that is a marker on one side and a literal on the other cannot be compared.
    const regionsComparable = !(rendered.includes(`${MARK}R:`) !== (expectedRendered ?? '').includes(`${MARK}R:`));
    if (expectedRendered === undefined || !regionsComparable) {
      const u = new Unknown(expr, 'the region of the issuer or of its user pool is not known');
      return { issuer, issuerPool: key, issuerMatch: u, expectedIssuer };
    }
    return { issuer, issuerPool: key, issuerMatch: 'mismatch', expectedIssuer, issuerProblem: problemOf(rendered, expectedRendered) };
  }
  // A literal issuer.
  const m = COGNITO_ISSUER.exec(rendered);
  if (m) {
    const [, region, poolId, slashes] = m;
    const idRegion = poolId.includes('_') ? poolId.split('_')[0] : undefined;
    if (!/^[a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+$/.test(poolId)) {
      return { issuer, issuerPool: undefined, issuerMatch: 'mismatch', issuerProblem: `'${poolId}' after the host is not a user pool id` };
    }
    const key = host.poolOfId(poolId);
    const expectedIssuer = `https://cognito-idp.${idRegion}.amazonaws.com/${poolId}`;
    if (rendered === expectedIssuer) return { issuer, issuerPool: key, issuerMatch: 'exact', expectedIssuer };
    const problem = slashes ? 'it ends with a slash' : region !== idRegion ? `its region '${region}' is not the pool's region '${idRegion}'` : 'it differs';
    return { issuer, issuerPool: key, issuerMatch: 'mismatch', expectedIssuer, issuerProblem: problem };
  }
  const ui = HOSTED_UI.exec(rendered);
  if (ui) {
    return {
      issuer,
      issuerPool: undefined,
      issuerMatch: 'mismatch',
      issuerProblem: "it is a hosted-UI domain (…amazoncognito.com), not the issuer: Cognito tokens carry 'iss' https://cognito-idp.{region}.amazonaws.com/{poolId}",
    };
  }
  return { issuer, issuerPool: undefined, issuerMatch: 'none' };
}

function problemOf(rendered: string, expected: string): string {
  if (rendered.startsWith(expected) && /^\/+$/.test(rendered.slice(expected.length))) return 'it ends with a slash';
  if (!rendered.startsWith('https://')) return "it does not start with 'https://'";
  if (rendered.includes('amazoncognito.com')) return 'it is a hosted-UI domain (…amazoncognito.com), not the issuer';
  return "it is not 'https://cognito-idp.{region}.amazonaws.com/{poolId}' of the pool";
}

function readAudience(expr: unknown, ctx: TemplateContext, host: HttpReaderHost): Val<AudienceEntryModel[]> | undefined {
  const v = resolve(expr, ctx);
  if (v === undefined) return undefined;
  if (isUnknown(v)) return v;
  if (!Array.isArray(v)) return new Unknown(expr, 'Audience is not a list');
  const out: AudienceEntryModel[] = [];
  for (const x of v) {
    if (x === undefined) continue;
    if (x instanceof ResourceRef && !x.attribute && x.resourceType === 'AWS::Cognito::UserPoolClient') {
      out.push({ client: x.key, value: asString(x, ctx) as Val<string> });
      continue;
    }
    const s = asString(x, ctx);
    if (typeof s === 'string') out.push({ client: host.clientOfId(s), value: s });
    else out.push({ value: s ?? new Unknown(x, 'empty audience entry') });
  }
  return out;
}

/**
 * A JWT configuration (`JwtConfiguration` of a v2 authorizer with `Issuer`/`Audience`, of a SAM HttpApi
 * authorizer and of an OpenAPI `jwtConfiguration` with `issuer`/`audience`): the issuer linked to its pool
 * by {@link readIssuer}, the audience to app clients.
 */
export function readJwt(raw: unknown, issuerKey: string, audienceKey: string, ctx: TemplateContext, host: HttpReaderHost): { jwt: JwtConfigModel; providerPools: AuthorizerModel['providerPools'] } {
  const cfgRaw = resolve(raw, ctx);
  const cfg = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (isUnknown(cfgRaw) || (raw !== undefined && !cfg)) {
    const u = isUnknown(cfgRaw) ? cfgRaw : new Unknown(raw, 'the JWT configuration is not an object');
    return { jwt: { issuer: u, issuerPool: u, issuerMatch: u, audience: u }, providerPools: u };
  }
  const issuer = readIssuer(own(cfg, issuerKey), ctx, host);
  const jwt = { ...issuer, audience: readAudience(own(cfg, audienceKey), ctx, host) };
  const providerPools = issuer.issuerMatch === 'exact' && typeof issuer.issuerPool === 'string' ? [issuer.issuerPool] : isUnknown(issuer.issuerMatch) ? issuer.issuerMatch : [];
  return { jwt, providerPools };
}

/** Read every HTTP API, JWT/REQUEST authorizer and route of the templates. */
export function readHttpApis(host: HttpReaderHost): HttpElements {
  const apis: RestApiModel[] = [];
  const bodies: Array<{ authorizers: AuthorizerModel[]; routes: MethodModel[] }> = [];
  const webSocket = new Set<string>();
  for (const [ctx, lid, p] of host.resourcesOfType(V2_API)) {
    const src = host.source(ctx, lid);
    // An API imported from an OpenAPI Body has no ProtocolType: only HTTP APIs can be imported.
    const imported = p.Body !== undefined || p.BodyS3Location !== undefined;
    const protocol = p.ProtocolType === undefined && imported ? 'HTTP' : str(p.ProtocolType, ctx);
    if (protocol !== 'HTTP') {
      webSocket.add(src.key);
      const what = protocol === 'WEBSOCKET' ? 'a WebSocket API'
        : protocol === undefined ? 'an API without ProtocolType'
          : `an API whose ProtocolType is ${isUnknown(protocol) ? 'unresolved' : `'${safeValue(String(protocol))}'`}`;
      host.notAnalysed(ctx, lid, V2_API, 'http-api', `it is ${what}, which cdk-cognito-scopes does not model (it reads HTTP APIs); its routes, authorizers and scopes were not checked`);
      continue;
    }
    const src0 = { key: src.key, template: src.template, logicalId: src.logicalId, constructPath: src.constructPath };
    // The definition: an inline Body, or the cloud assembly's file for a BodyS3Location.
    const [definition, prefix] = p.Body !== undefined ? [p.Body, 'Body'] : p.BodyS3Location !== undefined ? [host.openApiFile(ctx, lid), 'BodyS3Location'] : [undefined, undefined];
    if (p.Body === undefined && p.BodyS3Location !== undefined && definition === undefined) {
      host.notAnalysed(ctx, lid, V2_API, 'http-api', 'its routes are defined by an OpenAPI file in S3 (BodyS3Location) that is not a file of the cloud assembly, which cdk-cognito-scopes does not read; the routes, authorizers and scopes it declares were not checked');
    } else if (definition !== undefined && prefix !== undefined) {
      const body = objOf(definition, ctx);
      const paths = body ? own(body, 'paths') : undefined;
      if (!body || (paths !== undefined && !objOf(paths, ctx))) {
        host.notAnalysed(ctx, lid, V2_API, 'http-api', `its OpenAPI definition (${prefix}) could not be read (an intrinsic, text or not an object); the routes, authorizers and scopes it declares were not checked`);
      } else {
        bodies.push(readHttpBody(body, ctx, src0, prefix, host));
      }
    }
    // CORS of an imported definition: its `x-amazon-apigateway-cors` (SAM writes CorsConfiguration there).
    const bodyCors = p.CorsConfiguration === undefined ? own(objOf(definition, ctx), 'x-amazon-apigateway-cors') : undefined;
    const cors = resolve(p.CorsConfiguration ?? bodyCors, ctx);
    apis.push({
      ...src,
      name: str(p.Name, ctx),
      defined: true,
      hasOpenApiBody: p.Body !== undefined || p.BodyS3Location !== undefined,
      apiKind: 'http',
      corsConfiguration: isUnknown(cors) ? cors : cors !== undefined,
    });
  }

  const authorizers: AuthorizerModel[] = [];
  for (const [ctx, lid, p] of host.resourcesOfType('AWS::ApiGatewayV2::Authorizer')) {
    const api = apiKey(p.ApiId, ctx);
    if (typeof api === 'string' && webSocket.has(api)) continue;
    const type = str(p.AuthorizerType, ctx) ?? new Unknown(undefined, 'no AuthorizerType');
    const sources = strList(p.IdentitySource, ctx);
    const identitySource = sources === undefined ? undefined : isUnknown(sources) ? sources : sources.some(isUnknown) ? new Unknown(p.IdentitySource, 'an identity source is unresolved') : (sources as string[]).join(',');
    const { jwt, providerPools } = type === 'JWT' ? readJwt(own(p as Record<string, unknown>, 'JwtConfiguration'), 'Issuer', 'Audience', ctx, host) : { jwt: undefined, providerPools: undefined };
    authorizers.push({
      ...host.source(ctx, lid),
      restApi: api,
      name: str(p.Name, ctx),
      type: typeof type === 'string' ? type.toUpperCase() : type,
      providerPools,
      identitySource,
      identityValidationExpression: undefined,
      ttlSeconds: undefined,
      apiKind: 'http',
      jwt,
    });
  }

  const routes: MethodModel[] = [];
  for (const [ctx, lid, p] of host.resourcesOfType('AWS::ApiGatewayV2::Route')) {
    const api = apiKey(p.ApiId, ctx);
    if (typeof api === 'string' && webSocket.has(api)) continue;
    const routeKey = str(p.RouteKey, ctx);
    const { verb, path } = parseRouteKey(routeKey);
    const authorizationType = str(p.AuthorizationType, ctx);
    const authorizer = p.AuthorizerId === undefined ? undefined : apiKey(p.AuthorizerId, ctx);
    const src = host.source(ctx, lid);
    routes.push({
      key: src.key,
      template: src.template,
      logicalId: src.logicalId,
      constructPath: src.constructPath,
      restApi: api,
      httpMethod: verb,
      path,
      apiKind: 'http',
      routeKey: routeKey ?? new Unknown(undefined, 'no RouteKey'),
      authorizationType: authorizationType === undefined ? 'NONE' : typeof authorizationType === 'string' ? authorizationType.toUpperCase() : authorizationType,
      authorizer,
      scopes: strList(p.AuthorizationScopes, ctx),
      corsHeaders: false,
      integrationType: undefined,
    });
  }
  const sam = readSamHttpApis(host);
  bodies.push(sam);
  for (const a of sam.apis) apis.push(a);
  for (const b of bodies) {
    for (const a of b.authorizers) authorizers.push(a);
    for (const r of b.routes) routes.push(r);
  }
  return { apis, authorizers, routes, sam };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ResourceRef) && !(v instanceof Unknown);
}

/** An object as written, or the value of an intrinsic that resolves to one. */
function objOf(expr: unknown, ctx: TemplateContext): Record<string, unknown> | undefined {
  if (!isObj(expr)) return undefined;
  const keys = Object.keys(expr);
  if (!(keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')))) return expr;
  const v = resolve(expr, ctx);
  return isObj(v) ? v : undefined;
}

/** Where an HTTP API's elements are declared. */
interface HttpOwner {
  readonly key: string;
  readonly template: string;
  readonly logicalId: string;
  readonly constructPath?: string;
}

/** How a route is authorized when a scheme (an authorizer name) secures it. */
interface HttpScheme {
  readonly authorizationType: Val<string>;
  readonly authorizer?: AuthorizerModel;
  /** Default scopes (SAM `AuthorizationScopes` of the authorizer). */
  readonly scopes?: Val<Array<Val<string>>>;
}

function route(
  owner: HttpOwner,
  declaration: string,
  verb: Val<string>,
  path: Val<string>,
  scheme: HttpScheme | undefined,
  scopes: Val<Array<Val<string>>> | undefined,
): MethodModel {
  const routeKey: Val<string> = typeof verb === 'string' && typeof path === 'string' ? (path === '$default' ? '$default' : `${verb} ${path}`) : isUnknown(verb) ? verb : (path as Unknown);
  return {
    key: `${owner.key}/${typeof verb === 'string' ? verb : '?'} ${typeof path === 'string' ? path : '?'}`,
    template: owner.template,
    logicalId: owner.logicalId,
    constructPath: owner.constructPath,
    declaration,
    restApi: owner.key,
    httpMethod: verb,
    path,
    apiKind: 'http',
    routeKey,
    authorizationType: scheme?.authorizationType ?? 'NONE',
    authorizer: scheme?.authorizer?.key,
    scopes: scheme?.authorizer?.jwt ? (Array.isArray(scopes) && scopes.length === 0 ? undefined : scopes) : undefined,
    corsHeaders: false,
    integrationType: undefined,
  };
}

/**
 * The OpenAPI definition of an HTTP API (`AWS::ApiGatewayV2::Api` `Body`): `components.securitySchemes`
 * with an `x-amazon-apigateway-authorizer` (`type: jwt` with `jwtConfiguration`, or a Lambda authorizer),
 * and per-operation or top-level `security` with its scopes. Own properties only, no recursion.
 */
export function readHttpBody(
  body: unknown,
  ctx: TemplateContext,
  owner: HttpOwner,
  prefix: string,
  host: HttpReaderHost,
  /** SAM's Auth.Authorizers, which replace the body's schemes of the same name. */
  samSchemes?: Map<string, HttpScheme>,
): { authorizers: AuthorizerModel[]; routes: MethodModel[] } {
  const out = { authorizers: [] as AuthorizerModel[], routes: [] as MethodModel[] };
  const b = objOf(body, ctx);
  if (!b) return out;
  const schemes = new Map<string, HttpScheme>(samSchemes ?? []);
  const raw = objOf(own(objOf(own(b, 'components'), ctx), 'securitySchemes'), ctx) ?? {};
  for (const [name, rawScheme] of Object.entries(raw)) {
    if (samSchemes?.has(name)) continue;
    const s = objOf(rawScheme, ctx);
    const a = s ? objOf(own(s, 'x-amazon-apigateway-authorizer'), ctx) : undefined;
    if (!a) {
      const authtype = s ? str(own(s, 'x-amazon-apigateway-authtype'), ctx) : undefined;
      if (typeof authtype === 'string' && authtype.toLowerCase() === 'awssigv4') schemes.set(name, { authorizationType: 'AWS_IAM' });
      else if (!s) schemes.set(name, { authorizationType: new Unknown(rawScheme, `security scheme ${name} could not be read`) });
      continue;
    }
    const t = str(own(a, 'type'), ctx);
    const type = typeof t === 'string' ? t.toUpperCase() : t ?? new Unknown(undefined, 'no type');
    const ident = str(own(a, 'identitySource'), ctx);
    const { jwt, providerPools } = type === 'JWT' ? readJwt(own(a, 'jwtConfiguration'), 'issuer', 'audience', ctx, host) : { jwt: undefined, providerPools: undefined };
    const authorizer: AuthorizerModel = {
      key: `${owner.key}/authorizer:${name}`,
      template: owner.template,
      logicalId: owner.logicalId,
      constructPath: owner.constructPath,
      declaration: `${prefix}.components.securitySchemes.${name}`,
      restApi: owner.key,
      name,
      type: type === 'JWT' ? 'JWT' : isUnknown(type) ? type : 'REQUEST',
      providerPools,
      identitySource: ident,
      identityValidationExpression: undefined,
      ttlSeconds: undefined,
      apiKind: 'http',
      jwt,
    };
    out.authorizers.push(authorizer);
    schemes.set(name, { authorizer, authorizationType: type === 'JWT' ? 'JWT' : isUnknown(type) ? type : 'CUSTOM' });
  }
  const top = own(b, 'security');
  for (const [p, rawItem] of Object.entries(objOf(own(b, 'paths'), ctx) ?? {})) {
    const item = objOf(rawItem, ctx);
    if (!item) continue;
    for (const [verbKey, rawOp] of Object.entries(item)) {
      const verb = own(OPENAPI_VERBS, verbKey.toLowerCase());
      if (!verb) continue;
      const op = objOf(rawOp, ctx) ?? {};
      const declared = own(op, 'security');
      const security = resolve(declared !== undefined ? declared : top, ctx);
      let scheme: HttpScheme | undefined;
      let scopes: Val<Array<Val<string>>> | undefined;
      if (isUnknown(security)) {
        scheme = { authorizationType: security };
      } else if (Array.isArray(security)) {
        const req = security.length > 0 ? objOf(security[0], ctx) : undefined;
        const names = req ? Object.keys(req) : [];
        if (security.length > 0 && !req) {scheme = { authorizationType: new Unknown(security[0], 'a security requirement could not be read') };} else if (names.length > 0 && names[0] !== 'NONE') {
          scheme = schemes.get(names[0]) ?? { authorizationType: new Unknown(names[0], `security scheme ${names[0]} is not defined in the definition`) };
          scopes = strList(own(req, names[0]), ctx);
        }
      } else if (security !== undefined) {
        scheme = { authorizationType: new Unknown(security, 'security is not a list') };
      }
      out.routes.push(route(owner, `${prefix}.paths.${p}.${verbKey}`, p === '$default' ? 'ANY' : verb, p, scheme, scopes));
    }
  }
  return out;
}

export interface SamHttpRead extends HttpElements {
  /** Model key of a SAM HttpApi → why it was not read. */
  readonly notRead: Map<string, string>;
  /** `<function key>\u0000<event name>` of every `HttpApi` event read. */
  readonly readEvents: Set<string>;
}

const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** SAM's Globals merge (sam.ts): maps merge key by key, the resource wins. */
function withGlobals(global: Record<string, unknown> | undefined, local: Record<string, unknown>): Record<string, unknown> {
  const merged = mergeGlobals(global, local);
  return isObj(merged) ? merged : local;
}

interface SamHttpApi {
  readonly owner: HttpOwner;
  readonly at: string;
  readonly schemes: Map<string, HttpScheme>;
  readonly defaultAuthorizer: Val<string> | undefined;
  /** Routes by key: those of the DefinitionBody, replaced by events of the same route. */
  readonly routes: Map<string, MethodModel>;
  /** The definition is a file (DefinitionUri): SAM adds no event's route to it. */
  readonly fromFile: boolean;
}

/**
 * SAM `AWS::Serverless::HttpApi` (its `Auth`, `CorsConfiguration`) and the `HttpApi` events of
 * `AWS::Serverless::Function`s (explicit `ApiId`, or the implicit `ServerlessHttpApi`), with
 * `Globals.HttpApi`, read as written into the elements of {@link readHttpApis}. Keys match those of the
 * OpenAPI body the SAM translator generates (`<api>/GET /items`, `<api>/authorizer:<name>`).
 * A DefinitionBody is read with SAM's additions (Auth.Authorizers as schemes, the events' routes); a
 * DefinitionUri naming a file beside the template is read as it is (SAM adds nothing to a file: no event's
 * route, and it rejects Auth and CorsConfiguration beside it); one in S3 is not read (NotAnalysed).
 */
export function readSamHttpApis(host: HttpReaderHost): SamHttpRead {
  const out: SamHttpRead = { apis: [], authorizers: [], routes: [], notRead: new Map(), readEvents: new Set() };
  const apis = new Map<string, SamHttpApi>();
  const globalsOf = (ctx: TemplateContext) => objOf(own(objOf(own(ctx.template as unknown as Record<string, unknown>, 'Globals'), ctx), 'HttpApi'), ctx);

  const makeApi = (ctx: TemplateContext, lid: string, props: Record<string, unknown>, implicit: boolean): SamHttpApi => {
    const src0 = host.source(ctx, lid);
    const src: Source = implicit ? { ...src0, declaration: 'Globals.HttpApi' } : src0;
    const at = implicit ? 'Globals.HttpApi.' : '';
    const owner: HttpOwner = { key: src.key, template: src.template, logicalId: src.logicalId, constructPath: src.constructPath };
    // The definition: DefinitionBody as written, or the file a local DefinitionUri names (read by the loader).
    const uri = own(props, 'DefinitionUri');
    const fromFile = own(props, 'DefinitionBody') === undefined && uri !== undefined;
    const definition = fromFile ? host.openApiFile(ctx, lid) : own(props, 'DefinitionBody');
    const prefix = fromFile ? 'DefinitionUri' : 'DefinitionBody';
    // CORS: CorsConfiguration (SAM writes it into the definition), or the definition's own x-amazon-apigateway-cors.
    const cors = resolve(own(props, 'CorsConfiguration') ?? own(objOf(definition, ctx), 'x-amazon-apigateway-cors'), ctx);
    const body = own(props, 'DefinitionBody') !== undefined || uri !== undefined;
    out.apis.push({ ...src, name: str(own(props, 'Name'), ctx), defined: true, hasOpenApiBody: body, apiKind: 'http', corsConfiguration: isUnknown(cors) ? cors : cors !== undefined && cors !== false });
    const auth = objOf(own(props, 'Auth'), ctx);
    const schemes = new Map<string, HttpScheme>();
    if (auth && resolve(own(auth, 'EnableIamAuthorizer'), ctx) === true) schemes.set('AWS_IAM', { authorizationType: 'AWS_IAM' });
    for (const [name, raw] of Object.entries(objOf(own(auth, 'Authorizers'), ctx) ?? {})) {
      const a = objOf(raw, ctx) ?? {};
      const isJwt = own(a, 'JwtConfiguration') !== undefined;
      const { jwt, providerPools } = isJwt ? readJwt(own(a, 'JwtConfiguration'), 'issuer', 'audience', ctx, host) : { jwt: undefined, providerPools: undefined };
      const authorizer: AuthorizerModel = {
        key: `${owner.key}/authorizer:${name}`,
        template: owner.template,
        logicalId: owner.logicalId,
        constructPath: owner.constructPath,
        declaration: `${at}Auth.Authorizers.${name}`,
        restApi: owner.key,
        name,
        type: isJwt ? 'JWT' : 'REQUEST',
        providerPools,
        identitySource: str(own(a, 'IdentitySource'), ctx),
        identityValidationExpression: undefined,
        ttlSeconds: undefined,
        apiKind: 'http',
        jwt,
      };
      out.authorizers.push(authorizer);
      const scopes = strList(own(a, 'AuthorizationScopes'), ctx);
      schemes.set(name, { authorizer, authorizationType: isJwt ? 'JWT' : 'CUSTOM', scopes });
    }
    const api: SamHttpApi = { owner, at, schemes, defaultAuthorizer: auth ? str(own(auth, 'DefaultAuthorizer'), ctx) : undefined, routes: new Map(), fromFile };
    apis.set(owner.key, api);
    const rejected = ['Auth', 'CorsConfiguration'].filter((k) => own(props, k) !== undefined);
    if (fromFile && rejected.length > 0) {
      out.notRead.set(owner.key, `its OpenAPI definition is a file (DefinitionUri) beside ${rejected.join(' and ')}, which SAM rejects ("works only with inline OpenApi specified in the 'DefinitionBody' property")`);
    } else if (fromFile && definition === undefined) {
      out.notRead.set(owner.key, typeof uri === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)
        ? `its OpenAPI definition is a file (DefinitionUri '${safeValue(uri)}') that was not found beside the template`
        : 'its OpenAPI definition is a file (DefinitionUri), which cdk-cognito-scopes does not read');
    } else if (definition !== undefined) {
      const b = objOf(definition, ctx);
      const paths = b ? own(b, 'paths') : undefined;
      if (!b || (paths !== undefined && !objOf(paths, ctx))) {
        out.notRead.set(owner.key, `its OpenAPI definition (${prefix}) could not be read (an intrinsic, text or not an object)`);
      } else {
        // SAM adds Auth.Authorizers to the definition as security schemes, and the events' routes (with the
        // DefaultAuthorizer); the definition's own operations keep their security as written.
        // A file gets nothing from SAM: its own security schemes only.
        const read = readHttpBody(b, ctx, owner, `${at}${prefix}`, host, fromFile ? undefined : schemes);
        for (const a of read.authorizers) out.authorizers.push(a);
        for (const r of read.routes) api.routes.set(r.key, r);
      }
    }
    return api;
  };

  for (const [ctx, lid, p] of host.resourcesOfType('AWS::Serverless::HttpApi')) makeApi(ctx, lid, withGlobals(globalsOf(ctx), p), false);

  for (const [ctx, lid, p] of host.resourcesOfType('AWS::Serverless::Function')) {
    const events = objOf(p.Events, ctx);
    if (!events) continue;
    const fnSrc = host.source(ctx, lid);
    for (const [name, rawEvent] of Object.entries(events)) {
      const e = objOf(rawEvent, ctx);
      if (!e || own(e, 'Type') !== 'HttpApi') continue;
      const props = objOf(own(e, 'Properties'), ctx) ?? {};
      const rawPath = own(props, 'Path');
      const rawVerb = own(props, 'Method');
      let api: SamHttpApi | undefined;
      const apiId = own(props, 'ApiId');
      if (apiId === undefined) {
        api = apis.get(ctx.keyOf(IMPLICIT_HTTP_API)) ?? makeApi(ctx, IMPLICIT_HTTP_API, withGlobals(globalsOf(ctx), {}), true);
      } else {
        const ref = resolve(apiId, ctx);
        if (ref instanceof ResourceRef && !ref.attribute) api = apis.get(ref.key);
      }
      if (!api) continue; // an API of another template or kind: stays NotAnalysed
      out.readEvents.add(`${fnSrc.key}\u0000${name}`);
      if (out.notRead.has(api.owner.key) || api.fromFile) continue; // SAM adds no route to a DefinitionUri file
      // An event without Path and Method is the $default route.
      const path: Val<string> = rawPath === undefined && rawVerb === undefined ? '$default' : str(rawPath, ctx) ?? new Unknown(undefined, 'no Path');
      const v = rawPath === undefined && rawVerb === undefined ? 'ANY' : str(rawVerb, ctx) ?? new Unknown(undefined, 'no Method');
      const verb: Val<string> = typeof v === 'string' ? v.toUpperCase() : v;
      const auth = objOf(own(props, 'Auth'), ctx);
      const named = auth ? str(own(auth, 'Authorizer'), ctx) : undefined;
      const which = named ?? api.defaultAuthorizer;
      let scheme: HttpScheme | undefined;
      if (isUnknown(which)) {scheme = { authorizationType: which };} else if (which !== undefined && which !== 'NONE') {
        scheme = api.schemes.get(which) ?? (which === 'AWS_IAM' ? { authorizationType: 'AWS_IAM' } : { authorizationType: new Unknown(which, `authorizer ${which} is not defined in the API's Auth.Authorizers`) });
      }
      const eventScopes = auth ? own(auth, 'AuthorizationScopes') : undefined;
      const scopes = eventScopes !== undefined ? strList(eventScopes, ctx) : scheme?.scopes;
      const r = route({ ...api.owner, template: fnSrc.template, logicalId: fnSrc.logicalId, constructPath: fnSrc.constructPath }, `Events.${name}`, verb, path, scheme, scopes);
      api.routes.delete(r.key); // keeps the order of events after the definition's operations
      api.routes.set(r.key, r);
    }
  }
  for (const api of apis.values()) if (!out.notRead.has(api.owner.key)) for (const r of api.routes.values()) out.routes.push(r);
  // An API not read is named as such: none of its authorizers is modelled either.
  const kept = out.authorizers.filter((a) => !(typeof a.restApi === 'string' && out.notRead.has(a.restApi)));
  out.authorizers.length = 0;
  for (const a of kept) out.authorizers.push(a);
  return out;
}
