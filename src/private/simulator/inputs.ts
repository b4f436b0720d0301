import * as path from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import { constructPathsByTemplate, withConstructPaths } from '../construct-paths';
import { TemplateInput } from '../model/build';
import { loadPaths, loadTemplateFile, parseTemplateText } from '../model/load';

/**
 * The synthesized template of a stack (nested stacks included). Synthesizes
 * the stack's app: CDK synthesizes an app once and caches the result, so
 * constructs added after the first synthesis are not seen.
 */
export function inputFromStack(stack: Stack): TemplateInput {
  let root = stack;
  while (root.nestedStackParent) root = root.nestedStackParent;
  const stage = Stage.of(root);
  if (!stage) throw new Error(`stack ${root.node.path} is not part of an App or Stage`);
  const assembly = stage.synth();
  const artifact = assembly.getStackArtifact(root.artifactId);
  const input = loadTemplateFile(path.join(assembly.directory, artifact.templateFile));
  return withConstructPaths(
    { ...input, name: root.artifactId, region: Token.isUnresolved(root.region) ? undefined : root.region },
    constructPathsByTemplate(stage),
  );
}

/** A template given as JSON text. */
export function inputFromJson(json: string, name = 'template'): TemplateInput {
  return { name, template: parseTemplateText(json, name) };
}

/** Templates from a file (JSON/YAML) or a cloud assembly directory. */
export function inputsFromPath(p: string): TemplateInput[] {
  return loadPaths([p]);
}
