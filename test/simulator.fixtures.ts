import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';

export const API_ID = 'com.example.api';
export const READ = `${API_ID}/read`;
export const WRITE = `${API_ID}/write`;
export const ADMIN = 'aws.cognito.signin.user.admin';

export interface FixtureOptions {
  /** Add an UNAUTHORIZED gateway response with CORS headers. */
  readonly corsOnUnauthorized?: boolean;
}

/**
 * A REST API protected by a Cognito user pool, written with plain aws-cdk-lib
 * L2 constructs (not the library's L3), covering every row of DESIGN.md §5.
 */
export function buildFixture(options: FixtureOptions = {}) {
  // Path metadata, as the CDK CLI writes it (names clients in CLI output).
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Fixture', { env: { region: 'us-east-1', account: '111122223333' } });
  const pool = new cognito.UserPool(stack, 'Pool');
  const otherPool = new cognito.UserPool(stack, 'OtherPool');
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' });
  const rs = pool.addResourceServer('Rs', { identifier: API_ID, scopes: [read, write] });
  pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'example-test-1' } });
  pool.addClient('Web', {
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.resourceServer(rs, read)],
      callbackUrls: ['https://app.example.com/callback'],
    },
  });
  pool.addClient('Machine', {
    generateSecret: true,
    oAuth: {
      flows: { clientCredentials: true },
      scopes: [cognito.OAuthScope.resourceServer(rs, read), cognito.OAuthScope.resourceServer(rs, write)],
    },
  });
  otherPool.addClient('OtherWeb');

  const api = new apigateway.RestApi(stack, 'Api', { deploy: true });
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authz', { cognitoUserPools: [pool] });
  const validated = new apigateway.CognitoUserPoolsAuthorizer(stack, 'ValidatedAuthz', { cognitoUserPools: [pool] });
  (validated.node.defaultChild as apigateway.CfnAuthorizer).identityValidationExpression = 'web-client-.*';
  const xToken = new apigateway.CognitoUserPoolsAuthorizer(stack, 'XTokenAuthz', {
    cognitoUserPools: [pool],
    identitySource: apigateway.IdentitySource.header('X-Token'),
  });
  const mock = () => new apigateway.MockIntegration({ integrationResponses: [{ statusCode: '200' }], requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  const methodResponses = [{ statusCode: '200' }];

  const items = api.root.addResource('items');
  items.addCorsPreflight({ allowOrigins: ['https://app.example.com'] });
  items.addMethod('GET', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  items.addMethod('POST', mock(), { authorizer, authorizationScopes: [WRITE], methodResponses });
  items.addResource('{id}').addMethod('GET', mock(), { authorizer, methodResponses }); // ID-token method
  api.root.addResource('multi').addMethod('GET', mock(), { authorizer, authorizationScopes: [READ, WRITE], methodResponses });
  api.root.addResource('me').addMethod('GET', mock(), { authorizer, authorizationScopes: [ADMIN], methodResponses });
  api.root.addResource('short').addMethod('GET', mock(), { authorizer, authorizationScopes: ['read'], methodResponses });
  api.root.addResource('public').addMethod('GET', mock(), { methodResponses });
  api.root.addResource('files').addResource('{proxy+}').addMethod('ANY', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  const guarded = api.root.addResource('guarded');
  guarded.addMethod('GET', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  guarded.addMethod('OPTIONS', mock(), { authorizer, authorizationScopes: [READ], methodResponses });
  api.root.addResource('validated').addMethod('GET', mock(), { authorizer: validated, methodResponses });
  api.root.addResource('validated-scoped').addMethod('GET', mock(), { authorizer: validated, authorizationScopes: [READ], methodResponses });
  api.root.addResource('xtoken').addMethod('GET', mock(), { authorizer: xToken, methodResponses });
  api.root.addResource('iam').addMethod('GET', mock(), { authorizationType: apigateway.AuthorizationType.IAM, methodResponses });
  if (options.corsOnUnauthorized) {
    api.addGatewayResponse('Unauthorized', {
      type: apigateway.ResponseType.UNAUTHORIZED,
      responseHeaders: { 'Access-Control-Allow-Origin': "'https://app.example.com'" },
    });
  }
  const poolLogicalId = stack.getLogicalId(pool.node.defaultChild as CfnElement);
  return { app, stack, pool, poolLogicalId };
}

/** Trust fixture (test/trust-explain*.test.ts): pool id of the tokens; the template's pool `Pool` has no id (give it with --pool-id Pool=...). */
export const TRUST_POOL_ID = 'us-east-1_Trust123';
export const TRUST_ISS = `https://cognito-idp.us-east-1.amazonaws.com/${TRUST_POOL_ID}`;

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/**
 * A signer whose payload is raw JSON text, so that claims JSON.stringify cannot write (exp 1e400) can
 * be signed; its key is published as a JWKS.
 */
export class RawSigner {
  public readonly jwks: string;
  private readonly key: crypto.KeyObject;
  constructor(public readonly kid = 'trust-key-1') {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.key = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.jwks = JSON.stringify({ keys: [{ alg: 'RS256', e: jwk.e, kid, kty: 'RSA', n: jwk.n, use: 'sig' }] });
  }

  /** Sign a payload given as JSON text. */
  public signText(payloadJson: string): string {
    const input = `${b64(JSON.stringify({ kid: this.kid, alg: 'RS256' }))}.${b64(payloadJson)}`;
    return `${input}.${b64(crypto.sign('sha256', Buffer.from(input), this.key))}`;
  }

  /** Sign a Cognito-shaped token: defaults (iss, token_use, exp an hour after `now`), then `claims` (undefined removes one). */
  public sign(claims: Record<string, unknown>, now = Math.floor(Date.now() / 1000)): string {
    const payload: Record<string, unknown> = { sub: 'u-1', iss: TRUST_ISS, token_use: 'access', scope: READ, client_id: 'web', iat: now, exp: now + 3600, ...claims };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete payload[k];
    return this.signText(JSON.stringify(payload));
  }
}

const api = (id: string) => ({ Ref: id });
const root = (id: string) => ({ 'Fn::GetAtt': [id, 'RootResourceId'] });

function resource(apiId: string, part: string) {
  return { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: api(apiId), ParentId: root(apiId), PathPart: part } };
}

function method(apiId: string, res: string, props: Record<string, unknown>) {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      RestApiId: api(apiId),
      ResourceId: { Ref: res },
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
      Integration: { Type: 'MOCK' },
      ...props,
    },
  };
}

function trustAuthorizer(apiId: string, extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::ApiGateway::Authorizer',
    Properties: {
      Type: 'COGNITO_USER_POOLS',
      Name: 'authz',
      RestApiId: api(apiId),
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }],
      ...extra,
    },
  };
}

/**
 * A hand-written template (no region known): API `items-api` with a scoped `/items`, an unscoped `/me`,
 * methods whose scopes cannot be resolved (`/if`, `/param`, `/nothing`), an authorizer with a
 * catastrophic-backtracking validation expression (`/redos`) and one RE2 cannot run (`/lookahead`);
 * API `other-api` also defines `/shared` (scoped), as `items-api` does (unscoped), and has an UNAUTHORIZED
 * gateway response whose StatusCode is a parameter without a default.
 */
export function trustTemplate() {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { ScopesParam: { Type: 'CommaDelimitedList' }, Flag: { Type: 'String', Default: 'yes' }, UnauthorizedStatus: { Type: 'String' } },
    Conditions: { IsYes: { 'Fn::Equals': [{ Ref: 'Flag' }, 'yes'] } },
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'items-api' } },
      Authz: trustAuthorizer('Api'),
      RedosAuthz: trustAuthorizer('Api', { IdentityValidationExpression: '(a+)+b' }),
      LookaheadAuthz: trustAuthorizer('Api', { IdentityValidationExpression: '(?=web)[a-z]+' }),
      ItemsRes: resource('Api', 'items'),
      ItemsGet: method('Api', 'ItemsRes', { AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: [READ] }),
      MeRes: resource('Api', 'me'),
      MeGet: method('Api', 'MeRes', { AuthorizerId: { Ref: 'Authz' } }),
      IfRes: resource('Api', 'if'),
      IfGet: method('Api', 'IfRes', { AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: { 'Fn::If': ['IsYes', [READ], { Ref: 'AWS::NoValue' }] } }),
      ParamRes: resource('Api', 'param'),
      ParamGet: method('Api', 'ParamRes', { AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: { Ref: 'ScopesParam' } }),
      NothingRes: resource('Api', 'nothing'),
      NothingGet: method('Api', 'NothingRes', { AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: [{ Ref: 'Nothing' }] }),
      RedosRes: resource('Api', 'redos'),
      RedosGet: method('Api', 'RedosRes', { AuthorizerId: { Ref: 'RedosAuthz' } }),
      LookaheadRes: resource('Api', 'lookahead'),
      LookaheadGet: method('Api', 'LookaheadRes', { AuthorizerId: { Ref: 'LookaheadAuthz' } }),
      SharedRes: resource('Api', 'shared'),
      SharedGet: method('Api', 'SharedRes', { AuthorizerId: { Ref: 'Authz' } }),
      OtherApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'other-api' } },
      OtherAuthz: trustAuthorizer('OtherApi'),
      OtherSharedRes: resource('OtherApi', 'shared'),
      OtherSharedGet: method('OtherApi', 'OtherSharedRes', { AuthorizerId: { Ref: 'OtherAuthz' }, AuthorizationScopes: [READ] }),
      OtherUnauthorized: {
        Type: 'AWS::ApiGateway::GatewayResponse',
        Properties: { RestApiId: { Ref: 'OtherApi' }, ResponseType: 'UNAUTHORIZED', StatusCode: { Ref: 'UnauthorizedStatus' } },
      },
    },
  };
}

/** The template, the signer's JWKS and a temp dir on disk. */
export function trustOnDisk() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-scopes-trust-'));
  const templateFile = path.join(dir, 'trust.template.json');
  fs.writeFileSync(templateFile, JSON.stringify(trustTemplate()));
  const signer = new RawSigner();
  const jwksFile = path.join(dir, 'jwks.json');
  fs.writeFileSync(jwksFile, signer.jwks);
  return { dir, templateFile, jwksFile, signer };
}
