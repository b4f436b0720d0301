/**
 * Worker of the simulator-throughput benchmark (run by
 * bench/simulator-throughput.ts in a fresh process).
 *
 * Subject: `AuthSimulator.simulate()` (src/testing) on the L3 bench app (N=50
 * methods and 50 HTTP routes, synthesized once; requests name the REST API), JWKS given once (the simulator keeps it), with
 * valid access tokens for a scoped method — the full path: route, identity
 * source, token format, issuer, kid, alg, signature, expiry, token use, scopes.
 * Floor: raw `crypto.verify('RSA-SHA256', ...)` of the same tokens with a cached
 * public KeyObject and pre-split signing input / signature (no parsing at all).
 * Middle: `verifyJwtSync` of aws-jwt-verify with the JWKS, as the simulator's
 * signature check calls it.
 *
 * Each measure runs in blocks of `blockMs`, alternating, `warmup` blocks
 * discarded and `runs` kept; a block's throughput is operations / elapsed.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { verifyJwtSync } from 'aws-jwt-verify/jwt-verifier';
import { AuthSimulator, TestTokenIssuer } from '../../src/testing';
import { buildL3App } from '../apps/l3';
import { TMP_DIR, workerAnswer, workerRequest } from '../lib/child';

interface Request {
  /** Only run the simulator for `blockMs` (under --cpu-prof). */
  readonly profileOnly?: boolean;
  readonly runs: number;
  readonly warmup: number;
  readonly blockMs: number;
  readonly tokens: number;
}

const req = workerRequest<Request>();
process.env.CDK_VALIDATION = 'false';

const dir = path.join(TMP_DIR, `sim-app-${process.pid}`);
buildL3App(50, dir).synth();
const issuer = new TestTokenIssuer({ userPoolId: 'us-east-1_BenchPool1' });
const sim = AuthSimulator.fromTemplateFile(dir, { issuer });
fs.rmSync(dir, { recursive: true, force: true });

// GET /r0 requires com.example.api/read (bench/apps/topology.ts). The app has a REST API and an HTTP API
// with the same paths (bench/apps/shared.ts): the requests go to the REST API, as before the HTTP API was added.
const REST_API = 'bench-api';
const tokens = Array.from({ length: req.tokens }, (_, i) =>
  issuer.mintAccessToken({ clientId: 'bench-client', username: `user-${i}`, scopes: ['com.example.api/read'] }),
);
const jwks = JSON.parse(issuer.jwks);
const publicKey = crypto.createPublicKey({ key: jwks.keys[0], format: 'jwk' });
const split = tokens.map((t) => {
  const i = t.lastIndexOf('.');
  return { data: Buffer.from(t.slice(0, i)), sig: Buffer.from(t.slice(i + 1), 'base64url') };
});

// Sanity: every measure must succeed on these tokens.
const first = sim.simulate({ method: 'GET', path: '/r0', token: tokens[0], restApi: REST_API });
if (first.status !== 200) throw new Error(`simulator answered ${first.status} (${first.reasons.join('; ')}), expected 200`);
if (!crypto.verify('RSA-SHA256', split[0].data, publicKey, split[0].sig)) throw new Error('crypto.verify failed');
verifyJwtSync(tokens[0], jwks, { issuer: issuer.issuer, audience: null });

const measures: Record<string, (i: number) => unknown> = {
  floor: (i) => {
    const s = split[i % split.length];
    if (!crypto.verify('RSA-SHA256', s.data, publicKey, s.sig)) throw new Error('bad signature');
  },
  awsJwtVerify: (i) => verifyJwtSync(tokens[i % tokens.length], jwks, { issuer: issuer.issuer, audience: null }),
  simulator: (i) => {
    const r = sim.simulate({ method: 'GET', path: '/r0', token: tokens[i % tokens.length], restApi: REST_API });
    if (r.status !== 200) throw new Error(`status ${r.status}`);
  },
};

function simulateLoop(ms: number): number {
  return block(measures.simulator, ms);
}

function block(fn: (i: number) => unknown, ms: number): number {
  const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  const t0 = process.hrtime.bigint();
  let n = 0;
  let now = t0;
  while (now < end) {
    for (let k = 0; k < 16; k++) fn(n++);
    now = process.hrtime.bigint();
  }
  return n / (Number(now - t0) / 1e9);
}

if (req.profileOnly) {
  workerAnswer({ opsPerS: simulateLoop(req.blockMs) });
  process.exit(0);
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
for (let r = 0; r < req.warmup + req.runs; r++) {
  const names = Object.keys(measures);
  if (r % 2) names.reverse();
  for (const name of names) {
    const opsPerS = block(measures[name], req.blockMs);
    if (r >= req.warmup) samples[name].push(opsPerS);
  }
}
workerAnswer({ samples, checks: first.checks.map((c) => `${c.name}:${c.result}`) });
