/**
 * Small CloudFormation fixtures for rule tests: a correct baseline (pool,
 * resource server, machine and web clients, domain, REST API, Cognito
 * authorizer, scoped methods) and helpers to change it.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildModel } from '../../src/private/model/build';
import { RawTemplate } from '../../src/private/model/resolve';
import { AuthModel, Finding } from '../../src/private/model/types';
import { runRules } from '../../src/private/rules/engine';

export type Json = Record<string, any>;

/** A template whose resources can be changed in place. */
export interface Tpl {
  Parameters?: Json;
  Outputs?: Json;
  Resources: Record<string, Json>;
}

const ARN = { 'Fn::GetAtt': ['Pool', 'Arn'] };
const ROOT = { 'Fn::GetAtt': ['Api', 'RootResourceId'] };

/** The correct baseline setup: no rule fires on it. */
export function baseline(): Tpl {
  return {
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Rs: {
        Type: 'AWS::Cognito::UserPoolResourceServer',
        Properties: {
          UserPoolId: { Ref: 'Pool' },
          Identifier: 'com.example.api',
          Name: 'items-api',
          Scopes: [
            { ScopeName: 'read', ScopeDescription: 'Read items' },
            { ScopeName: 'write', ScopeDescription: 'Write items' },
          ],
        },
      },
      Machine: {
        Type: 'AWS::Cognito::UserPoolClient',
        DependsOn: ['Rs'],
        Properties: {
          UserPoolId: { Ref: 'Pool' },
          GenerateSecret: true,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: ['com.example.api/read', 'com.example.api/write'],
          AccessTokenValidity: 60,
          TokenValidityUnits: { AccessToken: 'minutes' },
        },
      },
      Web: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: {
          UserPoolId: { Ref: 'Pool' },
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', { 'Fn::Join': ['', [{ Ref: 'Rs' }, '/read']] }],
          CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback', 'exampleapp://auth/login'],
          LogoutURLs: ['https://app.example.com/'],
          DefaultRedirectURI: 'https://app.example.com/callback',
          IdTokenValidity: 1,
          RefreshTokenValidity: 30,
        },
      },
      Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'example-auth' } },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items' } },
      Authz: {
        Type: 'AWS::ApiGateway::Authorizer',
        Properties: {
          RestApiId: { Ref: 'Api' },
          Name: 'cognito',
          Type: 'COGNITO_USER_POOLS',
          IdentitySource: 'method.request.header.Authorization',
          ProviderARNs: [ARN],
          AuthorizerResultTtlInSeconds: 300,
        },
      },
      Items: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: ROOT, PathPart: 'items' } },
      GetItems: method('GET', 'Items', { AuthorizationScopes: ['com.example.api/read'] }),
      PostItems: method('POST', 'Items', { AuthorizationScopes: ['com.example.api/write'] }),
    },
  };
}

/** A Cognito-protected method on a resource of `Api` (props override the defaults; `undefined` removes one). */
export function method(verb: string, resource: string | null, props: Json = {}): Json {
  const base: Json = {
    RestApiId: { Ref: 'Api' },
    ResourceId: resource ? { Ref: resource } : ROOT,
    HttpMethod: verb,
    AuthorizationType: 'COGNITO_USER_POOLS',
    AuthorizerId: { Ref: 'Authz' },
    Integration: { Type: 'MOCK' },
  };
  return { Type: 'AWS::ApiGateway::Method', Properties: clean({ ...base, ...props }) };
}

/** A public method (AuthorizationType NONE, no authorizer). */
export function publicMethod(verb: string, resource: string | null, props: Json = {}): Json {
  return method(verb, resource, { AuthorizationType: 'NONE', AuthorizerId: undefined, ...props });
}

/** A CORS preflight OPTIONS method as CDK renders it (MOCK integration setting Access-Control-Allow-Origin). */
export function preflight(resource: string | null, props: Json = {}): Json {
  return publicMethod('OPTIONS', resource, {
    Integration: {
      Type: 'MOCK',
      RequestTemplates: { 'application/json': '{ statusCode: 200 }' },
      IntegrationResponses: [{ StatusCode: '204', ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } }],
    },
    MethodResponses: [{ StatusCode: '204', ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }],
    ...props,
  });
}

function clean(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** Change of one resource: merged into its properties (`undefined` removes a property); `null` removes the resource. */
export interface Change {
  readonly Type?: string;
  readonly Properties?: Json;
  readonly DependsOn?: string | string[] | null;
}

/** Apply changes to a template (a copy): merge properties, add resources, remove with `null`. */
export function withChanges(t: Tpl, changes: Record<string, Change | null>): Tpl {
  const out: Tpl = JSON.parse(JSON.stringify(t));
  for (const [lid, change] of Object.entries(changes)) {
    if (change === null) {
      delete out.Resources[lid];
      continue;
    }
    const res = out.Resources[lid] ?? { Type: change.Type, Properties: {} };
    if (change.Type) res.Type = change.Type;
    if (change.Properties) res.Properties = clean({ ...(res.Properties ?? {}), ...change.Properties });
    if (change.DependsOn === null) delete res.DependsOn;
    else if (change.DependsOn !== undefined) res.DependsOn = change.DependsOn;
    out.Resources[lid] = res;
  }
  return out;
}

/** The baseline with changes. */
export function changed(changes: Record<string, Change | null>): Tpl {
  return withChanges(baseline(), changes);
}

/** Build the model of templates (named T, T2, ... unless given as [name, template] pairs). */
export function model(...templates: Array<Tpl | [string, Tpl | RawTemplate]>): AuthModel {
  return buildModel(
    templates.map((t, i) =>
      Array.isArray(t) ? { name: t[0], template: t[1] as RawTemplate } : { name: i === 0 ? 'T' : `T${i + 1}`, template: t as RawTemplate },
    ),
  );
}

/** Findings of one rule over templates. */
export function check(ruleId: string, ...templates: Array<Tpl | [string, Tpl | RawTemplate]>): Finding[] {
  return runRules(model(...templates), { only: [ruleId] });
}

/** Findings of every rule over templates. */
export function checkAll(...templates: Array<Tpl | [string, Tpl | RawTemplate]>): Finding[] {
  return runRules(model(...templates));
}

/** Findings of one rule over a CDK stack (via its synthesized template). */
export function checkStack(ruleId: string | undefined, stack: Stack): Finding[] {
  const m = buildModel([{ name: stack.stackName, template: Template.fromStack(stack).toJSON() as RawTemplate }]);
  return runRules(m, ruleId ? { only: [ruleId] } : {});
}

/** Compact view of findings for assertions. */
export function brief(findings: Finding[]): Array<Pick<Finding, 'ruleId' | 'severity' | 'logicalId' | 'message'>> {
  return findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, logicalId: f.logicalId, message: f.message }));
}
