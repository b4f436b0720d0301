import { Json, baseline, method, preflight, publicMethod } from './fixtures';
import { buildModel } from '../../src/private/model/build';
import { RawTemplate } from '../../src/private/model/resolve';
import { AuthModel } from '../../src/private/model/types';
import { runRules } from '../../src/private/rules/engine';

/** The baseline with n methods spread over n/4 resources, a mix of clean and faulty ones (every method rule has work to do). */
function big(n: number): AuthModel {
  const t = baseline();
  const r: Record<string, Json> = t.Resources;
  const resources = Math.max(1, Math.floor(n / 4));
  for (let i = 0; i < resources; i++) {
    r[`R${i}`] = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: `r${i}` } };
  }
  for (let i = 0; i < n; i++) {
    const res = `R${i % resources}`;
    switch (i % 8) {
      case 0: r[`M${i}`] = method('GET', res, { AuthorizationScopes: ['com.example.api/read'] }); break;
      case 1: r[`M${i}`] = method('GET', res, { AuthorizationScopes: ['read'] }); break;
      case 2: r[`M${i}`] = method('GET', res, { AuthorizationScopes: ['com.example.api/delete', 'openid'] }); break;
      case 3: r[`M${i}`] = publicMethod('GET', res); break;
      case 4: r[`M${i}`] = preflight(res); break;
      case 5: r[`M${i}`] = method('OPTIONS', res); break;
      case 6: r[`M${i}`] = method('GET', res, { AuthorizationType: 'AWS_IAM', AuthorizerId: undefined, AuthorizationScopes: ['com.example.api/read'] }); break;
      default: r[`M${i}`] = method('GET', res, { AuthorizationScopes: undefined }); break;
    }
  }
  // clients and resource servers grow with the API (one of each per 50 methods)
  for (let i = 0; i < n / 50; i++) {
    r[`Rs${i}`] = {
      Type: 'AWS::Cognito::UserPoolResourceServer',
      Properties: { UserPoolId: { Ref: 'Pool' }, Identifier: `api${i}`, Name: `api${i}`, Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] },
    };
    r[`C${i}`] = {
      Type: 'AWS::Cognito::UserPoolClient',
      DependsOn: [`Rs${i}`],
      Properties: { UserPoolId: { Ref: 'Pool' }, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`api${i}/read`] },
    };
  }
  return buildModel([{ name: 'T', template: t as RawTemplate }]);
}

/** The model with every element wrapped in a Proxy that counts property reads. */
function counted(m: AuthModel): { model: AuthModel; reads: () => number } {
  let reads = 0;
  const handler: ProxyHandler<object> = {
    get(target, prop, receiver) {
      reads++;
      return Reflect.get(target, prop, receiver);
    },
  };
  const wrap = <T extends object>(xs: T[]): T[] => xs.map((x) => new Proxy(x, handler) as T);
  return {
    model: {
      templates: m.templates,
      userPools: wrap(m.userPools),
      resourceServers: wrap(m.resourceServers),
      clients: wrap(m.clients),
      domains: wrap(m.domains),
      authorizers: wrap(m.authorizers),
      restApis: wrap(m.restApis),
      methods: wrap(m.methods),
      gatewayResponses: wrap(m.gatewayResponses),
      notAnalysed: wrap(m.notAnalysed),
    },
    reads: () => reads,
  };
}

test('every rule reads the model a linear number of times (deterministic): reads(10k) / reads(1k) <= 11', () => {
  const small = counted(big(1000));
  const large = counted(big(10000));
  // Many clients and resource servers too: a methods x clients loop would show here.
  runRules(small.model);
  runRules(large.model);
  const ratioReads = large.reads() / small.reads();
  expect(ratioReads).toBeLessThanOrEqual(11);
});

// Wall-time scaling (time(10k)/time(1k) <= 12) is measured in bench/ (npm run bench), not in timed unit tests.
