/**
 * The front matter most notes have, `key: value` lines, read without the YAML parser. The YAML
 * parser cost as much per note as the reference scan; these lines need none of it.
 *
 * Accepted: lines `key: value` (a key of letters, digits, `_` and `-`, starting with a letter),
 * where the value is empty, a plain one-line scalar, a double-quoted string without escapes, or
 * a flow sequence of plain items (`[a, b]`), and blank lines. Anything else (comments, nesting,
 * indentation, block scalars, anchors, tags, single quotes, tabs, CR, any character YAML treats
 * specially) answers undefined and YAML reads the block. A plain scalar's text is its source
 * whatever YAML resolves it to (`1706.03760` stays as written), which is what frontMatter.ts
 * keeps, so no type resolution is needed. test/unit/plainYaml.test.ts checks the answers against
 * the YAML parser's.
 */
import type { FrontMatterField, FrontMatterValue } from './frontMatter';

const LINE = /^([A-Za-z][A-Za-z0-9_-]{0,63}):(?:( +)(.*))?$/;
/** Keys YAML would not read as strings. */
const NOT_A_STRING_KEY = /^(?:true|false|null)$/i;
/** A plain scalar safe in block and in flow context: no indicator, quote, comment or mapping colon. */
const PLAIN = /^[\p{L}\p{N}(][^\x00-\x1F\x7F\s:#,[\]{}"'`\\|>&*!%@]*(?: [^\x00-\x1F\x7F\s:#,[\]{}"'`\\|>&*!%@]+)*$/u;
/** The same in block context, where commas and a colon inside a word (`https://…`) are text too. */
const PLAIN_BLOCK = /^[\p{L}\p{N}(][^\x00-\x1F\x7F\s#[\]{}"'`\\|>&*!%@]*(?: [^\x00-\x1F\x7F\s#[\]{}"'`\\|>&*!%@]+)*$/u;
/** A colon before a space or at the end would start a mapping. */
const MAPPING_COLON = /:(?: |$)/;
const QUOTED = /^"([^"\\\x00-\x1F\x7F]*)"$/;
const SEQUENCE_ITEM = /^( *)([^ ,]*(?: [^ ,]+)*)( *)$/;

/** The fields of `content` (front matter starting at offset `base`), or undefined when it is not this plain. */
export function readPlainYamlFields(content: string, base: number): FrontMatterField[] | undefined {
  if (content.includes('\r') || content.includes('\uFEFF') || content.includes('\u2028') || content.includes('\u2029') || content.includes('\u0085')) return undefined;
  const fields: FrontMatterField[] = [];
  let lineStart = 0;
  while (lineStart <= content.length) {
    let lineEnd = content.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = content.length;
    const line = content.slice(lineStart, lineEnd);
    if (line.trim() === '') {
      if (line !== '') return undefined;
    } else {
      const match = LINE.exec(line);
      if (!match || NOT_A_STRING_KEY.test(match[1])) return undefined;
      const valueStart = base + lineStart + match[1].length + 1 + (match[2]?.length ?? 0);
      const values = valueOf(match[3] ?? '', valueStart);
      if (!values) return undefined;
      fields.push({ name: match[1], values });
    }
    lineStart = lineEnd + 1;
  }
  return fields;
}

function valueOf(value: string, start: number): FrontMatterValue[] | undefined {
  if (value === '') return [];
  if (PLAIN_BLOCK.test(value) && !MAPPING_COLON.test(value)) return [{ start, end: start + value.length, text: value }];
  const quoted = QUOTED.exec(value);
  if (quoted) {
    const text = quoted[1].trim();
    return text ? [{ start: start + 1, end: start + value.length - 1, text }] : [];
  }
  if (value.startsWith('[') && value.endsWith(']')) return sequenceOf(value.slice(1, -1), start + 1);
  return undefined;
}

function sequenceOf(inner: string, start: number): FrontMatterValue[] | undefined {
  const values: FrontMatterValue[] = [];
  const items = inner.split(',');
  let at = start;
  for (const [index, item] of items.entries()) {
    const parts = SEQUENCE_ITEM.exec(item);
    if (!parts) return undefined;
    const text = parts[2];
    if (text === '') {
      // `[]` and a trailing comma are fine; an empty item between commas is not.
      if (!(items.length === 1 || index === items.length - 1)) return undefined;
    } else {
      if (!PLAIN.test(text)) return undefined;
      const itemStart = at + parts[1].length;
      values.push({ start: itemStart, end: itemStart + text.length, text });
    }
    at += item.length + 1;
  }
  return values;
}
