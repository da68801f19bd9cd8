/**
 * Code spans and HTML comments inside one block of a note: the inline spans that cannot hold a
 * paper reference. Shared by markdown-it's path (`markdownParser.ts`, one block per token) and
 * the plain-note path (`simpleNonProse.ts`, one line at a time).
 */
import type { TextSpan } from './textSpan';

/**
 * CommonMark code spans (a backtick run closed by a run of the same length) and HTML comments
 * within one block, pushed to `out`. Unclosed openers are literal text; remembering which run
 * lengths found no closer keeps this linear on hostile input such as a line of thousands of
 * lone backticks. Returns whether every opener closed inside the block: only then is the answer
 * the same for any larger block that holds this one.
 */
export function findInlineCodeAndComments(
  text: string,
  block: TextSpan,
  out: TextSpan[],
  findCommentClose: (from: number) => number,
  commentsOnly: boolean,
): boolean {
  const end = block.end;
  const unclosedRunLengths = new Set<number>();
  let commentCanClose = true;
  let allClosed = true;
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
        allClosed = false;
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
        allClosed = false;
        i += 4;
      } else {
        out.push({ start: i, end: close + 3 });
        i = close + 3;
      }
      continue;
    }
    i++;
  }
  return allClosed;
}

/**
 * indexOf('-->') that remembers its last answer: the first close after `from` is the cached one
 * whenever the cache was searched from no later than `from`. Without it, many open comments
 * before one distant close would rescan the same text again and again.
 */
export function commentCloseFinder(text: string): (from: number) => number {
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
