/**
 * CDK SpecRestApi: the definition inline (ApiDefinition.fromInline) reaches the model through the construct
 * tree (the construct's check, the plugin) and through the cdk.out (the CLI) alike; an asset definition
 * (ApiDefinition.fromAsset) is read from the cloud assembly, inside it only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { capture } from './cli-helpers';
import { main } from '../src/cli/main';
import { buildModel } from '../src/private/model/build';
import { renderStack } from '../src/private/model/from-stack';
import { loadCloudAssembly } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';

function definition(pool: cognito.UserPool) {
  return {
    openapi: '3.0.1',
    info: { title: 'spec', version: '1' },
    components: {
      securitySchemes: {
        cognito: {
          'type': 'apiKey',
          'name': 'Authorization',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'cognito_user_pools',
          'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [pool.userPoolArn] },
        },
      },
    },
    paths: {
      '/items': {
        get: { security: [{ cognito: ['read'] }] },
        options: { security: [{ cognito: [] }] },
      },
    },
  };
}

function app(outdir: string) {
  const a = new App({ outdir });
  const stack = new Stack(a, 'Spec', { env: { region: 'eu-west-1' } });
  const pool = new cognito.UserPool(stack, 'Pool');
  pool.addResourceServer('Server', { identifier: 'com.example.api', scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read' })] });
  new apigateway.SpecRestApi(stack, 'Api', { apiDefinition: apigateway.ApiDefinition.fromInline(definition(pool)) });
  return { app: a, stack };
}

const brief = (m: ReturnType<typeof buildModel>) => m.methods.map((x) => [x.httpMethod, x.path, x.authorizationType, x.scopes, x.declaration, String(x.authorizer).split('#')[1]]);
const rules = (m: ReturnType<typeof buildModel>) => runRules(m).map((f) => [f.ruleId, f.declaration]);

test('SpecRestApi inline: the construct tree and the cdk.out give the same operations and findings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decl-spec-'));
  const { app: a, stack } = app(dir);
  const fromTree = buildModel([renderStack(stack).input]);
  a.synth();
  const fromDisk = buildModel(loadCloudAssembly(dir));
  const logicalId = stack.getLogicalId(stack.node.findChild('Api').node.defaultChild as apigateway.CfnRestApi);
  expect(brief(fromDisk)).toEqual([
    ['GET', '/items', 'COGNITO_USER_POOLS', ['read'], 'Body.paths./items.get', `${logicalId}/authorizer:cognito`],
    ['OPTIONS', '/items', 'COGNITO_USER_POOLS', undefined, 'Body.paths./items.options', `${logicalId}/authorizer:cognito`],
  ]);
  expect(fromDisk.notAnalysed).toEqual([]);
  expect(fromTree.notAnalysed).toEqual([]);
  const fromTreeOps = fromTree.methods.map((x) => [x.httpMethod, x.path, x.authorizationType, x.scopes, x.declaration]);
  expect(fromTreeOps).toEqual(brief(fromDisk).map((r) => r.slice(0, 5)));
  // The pool is linked through providerARNs (Fn::GetAtt in the body) in both.
  expect(fromTree.authorizers.map((x) => x.providerPools)).toEqual([[expect.stringMatching(/^Spec#/)]]);
  expect(fromDisk.authorizers.map((x) => x.providerPools)).toEqual([[`Spec#${stack.getLogicalId(stack.node.findChild('Pool').node.defaultChild as cognito.CfnUserPool)}`]]);
  expect(rules(fromDisk)).toEqual([
    ['PreflightBehindAuthorizer', 'Body.paths./items.options'],
    ['ShortMethodScope', 'Body.paths./items.get'],
    ['CorsWithoutUnauthorizedHeaders', undefined],
    ['UncallableMethod', 'Body.paths./items.options'],
  ]);
  expect(rules(fromTree).sort()).toEqual(rules(fromDisk).sort());
});

test('SpecRestApi fromAsset: the definition is read from the cloud assembly; check names the operation', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decl-spec-asset-'));
  const spec = path.join(dir, 'api.yaml');
  fs.writeFileSync(
    spec,
    [
      'swagger: "2.0"',
      'info: { title: t, version: "1" }',
      'securityDefinitions:',
      '  cognito:',
      '    type: apiKey',
      '    name: Authorization',
      '    in: header',
      '    x-amazon-apigateway-authtype: cognito_user_pools',
      '    x-amazon-apigateway-authorizer:',
      '      type: cognito_user_pools',
      '      providerARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123]',
      'paths:',
      '  /items:',
      '    get:',
      '      security: [{ cognito: [read] }]',
      '',
    ].join('\n'),
  );
  const out = path.join(dir, 'cdk.out');
  const a = new App({ outdir: out });
  const stack = new Stack(a, 'Asset', { env: { region: 'eu-west-1' } });
  new apigateway.SpecRestApi(stack, 'Api', { apiDefinition: apigateway.ApiDefinition.fromAsset(spec) });
  a.synth();
  const model = buildModel(loadCloudAssembly(out));
  expect(model.notAnalysed).toEqual([]);
  expect(model.methods.map((x) => [x.httpMethod, x.path, x.scopes, x.declaration])).toEqual([['GET', '/items', ['read'], 'BodyS3Location.paths./items.get']]);

  const c = capture();
  expect(await main(['check', out, '--format', 'json'], c)).toBe(1);
  const findings = JSON.parse(c.stdout).findings;
  const api = stack.getLogicalId(stack.node.findChild('Api').node.defaultChild as apigateway.CfnRestApi);
  expect(findings.map((f: any) => [f.ruleId, f.template, f.resource, f.declaration, f.message])).toEqual([
    [
      'UndefinedMethodScope',
      'Asset',
      api,
      'BodyS3Location.paths./items.get',
      `Method GET /items (Asset/${api}) requires scope 'read', which is neither a built-in scope nor a custom scope ('<resource server identifier>/<scope name>'): ` +
        'no access token ever carries it, so every call gets 401.',
    ],
  ]);

  // The same assembly with the asset moved out of it: the definition is not read, and check says so.
  const assetFile = fs.readdirSync(out).find((f) => f.startsWith('asset.') && f.endsWith('.yaml'))!;
  fs.renameSync(path.join(out, assetFile), path.join(dir, 'moved.yaml'));
  fs.symlinkSync(path.join(dir, 'moved.yaml'), path.join(out, assetFile));
  const outside = buildModel(loadCloudAssembly(out));
  expect(outside.methods).toEqual([]);
  expect(outside.notAnalysed.map((n) => [n.kind, n.resourceType])).toEqual([['openapi', 'AWS::ApiGateway::RestApi']]);
});
