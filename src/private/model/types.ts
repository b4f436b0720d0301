/**
 * The AuthModel: a framework-free description of the auth topology of one or
 * more CloudFormation templates (DESIGN.md §2).
 *
 * A value read from a template is either known (a plain JS value) or the
 * `UNKNOWN` marker (an intrinsic we could not resolve: a parameter without a
 * default, an import from a stack we were not given, a token...). A property
 * that is absent from the template is `undefined`. Rules must never report a
 * pass or a failure on an unknown value.
 */

/** Marker for a value that could not be resolved from the template. */
export class Unknown {
  constructor(
    /** The raw template expression, for messages. */
    public readonly raw: unknown,
    /** Why it could not be resolved. */
    public readonly why: string,
  ) {}

  public toString(): string {
    return `<unresolved ${this.why}>`;
  }
}

export function isUnknown(x: unknown): x is Unknown {
  return x instanceof Unknown;
}

export function isKnown<T>(x: T | Unknown | undefined): x is T {
  return x !== undefined && !(x instanceof Unknown);
}

/** A value that may be unresolved. */
export type Val<T> = T | Unknown;

/** Where an element of the model comes from. */
export interface Source {
  /** Unique key of the element across all templates: `<template>#<logicalId>`. */
  readonly key: string;
  /** Display name of the template (stack artifact id, or file name). */
  readonly template: string;
  /** CloudFormation logical id. */
  readonly logicalId: string;
  /** Construct path (from `aws:cdk:path` metadata), when known. */
  readonly constructPath?: string;
  /**
   * Where in the resource the element is declared, when it is not the resource itself: an OpenAPI
   * operation (`Body.paths./items.get`), a SAM function event (`Events.GetItems`), a SAM authorizer
   * (`Auth.Authorizers.MyAuth`).
   */
  readonly declaration?: string;
}

/** Reference to a user pool. `key` is a model key for pools defined in the templates, or `external:<poolId>` for a pool known only by id/ARN. */
export type PoolKey = string;

export interface UserPoolModel extends Source {
  /** Physical pool id when known (imported or supplied by the caller), e.g. `us-east-1_AbCdEf123`. */
  readonly poolId?: string;
  /** Region, when known. */
  readonly region?: string;
  /** True when the pool is not defined in the templates, only referenced by id or ARN. */
  readonly external: boolean;
  /**
   * True when the template exports the pool (an Output with an Export refers to it), so other
   * stacks may add app clients and resource servers the model does not see.
   */
  readonly exported?: boolean;
}

export interface ScopeModel {
  readonly name: Val<string>;
  readonly description: Val<string> | undefined;
}

export interface ResourceServerModel extends Source {
  readonly pool: Val<PoolKey>;
  readonly identifier: Val<string>;
  readonly name: Val<string> | undefined;
  /** `undefined` when the resource server declares no scopes. */
  readonly scopes: Val<ScopeModel[]> | undefined;
}

export interface TokenValidityModel {
  readonly accessToken: Val<number> | undefined;
  readonly idToken: Val<number> | undefined;
  readonly refreshToken: Val<number> | undefined;
  /** Units per token kind; CloudFormation defaults: hours (access, id), days (refresh). */
  readonly units: {
    readonly accessToken: Val<string> | undefined;
    readonly idToken: Val<string> | undefined;
    readonly refreshToken: Val<string> | undefined;
  };
}

export interface AppClientModel extends Source {
  readonly pool: Val<PoolKey>;
  readonly clientName: Val<string> | undefined;
  readonly allowedOAuthFlowsUserPoolClient: Val<boolean> | undefined;
  readonly allowedOAuthFlows: Val<Array<Val<string>>> | undefined;
  readonly allowedOAuthScopes: Val<Array<Val<string>>> | undefined;
  readonly generateSecret: Val<boolean> | undefined;
  readonly callbackUrls: Val<Array<Val<string>>> | undefined;
  readonly logoutUrls: Val<Array<Val<string>>> | undefined;
  readonly defaultRedirectUri: Val<string> | undefined;
  readonly explicitAuthFlows: Val<Array<Val<string>>> | undefined;
  readonly supportedIdentityProviders: Val<Array<Val<string>>> | undefined;
  readonly tokenValidity: TokenValidityModel;
  /**
   * Model keys of every resource this client is guaranteed to be created after:
   * the transitive closure of `DependsOn` and `Ref`/`Fn::GetAtt` references
   * (CloudFormation's own ordering).
   */
  readonly createdAfter: ReadonlySet<string>;
}

export interface DomainModel extends Source {
  readonly pool: Val<PoolKey>;
  readonly domain: Val<string>;
  /** True when a custom domain (CustomDomainConfig) is used, false for a Cognito prefix domain. */
  readonly custom: boolean;
}

/** The kind of API an element belongs to: a REST API (API Gateway v1) or an HTTP API (API Gateway v2). */
export type ApiKind = 'rest' | 'http';

/** One entry of a JWT authorizer's `JwtConfiguration.Audience`. */
export interface AudienceEntryModel {
  /** Model key of the app client the entry names (a `Ref` to an app client of the templates, or its known physical id). */
  readonly client?: string;
  /** The entry as a client id: a literal, or unknown (a `Ref` to a client is only known after deployment). */
  readonly value: Val<string>;
}

/**
 * How a JWT authorizer's issuer relates to a user pool: `exact` when it is the pool's issuer URL
 * (`https://cognito-idp.{region}.amazonaws.com/{poolId}`); `mismatch` when it names a pool but is not
 * exactly its issuer (trailing slash, other region, the hosted-UI domain); `none` when it is no Cognito issuer.
 */
export type IssuerMatch = 'exact' | 'mismatch' | 'none';

/** What the model reads of a JWT authorizer (HTTP APIs). */
export interface JwtConfigModel {
  /** The issuer as written (intrinsics rendered as `${...}`), for messages. */
  readonly issuer: Val<string> | undefined;
  /** The pool the issuer names, when it names one. */
  readonly issuerPool: Val<PoolKey> | undefined;
  /** How the issuer relates to `issuerPool`; unknown when the issuer could not be read. */
  readonly issuerMatch: Val<IssuerMatch>;
  /** The issuer the pool actually has (for the fix), when it can be written. */
  readonly expectedIssuer?: string;
  /** Why the issuer is a `mismatch` (no final period), e.g. `it ends with a slash`. */
  readonly issuerProblem?: string;
  /** `JwtConfiguration.Audience`: `undefined` when absent. */
  readonly audience: Val<AudienceEntryModel[]> | undefined;
}

export interface AuthorizerModel extends Source {
  /** The API (REST API, or HTTP API when `apiKind` is `http`). */
  readonly restApi: Val<string>;
  readonly name: Val<string> | undefined;
  /** `COGNITO_USER_POOLS`, `TOKEN`, `REQUEST` (REST); `JWT`, `REQUEST` (HTTP). */
  readonly type: Val<string>;
  /** REST: ProviderARNs. HTTP (JWT): the pool of the issuer, when the issuer is exactly that pool's issuer URL. */
  readonly providerPools: Val<Array<Val<PoolKey>>> | undefined;
  /** Absent means `rest`. */
  readonly apiKind?: ApiKind;
  /** HTTP JWT authorizers only. */
  readonly jwt?: JwtConfigModel;
  readonly identitySource: Val<string> | undefined;
  readonly identityValidationExpression: Val<string> | undefined;
  readonly ttlSeconds: Val<number> | undefined;
}

export interface RestApiModel extends Source {
  readonly name: Val<string> | undefined;
  /** False when the API is referenced but not defined in the templates (imported). */
  readonly defined: boolean;
  /** True when the API body is an OpenAPI definition (`Body`/`BodyS3Location`); its operations are methods of the model when it could be read. */
  readonly hasOpenApiBody: boolean;
  /** Absent means `rest`. */
  readonly apiKind?: ApiKind;
  /** HTTP APIs: whether the API has a `CorsConfiguration` (API Gateway then answers preflight requests itself). */
  readonly corsConfiguration?: Val<boolean>;
}

/**
 * One protected operation (DESIGN.md §2): a REST method, or an HTTP API route (`apiKind: 'http'`).
 * Rules are written once against it.
 */
export interface MethodModel extends Source {
  /** The API (REST API, or HTTP API when `apiKind` is `http`). */
  readonly restApi: Val<string>;
  /** The verb; `ANY` for `ANY` routes and for the `$default` route. */
  readonly httpMethod: Val<string>;
  /** Full resource path, e.g. `/items/{id}`; `$default` for an HTTP API's `$default` route. */
  readonly path: Val<string>;
  /** Absent means `rest`. */
  readonly apiKind?: ApiKind;
  /** HTTP routes: the RouteKey as written (`GET /items`, `ANY /{proxy+}`, `$default`). */
  readonly routeKey?: Val<string>;
  readonly authorizationType: Val<string>;
  readonly authorizer: Val<string> | undefined;
  readonly scopes: Val<Array<Val<string>>> | undefined;
  /** The integration is a MOCK whose responses set Access-Control-Allow-Origin (a CORS preflight), or a method response declares it. */
  readonly corsHeaders: boolean;
  readonly integrationType: Val<string> | undefined;
}

/**
 * A stage of a REST or HTTP API (`AWS::ApiGateway::Stage`, a Deployment's `StageName`,
 * `AWS::ApiGatewayV2::Stage`, SAM's `StageName`): the first segment of the invoke URL's path, except
 * for an HTTP API's `$default` stage, whose URL has none.
 */
export interface StageModel extends Source {
  readonly restApi: Val<string>;
  readonly name: Val<string>;
}

export interface GatewayResponseModel extends Source {
  readonly restApi: Val<string>;
  readonly responseType: Val<string>;
  readonly statusCode: Val<string> | undefined;
  readonly responseParameters: Val<Record<string, Val<string>>> | undefined;
}

export interface TemplateModel {
  /** Display name. */
  readonly name: string;
  /** File path, when read from disk. */
  readonly file?: string;
  /** Region, when known (cdk.out manifest environment, or the stack). */
  readonly region?: string;
  /**
   * Acknowledgements written in the template's `Metadata` (template level) and its resources'
   * `Metadata` under the key `cdk-cognito-scopes` (`{ acknowledge: [{ id, reason }] }`).
   */
  readonly acknowledgements?: AcknowledgementModel[];
}

/** One acknowledgement read from a template's `Metadata.cdk-cognito-scopes.acknowledge`. */
export interface AcknowledgementModel {
  /** The rule id, without the `cdk-cognito-scopes::` prefix. */
  readonly ruleId: string;
  /** Why; `undefined` when none was given (reported by AcknowledgementWithoutReason). */
  readonly reason?: string;
  /** The resource whose Metadata carries it; `undefined` for the template's top-level Metadata (every resource). */
  readonly logicalId?: string;
}

/** Why an element was left out of the model (one kind per reader the library does not have yet). */
export type NotAnalysedKind =
  /** An `AWS::Serverless::*` resource: SAM is read only after its transform. */
  | 'sam'
  /** A REST API defined by an OpenAPI `Body`/`BodyS3Location`, or copied with `CloneFrom`. */
  | 'openapi'
  /** An `AWS::ApiGatewayV2::*` (HTTP or WebSocket) API, authorizer or route. */
  | 'http-api'
  /** A nested stack whose template was not loaded. */
  | 'nested-stack'
  /** A template macro (Transform) other than SAM: the resources it adds are not in the template. */
  | 'transform';

/**
 * An element of the templates that declares APIs, authorizers or stacks the model does not read:
 * the model says what it did not look at, so that no door reports "0 errors" for it (DESIGN.md §6).
 */
export interface NotAnalysedModel extends Source {
  /** The CloudFormation type (`AWS::Serverless::Api`), or `Transform` for a template macro. */
  readonly resourceType: string;
  readonly kind: NotAnalysedKind;
  /** Why it was not read and what was therefore not checked (no final period); template values in it are already made safe. */
  readonly reason: string;
}

export interface AuthModel {
  readonly templates: TemplateModel[];
  readonly userPools: UserPoolModel[];
  readonly resourceServers: ResourceServerModel[];
  readonly clients: AppClientModel[];
  readonly domains: DomainModel[];
  readonly authorizers: AuthorizerModel[];
  readonly restApis: RestApiModel[];
  readonly methods: MethodModel[];
  readonly gatewayResponses: GatewayResponseModel[];
  /** The APIs' stages (read for the invoke URL: a path that starts with a stage name is explained). */
  readonly stages?: StageModel[];
  /** What the templates declare that the model does not read (reported by the NotAnalysed rule). */
  readonly notAnalysed: NotAnalysedModel[];
}

/**
 * error = deploy fails or a 401 is certain; warning = legal but probably wrong;
 * info = a note that never fails a door (what was not analysed).
 */
export type Severity = 'error' | 'warning' | 'info';

/** One problem found by a rule. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly template: string;
  readonly logicalId: string;
  readonly constructPath?: string;
  /** Where in the resource the element is declared (see {@link Source.declaration}). */
  readonly declaration?: string;
  readonly message: string;
  readonly fix: string;
  /**
   * Set when the finding is acknowledged (template Metadata `cdk-cognito-scopes.acknowledge`, or
   * `Validations.of(x).acknowledge` recorded there): still reported, never a failure.
   */
  readonly acknowledged?: { readonly reason: string };
}
