import { TemplateInput } from './build';
import { CfnResource as RawResource } from './resolve';

/*
 * The wiring of an app: the exports CDK generates for references between the stacks of one app
 * are not offers to stacks outside it. Every door that reads a whole app (the construct's
 * synth-time check, the plugin, the test kit and the CLI over a cdk.out) presents its stacks as one
 * input through {@link appInput}, so that a user pool shared only this way is not `exported`.
 * Free of aws-cdk-lib: the CLI uses it too.
 */

/** Prefix of the logical ids of the outputs CDK generates for references between the stacks of an app (`ExportsOutputRef...`). */
export const CDK_EXPORT_PREFIX = 'ExportsOutput';

/**
 * Whether an output is one CDK generates for a reference between stacks of an app: its logical id
 * is `ExportsOutput...` and its export is named `<stack name>:<that logical id>` (an export named by
 * hand, with `exportValue(v, { name })` or `CfnOutput`'s `exportName`, is not).
 */
export function isCdkReferenceExport(outputId: string, exportName: string): boolean {
  return outputId.startsWith(CDK_EXPORT_PREFIX) && exportName.endsWith(`:${outputId}`);
}

/** Name of the template that stands for the app in a model of its stacks ({@link appInput}). */
export const APP_TEMPLATE = '(app)';

/** Whether a template name is one {@link appInput} made (a stand-in for an app, not a template of the user's). */
export function isAppTemplate(name: string): boolean {
  return name === APP_TEMPLATE || name.endsWith(`/${APP_TEMPLATE}`);
}

/** Every literal name a template (and its nested templates) imports with `Fn::ImportValue`. */
function importedNames(input: TemplateInput, into: Set<string>): Set<string> {
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const e of x) walk(e);
      return;
    }
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (k === 'Fn::ImportValue' && typeof v === 'string') into.add(v);
      else walk(v);
    }
  };
  walk(input.template.Resources);
  walk(input.template.Outputs);
  for (const n of Object.values(input.nested ?? {})) importedNames(n, into);
  return into;
}

/**
 * The templates of one app (its top-level stacks), as one input: a template named
 * {@link APP_TEMPLATE} whose nested stacks are the app's stacks.
 *
 * The exports CDK generates for references between the app's stacks (`isAppExport`, typically
 * {@link isCdkReferenceExport}, given an output's logical id and export name; imported by
 * a stack of the app) are the app's wiring, not an offer to stacks outside it: they move from the
 * producing stack to the app template, as an output of the app that reads the producer's output.
 * Imports still resolve through them, and a user pool that is only shared this way is not
 * `exported` (so the rules know every app client and domain of it: they are all in the app). An
 * export the app does not import, or one written by hand (`CfnOutput` with `exportName`), stays.
 */
export function appInput(
  inputs: TemplateInput[],
  isAppExport: (outputId: string, exportName: string) => boolean,
  importedByApp?: ReadonlySet<string>,
  name: string = APP_TEMPLATE,
): TemplateInput {
  let imported = importedByApp;
  if (!imported) {
    const found = new Set<string>();
    for (const input of inputs) importedNames(input, found);
    imported = found;
  }
  const resources: Record<string, RawResource> = {};
  const outputs: Record<string, { Value: unknown; Export: { Name: unknown } }> = {};
  const nested: Record<string, TemplateInput> = {};
  inputs.forEach((input, i) => {
    const lid = `Stack${i}`;
    resources[lid] = { Type: 'AWS::CloudFormation::Stack', Properties: {} };
    const own = input.template.Outputs ?? {};
    let kept: Record<string, { Value: unknown; Export?: { Name: unknown } }> | undefined;
    for (const [oid, o] of Object.entries(own)) {
      const exportName = o?.Export?.Name;
      if (typeof exportName !== 'string' || !imported.has(exportName) || !isAppExport(oid, exportName)) continue;
      kept ??= { ...own };
      kept[oid] = { Value: o.Value };
      outputs[`${lid}${oid}`] = { Value: { 'Fn::GetAtt': [lid, `Outputs.${oid}`] }, Export: { Name: exportName } };
    }
    nested[lid] = kept ? { ...input, template: { ...input.template, Outputs: kept } } : input;
  });
  return { name, template: { Resources: resources, Outputs: outputs }, nested };
}
