import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFixture } from './simulator.fixtures';
import { Io } from '../src/cli/io';

export function capture(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text.endsWith('\n') ? text : text + '\n';
    },
    err(text: string) {
      io.stderr += text.endsWith('\n') ? text : text + '\n';
    },
  };
  return io;
}

/** Synthesize the fixture app; write its template to a tmp dir. Returns the template file, the cdk.out dir and the pool logical id. */
export function fixtureOnDisk() {
  const { app, stack, poolLogicalId } = buildFixture();
  const assembly = app.synth();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-scopes-cli-'));
  const templateFile = path.join(dir, 'fixture.template.json');
  fs.writeFileSync(templateFile, JSON.stringify(assembly.getStackArtifact(stack.artifactId).template));
  return { dir, templateFile, cdkOut: assembly.directory, poolLogicalId };
}
