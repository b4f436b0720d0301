import { Annotations, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgeId, formatFinding } from './findings-format';
import { CognitoScopesChecks } from '../cognito-scopes-checks';
import { ACKNOWLEDGE_METADATA_KEY, buildModel } from './model/build';
import { renderApp, rootStackOf } from './model/from-stack';
import { Finding } from './model/types';
import { compareFindings, runRules } from './rules/engine';

/** Metadata type written by `Validations.of(x).acknowledge(...)` (aws-cdk-lib ≥ 2.2xx). */
const ACK_METADATA = 'aws:cdk:acknowledged-rules';

/**
 * The synth-time check of one app (or stage): one model of all its stacks, built and checked once
 * per synthesis, whose findings are shared among the stacks that asked for the check.
 */
interface AppCheck {
  /** The stacks that asked for the check (a `CognitoApiAuth` is in them), in the order they asked: each reports its own findings. */
  readonly owners: Stack[];
  /** The findings of the current synthesis as validation errors, by owner, and the owners that have reported them. */
  current?: { readonly errors: Map<Stack, string[]>; readonly reported: Set<Stack> };
}

const checks = new WeakMap<IConstruct, AppCheck>();

/** The app or stage whose cloud assembly a stack's template is part of (what one model covers). */
function assemblyOf(stack: Stack): IConstruct {
  return Stage.of(stack) ?? stack.node.root;
}

function appCheckOf(stack: Stack): AppCheck {
  const stage = assemblyOf(stack);
  let check = checks.get(stage);
  if (!check) checks.set(stage, (check = { owners: [] }));
  return check;
}

/** The reason a rule was acknowledged with on this construct or one of its ancestors (`''` when none was given); `undefined` when it was not. */
function acknowledged(construct: IConstruct | undefined, ruleId: string): string | undefined {
  const id = acknowledgeId(ruleId);
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type === ACK_METADATA && entry.data && typeof entry.data === 'object' && id in entry.data) {
        const reason = (entry.data as Record<string, unknown>)[id];
        return typeof reason === 'string' ? reason : '';
      }
    }
  }
  return undefined;
}

/**
 * Record an acknowledgement in the synthesized template: the L1 resource's Metadata gets
 * `cdk-cognito-scopes: { acknowledge: [{ id: 'cdk-cognito-scopes::RuleId', reason }] }`, so that
 * `cognito-scopes check cdk.out` honours it too. Validation runs before the templates are written, so the
 * metadata lands in this synthesis. Recorded once per rule.
 */
function recordAcknowledgement(construct: IConstruct | undefined, ruleId: string, reason: string): void {
  const resource = construct && CfnResource.isCfnResource(construct) ? construct : construct?.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) return;
  const id = acknowledgeId(ruleId);
  const current = resource.getMetadata(ACKNOWLEDGE_METADATA_KEY) as { acknowledge?: Array<{ id: string; reason?: string }> } | undefined;
  const list = Array.isArray(current?.acknowledge) ? current!.acknowledge : [];
  if (list.some((a) => a && a.id === id)) return;
  resource.addMetadata(ACKNOWLEDGE_METADATA_KEY, { ...(current ?? {}), acknowledge: [...list, { id, reason }] });
}

/**
 * Run the rule catalogue over the app (or stage) of a stack when the app is synthesized: one model of
 * every stack of the app, nested stacks included, with the references between stacks resolved, so
 * that a pool defined in another stack is seen with its clients, resource servers and domain.
 * Errors fail synthesis, naming the offending construct; warnings
 * become warning annotations and info notes (NotAnalysed: what the rules could not
 * read) info annotations, both with the id `cdk-cognito-scopes::<RuleId>`. Findings acknowledged with
 * `Validations.of(x).acknowledge({ id: 'cdk-cognito-scopes::<RuleId>', reason })`
 * on the construct or an ancestor are dropped.
 *
 * Registered once per stack, however many constructs ask for it; the model is built and checked
 * once per synthesis of the app, whatever the number of stacks. Each error is reported once: by the
 * stack it is in when that stack asked for the check, else by the first stack that asked. When the
 * `CognitoScopesChecks` plugin is registered on the app, it reports instead (one report, one round).
 */
export function validateStackAtSynth(scope: IConstruct): void {
  const stack = rootStackOf(scope);
  const check = appCheckOf(stack);
  if (check.owners.includes(stack)) return;
  check.owners.push(stack);
  // With the policy plugin registered on the app, the plugin reports every finding, in one report and
  // one round (errors here would stop synthesis before the plugin runs, and warnings would come twice).
  // With the plugin, the first stack that asked still records the acknowledged findings in the templates
  // (so that `check cdk.out` honours them), reporting nothing: the plugin runs after the templates are written.
  scope.node.addValidation({
    validate: () => {
      if (!CognitoScopesChecks._registeredOn(stack)) return reportedBy(check, stack);
      if (check.owners[0] === stack) checkApp(assemblyOf(stack), check.owners, true);
      return [];
    },
  });
}

const recording = new WeakSet<IConstruct>();

/**
 * For the policy plugin registered with `CognitoScopesChecks.addTo(stage)`: when the stage is synthesized,
 * record the acknowledgements that drop findings in the resources' Metadata (so that `cognito-scopes check
 * cdk.out` honours them), reporting nothing (the plugin reports). Where a `CognitoApiAuth` asked for the
 * synth-time check, that check records them already. Once per stage.
 */
export function recordAcknowledgementsAtSynth(stage: Stage): void {
  if (recording.has(stage)) return;
  recording.add(stage);
  stage.node.addValidation({
    validate: () => {
      if ((checks.get(stage)?.owners.length ?? 0) === 0) checkApp(stage, [], true);
      return [];
    },
  });
}

/**
 * The errors a stack reports in this synthesis. The first stack to ask checks the app; the result
 * is kept until every stack that asked has taken its part (a stack asking twice means a new synthesis).
 */
function reportedBy(check: AppCheck, stack: Stack): string[] {
  if (!check.current || check.current.reported.has(stack)) {
    check.current = { errors: checkApp(assemblyOf(stack), check.owners), reported: new Set() };
  }
  check.current.reported.add(stack);
  if (check.current.reported.size >= check.owners.length) {
    const errors = check.current.errors.get(stack) ?? [];
    check.current = undefined;
    return errors;
  }
  return check.current.errors.get(stack) ?? [];
}

/**
 * The findings of a stack, as validation error strings (warnings and info notes are emitted as
 * annotations): the model covers the stack's whole app; the errors are those the stack reports at
 * synthesis (its own, and those of stacks of the app that did not ask for the check).
 */
export function checkStack(stack: Stack): string[] {
  const root = rootStackOf(stack);
  const owners = appCheckOf(root).owners;
  return checkApp(assemblyOf(root), owners.includes(root) ? owners : [...owners, root]).get(root) ?? [];
}

/**
 * Check every stack of an app (or stage): the errors by the owner that reports them. Findings acknowledged
 * with `Validations.of(x).acknowledge` are recorded in their L1 resource's Metadata; with `recordOnly`, that
 * is all it does (no errors, no annotations).
 */
function checkApp(stage: IConstruct, owners: Stack[], recordOnly = false): Map<Stack, string[]> {
  const rendered = renderApp(stage);
  const found = runRules(buildModel([rendered.input]));
  const errors = new Map<Stack, string[]>();
  if (found.length === 0) return errors;
  // The rendered templates have stand-in logical ids: findings show (and are ordered by) the real ones.
  const real = (s: string) => rendered.withRealIds(s);
  const findings = found
    .map((f) => ({ ...f, template: real(f.template), logicalId: real(f.logicalId), message: real(f.message), fix: real(f.fix) }))
    .sort(compareFindings);
  for (const f of findings) {
    const at = rendered.stackOf.get(f.template);
    const owner = at && owners.includes(at) ? at : owners[0];
    const construct = f.constructPath ? findByPath(stage.node.root, f.constructPath) : undefined;
    // Acknowledged in the template's Metadata (recorded by an earlier synthesis, or written by hand): dropped.
    if (f.acknowledged) continue;
    const reason = acknowledged(construct, f.ruleId);
    if (reason !== undefined) {
      recordAcknowledgement(construct, f.ruleId, reason);
      continue;
    }
    if (recordOnly) continue;
    const text = describe(f);
    const id = acknowledgeId(f.ruleId);
    const annotated: IConstruct = construct ?? at ?? owner ?? stage;
    if (f.severity === 'error') {
      if (!owner) continue;
      let list = errors.get(owner);
      if (!list) errors.set(owner, (list = []));
      list.push(text);
    } else if (f.severity === 'warning') {
      Annotations.of(annotated).addWarningV2(id, text);
    } else {
      addInfo(annotated, id, text);
    }
  }
  return errors;
}

/** An info annotation with an id (`addInfoV2` where aws-cdk-lib has it; the same text otherwise): a note, never an error. */
function addInfo(scope: IConstruct, id: string, text: string): void {
  const annotations = Annotations.of(scope) as Annotations & { addInfoV2?: (id: string, message: string) => void };
  if (typeof annotations.addInfoV2 === 'function') annotations.addInfoV2(id, text);
  else annotations.addInfo(`${text} [ack: ${id}]`);
}

/** The construct at an absolute construct path, walking down from the root (cost: the path's depth). */
function findByPath(root: IConstruct, path: string): IConstruct | undefined {
  let c: IConstruct | undefined = root;
  for (const id of path.split('/')) {
    if (!c) return undefined;
    c = c.node.tryFindChild(id);
  }
  return c;
}

function describe(f: Finding): string {
  return formatFinding(f);
}
