/** Helpers of the ci-* tests: the official SARIF 2.1.0 schema validator and a strict XML well-formedness parser. */
// ajv 6 and the official SARIF 2.1.0 schema (draft-04) come with the @microsoft/jest-sarif dev dependency: ajv is
// resolved from it (not from whatever ajv happens to be hoisted); its matchers are not loaded: they need tslib,
// which is not installed.
import { createRequire } from 'module';
const Ajv = createRequire(require.resolve('@microsoft/jest-sarif/package.json'))('ajv');

let validator: (((data: unknown) => boolean) & { errors?: unknown[] | null }) | undefined;

/** Validate a log against the official SARIF 2.1.0 schema: the schema errors, [] when valid. */
export function sarifSchemaErrors(log: unknown): unknown[] {
  if (!validator) {
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validator = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
  }
  return validator!(log) ? [] : [...(validator!.errors ?? [])];
}

/** One parsed XML element. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`raw '<' in ${where}`);
  return s.replace(/&([^;]*);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity in ${where}`);
    if (e in ENTITIES) return ENTITIES[e];
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(e);
    if (num) return String.fromCodePoint(num[1][0] === 'x' ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10));
    throw new Error(`unknown entity &${e}; in ${where}`);
  });
}

/**
 * A strict parser for the XML subset JUnit reports use (declaration, elements, attributes in double
 * quotes, text, the five predefined entities, no comments, CDATA or DTD): throws on anything not
 * well-formed (unbalanced or mismatched tags, unquoted or repeated attributes, a raw `<` or `&`,
 * characters XML 1.0 forbids, text outside the root element).
 */
export function parseXml(xml: string): XmlElement {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)) throw new Error('a character XML 1.0 forbids');
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error('no XML declaration');
  i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] === '<') {
      if (xml[i + 1] === '/') {
        const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(i));
        if (!m) throw new Error(`bad end tag at ${i}`);
        const open = stack.pop();
        if (!open || open.name !== m[1]) throw new Error(`mismatched </${m[1]}> at ${i}`);
        i += m[0].length;
        continue;
      }
      i++;
      const n = NAME.exec(xml.slice(i));
      if (!n) throw new Error(`bad tag name at ${i}`);
      i += n[0].length;
      const el: XmlElement = { name: n[0], attributes: {}, children: [], text: '' };
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(i))![0];
        i += ws.length;
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (!ws) throw new Error(`no space before an attribute at ${i}`);
        const a = /^([A-Za-z_][\w.-]*)="([^"]*)"/.exec(xml.slice(i));
        if (!a) throw new Error(`bad attribute at ${i}`);
        if (a[1] in el.attributes) throw new Error(`repeated attribute ${a[1]}`);
        el.attributes[a[1]] = decode(a[2], `attribute ${a[1]}`);
        i += a[0].length;
      }
      if (stack.length === 0) {
        if (root) throw new Error('a second root element');
        root = el;
      } else {
        stack[stack.length - 1].children.push(el);
      }
      if (xml.startsWith('/>', i)) {
        i += 2;
      } else {
        i += 1;
        stack.push(el);
      }
      continue;
    }
    const next = xml.indexOf('<', i);
    const text = xml.slice(i, next < 0 ? xml.length : next);
    if (stack.length === 0) {
      if (text.trim() !== '') throw new Error('text outside the root element');
    } else {
      stack[stack.length - 1].text += decode(text, `the text of <${stack[stack.length - 1].name}>`);
    }
    i = next < 0 ? xml.length : next;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}
