import { TemplateContext, asString, resolve } from './resolve';
import { Unknown, Val, isUnknown } from './types';

/*
 * Typed readers of template values, shared by every reader of the model (resources, OpenAPI
 * definitions, SAM, HTTP APIs): each evaluates the expression and returns the value, `undefined`
 * when absent, or Unknown when it cannot be resolved or has the wrong type.
 */

/** A string property. */
export function str(expr: unknown, ctx: TemplateContext): Val<string> | undefined {
  return asString(resolve(expr, ctx), ctx);
}

/** A boolean property (`true`/`false`, or the strings CloudFormation also accepts). */
export function bool(expr: unknown, ctx: TemplateContext): Val<boolean> | undefined {
  const v = resolve(expr, ctx);
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return isUnknown(v) ? v : new Unknown(expr, 'not a boolean');
}

/** A number property (a number, or a numeric string). */
export function num(expr: unknown, ctx: TemplateContext): Val<number> | undefined {
  const v = resolve(expr, ctx);
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))) return Number(v);
  return isUnknown(v) ? v : new Unknown(expr, 'not a number');
}

/** A list of strings; each element may itself be unknown. */
export function strList(expr: unknown, ctx: TemplateContext): Val<Array<Val<string>>> | undefined {
  const v = resolve(expr, ctx);
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map((x) => asString(x, ctx) as Val<string>);
  return isUnknown(v) ? v : new Unknown(expr, 'not a list');
}
