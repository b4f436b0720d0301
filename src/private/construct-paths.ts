import * as path from 'path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TemplateInput } from './model/build';

/**
 * Construct paths of every CloudFormation element under a construct (an app, a stage), by template
 * file name and logical id. Templates carry `aws:cdk:path` metadata only when the CDK CLI asks for
 * it; with these, findings and names point at constructs anyway.
 */
export function constructPathsByTemplate(root: IConstruct | undefined): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!root) return out;
  for (const c of root.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    const stack = Stack.of(c);
    const logicalId = stack.resolve(c.logicalId);
    if (typeof logicalId !== 'string') continue;
    let paths = out.get(stack.templateFile);
    if (!paths) out.set(stack.templateFile, (paths = {}));
    paths[logicalId] = c.node.path;
  }
  return out;
}

/** The input, and its nested stacks, with the construct paths of their template files. */
export function withConstructPaths(input: TemplateInput, paths: Map<string, Record<string, string>>): TemplateInput {
  const own = input.file ? paths.get(path.basename(input.file)) : undefined;
  const nested = input.nested
    ? Object.fromEntries(Object.entries(input.nested).map(([k, v]) => [k, withConstructPaths(v, paths)]))
    : undefined;
  return { ...input, constructPaths: own ? { ...own, ...input.constructPaths } : input.constructPaths, nested };
}
