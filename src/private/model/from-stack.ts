import { CfnElement, CfnResource, NestedStack, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TemplateInput } from './build';
import { CfnResource as RawResource, RawTemplate } from './resolve';

/** Resource types whose properties the model reads; other resources only contribute their type. */
const MODELLED = /^AWS::(Cognito::UserPool|ApiGateway::|CloudFormation::Stack$)/;

interface CfnRenderable {
  _toCloudFormation(): Record<string, Record<string, unknown>>;
}

function ownElements(stack: Stack): { elements: CfnElement[]; nested: NestedStack[] } {
  const elements: CfnElement[] = [];
  const nested: NestedStack[] = [];
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stack.isStack(child)) {
        if (NestedStack.isNestedStack(child) && child.nestedStackParent === stack) nested.push(child);
        continue; // other stacks have their own template
      }
      if (CfnElement.isCfnElement(child)) elements.push(child);
      visit(child);
    }
  };
  visit(stack);
  return { elements, nested };
}

/**
 * The template of a stack as the model needs it, rendered from the construct
 * tree (used during synthesis, before templates are written). Only the
 * resources the model reads are rendered in full.
 */
export function templateInputFromStack(stack: Stack): TemplateInput {
  const { elements, nested } = ownElements(stack);
  const template: {
    Resources: Record<string, RawResource>;
    Parameters: Record<string, any>;
    Outputs: Record<string, any>;
    Mappings: Record<string, any>;
  } = {
    Resources: {},
    Parameters: {},
    Outputs: {},
    Mappings: {},
  };
  const constructPaths: Record<string, string> = {};
  for (const el of elements) {
    const logicalId = stack.resolve(el.logicalId) as string;
    if (CfnResource.isCfnResource(el) && !MODELLED.test(el.cfnResourceType)) {
      template.Resources[logicalId] = { Type: el.cfnResourceType };
      constructPaths[logicalId] = el.node.path;
      continue;
    }
    const rendered = stack.resolve((el as unknown as CfnRenderable)._toCloudFormation()) as Record<string, Record<string, any>>;
    for (const [section, entries] of Object.entries(rendered)) {
      if (section === 'Resources' || section === 'Parameters' || section === 'Outputs' || section === 'Mappings') {
        Object.assign(template[section], entries);
      }
    }
    constructPaths[logicalId] = el.node.path;
  }
  const nestedInputs: Record<string, TemplateInput> = {};
  for (const n of nested) {
    const lid = stack.resolve(n.nestedStackResource?.logicalId);
    if (typeof lid === 'string') nestedInputs[lid] = { ...templateInputFromStack(n), name: `${stack.artifactId}/${lid}` };
  }
  return {
    name: stack.artifactId,
    template: template as RawTemplate,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    constructPaths,
    nested: Object.keys(nestedInputs).length > 0 ? nestedInputs : undefined,
  };
}

/** The outermost (non-nested) stack containing a construct. */
export function rootStackOf(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}
