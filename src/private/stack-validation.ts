import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgeId } from './findings-format';
import { buildModel } from './model/build';
import { renderStack, rootStackOf } from './model/from-stack';
import { Finding } from './model/types';
import { compareFindings, runRules } from './rules/engine';

/** Metadata type written by `Validations.of(x).acknowledge(...)` (aws-cdk-lib ≥ 2.2xx). */
const ACK_METADATA = 'aws:cdk:acknowledged-rules';

const registered = new WeakSet<Stack>();

/** Whether a rule was acknowledged on this construct or one of its ancestors. */
function acknowledged(construct: IConstruct | undefined, ruleId: string): boolean {
  const id = acknowledgeId(ruleId);
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type === ACK_METADATA && entry.data && typeof entry.data === 'object' && id in entry.data) return true;
    }
  }
  return false;
}

/**
 * Run the rule catalogue over a stack (and its nested stacks) when the app is
 * synthesized. Errors fail synthesis, naming the offending construct; warnings
 * become warning annotations and info notes (NotAnalysed: what the rules could not
 * read) info annotations, both with the id `cdk-cognito-scopes:<RuleId>`. Findings acknowledged with
 * `Validations.of(x).acknowledge({ id: 'cdk-cognito-scopes::<RuleId>', reason })`
 * on the construct or an ancestor are dropped.
 *
 * Registered once per stack, however many constructs ask for it.
 */
export function validateStackAtSynth(scope: IConstruct): void {
  const stack = rootStackOf(scope);
  if (registered.has(stack)) return;
  registered.add(stack);
  scope.node.addValidation({ validate: () => checkStack(stack) });
}

/** The findings of a stack, as validation error strings (warnings and info notes are emitted as annotations). */
export function checkStack(stack: Stack): string[] {
  const rendered = renderStack(stack);
  const found = runRules(buildModel([rendered.input]));
  if (found.length === 0) return [];
  // The rendered templates have stand-in logical ids: findings show (and are ordered by) the real ones.
  const real = (s: string) => rendered.withRealIds(s);
  const findings = found
    .map((f) => ({ ...f, template: real(f.template), logicalId: real(f.logicalId), message: real(f.message), fix: real(f.fix) }))
    .sort(compareFindings);
  const errors: string[] = [];
  for (const f of findings) {
    const construct = f.constructPath ? findByPath(stack.node.root, f.constructPath) : undefined;
    if (acknowledged(construct, f.ruleId)) continue;
    const text = describe(f);
    const id = `cdk-cognito-scopes:${f.ruleId}`;
    if (f.severity === 'error') errors.push(text);
    else if (f.severity === 'warning') Annotations.of(construct ?? stack).addWarningV2(id, text);
    else addInfo(construct ?? stack, id, text);
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
  // The one message format of every door (findings-format.ts). Required here rather than imported at the
  // top only because this function's body is all that this change touches; fold it into the import above.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const format = require('./findings-format') as typeof import('./findings-format');
  return format.formatFinding(f);
}
