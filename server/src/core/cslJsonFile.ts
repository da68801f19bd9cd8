/**
 * CSL-JSON files (what Zotero, Better BibTeX and Pandoc write: an array of item objects) read
 * with offsets. The only home of jsonc-parser: it recovers from syntax errors, so a trailing
 * comma or a truncated file still yields the items before the damage, each error a problem.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SpanProblem, TextSpan } from './textSpan';

export interface CslItem extends TextSpan {
  /** The item's key: `citation-key` (CSL 1.0.2) when present, else `id`. */
  readonly citekey: string;
  /** The key's string value without its quotes (or the number, for a numeric `id`). */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** The item's properties as JSON values; a repeated property keeps its last value, as JSON.parse does. */
  readonly properties: ReadonlyMap<string, unknown>;
}

export type CslJsonProblem = SpanProblem;

export interface CslJsonFile {
  readonly items: readonly CslItem[];
  readonly problems: readonly CslJsonProblem[];
}

/** A binary file read as JSON reports an error at nearly every character. */
const MAX_SYNTAX_PROBLEMS = 100;
/** Items that are not CSL items, told one by one up to this many. */
const MAX_ITEM_PROBLEMS = 20;

export function readCslJson(text: string): CslJsonFile {
  return readValidCslJson(text) ?? readCslJsonTree(text);
}

/**
 * The whole file through jsonc-parser's syntax tree: what a file with JSON errors needs (the tree
 * recovers from them). Exported for the test that holds the fast path to it.
 */
export function readCslJsonTree(text: string): CslJsonFile {
  const errors: ParseError[] = [];
  // A byte-order mark is not JSON; a space of the same length keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  // An empty file is one being written, not a broken one.
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  // A truncated file ends with one error per open bracket; the first says it.
  const atEnd = errors.findIndex((error) => error.offset >= text.length);
  const reported = errors.filter((error, index) => error.offset < text.length || index === atEnd);
  const problems: CslJsonProblem[] = reported.slice(0, MAX_SYNTAX_PROBLEMS).map((error) => syntaxProblem(text, error));
  if (reported.length > MAX_SYNTAX_PROBLEMS) {
    const last = problems[problems.length - 1];
    problems.push({ start: last.start, end: last.end, message: `${reported.length - MAX_SYNTAX_PROBLEMS} more JSON errors in this file are not shown.`, severity: 'error' });
  }
  if (!root) return { items: [], problems };
  if (root.type !== 'array') {
    const message = root.type === 'object' && (propertyNode(root, 'id') || propertyNode(root, 'type'))
      ? 'A CSL-JSON file is an array of items: put this item inside [ ].'
      : `A CSL-JSON file is an array of items, not ${root.type === 'object' ? 'an object' : `a ${root.type}`}.`;
    problems.push({ start: root.offset, end: root.offset + 1, message, severity: 'error' });
    return { items: [], problems };
  }
  const children = root.children ?? [];
  const items = collectItems(children.length, root.offset, problems, (index) => {
    const node = children[index];
    const span = { start: node.offset, end: node.offset + node.length };
    if (node.type !== 'object') return { span, problem: notAnObject(index) };
    // A truncated file's last item is cut short: its values cannot be trusted (the error says so).
    if (text[span.end - 1] !== '}') return { span };
    const key = keyOf(node, text);
    return key ? { span, item: { ...span, ...key, properties: propertiesOf(node) } } : { span, problem: noId(index) };
  });
  return { items, problems };
}

/** What reading one element of the array gave: an item, a problem, or nothing to say. */
interface ElementRead {
  readonly span: TextSpan;
  readonly item?: CslItem;
  readonly problem?: string;
}

const notAnObject = (index: number) => `Item ${index + 1} is not an object, so it is not a CSL-JSON item.`;
const noId = (index: number) => `Item ${index + 1} has no "id", so it cannot be cited.`;

/**
 * The items of the array's `count` elements. A JSON file that is not CSL at all (matched by a
 * glob such as references.json) would report every element: after a few, one problem (at the
 * array's `root` offset) says the rest are like them.
 */
function collectItems(count: number, root: number, problems: CslJsonProblem[], read: (index: number) => ElementRead): CslItem[] {
  const items: CslItem[] = [];
  let told = 0;
  for (let index = 0; index < count; index++) {
    const { span, item, problem } = read(index);
    if (item) items.push(item);
    else if (problem && ++told <= MAX_ITEM_PROBLEMS) problems.push({ start: span.start, end: span.end, message: problem, severity: 'error' });
  }
  if (told > MAX_ITEM_PROBLEMS) {
    const message = items.length === 0
      ? `None of the ${count} elements is a CSL-JSON item: this may not be a bibliography (see paperNotes.bibliography.include).`
      : `${told - MAX_ITEM_PROBLEMS} more items without an "id" or not objects are not shown.`;
    problems.push({ start: root, end: root + 1, message, severity: 'error' });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Valid files: a reference manager's export is valid JSON. jsonc-parser's tree of a 70 MB export
// (100k items) is millions of nodes: ~5 MB/s and gigabytes at its peak. JSON.parse (native) gives
// the values; one pass over the text gives each item's span and its key's span.

/** An element of the top-level array: its span, and the spans of its (last) `id` and `citation-key` values. */
interface ElementSpans {
  readonly start: number;
  end: number;
  id?: ValueSpan;
  citationKey?: ValueSpan;
}

interface ValueSpan extends TextSpan {
  readonly type: 'string' | 'number' | 'other';
}

/** The file read as JSON.parse reads it, when it is a valid JSON array; undefined otherwise (the tree reads it). */
export function readValidCslJson(text: string): CslJsonFile | undefined {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const root = source.indexOf('[');
  const elements = arrayElements(source, root);
  if (elements.length !== parsed.length) return undefined;
  const values: readonly unknown[] = parsed;
  const problems: CslJsonProblem[] = [];
  const items = collectItems(values.length, root, problems, (index) => {
    const value = values[index];
    const element = elements[index];
    const span = { start: element.start, end: element.end };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { span, problem: notAnObject(index) };
    const properties = new Map(Object.entries(value));
    const key = parsedKeyOf(properties, element, source);
    return key ? { span, item: { ...span, ...key, properties } } : { span, problem: noId(index) };
  });
  return { items, problems };
}

/** `keyOf` on parsed values: `citation-key` wins over `id`; an empty string is no key; a numeric id as written. */
function parsedKeyOf(properties: ReadonlyMap<string, unknown>, element: ElementSpans, text: string): { citekey: string; keyStart: number; keyEnd: number } | undefined {
  const citationKey = properties.get('citation-key');
  if (typeof citationKey === 'string' && citationKey.trim() && element.citationKey) {
    return { citekey: citationKey, keyStart: element.citationKey.start + 1, keyEnd: element.citationKey.end - 1 };
  }
  const id = properties.get('id');
  if (typeof id === 'string' && id.trim() && element.id) return { citekey: id, keyStart: element.id.start + 1, keyEnd: element.id.end - 1 };
  if (typeof id === 'number' && element.id?.type === 'number') return { citekey: text.slice(element.id.start, element.id.end), keyStart: element.id.start, keyEnd: element.id.end };
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The end (exclusive) of the string token opening at `start`, in valid JSON. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    i += code === BACKSLASH ? 2 : 1;
  }
}

/** The end (exclusive) of a number, `true`, `false` or `null` starting at `start`. */
function literalEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
  return i;
}

/** What ends a literal in JSON: whitespace, a comma, a closing bracket. */
function isDelimiter(code: number): boolean {
  return code <= 0x20 || code === 0x2c /* , */ || code === 0x5d /* ] */ || code === 0x7d /* } */;
}

/**
 * The spans of the elements of the array opening at `root`, in text that JSON.parse accepted.
 * Inside each object element, a string followed by ':' is a property name; the value after the
 * names `id` and `citation-key` is recorded (the last one, as JSON.parse keeps the last).
 */
function arrayElements(text: string, root: number): ElementSpans[] {
  const elements: ElementSpans[] = [];
  let depth = 0;
  let current: ElementSpans | undefined;
  /** In an object element, the key whose value comes next (at depth 2). */
  let property: 'id' | 'citationKey' | undefined;
  for (let i = root; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1) elements.push({ start: i, end });
      else if (depth === 2 && current) {
        let after = end;
        while (after < text.length && text.charCodeAt(after) <= 0x20) after++;
        if (text.charCodeAt(after) === 0x3a /* : */) {
          const token = text.slice(i, end);
          const name = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
          property = name === 'id' ? 'id' : name === 'citation-key' ? 'citationKey' : undefined;
          i = after + 1;
          continue;
        }
        if (property) current[property] = { start: i, end, type: 'string' };
        property = undefined;
      }
      i = end;
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      if (depth === 1) {
        current = { start: i, end: i };
        elements.push(current);
      } else if (depth === 2 && current && property) {
        current[property] = { start: i, end: i, type: 'other' };
        property = undefined;
      }
      depth++;
      i++;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth--;
      i++;
      if (depth === 1 && current) {
        current.end = i;
        current = undefined;
      }
      if (depth === 0) break;
    } else if (code === 0x2c /* , */ || code === 0x3a /* : */ || code <= 0x20) {
      i++;
    } else {
      const end = literalEnd(text, i);
      if (depth === 1) elements.push({ start: i, end });
      else if (depth === 2 && current && property) {
        current[property] = { start: i, end, type: code === 0x2d /* - */ || (code >= 0x30 && code <= 0x39) ? 'number' : 'other' };
        property = undefined;
      }
      i = end;
    }
  }
  return elements;
}

/** The citation key: `citation-key` wins over `id`; an empty string is no key. */
function keyOf(item: Node, text: string): { citekey: string; keyStart: number; keyEnd: number } | undefined {
  for (const name of ['citation-key', 'id']) {
    const value = propertyNode(item, name);
    if (value?.type === 'string' && typeof value.value === 'string' && value.value.trim()) {
      return { citekey: value.value, keyStart: value.offset + 1, keyEnd: value.offset + value.length - 1 };
    }
    // CSL allows numeric ids; the key is the number as written.
    if (name === 'id' && value?.type === 'number') {
      return { citekey: text.slice(value.offset, value.offset + value.length), keyStart: value.offset, keyEnd: value.offset + value.length };
    }
  }
  return undefined;
}

/** The value node of an object's last property called `name`. */
function propertyNode(object: Node, name: string): Node | undefined {
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.value === name && value) found = value;
  }
  return found;
}

function propertiesOf(object: Node): Map<string, unknown> {
  const properties = new Map<string, unknown>();
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (typeof key?.value === 'string' && value) properties.set(key.value, getNodeValue(value));
  }
  return properties;
}

/** By jsonc-parser's error names (its codes are a `const enum`, which bundlers need not inline). */
const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'This is not JSON',
  InvalidNumberFormat: 'This number is not valid JSON',
  PropertyNameExpected: 'A property name in double quotes is expected here',
  ValueExpected: 'A value is expected here',
  ColonExpected: "A ':' is expected here",
  CommaExpected: "A ',' is expected here",
  CloseBraceExpected: "A '}' is expected here",
  CloseBracketExpected: "A ']' is expected here",
  EndOfFileExpected: 'Nothing may follow the JSON value',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'This comment is not closed',
  UnexpectedEndOfString: 'This string is not closed',
  UnexpectedEndOfNumber: 'This number is not finished',
  InvalidUnicode: 'This \\u escape is not valid',
  InvalidEscapeCharacter: 'This escape is not valid JSON',
  InvalidCharacter: 'This character must be escaped in a JSON string',
};

function syntaxProblem(text: string, error: ParseError): CslJsonProblem {
  const start = error.offset;
  const end = Math.min(text.length, start + Math.max(error.length, 1));
  // jsonc-parser reports a trailing comma as a missing value before the bracket; say what it is.
  const name = printParseErrorCode(error.error);
  const what = SYNTAX_MESSAGES[name] ?? 'The JSON is not valid here';
  if (name === 'ValueExpected' || name === 'PropertyNameExpected') {
    const comma = /,\s*$/.exec(text.slice(Math.max(0, start - 200), start));
    if (comma && (text[start] === ']' || text[start] === '}')) {
      const at = start - comma[0].length;
      return { start: at, end: at + 1, message: 'JSON allows no comma after the last item.', severity: 'error' };
    }
  }
  if (start >= text.length) {
    return { start: Math.max(0, text.length - 1), end: text.length, message: `${what}: the file ends too early.`, severity: 'error' };
  }
  return { start, end, message: `${what}.`, severity: 'error' };
}
