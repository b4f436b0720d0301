/**
 * explain on a SAM HttpApi route through the CLI: the route read from the SAM template as written is decided
 * like an AWS::ApiGatewayV2::Route (JWT issuer, audience, scopes).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from './cli-helpers';
import { main } from '../src/cli/main';
import { TestTokenIssuer } from '../src/testing';

const POOL_ID = 'us-east-1_SamHttp1';
const issuer = new TestTokenIssuer({ userPoolId: POOL_ID });
const file = path.join(__dirname, 'fixtures', 'samhttp', 'jwt-api.yaml');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samhttp-cli-'));
const jwks = path.join(dir, 'jwks.json');
fs.writeFileSync(jwks, issuer.jwks);

async function run(...args: string[]) {
  const io = capture();
  const code = await main(args, io);
  return { code, ...io };
}

const now = Math.floor(Date.now() / 1000);
function base(method: string, urlPath: string, scopes: string[]): string[] {
  const token = issuer.mintAccessToken({ clientId: 'machine-1', scopes, issuedAt: new Date(now * 1000) });
  return ['explain', '--template', file, '--method', method, '--path', urlPath, '--token', token, '--now', String(now), '--jwks', jwks, '--pool-id', `Pool=${POOL_ID}`, '--client-id', 'Client=machine-1', '--format', 'json'];
}

test('explain: a SAM HttpApi event route with the scope it requires is allowed, without it 403', async () => {
  const ok = await run(...base('GET', '/items', ['items/read']));
  expect(ok.stderr).toBe('');
  expect(JSON.parse(ok.stdout)).toMatchObject({ status: 200, decided: true });
  expect(ok.code).toBe(0);
  const wrong = await run(...base('POST', '/items', ['items/read']));
  expect(JSON.parse(wrong.stdout)).toMatchObject({ status: 403, decided: true });
  const checks = JSON.parse(wrong.stdout).checks.map((c: any) => [c.name, c.result, c.detail]);
  expect(checks).toContainEqual(['route', 'pass', 'POST /items → route POST /items (Fn)']);
  expect(checks).toContainEqual(['issuer', 'pass', `iss https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID} is pool Pool`]);
});

test('explain: a token of another client is refused by the audience', async () => {
  const token = issuer.mintAccessToken({ clientId: 'someone-else', scopes: ['items/read'], issuedAt: new Date(now * 1000) });
  const args = base('GET', '/items', ['items/read']);
  args[args.indexOf('--token') + 1] = token;
  const r = await run(...args);
  expect(JSON.parse(r.stdout)).toMatchObject({ status: 401, decided: true, message: 'Unauthorized' });
});
