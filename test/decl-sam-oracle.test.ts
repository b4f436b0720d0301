/**
 * The SAM translator (python samtranslator) as an oracle: every SAM fixture, read as written, gives the same
 * operations as the OpenAPI body the translator generates from it (verb, path, authorization type, authorizer
 * pools, scopes, identity header). scripts/sam-translate.py runs the translator offline.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { operations } from './decl-helpers';
import { buildModel } from '../src/private/model/build';
import { parseTemplateText } from '../src/private/model/load';

const DIR = path.join(__dirname, 'fixtures', 'decl', 'sam');
const SCRIPT = path.join(__dirname, '..', 'scripts', 'sam-translate.py');

function translate(file: string): string {
  const probe = spawnSync('python3', ['-c', 'import samtranslator'], { encoding: 'utf-8' });
  if (probe.status !== 0) {
    throw new Error(`the SAM oracle needs the python module samtranslator (pip install aws-sam-translator); python3 -c "import samtranslator" failed: ${probe.stderr || probe.error}`);
  }
  return execFileSync('python3', [SCRIPT, file], { encoding: 'utf-8', env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' } });
}

const fixtures = [
  ...fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(DIR, f)),
  path.join(DIR, '..', 'same-api', 'sam.yaml'),
];

test('there are SAM fixtures', () => {
  expect(fixtures.map((f) => path.relative(path.join(DIR, '..'), f))).toEqual(['sam/authorizer-scopes.yaml', 'sam/definition-body.yaml', 'sam/explicit-api.yaml', 'sam/iam-default.yaml', 'sam/implicit-api.yaml', 'same-api/sam.yaml']);
});

describe.each(fixtures)('%s', (file) => {
  test('the model read from SAM equals the model read from its translation', () => {
    const name = path.basename(file);
    const sam = buildModel([{ name: 'T', template: parseTemplateText(fs.readFileSync(file, 'utf-8'), file), region: 'us-east-1' }]);
    const translated = buildModel([{ name: 'T', template: parseTemplateText(translate(file), `${name} (translated)`), region: 'us-east-1' }]);
    const fromSam = operations(sam);
    expect(fromSam.length).toBeGreaterThan(0);
    expect(fromSam).toEqual(operations(translated));
    // Both are read: nothing of the APIs is left as not analysed.
    expect(sam.notAnalysed).toEqual([]);
    expect(translated.notAnalysed).toEqual([]);
  });
});
