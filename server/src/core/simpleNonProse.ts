/**
 * The non-prose spans of a plain note (fenced code blocks, code spans, HTML comments) found
 * line by line, without markdown-it's block pass: the first index reads every note's references
 * before anything else, and for that pass the block pass was most of the cost.
 *
 * Only notes whose answer cannot depend on block structure are accepted: fences and HTML
 * comment blocks that open at the margin, and every other code span and comment closed on its
 * own line. Anything that could be an indented code block, another HTML block, a link
 * reference definition or a fence inside a list or quote, and any span left open at its line's
 * end (it might close on a later line of the same paragraph), answers undefined, and the caller
 * asks markdown-it. So the answer, when
 * there is one, is markdown-it's own (checked against it in test/unit/simpleNonProse.test.ts).
 */
import { commentCloseFinder, findInlineCodeAndComments } from './codeSpans';
import type { LineIndex } from './lineIndex';
import { type TextSpan, mergeSpans } from './textSpan';

const SPACE = 32;
const TAB = 9;
const BACKTICK = 96;
const TILDE = 126;

/** `source` is the note as markdown-it would read it (front matter blanked). */
export function simpleNonProseSpans(source: string, lines: LineIndex): TextSpan[] | undefined {
  // A link reference definition is no paragraph (its code spans are not code), and its title may
  // continue on the next lines.
  if (source.includes(']:')) return undefined;
  const spans: TextSpan[] = [];
  const findCommentClose = commentCloseFinder(source);
  const lineCount = lines.lineCount;
  for (let line = 0; line < lineCount; line++) {
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    const indentEnd = skipSpaces(source, start, end);
    if (indentEnd === end) continue;
    const first = source.charCodeAt(indentEnd);
    if (first === TAB || indentEnd - start >= 4) return undefined;
    if (first === BACKTICK || first === TILDE) {
      const fence = fenceOpening(source, indentEnd, end);
      if (fence === 'not a fence') return undefined;
      if (fence) {
        // Only a fence at the margin: an indented one may belong to a list item it would end with.
        // A table comes first: a fence-like line over a delimiter row is the table's header.
        if (indentEnd > start || mayBeTableHeader(source, lines, line + 1)) return undefined;
        const closing = closingLine(source, lines, line + 1, fence);
        spans.push({ start, end: blockEnd(source, lines, closing) });
        if (closing < 0) break;
        line = closing;
        continue;
      }
    }
    if (first === 60 /* < */ && source.startsWith('<!--', indentEnd)) {
      // An HTML comment block (markdown-it's html_block of the second kind): from this line to
      // the first line holding `-->`, where only comments count (a backtick is not code). Only
      // at the margin: an indented one may be inside a list item, which would end it sooner.
      if (indentEnd > start || mayBeTableHeader(source, lines, line + 1)) return undefined;
      const close = source.indexOf('-->', indentEnd);
      const closing = close < 0 ? -1 : lines.positionAt(close).line;
      findInlineCodeAndComments(source, { start, end: blockEnd(source, lines, closing) }, spans, findCommentClose, true);
      if (closing < 0) break;
      line = closing;
      continue;
    }
    if (!plainLineStart(source, indentEnd, end)) return undefined;
    if (!findInlineCodeAndComments(source, { start, end: lines.lineStart(line + 1) }, spans, findCommentClose, false)) return undefined;
  }
  return mergeSpans(spans);
}

/**
 * Where a block whose last line is `closing` ends. One left open (-1) runs to the end of
 * markdown-it's last line, which is not the note's last line when that one holds only spaces and
 * tabs (markdown-it does not count it).
 */
function blockEnd(source: string, lines: LineIndex, closing: number): number {
  if (closing >= 0) return lines.lineStart(closing + 1);
  const last = lines.lineCount - 1;
  const start = lines.lineStart(last);
  return skipSpaces(source, start, source.length) === source.length ? start : source.length;
}

interface Fence {
  readonly marker: number;
  readonly length: number;
}

/** A fence opening at `at` (markdown-it's rule); 'not a fence' for a backtick run that is not one (its line is a paragraph whose code spans may cross lines). */
function fenceOpening(source: string, at: number, end: number): Fence | 'not a fence' | undefined {
  const marker = source.charCodeAt(at);
  let runEnd = at;
  while (runEnd < end && source.charCodeAt(runEnd) === marker) runEnd++;
  if (runEnd - at < 3) return undefined;
  if (marker === BACKTICK && source.slice(runEnd, end).includes('`')) return 'not a fence';
  return { marker, length: runEnd - at };
}

/** The line that closes the fence, or -1 when it runs to the end of the note. */
function closingLine(source: string, lines: LineIndex, from: number, fence: Fence): number {
  for (let line = from; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    let at = start;
    while (at < end && source.charCodeAt(at) === SPACE) at++;
    // A tab before the marker indents it four columns or more: not a closer.
    if (at - start >= 4 || source.charCodeAt(at) !== fence.marker) continue;
    let runEnd = at;
    while (runEnd < end && source.charCodeAt(runEnd) === fence.marker) runEnd++;
    if (runEnd - at < fence.length) continue;
    let rest = runEnd;
    while (rest < end && (source.charCodeAt(rest) === SPACE || source.charCodeAt(rest) === TAB)) rest++;
    if (rest === end) return line;
  }
  return -1;
}

/** Whether the line could be a table's delimiter row, which would make the line above a table's header, not an HTML block. */
function mayBeTableHeader(source: string, lines: LineIndex, line: number): boolean {
  if (line >= lines.lineCount) return false;
  return /^ {0,3}[|:-][-:|\s]*$/.test(source.slice(lines.lineStart(line), lines.lineEnd(line)));
}

/**
 * Whether the line's content, past its block-quote and list markers, starts as a paragraph, a
 * heading or a table row does: not with an HTML tag or comment (an HTML block), a fence (inside
 * a container), or an indent of code.
 */
function plainLineStart(source: string, at: number, end: number): boolean {
  let i = at;
  for (;;) {
    const c = source.charCodeAt(i);
    let markerEnd = -1;
    let maxSpaces = 0;
    if (c === 62 /* > */) {
      markerEnd = i + 1;
      if (source.charCodeAt(markerEnd) === SPACE) markerEnd++;
      maxSpaces = 3;
    } else if ((c === 45 /* - */ || c === 43 /* + */ || c === 42) /* * */ && isSpaceOrEnd(source, i + 1, end)) {
      markerEnd = i + 1;
      maxSpaces = 4;
    } else if (isDigit(c)) {
      let digitsEnd = i;
      while (digitsEnd < end && digitsEnd - i < 10 && isDigit(source.charCodeAt(digitsEnd))) digitsEnd++;
      const delimiter = source.charCodeAt(digitsEnd);
      if ((delimiter === 46 /* . */ || delimiter === 41) /* ) */ && isSpaceOrEnd(source, digitsEnd + 1, end)) {
        markerEnd = digitsEnd + 1;
        maxSpaces = 4;
      }
    }
    if (markerEnd < 0) break;
    i = skipSpaces(source, markerEnd, end);
    if (i < end && (source.charCodeAt(i) === TAB || i - markerEnd > maxSpaces)) return false;
  }
  if (i >= end) return true;
  const c = source.charCodeAt(i);
  if (c === 60 /* < */) return false;
  if (c === BACKTICK || c === TILDE) return fenceOpening(source, i, end) === undefined;
  return true;
}

function skipSpaces(source: string, from: number, end: number): number {
  let i = from;
  while (i < end && source.charCodeAt(i) === SPACE) i++;
  // Tabs in leading whitespace make it blank (tabs only) or indented past what is read here.
  if (i < end && source.charCodeAt(i) === TAB) {
    let j = i;
    while (j < end && (source.charCodeAt(j) === SPACE || source.charCodeAt(j) === TAB)) j++;
    if (j === end) return end;
  }
  return i;
}

function isSpaceOrEnd(source: string, at: number, end: number): boolean {
  if (at >= end) return true;
  const c = source.charCodeAt(at);
  return c === SPACE || c === TAB;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
