/**
 * The readers of OpenAPI bodies and SAM take untrusted input: names such as __proto__ or constructor are
 * plain names, deep nesting neither overflows the stack nor hangs, values that are not what they should be
 * are unknown, never a pass.
 */
import { buildModel } from '../src/private/model/build';
import { parseTemplateText } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';

function deep(levels: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

test('an OpenAPI body with prototype names as paths, verbs and schemes', () => {
  // Written as JSON text: in a JS object literal, __proto__ would set the prototype instead of naming a key.
  const text =
    '{"Resources":{"Api":{"Type":"AWS::ApiGateway::RestApi","Properties":{"Body":{' +
    '"securityDefinitions":{"__proto__":{"x-amazon-apigateway-authorizer":{"type":"cognito_user_pools","providerARNs":"nope"}},"constructor":7},' +
    '"paths":{"__proto__":{"get":{"security":[{"__proto__":["a/b"]}]},"constructor":{},"toString":{}},' +
    '"/x":{"hasOwnProperty":{},"get":{"security":[{"constructor":[]}]},"post":{"security":"all"}}}}}}}}';
  const m = buildModel([{ name: 'H', template: parseTemplateText(text, 'h.json') }]);
  expect(m.methods.map((x) => [x.httpMethod, x.path, String(x.authorizationType), x.scopes === undefined ? undefined : String(x.scopes)])).toEqual([
    ['GET', '__proto__', 'COGNITO_USER_POOLS', 'a/b'],
    ['GET', '/x', '<unresolved security scheme constructor could not be read>', undefined],
    ['POST', '/x', '<unresolved security is not a list>', undefined],
  ]);
  expect(m.authorizers.map((a) => [a.name, String(a.providerPools)])).toEqual([['__proto__', '<unresolved providerARNs is not a list>']]);
  expect(() => runRules(m)).not.toThrow();
});

test('deep nesting in a body, in SAM Globals and Auth: bounded, no stack overflow', () => {
  const template = {
    Transform: 'AWS::Serverless-2016-10-31',
    Globals: { Api: { Auth: deep(400), Cors: deep(400) } },
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { paths: { '/a': { get: { security: [{ s: deep(400) }] } } }, securityDefinitions: deep(400) } } },
      Sam: { Type: 'AWS::Serverless::Api', Properties: { Auth: deep(400) } },
      Sam2: { Type: 'AWS::Serverless::Api', Properties: { Auth: deep(400), DefinitionBody: deep(400) } },
      Fn: { Type: 'AWS::Serverless::Function', Properties: { Events: { E: { Type: 'Api', Properties: { Path: deep(400), Method: 'get', RestApiId: { Ref: 'Sam' }, Auth: deep(400) } } } } },
    },
  };
  const m = buildModel([{ name: 'D', template: parseTemplateText(JSON.stringify(template), 'd.json') }]);
  expect(m.methods.map((x) => [x.logicalId, x.httpMethod, typeof x.path])).toEqual([
    ['Api', 'GET', 'string'],
    ['Fn', 'GET', 'object'],
  ]);
  expect(() => runRules(m)).not.toThrow();
});
