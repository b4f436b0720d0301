import * as path from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import { constructPathsByTemplate, withConstructPaths } from '../construct-paths';
import { appInput, isCdkReferenceExport } from '../model/app-wiring';
import { TemplateInput } from '../model/build';
import { rootStackOf } from '../model/from-stack';
import { loadPaths, loadTemplateFile, parseTemplateText } from '../model/load';
import { RawTemplate } from '../model/resolve';

/**
 * The synthesized templates of a stack's app (or stage), as one input: every stack of the app,
 * nested stacks included, so that references between stacks resolve (a pool defined in a
 * platform stack, with the app clients and domain other stacks give it), with the methods of the
 * given stack only (those of the app's other stacks are left out: the answers are about the given
 * stack's API). See {@link appInput}.
 *
 * Synthesizes the stack's app: CDK synthesizes an app once and caches the result, so constructs
 * added after the first synthesis are not seen. Construct paths come from the construct tree, so
 * elements are named by their construct ids whether or not the templates carry `aws:cdk:path`
 * metadata.
 */
export function inputFromStack(stack: Stack): TemplateInput {
  const root = rootStackOf(stack);
  const stage = Stage.of(root);
  if (!stage) throw new Error(`stack ${root.node.path} is not part of an App or Stage`);
  const assembly = stage.synth();
  const paths = constructPathsByTemplate(stage);
  const stacks = stage.node.findAll().filter((c): c is Stack => Stack.isStack(c) && !c.nestedStackParent && Stage.of(c) === stage);
  const inputs = stacks.map((s) => {
    const artifact = assembly.getStackArtifact(s.artifactId);
    const input = loadTemplateFile(path.join(assembly.directory, artifact.templateFile));
    const named = withConstructPaths(
      { ...input, name: s.artifactId, region: Token.isUnresolved(s.region) ? undefined : s.region },
      paths,
    );
    return s === root ? named : withoutMethods(named);
  });
  return appInput(inputs, isCdkReferenceExport);
}

/** A template (and its nested templates) without its API Gateway methods: it only lends the given stack its pools, clients and exports. */
function withoutMethods(input: TemplateInput): TemplateInput {
  const resources = input.template.Resources ?? {};
  const kept = Object.fromEntries(Object.entries(resources).filter(([, r]) => r?.Type !== 'AWS::ApiGateway::Method'));
  const template: RawTemplate = { ...input.template, Resources: kept };
  const nested = input.nested ? Object.fromEntries(Object.entries(input.nested).map(([k, v]) => [k, withoutMethods(v)])) : undefined;
  return { ...input, template, nested };
}

/** A template given as JSON text. */
export function inputFromJson(json: string, name = 'template'): TemplateInput {
  return { name, template: parseTemplateText(json, name) };
}

/** Templates from a file (JSON/YAML) or a cloud assembly directory. */
export function inputsFromPath(p: string): TemplateInput[] {
  return loadPaths([p]);
}
