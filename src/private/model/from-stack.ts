import { CfnElement, CfnResource, NestedStack, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
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
  'AWS::ApiGateway::RestApi': { Name: 'name' },
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
  'AWS::CloudFormation::Stack': { Parameters: 'parameters' },
};

/** Properties whose presence only the model reads (their content can be large: OpenAPI bodies, TLS settings). */
const PRESENCE: Record<string, Record<string, string>> = {
  'AWS::ApiGateway::RestApi': { Body: 'body', BodyS3Location: 'bodyS3Location' },
};

/** Properties whose value is a struct (or a list of structs), as opposed to a map with free keys. */
const STRUCTS = ['Scopes', 'TokenValidityUnits', 'CustomDomainConfig'];

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


/** Logical ids computed during the current check (the tree is final at synth time). */
let logicalIds: WeakMap<CfnElement, string> | undefined;

/** The logical id of an element, as the template will have it (overrideLogicalId included). */
function logicalIdOf(el: CfnElement): string {
  let id = logicalIds?.get(el);
  if (id === undefined) {
    const override = (el as unknown as { _logicalIdOverride?: string })._logicalIdOverride;
    id = typeof override === 'string' ? override : Stack.of(el).getLogicalId(el);
    logicalIds?.set(el, id);
  }
  return id;
}

/**
 * Resolve a value for the model. `Ref`/`Fn::GetAtt` tokens to elements of the same stack — nearly
 * every token in an API — are rendered directly; everything else goes through `stack.resolve`.
 * Going through aws-cdk-lib's resolver for each reference would cost a large share of synthesis.
 */
function resolveValue(stack: Stack, v: unknown): unknown {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    // Every encoded token contains 'Token[' (strings `${Token[..]}`, lists `#{Token[..]}`).
    if (v.indexOf('Token[') < 0 || !Token.isUnresolved(v)) return v;
    const fragments = Tokenization.reverseString(v);
    if (fragments.length === 1 && fragments.firstToken) return resolveValue(stack, fragments.firstToken);
    return stack.resolve(v);
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string' && x.indexOf('Token[') < 0)) return v;
    return Token.isUnresolved(v) ? stack.resolve(v) : v.map((x) => resolveValue(stack, x));
  }
  if (v instanceof Reference && CfnElement.isCfnElement(v.target)) {
    if (Stack.of(v.target) === stack) {
      const logicalId = logicalIdOf(v.target);
      return v.displayName === 'Ref' ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, v.displayName] };
    }
    // A reference across stacks was replaced, during prepare, by a parameter or an import in this stack.
    const replacement = (v as unknown as { replacementTokens?: Map<Stack, unknown> }).replacementTokens?.get(stack);
    if (replacement !== undefined) return resolveValue(stack, replacement);
  }
  if (Token.isUnresolved(v)) return stack.resolve(v);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const r = resolveValue(stack, x);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return stack.resolve(v);
}

/** The keys of an object-valued property that sets CORS headers, as `{ ResponseParameters: {key: true} }` items. */
function corsKeys(stack: Stack, list: unknown): unknown {
  const items = Token.isUnresolved(list) ? stack.resolve(list) : list;
  if (!Array.isArray(items)) return undefined;
  return items.map((item) => {
    const o = (Token.isUnresolved(item) ? stack.resolve(item) : item) as Record<string, unknown> | undefined;
    const params = o?.responseParameters ?? o?.ResponseParameters;
    const resolved = Token.isUnresolved(params) ? stack.resolve(params) : params;
    return { ResponseParameters: resolved && typeof resolved === 'object' ? Object.fromEntries(Object.keys(resolved).map((k) => [k, true])) : undefined };
  });
}

/** Render what the model reads of one L1 resource; undefined when the L1's internals are not as expected. */
function renderForModel(stack: Stack, el: CfnResource): RawResource | undefined {
  const type = el.cfnResourceType;
  const l1 = el as unknown as L1Internals;
  const camel = l1.cfnProperties;
  if (!camel || typeof camel !== 'object' || (l1.dependsOn !== undefined && !(l1.dependsOn instanceof Set))) return undefined;
  const picked: Record<string, unknown> = {};
  for (const [cfnName, l1Name] of Object.entries(READ[type] ?? {})) {
    if (camel[l1Name] !== undefined) picked[cfnName] = camel[l1Name];
  }
  const properties = (resolveValue(stack, picked) ?? {}) as Record<string, unknown>;
  // Struct-typed properties keep the L1's camelCase keys until CDK renders them: capitalize those we read.
  for (const key of STRUCTS) {
    const v = properties[key];
    if (Array.isArray(v)) properties[key] = v.map(capitalizeKeys);
    else if (v && typeof v === 'object') properties[key] = capitalizeKeys(v);
  }
  for (const [cfnName, l1Name] of Object.entries(PRESENCE[type] ?? {})) {
    if (camel[l1Name] !== undefined) properties[cfnName] = true;
  }
  if (type === 'AWS::ApiGateway::Method') {
    // Only the integration type and which CORS headers responses set are read.
    const integration = Token.isUnresolved(camel.integration) ? stack.resolve(camel.integration) : camel.integration;
    if (integration && typeof integration === 'object') {
      const i = integration as Record<string, unknown>;
      properties.Integration = {
        Type: resolveValue(stack, i.type ?? i.Type),
        IntegrationResponses: corsKeys(stack, i.integrationResponses ?? i.IntegrationResponses),
      };
    }
    properties.MethodResponses = corsKeys(stack, camel.methodResponses);
  }
  // Escape hatches (addPropertyOverride / addDeletionOverride) win, as in the synthesized template.
  const overrides = l1.rawOverrides?.Properties;
  if (overrides && Object.keys(overrides).length > 0) {
    deepMerge(properties, stack.resolve(overrides) as Record<string, unknown>);
  }
  const dependsOn = [...(l1.dependsOn ?? [])].map((d) => logicalIdOf(d));
  const overriddenDeps = l1.rawOverrides?.DependsOn;
  if (overriddenDeps !== undefined) dependsOn.push(...([] as string[]).concat(stack.resolve(overriddenDeps) ?? []));
  return { Type: type, Properties: properties, DependsOn: dependsOn.length > 0 ? dependsOn : undefined };
}

/**
 * aws-cdk-lib's override semantics: objects merge (an array merges by index with an object of
 * numeric keys, as `addPropertyOverride('List.1', x)` records), anything else replaces, undefined deletes.
 */
function deepMerge(target: Record<string, unknown> | unknown[], source: Record<string, unknown>): void {
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(source ?? {})) {
    const current = t[k];
    const mergeable = v && typeof v === 'object' && !Array.isArray(v);
    if (v === undefined) {
      if (Array.isArray(target)) target.splice(Number(k), 1);
      else delete t[k];
    } else if (mergeable && current && typeof current === 'object') {
      deepMerge(current as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      t[k] = v;
    }
  }
}

interface CfnRenderable {
  _toCloudFormation(): Record<string, Record<string, unknown>>;
}

function ownElements(stack: Stack): { elements: CfnElement[]; nested: NestedStack[] } {
  const elements: CfnElement[] = [];
  const nested: NestedStack[] = [];
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stack.isStack(child)) {
        if (NestedStack.isNestedStack(child) && child.nestedStackParent === stack) nested.push(child);
        continue; // other stacks have their own template
      }
      if (CfnElement.isCfnElement(child)) elements.push(child);
      visit(child);
    }
  };
  visit(stack);
  return { elements, nested };
}

/**
 * The template of a stack as the model needs it, rendered from the construct
 * tree (used during synthesis, before templates are written). Only the
 * resources and properties the model reads are rendered.
 */
export function templateInputFromStack(stack: Stack): TemplateInput {
  // Logical ids are a hash of the construct path, computed afresh on every use: remember them for this
  // check (the tree is final at synth time).
  logicalIds = new WeakMap();
  try {
    return render(stack);
  } finally {
    logicalIds = undefined;
  }
}

function render(stack: Stack): TemplateInput {
  const { elements, nested } = ownElements(stack);
  const template: {
    Resources: Record<string, RawResource>;
    Parameters: Record<string, any>;
    Outputs: Record<string, any>;
    Mappings: Record<string, any>;
  } = {
    Resources: {},
    Parameters: {},
    Outputs: {},
    Mappings: {},
  };
  const constructPaths: Record<string, string> = {};
  for (const el of elements) {
    const isResource = CfnResource.isCfnResource(el);
    // Resources the model does not read are left out (their logical ids can be costly to compute).
    if (isResource && !(el.cfnResourceType in READ)) continue;
    const logicalId = logicalIdOf(el);
    constructPaths[logicalId] = el.node.path;
    if (isResource) {
      const resource = renderForModel(stack, el);
      if (resource) {
        template.Resources[logicalId] = resource;
        continue;
      }
    }
    const rendered = stack.resolve((el as unknown as CfnRenderable)._toCloudFormation()) as Record<string, Record<string, any>>;
    for (const [section, entries] of Object.entries(rendered)) {
      if (section === 'Resources' || section === 'Parameters' || section === 'Outputs' || section === 'Mappings') {
        Object.assign(template[section], entries);
      }
    }
  }
  const nestedInputs: Record<string, TemplateInput> = {};
  for (const n of nested) {
    const lid = n.nestedStackResource ? logicalIdOf(n.nestedStackResource) : undefined;
    if (typeof lid === 'string') nestedInputs[lid] = { ...render(n), name: `${stack.artifactId}/${lid}` };
  }
  return {
    name: stack.artifactId,
    template: template as RawTemplate,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    constructPaths,
    nested: Object.keys(nestedInputs).length > 0 ? nestedInputs : undefined,
  };
}

/** The outermost (non-nested) stack containing a construct. */
export function rootStackOf(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}
