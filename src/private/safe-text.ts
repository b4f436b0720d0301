/**
 * Text taken from templates and tokens is untrusted (DESIGN.md §6): it must not
 * print fake lines (newlines, carriage returns, ANSI escapes, bidi overrides) or
 * flood the terminal. Every value that reaches a message or a text line goes
 * through these helpers.
 */

/** Longest value shown in a message; longer ones are cut with a note of how much was left out. */
export const MAX_VALUE_CHARS = 200;

/** Longest text line written by the CLI. */
export const MAX_LINE_CHARS = 4000;

// C0 controls (tab included), DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** Control characters written as escapes (`\n`, `\u001b`), so one value is always one line of plain text. */
export function escapeControl(s: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(s) ? s.replace(CONTROL, escapeOne) : s;
}

/** At most `max` characters, with `… (N more characters)` when cut. */
export function cut(s: string, max = MAX_VALUE_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

/** A value for a message: control characters escaped, cut to {@link MAX_VALUE_CHARS}. */
export function safeValue(s: string, max = MAX_VALUE_CHARS): string {
  return escapeControl(cut(s, max));
}

/** One line of CLI text output: control characters escaped, cut to {@link MAX_LINE_CHARS}. */
export function safeLine(s: string): string {
  return escapeControl(cut(s, MAX_LINE_CHARS));
}
