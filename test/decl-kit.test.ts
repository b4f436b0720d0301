/**
 * The test kit on SAM and OpenAPI templates: the simulator and the matrix answer for the operations they declare.
 */
import * as path from 'path';
import { AuthMatrix, AuthSimulator, TestTokenIssuer } from '../src/testing';

const D = path.join(__dirname, 'fixtures', 'decl', 'same-api');

test.each(['sam.yaml', 'openapi.yaml'])('%s: a client_credentials token with the read scope passes GET /items; an ID token gets 401', (name) => {
  const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_Kit123' });
  const sim = AuthSimulator.fromTemplateFile(path.join(D, name), { issuer });
  expect(sim.simulate({ method: 'GET', path: '/items', token: issuer.mintAccessToken({ clientId: 'c', scopes: ['com.example.api/read'] }) }).status).toBe(200);
  expect(sim.simulate({ method: 'GET', path: '/items', token: issuer.mintIdToken({ clientId: 'c' }) }).status).toBe(401);
  expect(sim.simulate({ method: 'OPTIONS', path: '/items' }).status).toBe(401);
  expect(sim.simulate({ method: 'GET', path: '/health' }).status).toBe(200);
});

test.each(['sam.yaml', 'openapi.yaml'])('%s: the matrix says who can call what', (name) => {
  const m = AuthMatrix.fromTemplateFile(path.join(D, name));
  expect(m.callersOf('GET', '/items')).toEqual(['Client']);
  expect(m.callersOf('POST', '/items')).toEqual([]);
  expect(m.canCall('Client', 'GET', '/health')).toBe(true);
});
