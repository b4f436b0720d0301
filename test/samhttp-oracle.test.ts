/**
 * The SAM translator (python samtranslator) as an oracle for SAM HttpApis: every SAM HttpApi fixture, read as
 * written, gives the same routes as the HTTP API OpenAPI Body the translator generates from it (verb, path,
 * route key, authorization type, authorizer issuer and audience, scopes, identity source, CORS).
 * A missing samtranslator module fails the test.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { operations } from './decl-helpers';
import { buildModel } from '../src/private/model/build';
import { parseTemplateText } from '../src/private/model/load';
import { AuthModel } from '../src/private/model/types';

const DIR = path.join(__dirname, 'fixtures', 'samhttp');
const SCRIPT = path.join(__dirname, '..', 'scripts', 'sam-translate.py');

function translate(file: string): string {
  const probe = spawnSync('python3', ['-c', 'import samtranslator'], { encoding: 'utf-8' });
  if (probe.status !== 0) {
    throw new Error(`the SAM oracle needs the python module samtranslator (pip install aws-sam-translator); python3 -c "import samtranslator" failed: ${probe.stderr || probe.error}`);
  }
  return execFileSync('python3', [SCRIPT, file], { encoding: 'utf-8', env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' } });
}

/** What the oracle compares beyond operations(): route keys, JWT issuers and audiences, the APIs' kind and CORS. */
function http(model: AuthModel) {
  const auth = new Map(model.authorizers.map((a) => [a.key, a]));
  return {
    routes: model.methods
      .map((m) => {
        const a = typeof m.authorizer === 'string' ? auth.get(m.authorizer) : undefined;
        return {
          key: m.key,
          apiKind: m.apiKind,
          routeKey: m.routeKey,
          type: a?.type ?? null,
          issuer: a?.jwt?.issuer ?? null,
          issuerMatch: a?.jwt?.issuerMatch ?? null,
          audience: Array.isArray(a?.jwt?.audience) ? a!.jwt!.audience.map((x) => x.client ?? String(x.value)) : null,
        };
      })
      .sort((x, y) => (x.key < y.key ? -1 : 1)),
    apis: model.restApis.map((r) => ({ key: r.key, apiKind: r.apiKind, corsConfiguration: r.corsConfiguration })),
  };
}

const fixtures = fs.readdirSync(DIR).filter((f) => /^sam-.*\.ya?ml$/.test(f) || ['jwt-api.yaml', 'implicit-api.yaml', 'definition-body.yaml'].includes(f)).sort();

test('there are SAM HttpApi fixtures', () => {
  expect(fixtures).toEqual(['definition-body.yaml', 'implicit-api.yaml', 'jwt-api.yaml', 'sam-globals-merge.yaml']);
});

describe.each(fixtures)('%s', (name) => {
  test('the model read from SAM equals the model read from its translation', () => {
    const file = path.join(DIR, name);
    const sam = buildModel([{ name: 'T', template: parseTemplateText(fs.readFileSync(file, 'utf-8'), file), region: 'us-east-1' }]);
    const translated = buildModel([{ name: 'T', template: parseTemplateText(translate(file), `${name} (translated)`), region: 'us-east-1' }]);
    const fromSam = operations(sam);
    expect(fromSam.length).toBeGreaterThan(1);
    expect(fromSam.some((o) => o.authorizationType === 'JWT' && o.scopes !== null)).toBe(true);
    expect(fromSam).toEqual(operations(translated));
    expect(http(sam)).toEqual(http(translated));
    expect(sam.notAnalysed).toEqual([]);
    expect(translated.notAnalysed).toEqual([]);
  });
});
