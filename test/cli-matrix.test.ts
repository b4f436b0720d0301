import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture, fixtureOnDisk } from './cli-helpers';
import { WRITE } from './simulator.fixtures';
import { main } from '../src/cli/main';

const { templateFile, cdkOut } = fixtureOnDisk();

async function matrix(...args: string[]) {
  const io = capture();
  const code = await main(['matrix', ...args], io);
  return { code, ...io };
}

describe('cognito-scopes matrix', () => {
  test('JSON shape; the fixture has undecided cells (AWS_IAM, a validation expression on an ID-token method): exit 1', async () => {
    const r = await matrix(templateFile, '--format', 'json');
    expect(r.stderr).toBe('cognito-scopes matrix: 6 of 60 answers could not be decided ("allowed": null); their why says what would decide them (exit 1)\n');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['methods', 'notAnalysed']);
    expect(out.notAnalysed).toEqual([]);
    for (const m of out.methods) {
      expect(m).toEqual({
        api: expect.any(String),
        method: expect.any(String),
        path: expect.any(String),
        requires: { tokenUse: expect.any(String), scopes: expect.any(Array) },
        callers: expect.any(Array),
      });
      for (const c of m.callers) {
        expect(Object.keys(c)).toEqual(['caller', 'allowed', 'via', 'why']);
        expect([true, false, null]).toContain(c.allowed);
        expect(c.why).not.toBe('');
        // null exactly when the why says unknown
        expect(c.allowed === null).toBe(c.why.startsWith('unknown: '));
      }
    }
    const nulls = out.methods.flatMap((m: any) => m.callers.filter((c: any) => c.allowed === null).map((c: any) => `${m.method} ${m.path} ${c.caller}`));
    expect(nulls).toEqual([
      'GET /iam Web', 'GET /iam Machine', 'GET /iam OtherWeb', 'GET /iam signed-in user (InitiateAuth)',
      'GET /validated Web', 'GET /validated signed-in user (InitiateAuth)',
    ]);
    const post = out.methods.find((m: any) => m.method === 'POST' && m.path === '/items');
    expect(post.requires).toEqual({ tokenUse: 'access', scopes: [WRITE] });
    expect(post.callers.filter((c: any) => c.allowed).map((c: any) => c.caller)).toEqual(['Machine']);
  });

  test('markdown (default) from a cdk.out directory', async () => {
    const r = await matrix(cdkOut);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cognito-scopes matrix: 6 of 60 answers could not be decided (❔); their why says what would decide them (exit 1)\n');
    expect(r.stdout).toContain('| `GET` | `/iam` | not-modelled | ❔ [');
    expect(r.stdout).toMatch(/^\| Method \| Path \| Requires \|/);
    expect(r.stdout).toContain('✅ `com.example.api/write`');
    expect(r.stdout).toMatch(/\n1\. /);
  });

  test('markdown readability: folded OPTIONS, scopes by name with a legend, no signed-in column without a pool; JSON keeps every row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-md-'));
    const cors = (resource: unknown) => ({
      Type: 'AWS::ApiGateway::Method',
      Properties: { RestApiId: { Ref: 'Api' }, ResourceId: resource, HttpMethod: 'OPTIONS', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } },
    });
    const withPool = {
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool' },
        Rs: { Type: 'AWS::Cognito::UserPoolResourceServer', Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: 'com.example.api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }] } },
        Domain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { UserPoolId: { Ref: 'Pool' }, Domain: 'x-example' } },
        Machine: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthScopes: ['com.example.api/read'], AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: true } },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
        Items: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'items' } },
        Authz: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }], IdentitySource: 'method.request.header.Authorization' } },
        Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Items' }, HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Authz' }, AuthorizationScopes: ['com.example.api/read'] } },
        RootOptions: cors({ 'Fn::GetAtt': ['Api', 'RootResourceId'] }),
        ItemsOptions: cors({ Ref: 'Items' }),
      },
    };
    const file = path.join(dir, 'with-pool.json');
    fs.writeFileSync(file, JSON.stringify(withPool));
    const md = await matrix(file);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe([
      '| Method | Path | Requires | Machine | signed-in user (InitiateAuth) |',
      '| --- | --- | --- | :---: | :---: |',
      '| `GET` | `/items` | access: `read` | ✅ `read` | ❌ [1] |',
      '| `OPTIONS` | 2 paths: `/`, `/items` | public | ✅ public | ✅ public |',
      '',
      '_Scopes by name are those of resource server `com.example.api`: `read` = `com.example.api/read`._',
      '',
      '_signed-in user (InitiateAuth): any user signed in with InitiateAuth (SRP, USER_PASSWORD, the CLI, Amplify): its access token carries only `aws.cognito.signin.user.admin`._',
      '',
      "1. InitiateAuth access tokens carry only aws.cognito.signin.user.admin, never the method's scopes; their ID token is refused because the method has scopes",
      '',
    ].join('\n'));
    const json = JSON.parse((await matrix(file, '--format', 'json')).stdout);
    expect(json.methods.map((m: any) => `${m.method} ${m.path}`)).toEqual(['OPTIONS /', 'GET /items', 'OPTIONS /items']);
    expect(json.methods[1].requires.scopes).toEqual(['com.example.api/read']);
    expect(json.methods[1].callers.map((c: any) => c.caller)).toEqual(['Machine', 'signed-in user (InitiateAuth)']);

    const { Api, Items, RootOptions, ItemsOptions } = withPool.Resources;
    const noPool = { Resources: { Api, Items, RootOptions, ItemsOptions } };
    fs.writeFileSync(file, JSON.stringify(noPool));
    expect((await matrix(file)).stdout).toBe('| Method | Path | Requires |\n| --- | --- | --- |\n| `OPTIONS` | 2 paths: `/`, `/items` | public |\n\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['missing file', [path.join(__dirname, 'nope.json')], /no such file/],
    ['no template', [], /give a template/],
    ['bad format', [templateFile, '--format', 'html'], /--format must be one of markdown, json/],
    ['unknown flag', [templateFile, '--all', 'x'], /unknown option --all/],
  ])('bad input → exit 2: %s', async (_n, args, message) => {
    const r = await matrix(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cognito-scopes matrix: what the model does not read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-scopes-matrix-na-'));
  const file = path.join(dir, 'sam.json');
  fs.writeFileSync(file, JSON.stringify({
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool' },
      Api: {
        Type: 'AWS::Serverless::Api',
        Properties: { StageName: 'prod', DefinitionUri: 's3://bucket/api.yaml', Auth: { DefaultAuthorizer: 'C', Authorizers: { C: { UserPoolArn: { 'Fn::GetAtt': ['Pool', 'Arn'] } } } } },
      },
    },
  }));

  test('JSON lists it under notAnalysed and the exit code is 1: no rows is not "nobody can call"', async () => {
    const r = await matrix(file, '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cognito-scopes matrix: 1 resource not analysed (listed under "notAnalysed") (exit 1)\n');
    const out = JSON.parse(r.stdout);
    expect(out.methods).toEqual([]);
    expect(out.notAnalysed).toEqual([{ template: 'sam.json', resource: 'Api', resourceType: 'AWS::Serverless::Api', reason: expect.stringContaining('DefinitionUri') }]);
  });

  test('Markdown names it under "Not analysed"', async () => {
    const r = await matrix(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('**Not analysed** (no rows above; their methods and callers are unknown):\n\n- AWS::Serverless::Api Api (sam.json): ');
  });
});
