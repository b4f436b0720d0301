import { CfnElement, CfnResource, IFragmentConcatenator, IResolvable, IResolveContext, NestedStack, Reference, Stack, Stage, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CDK_EXPORT_PREFIX, appInput, isCdkReferenceExport } from './app-wiring';
import { TemplateInput } from './build';
import { CfnResource as RawResource, RawTemplate } from './resolve';

/**
 * What the model reads of each resource type: CloudFormation property name → L1 (camelCase) name.
 * Only these properties are resolved, which keeps the synth-time check cheap (resolving whole
 * resources, such as method integrations, would double the cost of synthesis).
 */
const READ: Record<string, Record<string, string>> = {
  'AWS::Cognito::UserPool': {},
  'AWS::Cognito::UserPoolResourceServer': { UserPoolId: 'userPoolId', Identifier: 'identifier', Name: 'name', Scopes: 'scopes' },
  'AWS::Cognito::UserPoolClient': {
    UserPoolId: 'userPoolId',
    ClientName: 'clientName',
    AllowedOAuthFlowsUserPoolClient: 'allowedOAuthFlowsUserPoolClient',
    AllowedOAuthFlows: 'allowedOAuthFlows',
    AllowedOAuthScopes: 'allowedOAuthScopes',
    GenerateSecret: 'generateSecret',
    CallbackURLs: 'callbackUrLs',
    LogoutURLs: 'logoutUrLs',
    DefaultRedirectURI: 'defaultRedirectUri',
    ExplicitAuthFlows: 'explicitAuthFlows',
    SupportedIdentityProviders: 'supportedIdentityProviders',
    AccessTokenValidity: 'accessTokenValidity',
    IdTokenValidity: 'idTokenValidity',
    RefreshTokenValidity: 'refreshTokenValidity',
    TokenValidityUnits: 'tokenValidityUnits',
  },
  'AWS::Cognito::UserPoolDomain': { UserPoolId: 'userPoolId', Domain: 'domain', CustomDomainConfig: 'customDomainConfig' },
  // Body: an OpenAPI definition, rendered only when present (build.ts reads its operations).
  'AWS::ApiGateway::RestApi': { Name: 'name', Body: 'body' },
  'AWS::ApiGateway::Resource': { ParentId: 'parentId', PathPart: 'pathPart', RestApiId: 'restApiId' },
  'AWS::ApiGateway::Method': {
    RestApiId: 'restApiId',
    ResourceId: 'resourceId',
    HttpMethod: 'httpMethod',
    AuthorizationType: 'authorizationType',
    AuthorizerId: 'authorizerId',
    AuthorizationScopes: 'authorizationScopes',
  },
  'AWS::ApiGateway::Authorizer': {
    RestApiId: 'restApiId',
    Name: 'name',
    Type: 'type',
    ProviderARNs: 'providerArns',
    IdentitySource: 'identitySource',
    IdentityValidationExpression: 'identityValidationExpression',
    AuthorizerResultTtlInSeconds: 'authorizerResultTtlInSeconds',
  },
  'AWS::ApiGateway::GatewayResponse': { RestApiId: 'restApiId', ResponseType: 'responseType', StatusCode: 'statusCode', ResponseParameters: 'responseParameters' },
  'AWS::CloudFormation::Stack': { Parameters: 'parameters', TemplateURL: 'templateUrl' },
  // Stages (the invoke URL's first path segment).
  'AWS::ApiGateway::Stage': { RestApiId: 'restApiId', StageName: 'stageName' },
  'AWS::ApiGateway::Deployment': { RestApiId: 'restApiId', StageName: 'stageName' },
  'AWS::ApiGatewayV2::Stage': { ApiId: 'apiId', StageName: 'stageName' },
  // HTTP APIs (http-api.ts).
  'AWS::ApiGatewayV2::Api': { Name: 'name', ProtocolType: 'protocolType' },
  'AWS::ApiGatewayV2::Authorizer': {
    ApiId: 'apiId',
    Name: 'name',
    AuthorizerType: 'authorizerType',
    IdentitySource: 'identitySource',
    JwtConfiguration: 'jwtConfiguration',
  },
  'AWS::ApiGatewayV2::Route': {
    ApiId: 'apiId',
    RouteKey: 'routeKey',
    AuthorizationType: 'authorizationType',
    AuthorizerId: 'authorizerId',
    AuthorizationScopes: 'authorizationScopes',
  },
  'AWS::Serverless::Api': {},
  'AWS::Serverless::HttpApi': {},
  'AWS::Serverless::Application': {},
  'AWS::Serverless::Function': {},
  'AWS::Serverless::StateMachine': {},
};

/** SAM resources the model reads as written (rendered whole: build.ts and sam.ts read them). */
const SAM_FULL = new Set(['AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::Serverless::Function']);

/** SAM resources whose `Events` the model reads: only each event's name and Type (see {@link samEvents}). */
const SAM_EVENTS = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/** Properties whose presence only the model reads (their content can be large: OpenAPI bodies, TLS settings). */
const PRESENCE: Record<string, Record<string, string>> = {
  'AWS::ApiGateway::RestApi': { BodyS3Location: 'bodyS3Location', CloneFrom: 'cloneFrom' },
  'AWS::ApiGatewayV2::Api': { Body: 'body', BodyS3Location: 'bodyS3Location', CorsConfiguration: 'corsConfiguration' },
};

/** Properties whose value is a struct (or a list of structs), as opposed to a map with free keys. */
const STRUCTS = ['Scopes', 'TokenValidityUnits', 'CustomDomainConfig', 'JwtConfiguration'];

function capitalizeKeys(o: unknown): unknown {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return o;
  return Object.fromEntries(Object.entries(o as Record<string, unknown>).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]));
}

interface L1Internals {
  readonly cfnProperties: Record<string, unknown>;
  readonly rawOverrides: { Properties?: Record<string, unknown>; DependsOn?: unknown };
  /** Created on the first dependency (undefined until then). */
  readonly dependsOn?: Set<CfnResource>;
}

/**
 * Stand-in logical ids. A real logical id is an MD5 hash of the construct path, computed afresh on
 * every use, and computing ~2 per method cost a quarter of the synth-time check (in time and in
 * garbage). The rendered template uses `⟦n⟧` instead; {@link RenderedStack.withRealIds} turns
 * stand-ins back into logical ids in the few strings shown to users (findings).
 */
const STAND_IN = /\u27e6(\d+)\u27e7/g;
/** An encoded string token: `${Token[...]}`. */
const STRING_TOKEN = /\$\{Token\[[^\]]+\]\}/g;

/** The logical id set with `overrideLogicalId`, if any. */
function logicalIdOverride(el: CfnElement): string | undefined {
  const override = (el as unknown as { _logicalIdOverride?: string })._logicalIdOverride;
  return typeof override === 'string' ? override : undefined;
}

/** What one rendering of a stack tree knows about its elements. */
class ElementIds {
  private readonly ids = new Map<CfnElement, string>();
  private readonly byIndex: CfnElement[] = [];
  private idTokens?: Map<string, CfnElement>;
  private overridden?: Map<string, CfnElement>;
  private realIds?: Map<Stack, Map<string, string>>;

  /** Every element of the tree, by stack (the root and its nested stacks). */
  constructor(private readonly all: Map<Stack, CfnElement[]>) {}

  /** The id of an element in the rendered template: its overridden logical id, else a stand-in. */
  public idOf(el: CfnElement): string {
    let id = this.ids.get(el);
    if (id === undefined) {
      const override = logicalIdOverride(el);
      if (override !== undefined) (this.overridden ??= new Map()).set(override, el);
      id = override ?? `\u27e6${this.byIndex.push(el) - 1}\u27e7`;
      this.ids.set(el, id);
    }
    return id;
  }

  /** The element an id of the rendered templates stands for (one given by {@link idOf}). */
  public elementOf(id: string): CfnElement | undefined {
    const m = /^\u27e6(\d+)\u27e7$/.exec(id);
    return m ? this.byIndex[Number(m[1])] : this.overridden?.get(id);
  }

  /** The element whose `logicalId` token this encoded string is (a logical id used as a value). */
  public elementOfIdToken(s: string): CfnElement | undefined {
    if (!this.idTokens) {
      this.idTokens = new Map();
      for (const els of this.all.values()) for (const el of els) this.idTokens.set(el.logicalId, el);
    }
    return this.idTokens.get(s);
  }

  /** A real logical id written literally in a stack (an override, say) → the id used in the rendered template. */
  public aliasOf(stack: Stack, logicalId: string): string | undefined {
    if (logicalId.startsWith('\u27e6')) return undefined;
    this.realIds ??= new Map();
    let table = this.realIds.get(stack);
    if (!table) {
      table = new Map();
      for (const el of this.all.get(stack) ?? []) table.set(this.realIdOf(el), this.idOf(el));
      this.realIds.set(stack, table);
    }
    return table.get(logicalId);
  }

  /** Every stand-in in a text replaced by the logical id it stands for. */
  public withRealIds(text: string): string {
    return text.indexOf('\u27e6') < 0 ? text : text.replace(STAND_IN, (m, i: string) => {
      const el = this.byIndex[Number(i)];
      return el ? this.realIdOf(el) : m;
    });
  }

  private realIdOf(el: CfnElement): string {
    return logicalIdOverride(el) ?? Stack.of(el).getLogicalId(el);
  }
}

/** READ and PRESENCE as lists, per type (computed once). */
const READ_ENTRIES = new Map(Object.entries(READ).map(([type, props]) => [type, Object.entries(props)]));
/**
 * Per type, an object with every property the model reads (all undefined): rendering starts from a
 * copy of it, so all resources of a type share one object shape (adding keys one by one to an empty
 * object costs more than the rest of the rendering).
 */
const READ_SHAPES = new Map(Object.entries(READ).map(([type, props]) => [type, Object.fromEntries(Object.keys(props).map((k) => [k, undefined]))]));
const PRESENCE_ENTRIES = new Map(Object.entries(PRESENCE).map(([type, props]) => [type, Object.entries(props)]));

/** Where aws-cdk-lib's resolver would treat a number as an encoded number token. */
const NUMBER_TOKEN_BOUND = 1e287;
const LIST_TOKEN_MARKER = '#{Token[';

/** Joins string fragments the way CloudFormation does: literal text merges, anything else becomes an `Fn::Join`. */
class JoinConcat implements IFragmentConcatenator {
  /** The parts of a value as an `Fn::Join` with no separator (itself, unless it is one already). */
  private static parts(x: unknown): unknown[] {
    const join = (x as { 'Fn::Join'?: unknown[] } | undefined)?.['Fn::Join'];
    return Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) ? join[1] : [x];
  }

  public join(left: unknown, right: unknown): unknown {
    if (left === undefined) return right ?? '';
    if (right === undefined) return left;
    if (typeof left === 'string' && typeof right === 'string') return left + right;
    return { 'Fn::Join': ['', [...JoinConcat.parts(left), ...JoinConcat.parts(right)]] };
  }
}
const JOIN_CONCAT = new JoinConcat();

/**
 * References between the stacks of one rendering that CDK has not replaced yet (it replaces them
 * during prepare, at synthesis: a check called outside synthesis sees them as they were written).
 * Each becomes what prepare makes of it: an output with an export in the producing stack, imported
 * by the consuming one; between stacks of one app, such exports are the app's wiring (see {@link appInput}).
 */
class CrossStackLinks {
  private readonly outputs = new Map<Stack, Record<string, { Value: unknown; Export: { Name: string } }>>();
  private readonly names = new Map<string, string>();
  /** The export names the rendered templates import (as values of tokens: CDK's imports and Fn.importValue). */
  public readonly imported = new Set<string>();

  constructor(private readonly ids: ElementIds, private readonly rendered: Set<Stack>) {}

  /** A value rendered in `consumer`: an import when it is a `Ref`/`Fn::GetAtt` to an element of another stack rendered with it. */
  public link(consumer: Stack, value: unknown): unknown {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const v = value as { 'Ref'?: unknown; 'Fn::GetAtt'?: unknown };
    const target = typeof v.Ref === 'string' ? v.Ref : Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'][0] : undefined;
    if (typeof target !== 'string' || Object.keys(v).length !== 1) return value;
    const el = this.ids.elementOf(target);
    const producer = el ? Stack.of(el) : undefined;
    if (!producer || producer === consumer || !this.rendered.has(producer)) return value;
    const key = JSON.stringify(value);
    let name = this.names.get(key);
    if (name === undefined) {
      let outputs = this.outputs.get(producer);
      if (!outputs) this.outputs.set(producer, (outputs = {}));
      const id = `${CDK_EXPORT_PREFIX}${target}${Object.keys(outputs).length}`;
      name = `${producer.artifactId}:${id}`;
      outputs[id] = { Value: value, Export: { Name: name } };
      this.names.set(key, name);
    }
    this.imported.add(name);
    return { 'Fn::ImportValue': name };
  }

  /** The outputs added to a stack's template. */
  public outputsOf(stack: Stack): Record<string, unknown> | undefined {
    return this.outputs.get(stack);
  }
}

/**
 * Resolves the values the model reads, for one stack, as `stack.resolve` would render them (up to
 * equivalent intrinsics: a string of several fragments becomes an `Fn::Join` the model evaluates).
 *
 * It is cheaper than calling `stack.resolve` per value, which costs a large share of synthesis:
 * - `Ref`/`Fn::GetAtt` tokens to elements of the same stack — nearly every token in an API — are
 *   rendered directly, with the element's id in the rendered template ({@link ElementIds});
 * - an element's `logicalId` token used as a value renders as that id too;
 * - every other token is resolved once per stack through its public `resolve(context)` (the same
 *   encoded string or token object recurs in every method of an API), with `stack.resolve` as the
 *   fallback for tokens that register a post-processor.
 *
 * Values it returns may be shared between resources: callers must not mutate them.
 */
class StackValues {
  private readonly strings = new Map<string, unknown>();
  private readonly tokens = new Map<IResolvable, unknown>();
  private readonly context: IResolveContext;
  private postProcessed = false;

  constructor(private readonly stack: Stack, public readonly ids: ElementIds, private readonly links?: CrossStackLinks) {
    this.context = {
      scope: stack,
      preparing: false,
      documentPath: [],
      registerPostProcessor: () => {
        this.postProcessed = true;
      },
      resolve: (x: unknown) => this.value(x),
    };
  }

  public value(v: unknown): unknown {
    switch (typeof v) {
      case 'undefined':
      case 'boolean':
        return v;
      case 'number': {
        if (v > -NUMBER_TOKEN_BOUND && v < NUMBER_TOKEN_BOUND) return v;
        const token = Tokenization.reverseNumber(v);
        return token ? this.token(token) : v;
      }
      case 'string':
        return this.string(v);
      case 'object':
        if (v === null) return v;
        if (Array.isArray(v)) return this.list(v);
        if (Tokenization.isResolvable(v)) return this.token(v);
        return this.object(v as Record<string, unknown>);
      default:
        return this.stack.resolve(v);
    }
  }

  private string(v: string): unknown {
    // Every encoded token contains 'Token[' (strings `${Token[..]}`, lists `#{Token[..]}`); numbers
    // stringified from number tokens are left to aws-cdk-lib.
    if (v.indexOf('Token[') < 0) return v.length >= 16 && v.includes('e+289') ? this.stack.resolve(v) : v;
    if (this.strings.has(v)) return this.strings.get(v);
    let out: unknown;
    const idOf = this.ids.elementOfIdToken(v);
    if (idOf) {
      out = this.ids.idOf(idOf); // an element's logical id used as a value: the id it has in the rendered template
    } else if (v.includes(LIST_TOKEN_MARKER)) {
      out = this.stack.resolve(v); // a list token in a string: aws-cdk-lib reports it
    } else {
      const fragments = Tokenization.reverseString(v);
      const first = fragments.length === 1 ? fragments.firstToken : undefined;
      if (first) {
        out = this.token(first);
      } else {
        // Logical ids inside a longer string (`${Token[..LogicalID..]}.Arn`) become plain text first.
        const ids = v.replace(STRING_TOKEN, (m) => {
          const el = this.ids.elementOfIdToken(m);
          return el ? this.ids.idOf(el) : m;
        });
        const parts = ids === v ? fragments : Tokenization.reverseString(ids);
        const only = parts.length === 1 ? parts.firstToken : undefined;
        out = only ? this.token(only) : parts.mapTokens({ mapToken: (t) => this.token(t) }).join(JOIN_CONCAT);
      }
    }
    this.strings.set(v, out);
    return out;
  }

  private list(v: unknown[]): unknown {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'string' && x.includes(LIST_TOKEN_MARKER)) {
        const token = Tokenization.reverseList(v as string[]);
        return token ? this.token(token) : this.stack.resolve(v);
      }
      const r = this.value(x);
      // The list itself is returned while nothing in it changes (lists of plain strings, mostly).
      if (r !== x && !out) out = v.slice(0, i).filter((e) => e !== undefined);
      if (out && r !== undefined) out.push(r);
    }
    return out ?? (v.includes(undefined) ? v.filter((e) => e !== undefined) : v);
  }

  private object(v: Record<string, unknown>): unknown {
    if (v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const r = this.value(v[k]);
      if (r === undefined) continue;
      const key = k.indexOf('Token[') < 0 ? k : this.value(k);
      if (typeof key !== 'string') return this.stack.resolve(v); // aws-cdk-lib reports keys that are not strings
      out[key] = r;
    }
    return out;
  }

  private token(t: IResolvable): unknown {
    if (this.tokens.has(t)) return this.tokens.get(t);
    let out: unknown;
    const ref = t instanceof Reference && CfnElement.isCfnElement(t.target) ? t : undefined;
    if (ref && Stack.of(ref.target) === this.stack && !ref.displayName.startsWith('AWS::')) {
      const logicalId = this.ids.idOf(ref.target as CfnElement);
      // The attribute can hold a token: `Outputs.<logical id of an output>` for a nested stack's output.
      out = ref.displayName === 'Ref' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, this.value(ref.displayName)] };
    } else {
      // References across stacks were replaced, during prepare, by a parameter or an import in this
      // stack: the reference's own resolve() follows the replacement for the consuming stack (context.scope).
      const before = this.postProcessed;
      this.postProcessed = false;
      out = this.value(t.resolve(this.context));
      if (this.postProcessed) out = this.stack.resolve(t);
      this.postProcessed = before;
      // Before prepare (a check called outside synthesis) nothing was replaced yet: link the stacks as CDK would.
      if (ref && this.links) out = this.links.link(this.stack, out);
      // An import (CDK's replacement of a reference to another stack, or Fn.importValue) is noted for appInput.
      const imported = out && typeof out === 'object' ? (out as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'] : undefined;
      if (typeof imported === 'string') this.links?.imported.add(imported);
    }
    this.tokens.set(t, out);
    return out;
  }
}

/**
 * Which response parameters a list of method or integration responses sets, as
 * `[{ ResponseParameters: { key: true } }]` (the model only asks whether a CORS header is set).
 */
function responseParameterKeys(values: StackValues, list: unknown): unknown {
  const items = Token.isUnresolved(list) ? values.value(list) : list;
  if (!Array.isArray(items)) return undefined;
  return items.map((item) => {
    const o = (Token.isUnresolved(item) ? values.value(item) : item) as Record<string, unknown> | undefined;
    const raw = o?.responseParameters ?? o?.ResponseParameters;
    const params = Token.isUnresolved(raw) ? values.value(raw) : raw;
    return { ResponseParameters: params && typeof params === 'object' ? Object.fromEntries(Object.keys(params).map((k) => [k, true])) : undefined };
  });
}

/** Render what the model reads of one L1 resource; undefined when the L1's internals are not as expected. */
function renderForModel(values: StackValues, el: CfnResource, read: Array<[string, string]>): RawResource | undefined {
  const type = el.cfnResourceType;
  if (SAM_FULL.has(type)) {
    // SAM APIs and functions are rendered whole, as in the synthesized template (their Auth, Cors, DefinitionBody
    // and Events are read); they are rare in CDK apps, so the cost of the full rendering stays small.
    const rendered = values.value((el as unknown as CfnRenderable)._toCloudFormation()) as { Resources?: Record<string, RawResource> } | undefined;
    const r = rendered?.Resources ? Object.values(rendered.Resources)[0] : undefined;
    if (r && typeof r === 'object') return { Type: type, Properties: r.Properties ?? {}, DependsOn: r.DependsOn };
  }
  const l1 = el as unknown as L1Internals;
  const camel = l1.cfnProperties;
  if (!camel || typeof camel !== 'object' || (l1.dependsOn !== undefined && !(l1.dependsOn instanceof Set))) return undefined;
  // A plain `new CfnResource(scope, id, { type, properties })` keeps the CloudFormation names.
  const plain = Object.getPrototypeOf(el) === CfnResource.prototype;
  const properties: Record<string, unknown> = { ...READ_SHAPES.get(type) };
  for (let i = 0; i < read.length; i++) {
    const [cfnName, l1Name] = read[i];
    const raw = camel[plain ? cfnName : l1Name];
    if (raw === undefined) continue;
    let v = values.value(raw);
    if (v === undefined) continue;
    // Struct-typed properties keep the L1's camelCase keys until CDK renders them: capitalize those we read.
    if (STRUCTS.includes(cfnName)) v = Array.isArray(v) ? v.map(capitalizeKeys) : capitalizeKeys(v);
    properties[cfnName] = v;
  }
  const presence = PRESENCE_ENTRIES.get(type);
  for (let i = 0; presence && i < presence.length; i++) {
    const [cfnName, l1Name] = presence[i];
    if (camel[plain ? cfnName : l1Name] !== undefined) properties[cfnName] = true;
  }
  if (SAM_EVENTS.has(type)) {
    const events = samEvents(values, plain ? camel.Events : camel.events);
    if (events !== undefined) properties.Events = events;
  }
  if (type === 'AWS::ApiGateway::Method') {
    // Only the integration type and which CORS headers responses set are read.
    const integration = Token.isUnresolved(camel.integration) ? values.value(camel.integration) : camel.integration;
    if (integration && typeof integration === 'object') {
      const i = integration as Record<string, unknown>;
      properties.Integration = {
        Type: values.value(i.type ?? i.Type),
        IntegrationResponses: responseParameterKeys(values, i.integrationResponses ?? i.IntegrationResponses),
      };
    }
    properties.MethodResponses = responseParameterKeys(values, camel.methodResponses);
  }
  // Escape hatches (addPropertyOverride / addDeletionOverride) win, as in the synthesized template.
  const overrides = l1.rawOverrides?.Properties;
  let merged = properties;
  if (overrides && hasKeys(overrides)) {
    const resolved = values.value(overrides);
    if (resolved && typeof resolved === 'object') merged = mergeOverrides(properties, resolved as Record<string, unknown>) as Record<string, unknown>;
  }
  const dependsOn = l1.dependsOn && l1.dependsOn.size > 0 ? [...l1.dependsOn].map((d) => values.ids.idOf(d)) : [];
  const overriddenDeps = l1.rawOverrides?.DependsOn;
  if (overriddenDeps !== undefined) dependsOn.push(...([] as string[]).concat((values.value(overriddenDeps) as string[]) ?? []));
  return { Type: type, Properties: merged, DependsOn: dependsOn.length > 0 ? dependsOn : undefined };
}

/**
 * The `Events` of a SAM function or state machine as the model reads them: each event's name and
 * Type only (`{ name: { Type } }`); an intrinsic stays as resolved (the model then says it could not read them).
 */
function samEvents(values: StackValues, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  const events = Token.isUnresolved(raw) ? values.value(raw) : raw;
  if (!events || typeof events !== 'object' || Array.isArray(events)) return events;
  const keys = Object.keys(events);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return events;
  const out: Record<string, unknown> = {};
  for (const name of keys) {
    const ev = (events as Record<string, unknown>)[name];
    const e = (Token.isUnresolved(ev) ? values.value(ev) : ev) as Record<string, unknown> | undefined;
    out[name] = { Type: e && typeof e === 'object' ? values.value(e.type ?? e.Type) : undefined };
  }
  return out;
}

/** Whether an object has an enumerable key (without listing them all). */
function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Keys whose object is a CloudFormation intrinsic: an override replaces such an object instead of merging into it. */
const INTRINSIC_KEYS = new Set(['Ref', 'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join',
  'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::Transform', 'Fn::And', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Fn::Or']);

function isIntrinsic(o: object): boolean {
  const keys = Object.keys(o);
  return keys.length === 1 && INTRINSIC_KEYS.has(keys[0]);
}

/**
 * Apply property overrides with aws-cdk-lib's semantics (core/lib/private/deep-merge): objects merge,
 * except into or from an intrinsic; a list merges by index with an object of numeric keys (as
 * `addPropertyOverride('List.1', x)` records); undefined deletes; an object left empty is removed;
 * anything else replaces. Returns a copy: neither argument is modified (resolved values are shared
 * between resources and may be the L1's own objects).
 */
function mergeOverrides(target: object, source: Record<string, unknown>): Record<string, unknown> | unknown[] {
  const out: Record<string, unknown> = (Array.isArray(target) ? [...target] : { ...target }) as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const value = source[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const current = out[key];
      const base = current !== null && typeof current === 'object' && !isIntrinsic(current) && !isIntrinsic(value) ? current : {};
      const merged = mergeOverrides(base, value as Record<string, unknown>);
      if (Object.keys(merged).length === 0) delete out[key];
      else out[key] = merged;
    } else if (value === undefined) {
      delete out[key]; // in a list, a hole: dropped when the list is rendered
    } else {
      out[key] = value;
    }
  }
  return Array.isArray(out) ? out.filter((_, i) => i in out) : out;
}

interface CfnRenderable {
  _toCloudFormation(): Record<string, Record<string, unknown>>;
}

interface StackElements {
  readonly elements: CfnElement[];
  readonly nested: NestedStack[];
}

/**
 * The elements of a stack and of its nested stacks (each stack's own, in one walk of the tree).
 * Other (non-nested) stacks met inside it are added to `others`: they have their own template.
 */
function collect(stack: Stack, into: Map<Stack, StackElements>, others?: Stack[]): Map<Stack, StackElements> {
  const own: StackElements = { elements: [], nested: [] };
  into.set(stack, own);
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stack.isStack(child)) {
        if (NestedStack.isNestedStack(child) && child.nestedStackParent === stack) {
          own.nested.push(child);
          collect(child, into, others);
        } else if (!child.nestedStackParent) {
          others?.push(child);
        }
        continue; // other stacks have their own template
      }
      if (Stage.isStage(child)) continue; // a stage is another cloud assembly
      if (CfnElement.isCfnElement(child)) own.elements.push(child);
      visit(child);
    }
  };
  visit(stack);
  return into;
}

/** A stack rendered for the model, with stand-in logical ids. */
export interface RenderedStack {
  readonly input: TemplateInput;
  /** A text (a finding's message, say) with the stand-in logical ids it mentions replaced by the real ones. */
  withRealIds(text: string): string;
}

/**
 * The template of a stack (and its nested stacks) as the model needs it, rendered from the
 * construct tree (used during synthesis, before templates are written). Only the resources and
 * properties the model reads are rendered, and logical ids are stand-ins (see {@link ElementIds}).
 */
export function renderStack(stack: Stack): RenderedStack {
  const tree = collect(stack, new Map());
  const ids = new ElementIds(new Map([...tree].map(([s, t]) => [s, t.elements])));
  const links = new CrossStackLinks(ids, new Set(tree.keys()));
  const templates = new Map<Stack, RawTemplate>();
  const input = render(stack, tree, ids, links, templates);
  addLinkOutputs(links, templates);
  return { input, withRealIds: (text) => ids.withRealIds(text) };
}

/** The stacks of an app (or stage) rendered for the model, as one input: see {@link appInput}. */
export interface RenderedApp {
  /** The app as one template whose nested stacks are the app's stacks. */
  readonly input: TemplateInput;
  /** Template name (of a stack or one of its nested stacks) → the top-level stack it belongs to. */
  readonly stackOf: ReadonlyMap<string, Stack>;
  /** A text (a finding's message, say) with the stand-in logical ids it mentions replaced by the real ones. */
  withRealIds(text: string): string;
}

/**
 * Every stack of an app or stage (nested stacks inside their parents; the stacks of nested stages
 * belong to those stages), rendered from the construct tree in one pass with one set of stand-in
 * ids, as one input ({@link appInput}): references between the stacks resolve through the exports
 * CDK generated for them.
 */
export function renderApp(stage: IConstruct): RenderedApp {
  const roots: Stack[] = [];
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stage.isStage(child)) continue;
      if (Stack.isStack(child)) roots.push(child);
      else visit(child);
    }
  };
  if (Stack.isStack(stage)) roots.push(stage);
  else visit(stage);
  const tree = new Map<Stack, StackElements>();
  for (let i = 0; i < roots.length; i++) collect(roots[i], tree, roots); // roots grows with stacks found inside stacks
  const ids = new ElementIds(new Map([...tree].map(([s, t]) => [s, t.elements])));
  const links = new CrossStackLinks(ids, new Set(tree.keys()));
  const templates = new Map<Stack, RawTemplate>();
  const inputs = roots.map((root) => render(root, tree, ids, links, templates));
  addLinkOutputs(links, templates);
  const stackOf = new Map<string, Stack>();
  const note = (input: TemplateInput, root: Stack) => {
    stackOf.set(input.name, root);
    for (const n of Object.values(input.nested ?? {})) note(n, root);
  };
  inputs.forEach((input, i) => note(input, roots[i]));
  return {
    // The imports were noted while rendering (CDK writes them as tokens): the templates need not be walked for them.
    // (Outputs CDK generated have stand-in ids here; those added for references not replaced yet are named after theirs.)
    input: appInput(
      inputs,
      (outputId, name) => isCdkReferenceExport(outputId, name) || isCdkReferenceExport(ids.withRealIds(outputId), name),
      links.imported,
    ),
    stackOf,
    withRealIds: (text) => ids.withRealIds(text),
  };
}

function addLinkOutputs(links: CrossStackLinks, templates: Map<Stack, RawTemplate>): void {
  for (const [stack, template] of templates) {
    const outputs = links.outputsOf(stack);
    if (outputs) Object.assign(template.Outputs as Record<string, unknown>, outputs);
  }
}


function render(
  stack: Stack,
  tree: Map<Stack, StackElements>,
  ids: ElementIds,
  links: CrossStackLinks,
  templates: Map<Stack, RawTemplate>,
): TemplateInput {
  const { elements, nested } = tree.get(stack)!;
  const template: {
    Resources: Record<string, RawResource>;
    Parameters: Record<string, any>;
    Outputs: Record<string, any>;
    Mappings: Record<string, any>;
    Transform?: unknown;
  } = {
    Resources: {},
    Parameters: {},
    Outputs: {},
    Mappings: {},
  };
  templates.set(stack, template as RawTemplate);
  const transforms = stack.templateOptions.transforms;
  if (transforms && transforms.length > 0) template.Transform = transforms.length === 1 ? transforms[0] : [...transforms];
  const constructPaths: Record<string, string> = {};
  const values = new StackValues(stack, ids, links);
  for (const el of elements) {
    const isResource = CfnResource.isCfnResource(el);
    const read = isResource ? READ_ENTRIES.get(el.cfnResourceType) : undefined;
    // Resources the model does not read are left out.
    if (isResource && !read) continue;
    const logicalId = ids.idOf(el);
    constructPaths[logicalId] = el.node.path;
    if (read) {
      const resource = renderForModel(values, el as CfnResource, read);
      if (resource) {
        template.Resources[logicalId] = resource;
        continue;
      }
    }
    const rendered = values.value((el as unknown as CfnRenderable)._toCloudFormation()) as Record<string, Record<string, any>>;
    for (const [section, entries] of Object.entries(rendered)) {
      if (section === 'Resources' || section === 'Parameters' || section === 'Outputs' || section === 'Mappings') {
        Object.assign(template[section], entries);
      }
    }
  }
  const nestedInputs: Record<string, TemplateInput> = {};
  for (const n of nested) {
    const lid = n.nestedStackResource ? ids.idOf(n.nestedStackResource) : undefined;
    if (typeof lid === 'string') nestedInputs[lid] = { ...render(n, tree, ids, links, templates), name: `${stack.artifactId}/${lid}` };
  }
  return {
    name: stack.artifactId,
    template: template as RawTemplate,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    constructPaths,
    aliasOf: (logicalId) => ids.aliasOf(stack, logicalId),
    nested: Object.keys(nestedInputs).length > 0 ? nestedInputs : undefined,
  };
}

/** The outermost (non-nested) stack containing a construct. */
export function rootStackOf(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}

