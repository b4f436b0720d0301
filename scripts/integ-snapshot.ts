/**
 * Offline snapshot check of the integration tests (`test/integ.*.ts`), no AWS account needed.
 *
 *   tsx scripts/integ-snapshot.ts            # check: synthesize, compare with test/<name>.ts.snapshot/
 *   tsx scripts/integ-snapshot.ts --update   # (re)write the snapshots
 *   tsx scripts/integ-snapshot.ts test/integ.full.ts   # only these files
 *
 * It does what `integ-runner`'s snapshot step does, in integ-runner's snapshot layout
 * (`<test file>.snapshot/` holding the cloud assembly), with the same synthesis context
 * (the installed aws-cdk-lib's recommended feature flags, no version reporting):
 *  - the integ manifest (`integ.json`: test cases, stacks, update workflow) must be unchanged;
 *  - every test-case stack template must be unchanged, asset hashes canonicalized
 *    (`Asset1Hash`...) so that a new aws-cdk-lib bundle does not fail the check;
 *  - stricter than integ-runner: the assertion stack must be unchanged too, minus the `salt`
 *    property integ-tests-alpha sets to `Date.now()` on every synthesis.
 *
 * Why not `integ-runner` itself: the newest `@aws-cdk/integ-runner` in the registry (2.197.10)
 * bundles cloud-assembly-schema 53 and refuses the schema-55 assembly aws-cdk-lib 2.276 writes
 * ("You need at least CLI version 2.1148.2"). Once an integ-runner that reads schema 55 is out,
 * `integ-runner --directory test --language typescript --app "npx tsx {filePath}"` checks the
 * same snapshot directories. Deploying (with an account) is integ-runner's job: see test/integ.full.ts.
 *
 * The snapshot keeps no asset directory (they are not compared, and the integ-tests-alpha handler
 * bundle is 2 MB) and no stack traces (they hold absolute paths); the script fails if a snapshot
 * would contain this machine's paths, so a snapshot written here checks the same on any machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const TEST_DIR = path.join(ROOT, 'test');
const KEEP = [/^manifest\.json$/, /^integ\.json$/, /^tree\.json$/, /^cdk\.out$/, /\.template\.json$/, /\.assets\.json$/, /\.metadata\.json$/];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Difference { path: string; expected: Json | undefined; actual: Json | undefined }

function main(argv: string[]): number {
  const update = argv.includes('--update');
  const files = argv.filter((a) => !a.startsWith('--'));
  const tests = files.length > 0
    ? files.map((f) => path.resolve(f))
    : fs.readdirSync(TEST_DIR).filter((f) => /^integ\..*\.ts$/.test(f)).sort().map((f) => path.join(TEST_DIR, f));
  if (tests.length === 0) {
    console.error('integ-snapshot: no test/integ.*.ts found');
    return 1;
  }
  let failed = 0;
  for (const test of tests) {
    const name = path.relative(ROOT, test);
    const snapshotDir = `${test}.snapshot`;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
    try {
      synth(test, out);
      if (update) {
        writeSnapshot(out, snapshotDir);
        console.log(`UPDATED  ${name} -> ${path.relative(ROOT, snapshotDir)}`);
        continue;
      }
      if (!fs.existsSync(path.join(snapshotDir, 'integ.json'))) {
        console.error(`NEW      ${name}: no snapshot at ${path.relative(ROOT, snapshotDir)}; write it with --update and commit it`);
        failed++;
        continue;
      }
      const diffs = compare(snapshotDir, out);
      if (diffs.length === 0) {
        console.log(`OK       ${name}`);
      } else {
        failed++;
        console.error(`CHANGED  ${name}: ${diffs.length} difference(s) from ${path.relative(ROOT, snapshotDir)}`);
        for (const d of diffs.slice(0, 40)) {
          console.error(`  ${d.path}\n    snapshot: ${short(d.expected)}\n    now:      ${short(d.actual)}`);
        }
        if (diffs.length > 40) console.error(`  ... and ${diffs.length - 40} more`);
        console.error('  If the change is intended, run `tsx scripts/integ-snapshot.ts --update` and commit the snapshot.');
      }
    } catch (e) {
      failed++;
      console.error(`ERROR    ${name}: ${(e as Error).message}`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  return failed === 0 ? 0 : 1;
}

/** Synthesizes one integ test app into `outdir` with integ-runner's context. */
function synth(test: string, outdir: string): void {
  const cdkLib = path.dirname(require.resolve('aws-cdk-lib/package.json', { paths: [ROOT] }));
  const flags = JSON.parse(fs.readFileSync(path.join(cdkLib, 'recommended-feature-flags.json'), 'utf8'));
  const context = {
    ...flags,
    'aws:cdk:disable-version-reporting': true,
    'aws:cdk:disable-stack-trace': true,
    'aws:cdk:disable-creation-stack-traces': true,
    'aws:cdk:bundling-stacks': ['**'],
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
    // integ-runner's dummy environment
    CDK_INTEG_ACCOUNT: '12345678',
    CDK_INTEG_REGION: 'test-region',
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?? '20',
  };
  for (const k of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'CDK_DEBUG']) delete env[k];
  const tsx = require.resolve('tsx/cli', { paths: [ROOT] });
  const r = spawnSync(process.execPath, [tsx, test], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`synthesis failed (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
  }
  if (!fs.existsSync(path.join(outdir, 'integ.json'))) {
    throw new Error('the app wrote no integ.json: does it create an IntegTest and call app.synth()?');
  }
}

function writeSnapshot(out: string, snapshotDir: string): void {
  fs.rmSync(snapshotDir, { recursive: true, force: true });
  fs.mkdirSync(snapshotDir, { recursive: true });
  for (const f of fs.readdirSync(out)) {
    if (!KEEP.some((re) => re.test(f))) continue;
    let text = fs.readFileSync(path.join(out, f), 'utf8');
    if (f === 'manifest.json' || f.endsWith('.metadata.json')) text = cleanMetadata(f, text);
    for (const local of [ROOT, out, os.tmpdir(), os.homedir()]) {
      if (text.includes(local)) {
        throw new Error(`${f} contains the local path '${local}': the snapshot would not be portable`);
      }
    }
    fs.writeFileSync(path.join(snapshotDir, f), text);
  }
}

/**
 * Like integ-runner's `cleanManifest()`: metadata entries keep only `type` and `data` (no `trace`,
 * which holds absolute paths), and creation stack traces are dropped.
 */
function cleanMetadata(file: string, text: string): string {
  const clean = (entries: Json): Json => (Array.isArray(entries)
    ? entries
      .filter((e: any) => e?.type !== 'aws:cdk:creationStack')
      .map((e: any) => (e && typeof e === 'object' && 'type' in e ? { type: e.type, data: e.data } : e))
    : entries);
  const json = JSON.parse(text);
  if (file === 'manifest.json') {
    for (const artifact of Object.values<any>(json.artifacts ?? {})) {
      if (artifact.metadata) {
        for (const k of Object.keys(artifact.metadata)) artifact.metadata[k] = clean(artifact.metadata[k]);
      }
    }
  } else {
    for (const k of Object.keys(json)) json[k] = clean(json[k]);
  }
  return `${JSON.stringify(json, undefined, 2)}\n`;
}

function compare(snapshotDir: string, out: string): Difference[] {
  const diffs: Difference[] = [];
  const expectedInteg = readJson(path.join(snapshotDir, 'integ.json')) as any;
  const actualInteg = readJson(path.join(out, 'integ.json')) as any;
  diff(expectedInteg.testCases ?? null, actualInteg.testCases ?? null, 'integ.json:testCases', diffs);

  const stacks = new Set<string>();
  for (const integ of [expectedInteg, actualInteg]) {
    for (const tc of Object.values<any>(integ.testCases ?? {})) {
      for (const s of tc.stacks ?? []) stacks.add(s);
      if (tc.assertionStackName) stacks.add(tc.assertionStackName);
    }
  }
  for (const stack of [...stacks].sort()) {
    const file = `${stack}.template.json`;
    const expected = loadTemplate(snapshotDir, stack);
    const actual = loadTemplate(out, stack);
    if (expected === undefined || actual === undefined) {
      diffs.push({ path: file, expected: expected === undefined ? undefined : '(template)', actual: actual === undefined ? undefined : '(template)' });
      continue;
    }
    diff(expected, actual, file, diffs);
  }
  return diffs;
}

/** A template with asset hashes replaced by `AssetNHash` and integ-tests-alpha's `salt` removed. */
function loadTemplate(dir: string, stack: string): Json | undefined {
  const file = path.join(dir, `${stack}.template.json`);
  if (!fs.existsSync(file)) return undefined;
  const hashes: string[] = [];
  const assetsFile = path.join(dir, `${stack}.assets.json`);
  if (fs.existsSync(assetsFile)) {
    const assets = readJson(assetsFile) as any;
    for (const group of ['files', 'dockerImages']) {
      for (const id of Object.keys(assets[group] ?? {})) {
        if (!hashes.includes(id)) hashes.push(id);
      }
    }
  }
  const canonical = (v: Json): Json => {
    if (typeof v === 'string') {
      return hashes.reduce((s, h, i) => s.split(h).join(`Asset${i + 1}Hash`), v);
    }
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      const o: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v)) o[canonical(k) as string] = canonical(x);
      return o;
    }
    return v;
  };
  const template = canonical(readJson(file)) as any;
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    if (typeof resource?.Type === 'string' && resource.Type.startsWith('Custom::DeployAssert@') && resource.Properties) {
      delete resource.Properties.salt;
    }
  }
  return template;
}

function diff(expected: Json | undefined, actual: Json | undefined, at: string, out: Difference[]): void {
  if (expected === actual) return;
  const isObj = (v: Json | undefined) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push({ path: at, expected, actual });
      return;
    }
    expected.forEach((e, i) => diff(e, actual[i], `${at}[${i}]`, out));
    return;
  }
  if (isObj(expected) && isObj(actual)) {
    const e = expected as { [k: string]: Json };
    const a = actual as { [k: string]: Json };
    for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) diff(e[k], a[k], `${at}.${k}`, out);
    return;
  }
  out.push({ path: at, expected, actual });
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function short(v: Json | undefined): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}

process.exitCode = main(process.argv.slice(2));
