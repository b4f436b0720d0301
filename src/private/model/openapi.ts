/**
 * OpenAPI 2.0 / 3.x bodies of REST APIs, read into the same model elements as
 * `AWS::ApiGateway::*` resources (DESIGN.md §2, §7): one MethodModel per
 * operation, one AuthorizerModel per security scheme with an
 * `x-amazon-apigateway-authorizer`, one GatewayResponseModel per entry of
 * `x-amazon-apigateway-gateway-responses`.
 *
 * The body is part of the template: every value read is resolved with
 * `resolve()` (an `Fn::GetAtt` in `providerARNs`, an `Fn::Sub` in a URI); only
 * the values read are resolved, never the whole body (schemas can be large).
 * Own properties only; no recursion on the body's depth.
 */
import { ResourceRef, TemplateContext, asString, own, resolve } from './resolve';
import { AuthorizerModel, GatewayResponseModel, MethodModel, PoolKey, Unknown, Val, isUnknown } from './types';
import { str } from './values';

/** Operation keys of a path item, and the HTTP method each stands for (REST and HTTP API definitions alike). */
export const OPENAPI_VERBS: Record<string, string> = {
  'get': 'GET',
  'put': 'PUT',
  'post': 'POST',
  'delete': 'DELETE',
  'options': 'OPTIONS',
  'head': 'HEAD',
  'patch': 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

/** The API the body belongs to, as the model names it. */
export interface BodyOwner {
  /** Model key of the REST API. */
  readonly key: string;
  readonly template: string;
  readonly logicalId: string;
  readonly constructPath?: string;
  /** Where the body is in the resource, for `declaration`: `Body`, `DefinitionBody`, or the asset file. */
  readonly prefix: string;
}

export interface OpenApiRead {
  readonly authorizers: AuthorizerModel[];
  readonly methods: MethodModel[];
  readonly gatewayResponses: GatewayResponseModel[];
}

/** Why a body cannot be read (its structure is an intrinsic or not an object), or undefined. */
export function unreadableBody(body: unknown, ctx: TemplateContext): string | undefined {
  const b = resolveShallow(body, ctx);
  if (isUnknown(b)) return `its OpenAPI definition could not be read (${b.why})`;
  if (!isObject(b)) return 'its OpenAPI definition is not an object';
  const paths = resolveShallow(own(b, 'paths'), ctx);
  if (paths !== undefined && !isObject(paths)) return 'the paths of its OpenAPI definition could not be read';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ResourceRef) && !(v instanceof Unknown);
}

/** An object as written, or the value of an intrinsic (its members are left to the caller). */
function resolveShallow(expr: unknown, ctx: TemplateContext): unknown {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return expr;
  const keys = Object.keys(expr);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? resolve(expr, ctx) : expr;
}

function obj(expr: unknown, ctx: TemplateContext): Record<string, unknown> | undefined {
  const v = resolveShallow(expr, ctx);
  return isObject(v) ? v : undefined;
}


const ALLOW_ORIGIN = /^method\.response\.header\.access-control-allow-origin$/i;

/** Whether the integration responses or the operation's responses set Access-Control-Allow-Origin. */
function corsHeaders(op: Record<string, unknown>, ctx: TemplateContext): boolean {
  const integration = obj(own(op, 'x-amazon-apigateway-integration'), ctx);
  const responses = obj(own(integration, 'responses'), ctx);
  for (const r of Object.values(responses ?? {})) {
    const params = obj(own(obj(r, ctx), 'responseParameters'), ctx);
    if (params && Object.keys(params).some((k) => ALLOW_ORIGIN.test(k))) return true;
  }
  for (const r of Object.values(obj(own(op, 'responses'), ctx) ?? {})) {
    const headers = obj(own(obj(r, ctx), 'headers'), ctx);
    if (headers && Object.keys(headers).some((k) => k.toLowerCase() === 'access-control-allow-origin')) return true;
  }
  return false;
}

/**
 * How SAM changes an `AWS::Serverless::Api`'s DefinitionBody before API Gateway reads it: the API's
 * `Auth.Authorizers` become security schemes, and its DefaultAuthorizer is added to every operation
 * that names no authorizer (samtranslator SwaggerEditor.set_path_default_authorizer): an operation whose
 * security holds `NONE` stays public, one that names an authorizer (or AWS_IAM) keeps it, any other gets the
 * default with its scopes (`security: []` included); `options` operations only when
 * AddDefaultAuthorizerToCorsPreflight is not false.
 */
export interface SamDefaults {
  readonly schemes: Map<string, Scheme>;
  readonly defaultAuthorizer?: { readonly name: string; readonly scopes: Val<Array<Val<string>>> | undefined; readonly preflight: boolean };
}

export interface Scheme {
  /** The authorizer element, for schemes with `x-amazon-apigateway-authorizer`. */
  readonly authorizer?: AuthorizerModel;
  /** The method's authorization type when this scheme secures it. */
  readonly authorizationType: Val<string>;
  /** Whether the operation's scopes are its AuthorizationScopes (Cognito authorizers only). */
  readonly scoped: boolean;
}

/**
 * Read an OpenAPI body. `poolKey` resolves a provider ARN to a pool, as for `AWS::ApiGateway::Authorizer`.
 * Call {@link unreadableBody} first: an unreadable body gives no elements.
 */
export function readOpenApi(
  body: unknown,
  ctx: TemplateContext,
  owner: BodyOwner,
  poolKey: (expr: unknown, ctx: TemplateContext) => Val<PoolKey>,
  sam?: SamDefaults,
): OpenApiRead {
  const out: OpenApiRead = { authorizers: [], methods: [], gatewayResponses: [] };
  const b = obj(body, ctx);
  if (!b) return out;
  const at = (declaration: string, key: string) => ({
    key,
    template: owner.template,
    logicalId: owner.logicalId,
    constructPath: owner.constructPath,
    declaration,
  });

  // Security schemes: 2.0 securityDefinitions, 3.x components.securitySchemes.
  const v2 = obj(own(b, 'securityDefinitions'), ctx);
  const v3 = obj(own(obj(own(b, 'components'), ctx), 'securitySchemes'), ctx);
  const schemesAt = v2 ? `${owner.prefix}.securityDefinitions` : `${owner.prefix}.components.securitySchemes`;
  const schemes = new Map<string, Scheme>();
  const defined = new Set(Object.keys(v2 ?? v3 ?? {}));
  for (const [name, scheme] of sam?.schemes ?? []) {
    schemes.set(name, scheme);
    defined.add(name);
  }
  for (const [name, raw] of Object.entries(v2 ?? v3 ?? {})) {
    if (sam?.schemes.has(name)) continue; // SAM's Auth.Authorizers replace a scheme of the same name
    const s = obj(raw, ctx);
    if (!s) {
      schemes.set(name, { authorizationType: new Unknown(raw, `security scheme ${name} could not be read`), scoped: false });
      continue;
    }
    const authtype = str(own(s, 'x-amazon-apigateway-authtype'), ctx);
    const authRaw = own(s, 'x-amazon-apigateway-authorizer');
    if (authRaw === undefined) {
      // awsSigv4 → AWS_IAM; an API key scheme (x-api-key) is not an authorizer.
      if (typeof authtype === 'string' && authtype.toLowerCase() === 'awssigv4') schemes.set(name, { authorizationType: 'AWS_IAM', scoped: false });
      continue;
    }
    const a = obj(authRaw, ctx);
    const typeRaw = a ? str(own(a, 'type'), ctx) : new Unknown(authRaw, 'x-amazon-apigateway-authorizer could not be read');
    const type = typeof typeRaw === 'string' ? typeRaw.toUpperCase() : typeRaw ?? new Unknown(undefined, 'no type');
    const arns = a ? resolveShallow(own(a, 'providerARNs'), ctx) : undefined;
    let providerPools: AuthorizerModel['providerPools'];
    if (Array.isArray(arns)) providerPools = arns.map((x) => poolKey(x, ctx));
    else if (isUnknown(arns)) providerPools = arns;
    else if (arns !== undefined) providerPools = new Unknown(arns, 'providerARNs is not a list');
    const headerName = str(own(s, 'name'), ctx);
    const explicitSource = a ? str(own(a, 'identitySource'), ctx) : undefined;
    const identitySource = explicitSource ?? (typeof headerName === 'string' ? `method.request.header.${headerName}` : headerName);
    const ttlRaw = a ? resolve(own(a, 'authorizerResultTtlInSeconds'), ctx) : undefined;
    const ttl = typeof ttlRaw === 'number' ? ttlRaw : typeof ttlRaw === 'string' && ttlRaw.trim() !== '' && !isNaN(Number(ttlRaw)) ? Number(ttlRaw) : ttlRaw === undefined ? undefined : isUnknown(ttlRaw) ? ttlRaw : new Unknown(ttlRaw, 'not a number');
    const authorizer: AuthorizerModel = {
      ...at(`${schemesAt}.${name}`, `${owner.key}/authorizer:${name}`),
      restApi: owner.key,
      name,
      type,
      providerPools,
      identitySource,
      identityValidationExpression: a ? str(own(a, 'identityValidationExpression'), ctx) : undefined,
      ttlSeconds: ttl,
    };
    out.authorizers.push(authorizer);
    const cognito = type === 'COGNITO_USER_POOLS';
    schemes.set(name, { authorizer, authorizationType: cognito ? 'COGNITO_USER_POOLS' : isUnknown(type) ? type : 'CUSTOM', scoped: cognito });
  }

  const topSecurity = own(b, 'security');
  const paths = obj(own(b, 'paths'), ctx) ?? {};
  for (const [p, rawItem] of Object.entries(paths)) {
    const item = obj(rawItem, ctx);
    if (!item) continue;
    for (const [verbKey, rawOp] of Object.entries(item)) {
      const verb = own(OPENAPI_VERBS, verbKey.toLowerCase());
      if (!verb) continue;
      const op = obj(rawOp, ctx) ?? {};
      const declared = own(op, 'security');
      let security = declared !== undefined ? declared : topSecurity;
      const d = sam?.defaultAuthorizer;
      if (d && (verb !== 'OPTIONS' || d.preflight)) {
        const list = resolveShallow(declared, ctx);
        const reqs = Array.isArray(list) ? list.map((x) => obj(x, ctx)) : [];
        const names = (r: Record<string, unknown> | undefined) => Object.keys(r ?? {});
        if (reqs.some((r) => names(r).includes('NONE'))) security = [{ NONE: [] }];
        else if (!reqs.some((r) => names(r).some((n) => n === 'AWS_IAM' || sam!.schemes.has(n)))) security = [{ [d.name]: d.scopes ?? [] }];
        else security = declared;
      }
      let authorizationType: Val<string> = 'NONE';
      let authorizer: Val<string> | undefined;
      let scopes: Val<Array<Val<string>>> | undefined;
      const reqs = resolveShallow(security, ctx);
      if (isUnknown(reqs)) {
        authorizationType = reqs;
      } else if (Array.isArray(reqs)) {
        for (const rawReq of reqs) {
          const req = obj(rawReq, ctx);
          if (!req) {
            authorizationType = new Unknown(rawReq, 'a security requirement could not be read');
            break;
          }
          let decided = false;
          for (const [schemeName, rawScopes] of Object.entries(req)) {
            if (schemeName === 'NONE') {
              decided = true; // SAM's way of writing "no authorizer"
              break;
            }
            const scheme = schemes.get(schemeName);
            if (!scheme && !defined.has(schemeName)) {
              authorizationType = new Unknown(schemeName, `security scheme ${schemeName} is not defined in the definition`);
              decided = true;
              break;
            }
            if (!scheme) continue; // an API key scheme: not an authorizer
            authorizationType = scheme.authorizationType;
            authorizer = scheme.authorizer?.key;
            if (scheme.scoped) {
              const list = resolveShallow(rawScopes, ctx);
              if (Array.isArray(list)) {
                const known = list.filter((x) => x !== undefined).map((x) => asString(resolve(x, ctx), ctx) as Val<string>);
                scopes = known.length > 0 ? known : undefined;
              } else if (isUnknown(list)) {
                scopes = list;
              }
            }
            decided = true;
            break;
          }
          if (decided) break;
        }
      } else if (reqs !== undefined) {
        authorizationType = new Unknown(security, 'security is not a list');
      }
      const integration = obj(own(op, 'x-amazon-apigateway-integration'), ctx);
      const itype = integration ? str(own(integration, 'type'), ctx) : undefined;
      out.methods.push({
        key: `${owner.key}/${verb} ${p}`,
        template: owner.template,
        logicalId: owner.logicalId,
        constructPath: owner.constructPath,
        declaration: `${owner.prefix}.paths.${p}.${verbKey}`,
        restApi: owner.key,
        httpMethod: verb,
        path: p,
        authorizationType,
        authorizer,
        scopes,
        corsHeaders: corsHeaders(op, ctx),
        integrationType: typeof itype === 'string' ? itype.toUpperCase() : itype,
      });
    }
  }

  const responses = obj(own(b, 'x-amazon-apigateway-gateway-responses'), ctx);
  for (const [type, raw] of Object.entries(responses ?? {})) {
    const r = obj(raw, ctx);
    const params = r ? obj(own(r, 'responseParameters'), ctx) : undefined;
    let responseParameters: GatewayResponseModel['responseParameters'];
    if (params) {
      const m: Record<string, Val<string>> = Object.create(null);
      for (const [k, v] of Object.entries(params)) {
        const s = str(v, ctx);
        if (s !== undefined) Object.defineProperty(m, k, { value: s, enumerable: true, writable: true, configurable: true });
      }
      responseParameters = m;
    }
    out.gatewayResponses.push({
      ...at(`${owner.prefix}.x-amazon-apigateway-gateway-responses.${type}`, `${owner.key}/gateway-response:${type}`),
      restApi: owner.key,
      responseType: type,
      statusCode: r ? str(own(r, 'statusCode'), ctx) : undefined,
      responseParameters,
    });
  }
  return out;
}
