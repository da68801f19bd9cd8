/**
 * The one home of markdown-it. It is used only for block structure: which ranges of a note
 * are code or HTML comments (and so never hold references). References themselves are
 * found by scanning the raw text, which is faster and keeps exact offsets.
 */
import MarkdownIt from 'markdown-it';
import type { LineIndex } from './lineIndex';
import { TextSpan, mergeSpans } from './textSpan';

// html: true so HTML blocks (and the comments in them) become tokens of their own. Only block
// structure is needed, and skipping the inline pass makes parsing about five times faster.
const parser = new MarkdownIt({ html: true });
parser.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);

/**
 * Spans of `text` that cannot hold a paper reference: fenced and indented code blocks,
 * inline code spans, and HTML comments (block or inline). `hidden` spans (front matter)
 * are blanked before parsing so markdown-it does not read them as Markdown.
 */
export function findNonProseSpans(text: string, lines: LineIndex, hidden?: TextSpan): TextSpan[] {
  const source = hidden ? blankOut(text, hidden) : text;
  const tokens = parser.parse(source, {});
  const spans: TextSpan[] = [];
  const findCommentClose = commentCloseFinder(source);
  const lineSpan = (map: [number, number]): TextSpan => ({ start: lines.lineStart(map[0]), end: lines.lineStart(map[1]) });

  for (const token of tokens) {
    if (!token.map) continue;
    switch (token.type) {
      case 'fence':
      case 'code_block':
        spans.push(lineSpan(token.map));
        break;
      case 'html_block':
        findInlineCodeAndComments(source, lineSpan(token.map), spans, findCommentClose, true);
        break;
      case 'inline':
      // Table cells carry no line map; their row does, and a code span never crosses a row.
      case 'tr_open':
        findInlineCodeAndComments(source, lineSpan(token.map), spans, findCommentClose, false);
        break;
    }
  }
  return mergeSpans(spans);
}

function blankOut(text: string, span: TextSpan): string {
  // Same length and same line breaks, so offsets and line numbers still match the original.
  const blanked = text.slice(span.start, span.end).replace(/[^\r\n]/g, ' ');
  return text.slice(0, span.start) + blanked + text.slice(span.end);
}

/**
 * CommonMark code spans (a backtick run closed by a run of the same length) and HTML comments
 * within one block. Unclosed openers are literal text; remembering which run lengths found no
 * closer keeps this linear on hostile input such as a line of thousands of lone backticks.
 */
function findInlineCodeAndComments(
  text: string,
  block: TextSpan,
  out: TextSpan[],
  findCommentClose: (from: number) => number,
  commentsOnly: boolean,
): void {
  const end = block.end;
  const unclosedRunLengths = new Set<number>();
  let commentCanClose = true;
  let i = block.start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && !commentsOnly) {
      i += 2;
      continue;
    }
    if (c === 96 /* ` */ && !commentsOnly) {
      let runEnd = i;
      while (runEnd < end && text.charCodeAt(runEnd) === 96) runEnd++;
      const length = runEnd - i;
      const closer = unclosedRunLengths.has(length) ? -1 : findBacktickRun(text, runEnd, end, length);
      if (closer < 0) {
        unclosedRunLengths.add(length);
        i = runEnd;
      } else {
        out.push({ start: i, end: closer + length });
        i = closer + length;
      }
      continue;
    }
    if (c === 60 /* < */ && commentCanClose && text.startsWith('<!--', i)) {
      const close = findCommentClose(i + 4);
      if (close < 0 || close + 3 > end) {
        // An HTML block comment left open runs to the end of its block; an inline one is plain text.
        if (commentsOnly) out.push({ start: i, end });
        commentCanClose = false;
        i += 4;
      } else {
        out.push({ start: i, end: close + 3 });
        i = close + 3;
      }
      continue;
    }
    i++;
  }
}

/**
 * indexOf('-->') that remembers its last answer: the first close after `from` is the cached one
 * whenever the cache was searched from no later than `from`. Without it, many open comments
 * before one distant close would rescan the same text again and again.
 */
function commentCloseFinder(text: string): (from: number) => number {
  let searchedFrom = -1;
  let found = -1;
  return (from) => {
    if (searchedFrom >= 0 && searchedFrom <= from && (found < 0 || found >= from)) return found;
    searchedFrom = from;
    found = text.indexOf('-->', from);
    return found;
  };
}

function findBacktickRun(text: string, from: number, end: number, length: number): number {
  let i = from;
  while (i < end) {
    const next = text.indexOf('`', i);
    if (next < 0 || next >= end) return -1;
    let runEnd = next;
    while (runEnd < end && text.charCodeAt(runEnd) === 96) runEnd++;
    if (runEnd - next === length) return next;
    i = runEnd;
  }
  return -1;
}
