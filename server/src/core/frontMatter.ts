/**
 * YAML front matter of a note: where it is, and its top-level fields with their exact source
 * spans. Values are kept as source text, because YAML would read `arxiv: 1706.03760` as the
 * number 1706.0376 and lose the ID.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import { readPlainYamlFields } from './plainYaml';
import type { TextSpan } from './textSpan';

export interface FrontMatterValue extends TextSpan {
  /** The value as written, without surrounding quotes. */
  readonly text: string;
}

export interface FrontMatterField {
  readonly name: string;
  /** One entry per scalar: a list value gives several. */
  readonly values: readonly FrontMatterValue[];
}

export interface FrontMatterProblem extends TextSpan {
  readonly message: string;
}

export interface FrontMatter {
  /** The whole block, delimiters included. */
  readonly span: TextSpan;
  readonly fields: readonly FrontMatterField[];
  readonly problems: readonly FrontMatterProblem[];
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
/** Front matter is a few lines; parsing YAML costs ~10 µs a line, so a giant block is not read as one. */
const MAX_FRONT_MATTER_LENGTH = 256 * 1024;

/**
 * The note's front matter, by Pandoc's rules: a `---` line at the very start, not followed by a
 * blank line, closed by `---` or `...`, holding a YAML mapping. A note that merely opens with a
 * thematic break is not front matter, so its references stay visible.
 */
export function readFrontMatter(text: string): FrontMatter | undefined {
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const contentStart = opening[0].length;
  if (/^[ \t]*(?:\r?\n|$)/.test(text.slice(contentStart, contentStart + 2))) return undefined;
  const closing = CLOSING.exec(text.slice(contentStart, contentStart + MAX_FRONT_MATTER_LENGTH + 8));
  if (!closing || closing.index > MAX_FRONT_MATTER_LENGTH) return undefined;
  const contentEnd = contentStart + closing.index;
  const span = { start: 0, end: contentEnd + closing[0].length };
  const content = text.slice(contentStart, contentEnd);
  const plain = readPlainYamlFields(content, contentStart);
  if (plain) return { span, fields: plain, problems: [] };
  const read = readYamlFields(content, contentStart);
  return read && { span, ...read };
}

/**
 * Fields and problems of front-matter `content` (at offset `base`) as the YAML parser reads them;
 * undefined when it is not a mapping. Exported for the test that pins `readPlainYamlFields` to it.
 */
export function readYamlFields(content: string, base: number): { fields: FrontMatterField[]; problems: FrontMatterProblem[] } | undefined {
  const document = parseDocument(content, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false });
  if (document.contents !== null && !isMap(document.contents)) return undefined;
  const problems: FrontMatterProblem[] = document.errors.map((error) => ({
    start: base + error.pos[0],
    end: base + error.pos[1],
    message: error.message,
  }));
  const fields: FrontMatterField[] = [];
  for (const pair of isMap(document.contents) ? document.contents.items : []) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    fields.push({ name: pair.key.value, values: scalarValues(pair.value as YamlNode | null, content, base) });
  }
  return { fields, problems };
}

function scalarValues(node: YamlNode | null, content: string, base: number): FrontMatterValue[] {
  if (isScalar(node)) {
    const value = scalarValue(node, content, base);
    return value ? [value] : [];
  }
  if (isSeq(node)) return node.items.flatMap((item) => scalarValues(item as YamlNode | null, content, base));
  return [];
}

function scalarValue(node: Scalar, content: string, base: number): FrontMatterValue | undefined {
  if (!node.range) return undefined;
  let [start, end] = node.range;
  const source = content.slice(start, end);
  // Strings as YAML reads them (quotes and block indicators gone); anything else as written,
  // because YAML would read `1706.03760` as the number 1706.0376.
  const text = (typeof node.value === 'string' ? node.value : source).trim();
  if (!text) return undefined;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    start += 1;
    end = Math.max(start, end - 1);
  } else if (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') {
    start += source.length - source.trimStart().length;
    end = start + source.trim().length;
  }
  return { start: base + start, end: base + end, text };
}

export function frontMatterField(frontMatter: FrontMatter | undefined, ...names: string[]): FrontMatterField | undefined {
  if (!frontMatter) return undefined;
  const wanted = names.map((name) => name.toLowerCase());
  return frontMatter.fields.find((field) => wanted.includes(field.name.toLowerCase()));
}
