import * as path from 'path';
import { CfnElement, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
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
  // `aws:cdk:path` metadata is only written when the CDK CLI asks for it: take construct paths from the tree.
  const constructPaths: Record<string, string> = {};
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stack.isStack(child)) continue;
      if (CfnElement.isCfnElement(child)) {
        const id = root.resolve(child.logicalId);
        if (typeof id === 'string') constructPaths[id] = child.node.path;
      }
      visit(child);
    }
  };
  visit(root);
  return {
    ...input,
    name: root.artifactId,
    region: Token.isUnresolved(root.region) ? undefined : root.region,
    constructPaths: { ...constructPaths, ...input.constructPaths },
  };
}

/** A template given as JSON text. */
export function inputFromJson(json: string, name = 'template'): TemplateInput {
  return { name, template: parseTemplateText(json, name) };
}

/** Templates from a file (JSON/YAML) or a cloud assembly directory. */
export function inputsFromPath(p: string): TemplateInput[] {
  return loadPaths([p]);
}
