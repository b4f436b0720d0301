/**
 * The reader of HTTP APIs (API Gateway v2, DESIGN.md §8): `AWS::ApiGatewayV2::Api` (ProtocolType HTTP),
 * `AWS::ApiGatewayV2::Authorizer` and `AWS::ApiGatewayV2::Route` become the same model elements as REST
 * APIs, authorizers and methods (`apiKind: 'http'`), so that the rules, the simulator and the matrix
 * are written once. WebSocket APIs stay NotAnalysed.
 */
import { ResourceRef, TemplateContext, asString, own, referenceKey, resolve } from './resolve';
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
}

export interface HttpElements {
  readonly apis: RestApiModel[];
  readonly authorizers: AuthorizerModel[];
  readonly routes: MethodModel[];
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

/** Read every HTTP API, JWT/REQUEST authorizer and route of the templates. */
export function readHttpApis(host: HttpReaderHost): HttpElements {
  const apis: RestApiModel[] = [];
  const webSocket = new Set<string>();
  for (const [ctx, lid, p] of host.resourcesOfType(V2_API)) {
    const src = host.source(ctx, lid);
    const protocol = str(p.ProtocolType, ctx);
    if (protocol !== 'HTTP') {
      webSocket.add(src.key);
      const what = protocol === 'WEBSOCKET' ? 'a WebSocket API' : `an API whose ProtocolType is ${isUnknown(protocol) ? 'unresolved' : `'${String(protocol)}'`}`;
      host.notAnalysed(ctx, lid, V2_API, 'http-api', `it is ${what}, which cdk-cognito-scopes does not model (it reads HTTP APIs); its routes, authorizers and scopes were not checked`);
      continue;
    }
    if (p.Body !== undefined || p.BodyS3Location !== undefined) {
      host.notAnalysed(ctx, lid, V2_API, 'http-api', 'its routes are defined by an OpenAPI definition (Body/BodyS3Location), which cdk-cognito-scopes does not read for HTTP APIs; the routes, authorizers and scopes it declares were not checked');
    }
    const cors = resolve(p.CorsConfiguration, ctx);
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
    let jwt: JwtConfigModel | undefined;
    let providerPools: AuthorizerModel['providerPools'];
    if (type === 'JWT') {
      const cfgRaw = resolve(p.JwtConfiguration, ctx);
      const raw = own(p as Record<string, unknown>, 'JwtConfiguration');
      const cfg = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
      if (isUnknown(cfgRaw) || (raw !== undefined && !cfg)) {
        const u = isUnknown(cfgRaw) ? cfgRaw : new Unknown(raw, 'JwtConfiguration is not an object');
        jwt = { issuer: u, issuerPool: u, issuerMatch: u, audience: u };
        providerPools = u;
      } else {
        const issuer = readIssuer(cfg?.Issuer, ctx, host);
        jwt = { ...issuer, audience: readAudience(cfg?.Audience, ctx, host) };
        providerPools = issuer.issuerMatch === 'exact' && typeof issuer.issuerPool === 'string' ? [issuer.issuerPool] : isUnknown(issuer.issuerMatch) ? issuer.issuerMatch : [];
      }
    }
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
  return { apis, authorizers, routes };
}
