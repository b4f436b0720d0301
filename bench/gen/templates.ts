/**
 * Generator of synthetic cloud assemblies for the rule-engine scaling benchmark:
 * CloudFormation JSON written directly (no CDK), shaped like `cdk synth` output.
 *
 * N operations are spread over services of at most METHODS_PER_API operations,
 * half of them REST methods and half HTTP API routes (a service of k operations
 * has ⌈k/2⌉ methods and ⌊k/2⌋ routes). Each service is one top-level stack with
 * a REST API, a Cognito authorizer, a public root method, CORS gateway
 * responses, a deployment and a stage, and an HTTP API (CorsConfiguration) with
 * a JWT authorizer (issuer: the pool's, audience: the service's three clients)
 * and a `$default` stage; plus NestedStacks of at most METHODS_PER_NESTED
 * methods (two methods per API resource) that receive the API id, root
 * resource id and authorizer id as parameters, and NestedStacks of at most
 * METHODS_PER_NESTED routes (with their own HTTP_PROXY integration) that
 * receive the HTTP API id and the JWT authorizer id — so every template stays
 * under CloudFormation's 500 resources.
 *
 * Most services own a user pool with two resource servers (five scopes each), a
 * hosted-UI domain and three app clients (web: code + openid + custom scopes;
 * machine: client_credentials with a secret; partner: client_credentials on the
 * other resource server). Every fourth service shares the previous service's
 * pool through `Fn::ImportValue` (its own resource servers and clients live on
 * the imported pool), so cross-stack exports are resolved too.
 *
 * About 2% of the operations carry seeded defects so that rules report
 * findings in proportion to N: the same kinds on methods and routes (short
 * scope, undefined scope, and no scopes — an ID-token method on REST, a route
 * that takes any token of the audience on HTTP).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const METHODS_PER_API = 500;
export const METHODS_PER_NESTED = 200;
const SCOPE_NAMES = ['read', 'write', 'delete', 'list', 'admin'];
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

type Json = Record<string, unknown>;

export interface GeneratedAssembly {
  readonly dir: string;
  /** Operations: REST methods and HTTP routes (not counting the public REST root method). */
  readonly methods: number;
  /** Of which HTTP API routes (absent in results before issue 13). */
  readonly routes?: number;
  readonly services: number;
  readonly pools: number;
  readonly resourceServers: number;
  readonly clients: number;
  readonly templates: number;
  readonly resources: number;
  readonly bytes: number;
}

/** 8 hex digits derived from a string (stands in for CDK's logical-id and asset hashes). */
function hash8(s: string): string {
  return crypto.createHash('md5').update(s).digest('hex').slice(0, 8).toUpperCase();
}

function res(stackPath: string, id: string, type: string, props: Json, extra: Json = {}): Json {
  return { Type: type, Properties: props, ...extra, Metadata: { 'aws:cdk:path': `${stackPath}/${id}/Resource`, ...((extra.Metadata as Json) ?? {}) } };
}

/** Write the cloud assembly for `n` methods into `dir` (emptied first). */
export function generateAssembly(n: number, dir: string): GeneratedAssembly {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const services = Math.max(1, Math.ceil(n / METHODS_PER_API));
  const artifacts: Json = {};
  let pools = 0;
  let resourceServers = 0;
  let clients = 0;
  let templates = 0;
  let resources = 0;
  let bytes = 0;
  let methodNo = 0;
  let routes = 0;

  const write = (file: string, t: Json) => {
    const text = JSON.stringify(t, undefined, 1);
    fs.writeFileSync(path.join(dir, file), text);
    templates++;
    resources += Object.keys(t.Resources as Json).length;
    bytes += text.length;
  };

  for (let s = 0; s < services; s++) {
    const stackName = `Svc${s}`;
    const sharedPool = s % 4 === 3;
    const R: Json = {};
    const outputs: Json = {};
    const ids = [`com.example.svc${s}.orders`, `https://api.example.com/svc${s}/inventory`];
    const fullScopes = ids.flatMap((id) => SCOPE_NAMES.map((sc) => `${id}/${sc}`));

    let poolRef: unknown;
    let poolArn: unknown;
    if (sharedPool) {
      poolRef = { 'Fn::ImportValue': `Svc${s - 1}-UserPoolId` };
      poolArn = { 'Fn::ImportValue': `Svc${s - 1}-UserPoolArn` };
    } else {
      pools++;
      R.UserPool = res(stackName, 'Auth/UserPool', 'AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        AutoVerifiedAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UsernameAttributes: ['email'],
        Policies: {
          PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
        },
        UserPoolTier: 'ESSENTIALS',
      }, { UpdateReplacePolicy: 'Retain', DeletionPolicy: 'Retain' });
      poolRef = { Ref: 'UserPool' };
      poolArn = { 'Fn::GetAtt': ['UserPool', 'Arn'] };
      R.Domain = res(stackName, 'Auth/Domain', 'AWS::Cognito::UserPoolDomain', { Domain: `svc${s}-bench-auth`, UserPoolId: poolRef });
      outputs.UserPoolIdOutput = { Value: poolRef, Export: { Name: `${stackName}-UserPoolId` } };
      outputs.UserPoolArnOutput = { Value: poolArn, Export: { Name: `${stackName}-UserPoolArn` } };
    }
    ids.forEach((id, k) => {
      resourceServers++;
      R[`ResourceServer${k}`] = res(stackName, `Auth/ResourceServer${k}`, 'AWS::Cognito::UserPoolResourceServer', {
        Identifier: id,
        Name: id.replace(/^https:\/\//, '').replace(/[^\w\s+=,.@-]+/g, '-'),
        UserPoolId: poolRef,
        Scopes: SCOPE_NAMES.map((sc) => ({ ScopeName: sc, ScopeDescription: `${sc} on ${id}` })),
      });
    });
    const scopeRef = (k: number, sc: string) => ({ 'Fn::Join': ['', [{ Ref: `ResourceServer${k}` }, `/${sc}`]] });
    clients += 3;
    R.WebClient = res(stackName, 'Auth/Web', 'AWS::Cognito::UserPoolClient', {
      UserPoolId: poolRef,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', ...SCOPE_NAMES.slice(0, 4).map((sc) => scopeRef(0, sc)), scopeRef(1, 'read')],
      CallbackURLs: [`https://svc${s}.example.com/callback`, 'http://localhost:3000/callback'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      SupportedIdentityProviders: ['COGNITO'],
    }, { DependsOn: ['ResourceServer0', 'ResourceServer1'] });
    R.MachineClient = res(stackName, 'Auth/Machine', 'AWS::Cognito::UserPoolClient', {
      UserPoolId: poolRef,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: SCOPE_NAMES.map((sc) => scopeRef(0, sc)),
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: true,
      SupportedIdentityProviders: ['COGNITO'],
    }, { DependsOn: ['ResourceServer0'] });
    R.PartnerClient = res(stackName, 'Auth/Partner', 'AWS::Cognito::UserPoolClient', {
      UserPoolId: poolRef,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: SCOPE_NAMES.map((sc) => scopeRef(1, sc)),
      GenerateSecret: true,
      SupportedIdentityProviders: ['COGNITO'],
    }, { DependsOn: ['ResourceServer1'] });

    R.Api = res(stackName, 'Api', 'AWS::ApiGateway::RestApi', { Name: `svc${s}-api` });
    R.Authorizer = res(stackName, 'Auth/Authorizer', 'AWS::ApiGateway::Authorizer', {
      Name: `svc${s}-authorizer`,
      RestApiId: { Ref: 'Api' },
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [poolArn],
      AuthorizerResultTtlInSeconds: 300,
    });
    R.ApiRootGET = res(stackName, 'Api/Default/GET', 'AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
      RestApiId: { Ref: 'Api' },
      AuthorizationType: 'NONE',
      Integration: { Type: 'MOCK' },
    });
    for (const [id, type] of [['Unauthorized', 'UNAUTHORIZED'], ['Default4xx', 'DEFAULT_4XX']]) {
      R[`Cors${id}`] = res(stackName, `Api/Cors${id}`, 'AWS::ApiGateway::GatewayResponse', {
        RestApiId: { Ref: 'Api' },
        ResponseType: type,
        ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      });
    }

    const inService = Math.min(METHODS_PER_API, n - s * METHODS_PER_API);
    const restCount = Math.ceil(inService / 2);
    const httpCount = inService - restCount;
    const nestedIds: string[] = [];
    for (let g = 0; g * METHODS_PER_NESTED < restCount; g++) {
      const count = Math.min(METHODS_PER_NESTED, restCount - g * METHODS_PER_NESTED);
      const nestedId = `Methods${g}NestedStackResource${hash8(`${stackName}${g}`)}`;
      const file = `${stackName}Methods${g}${hash8(stackName + g)}.nested.template.json`;
      const nestedPath = `${stackName}/Methods${g}`;
      const NR: Json = {};
      for (let i = 0; i < count; i += 2) {
        const rid = `Res${g}x${i}`;
        NR[rid] = res(nestedPath, `Api/res${g}x${i}`, 'AWS::ApiGateway::Resource', {
          ParentId: { Ref: 'referencetoApiRootResourceId' },
          PathPart: `res${g}x${i}`,
          RestApiId: { Ref: 'referencetoApiRef' },
        });
        for (let j = i; j < Math.min(i + 2, count); j++) {
          const m = methodNo++;
          const verb = j % 2 === 0 ? 'GET' : 'POST';
          let props: Json;
          const base = { HttpMethod: verb, ResourceId: { Ref: rid }, RestApiId: { Ref: 'referencetoApiRef' }, Integration: { Type: 'MOCK' } };
          if (m % 97 === 13) {
            // defect: short scope
            props = { ...base, AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'referencetoAuthorizerRef' }, AuthorizationScopes: ['read'] };
          } else if (m % 89 === 7) {
            // defect: a scope no resource server defines
            props = { ...base, AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'referencetoAuthorizerRef' }, AuthorizationScopes: [`${ids[0]}/reed`] };
          } else if (m % 83 === 5) {
            // ID-token method (no scopes)
            props = { ...base, AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'referencetoAuthorizerRef' } };
          } else {
            const scopes = [fullScopes[m % fullScopes.length]];
            if (m % 20 === 0) scopes.push(fullScopes[(m + 3) % fullScopes.length]);
            props = { ...base, AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'referencetoAuthorizerRef' }, AuthorizationScopes: scopes };
          }
          NR[`${rid}${verb}`] = res(nestedPath, `Api/res${g}x${i}/${verb}`, 'AWS::ApiGateway::Method', props);
        }
      }
      write(file, {
        Parameters: {
          referencetoApiRef: { Type: 'String' },
          referencetoApiRootResourceId: { Type: 'String' },
          referencetoAuthorizerRef: { Type: 'String' },
        },
        Resources: NR,
      });
      nestedIds.push(nestedId);
      R[nestedId] = {
        Type: 'AWS::CloudFormation::Stack',
        Properties: {
          TemplateURL: { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, `.amazonaws.com/cdk-assets/${hash8(file)}.json`]] },
          Parameters: {
            referencetoApiRef: { Ref: 'Api' },
            referencetoApiRootResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            referencetoAuthorizerRef: { Ref: 'Authorizer' },
          },
        },
        UpdateReplacePolicy: 'Delete',
        DeletionPolicy: 'Delete',
        Metadata: { 'aws:cdk:path': `${stackName}/Methods${g}.NestedStack/Methods${g}.NestedStackResource`, 'aws:asset:path': file, 'aws:asset:property': 'TemplateURL' },
      };
    }
    R.Deployment = res(stackName, 'Deployment', 'AWS::ApiGateway::Deployment', { RestApiId: { Ref: 'Api' } }, { DependsOn: [...nestedIds, 'ApiRootGET', 'Authorizer'] });
    R.Stage = res(stackName, 'Stage', 'AWS::ApiGateway::Stage', { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Deployment' }, StageName: 'prod' });

    // The HTTP API: JWT authorizer on the pool (issuer https://cognito-idp.<region>.amazonaws.com/<pool id>)
    // with the service's clients as audience; the routes in NestedStacks of their own.
    R.HttpApi = res(stackName, 'HttpApi', 'AWS::ApiGatewayV2::Api', {
      Name: `svc${s}-http-api`,
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: [`https://svc${s}.example.com`],
        AllowMethods: ['*'],
        AllowHeaders: ['authorization', 'content-type'],
      },
    });
    R.JwtAuthorizer = res(stackName, 'HttpApi/AuthJwtAuthorizer', 'AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: 'HttpApi' },
      AuthorizerType: 'JWT',
      Name: `svc${s}-jwt-authorizer`,
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', poolRef]] },
        Audience: [{ Ref: 'WebClient' }, { Ref: 'MachineClient' }, { Ref: 'PartnerClient' }],
      },
    });
    R.HttpStage = res(stackName, 'HttpApi/DefaultStage', 'AWS::ApiGatewayV2::Stage', { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true });
    for (let g = 0; g * METHODS_PER_NESTED < httpCount; g++) {
      const count = Math.min(METHODS_PER_NESTED, httpCount - g * METHODS_PER_NESTED);
      const nestedId = `Routes${g}NestedStackResource${hash8(`${stackName}routes${g}`)}`;
      const file = `${stackName}Routes${g}${hash8(`${stackName}routes${g}`)}.nested.template.json`;
      const nestedPath = `${stackName}/Routes${g}`;
      const NR: Json = {
        Backend: res(nestedPath, 'HttpApi/Backend', 'AWS::ApiGatewayV2::Integration', {
          ApiId: { Ref: 'referencetoHttpApiRef' },
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `https://backend.example.com/svc${s}`,
          PayloadFormatVersion: '1.0',
        }),
      };
      for (let i = 0; i < count; i++) {
        const m = methodNo++;
        routes++;
        const verb = i % 2 === 0 ? 'GET' : 'POST';
        const routePath = `/route${g}x${i - (i % 2)}`;
        const base = {
          ApiId: { Ref: 'referencetoHttpApiRef' },
          RouteKey: `${verb} ${routePath}`,
          Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Backend' }]] },
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: 'referencetoJwtAuthorizerRef' },
        };
        let props: Json;
        if (m % 97 === 13) {
          // defect: short scope
          props = { ...base, AuthorizationScopes: ['read'] };
        } else if (m % 89 === 7) {
          // defect: a scope no resource server defines
          props = { ...base, AuthorizationScopes: [`${ids[0]}/reed`] };
        } else if (m % 83 === 5) {
          // no scopes: any token of the audience passes (UnscopedJwtRoute)
          props = base;
        } else {
          const scopes = [fullScopes[m % fullScopes.length]];
          if (m % 20 === 0) scopes.push(fullScopes[(m + 3) % fullScopes.length]);
          props = { ...base, AuthorizationScopes: scopes };
        }
        NR[`Route${g}x${i}${verb}`] = res(nestedPath, `HttpApi/${verb}--route${g}x${i - (i % 2)}`, 'AWS::ApiGatewayV2::Route', props);
      }
      write(file, {
        Parameters: {
          referencetoHttpApiRef: { Type: 'String' },
          referencetoJwtAuthorizerRef: { Type: 'String' },
        },
        Resources: NR,
      });
      R[nestedId] = {
        Type: 'AWS::CloudFormation::Stack',
        Properties: {
          TemplateURL: { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, `.amazonaws.com/cdk-assets/${hash8(file)}.json`]] },
          Parameters: {
            referencetoHttpApiRef: { Ref: 'HttpApi' },
            referencetoJwtAuthorizerRef: { Ref: 'JwtAuthorizer' },
          },
        },
        UpdateReplacePolicy: 'Delete',
        DeletionPolicy: 'Delete',
        Metadata: { 'aws:cdk:path': `${stackName}/Routes${g}.NestedStack/Routes${g}.NestedStackResource`, 'aws:asset:path': file, 'aws:asset:property': 'TemplateURL' },
      };
    }

    const file = `${stackName}.template.json`;
    write(file, { Resources: R, Outputs: outputs });
    artifacts[stackName] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${ACCOUNT}/${REGION}`,
      properties: { templateFile: file },
      displayName: stackName,
      ...(sharedPool ? { dependencies: [`Svc${s - 1}`] } : {}),
    };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }, undefined, 1));
  return { dir, methods: methodNo, routes, services, pools, resourceServers, clients, templates, resources, bytes };
}
