/**
 * Door equivalence (DESIGN.md §2, one element per protected operation): the same API written as
 * AWS::ApiGateway::Method resources, as an OpenAPI body and as SAM gives the same operations and the same
 * findings (rule ids and the operation each is about).
 */
import * as fs from 'fs';
import * as path from 'path';
import { operations } from './decl-helpers';
import { buildModel } from '../src/private/model/build';
import { parseTemplateText } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';

const DIR = path.join(__dirname, 'fixtures', 'decl', 'same-api');

function model(name: string) {
  const file = path.join(DIR, name);
  return buildModel([{ name: 'T', template: parseTemplateText(fs.readFileSync(file, 'utf-8'), file), region: 'us-east-1' }]);
}

/** Operations without the API key and the pool key's template (the same in all three). */
function ops(name: string) {
  return operations(model(name)).map(({ api, ...rest }) => rest);
}

/** Rule id and the operation a finding is about (`GET /items`), or the resource for API-level findings. */
function findings(name: string) {
  return runRules(model(name))
    .map((f) => [f.ruleId, /^(?:CORS preflight method|Method) (\S+) (\/\S*)/.exec(f.message)?.slice(1, 3).join(' ') ?? f.logicalId])
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

test('methods, OpenAPI body and SAM: the same operations', () => {
  const expected = [
    { verb: 'GET', path: '/health', authorizationType: 'NONE', pools: null, scopes: null, identitySource: null },
    { verb: 'OPTIONS', path: '/health', authorizationType: 'COGNITO_USER_POOLS', pools: ['T#Pool'], scopes: ['com.example.api/read'], identitySource: 'method.request.header.Authorization' },
    { verb: 'GET', path: '/items', authorizationType: 'COGNITO_USER_POOLS', pools: ['T#Pool'], scopes: ['com.example.api/read'], identitySource: 'method.request.header.Authorization' },
    { verb: 'OPTIONS', path: '/items', authorizationType: 'COGNITO_USER_POOLS', pools: ['T#Pool'], scopes: ['com.example.api/read'], identitySource: 'method.request.header.Authorization' },
    { verb: 'POST', path: '/items', authorizationType: 'COGNITO_USER_POOLS', pools: ['T#Pool'], scopes: ['write'], identitySource: 'method.request.header.Authorization' },
  ];
  expect(ops('methods.yaml')).toEqual(expected);
  expect(ops('openapi.yaml')).toEqual(expected);
  expect(ops('sam.yaml')).toEqual(expected);
});

test('methods, OpenAPI body and SAM: the same findings', () => {
  const expected = [
    ['CorsWithoutUnauthorizedHeaders', 'Api'],
    ['PreflightBehindAuthorizer', 'OPTIONS /health'],
    ['PreflightBehindAuthorizer', 'OPTIONS /items'],
    ['PublicMethodOnCognitoApi', 'GET /health'],
    ['ShortMethodScope', 'POST /items'],
  ];
  expect(findings('methods.yaml')).toEqual(expected);
  expect(findings('openapi.yaml')).toEqual(expected);
  expect(findings('sam.yaml')).toEqual(expected);
});
