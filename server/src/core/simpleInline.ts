/**
 * The inline content of the commonest cell or list item, `text [Title](https://…) text`, read
 * without markdown-it. Reading inline content through markdown-it was the largest single cost
 * of indexing a note (every table cell and list item is read), and most of it is this shape.
 *
 * Only text markdown-it would read as plain text and inline links with a plain label and a
 * plain destination are accepted; anything else (emphasis, code, images, HTML, entities,
 * escapes, reference links, titles, line breaks…) answers undefined, and the caller asks
 * markdown-it. So the answer, when there is one, is markdown-it's own (checked against it in
 * test/unit/simpleInline.test.ts).
 */
import type { InlineNode } from './markdownParser';

/** Characters that start an inline rule of markdown-it (or that its normalisation rewrites). */
function isMarkup(code: number): boolean {
  return (
    code < 32 ||
    code === 127 ||
    code === 33 /* ! */ ||
    code === 38 /* & */ ||
    code === 42 /* * */ ||
    code === 60 /* < */ ||
    code === 91 /* [ */ ||
    code === 92 /* \ */ ||
    code === 93 /* ] */ ||
    code === 95 /* _ */ ||
    code === 96 /* ` */ ||
    code === 126 /* ~ */
  );
}

/** What markdown-it keeps verbatim as a link destination: no space, escape, entity, parenthesis or angle bracket. */
function isPlainDestinationCharacter(code: number): boolean {
  return code > 32 && code !== 127 && code !== 38 && code !== 40 && code !== 41 && code !== 60 && code !== 62 && code !== 92 && code !== 96;
}

/** markdown-it's validateLink refuses these schemes (its data: exceptions are for images only). */
const REFUSED_SCHEME = /^(?:vbscript|javascript|file|data):/i;

/** The inline nodes of `source` when it is only plain text and plain inline links; else undefined. */
export function simpleInline(source: string): InlineNode[] | undefined {
  const nodes: InlineNode[] = [];
  let textStart = 0;
  let at = 0;
  while (at < source.length) {
    const code = source.charCodeAt(at);
    if (code !== 91 /* [ */) {
      if (isMarkup(code)) return undefined;
      at++;
      continue;
    }
    const labelEnd = source.indexOf(']', at + 1);
    if (labelEnd < 0 || source.charCodeAt(labelEnd + 1) !== 40 /* ( */) return undefined;
    for (let i = at + 1; i < labelEnd; i++) if (isMarkup(source.charCodeAt(i))) return undefined;
    const destinationStart = labelEnd + 2;
    let destinationEnd = destinationStart;
    while (destinationEnd < source.length && isPlainDestinationCharacter(source.charCodeAt(destinationEnd))) destinationEnd++;
    if (destinationEnd === destinationStart || source.charCodeAt(destinationEnd) !== 41 /* ) */) return undefined;
    const href = source.slice(destinationStart, destinationEnd);
    // markdown-it tests the scheme after trimming (Unicode spaces too): such a destination is its to read.
    if (href !== href.trim() || REFUSED_SCHEME.test(href)) return undefined;
    if (at > textStart) nodes.push({ kind: 'text', text: source.slice(textStart, at) });
    const label = source.slice(at + 1, labelEnd);
    nodes.push({ kind: 'link', href, children: label ? [{ kind: 'text', text: label }] : [] });
    at = destinationEnd + 1;
    textStart = at;
  }
  if (source.length > textStart) nodes.push({ kind: 'text', text: source.slice(textStart) });
  return nodes;
}
