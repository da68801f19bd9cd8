/**
 * YAML front matter of a note: where it is, and its top-level fields with their exact source
 * spans. Values are kept as source text, because YAML would read `arxiv: 1706.03760` as the
 * number 1706.0376 and lose the ID.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
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

export function readFrontMatter(text: string): FrontMatter | undefined {
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const contentStart = opening[0].length;
  const rest = text.slice(contentStart);
  const closing = CLOSING.exec(rest);
  if (!closing) return undefined;
  const contentEnd = contentStart + closing.index;
  const span = { start: 0, end: contentEnd + closing[0].length };
  const content = text.slice(contentStart, contentEnd);

  const problems: FrontMatterProblem[] = [];
  const document = parseDocument(content, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false });
  for (const error of document.errors) {
    problems.push({ start: contentStart + error.pos[0], end: contentStart + error.pos[1], message: error.message });
  }
  const fields: FrontMatterField[] = [];
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
      fields.push({ name: pair.key.value, values: scalarValues(pair.value as YamlNode | null, content, contentStart) });
    }
  }
  return { span, fields, problems };
}

function scalarValues(node: YamlNode | null, content: string, base: number): FrontMatterValue[] {
  if (!node) return [];
  if (isScalar(node)) {
    const value = scalarValue(node, content, base);
    return value ? [value] : [];
  }
  if (isSeq(node)) {
    return node.items.flatMap((item) => (isScalar(item) ? scalarValues(item, content, base) : []));
  }
  return [];
}

function scalarValue(node: YamlNode, content: string, base: number): FrontMatterValue | undefined {
  if (!node.range) return undefined;
  let [start, end] = node.range;
  const raw = content.slice(start, end);
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.length >= 2 && raw[raw.length - 1] === quote) {
    start += 1;
    end -= 1;
  }
  const text = content.slice(start, end).trim();
  if (!text) return undefined;
  const leading = content.slice(start, end).indexOf(text);
  return { start: base + start + leading, end: base + start + leading + text.length, text };
}

export function frontMatterField(frontMatter: FrontMatter | undefined, ...names: string[]): FrontMatterField | undefined {
  if (!frontMatter) return undefined;
  const wanted = names.map((name) => name.toLowerCase());
  return frontMatter.fields.find((field) => wanted.includes(field.name.toLowerCase()));
}
