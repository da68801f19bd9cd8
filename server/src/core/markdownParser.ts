/**
 * The one home of markdown-it. It is used for structure: which ranges of a note are code or
 * HTML comments (and so never hold references), and a small library-independent block tree
 * (headings, paragraphs, lists, tables) with inline content parsed on demand, for readers of
 * a note's shape such as paper entries. References themselves are found by scanning the raw
 * text, which is faster and keeps exact offsets.
 */
import MarkdownIt from 'markdown-it';
import type { LineIndex } from './lineIndex';
import { commentCloseFinder, findInlineCodeAndComments } from './codeSpans';
import { simpleInline } from './simpleInline';
import { simpleNonProseSpans } from './simpleNonProse';
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
  // Most notes are plain enough to be read line by line; the block pass is for the rest.
  return simpleNonProseSpans(source, lines) ?? nonProseSpansOf(parser.parse(source, {}), source, lines);
}

/**
 * A note read once: its block tree for the entry reader and its non-prose spans for the reference
 * scanner, from one markdown-it block pass (parsing is most of what indexing a note costs).
 */
export function parseNote(text: string, lines: LineIndex, hidden?: TextSpan): { document: MarkdownDocument; nonProse: TextSpan[] } {
  const source = hidden ? blankOut(text, hidden) : text;
  const env: Record<string, unknown> = {};
  const tokens = parser.parse(source, env);
  return { document: documentOf(tokens, source, env), nonProse: nonProseSpansOf(tokens, source, lines) };
}

function nonProseSpansOf(tokens: Tokens, source: string, lines: LineIndex): TextSpan[] {
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

// ---------------------------------------------------------------------------------------
// Block structure for readers of a note's shape (paper entries): a small tree that names no
// markdown-it type, and inline content parsed on demand, one block at a time.

interface BlockBase {
  /** 0-based first line. */
  readonly line: number;
  /** 0-based, exclusive. */
  readonly endLine: number;
}

export interface HeadingBlock extends BlockBase {
  readonly kind: 'heading';
  readonly level: number;
  /** The heading's inline source, as written (markers and closing #s removed). */
  readonly inline: string;
}

export interface ParagraphBlock extends BlockBase {
  readonly kind: 'paragraph';
  readonly inline: string;
}

export interface TableRow {
  readonly line: number;
  /** Inline source of each cell, as markdown-it reads them (short rows padded with ''). */
  readonly cells: readonly string[];
  /** How many cells the row's line actually has (markdown-it pads short rows and drops extra cells). */
  readonly writtenCells: number;
}

export interface TableBlock extends BlockBase {
  readonly kind: 'table';
  readonly header: TableRow;
  readonly rows: readonly TableRow[];
}

export interface ListItemBlock extends BlockBase {
  readonly kind: 'list-item';
  readonly children: readonly MarkdownBlock[];
}

export interface ListBlock extends BlockBase {
  readonly kind: 'list';
  readonly ordered: boolean;
  readonly items: readonly ListItemBlock[];
}

export interface QuoteBlock extends BlockBase {
  readonly kind: 'blockquote';
  readonly children: readonly MarkdownBlock[];
}

/** Fenced or indented code, HTML blocks and thematic breaks: kept for their place only. */
export interface OpaqueBlock extends BlockBase {
  readonly kind: 'code' | 'html' | 'rule';
}

export type MarkdownBlock = HeadingBlock | ParagraphBlock | TableBlock | ListBlock | ListItemBlock | QuoteBlock | OpaqueBlock;

export type InlineNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly InlineNode[] }
  | { readonly kind: 'image'; readonly src: string; readonly alt: string }
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'break' };

export interface MarkdownDocument {
  /** Top-level blocks in document order; containers hold their children. */
  readonly blocks: readonly MarkdownBlock[];
  /**
   * The inline content of one block's source (`HeadingBlock.inline`, a table cell, ...), with the
   * note's reference definitions (`[text][ref]`) resolved. Emphasis is flattened away; link
   * destinations are kept as written (not percent-encoded).
   */
  inline(source: string): InlineNode[];
}

// Inline parsing gets its own instance: the block parser above skips the inline pass for speed.
const inlineParser = new MarkdownIt({ html: true });
inlineParser.normalizeLink = (url: string): string => url;
inlineParser.normalizeLinkText = (text: string): string => text;

/**
 * The block tree of a note. `hidden` (front matter) is blanked first, as in findNonProseSpans,
 * so line numbers still match the original text.
 */
export function parseMarkdownDocument(text: string, hidden?: TextSpan): MarkdownDocument {
  const source = hidden ? blankOut(text, hidden) : text;
  const env: Record<string, unknown> = {};
  return documentOf(parser.parse(source, env), source, env);
}

function documentOf(tokens: Tokens, source: string, env: Record<string, unknown>): MarkdownDocument {
  return {
    blocks: buildBlocks(tokens, lineReader(source)),
    inline: (inlineSource) => simpleInline(inlineSource) ?? markdownInline(inlineSource, env),
  };
}

/** What markdown-it reads in one block's inline source (`simpleInline` answers the plain cases first). */
export function markdownInline(source: string, env: Record<string, unknown> = {}): InlineNode[] {
  return toInlineNodes(inlineParser.parseInline(source, env)[0]?.children ?? []);
}

type Tokens = ReturnType<typeof parser.parse>;
type Token = Tokens[number];

/** The inline source following a block's open token (a heading's or paragraph's text). */
function inlineAfter(tokens: readonly Token[], at: number): string {
  return tokens[at + 1]?.type === 'inline' ? tokens[at + 1].content : '';
}

interface OpenContainer {
  readonly kind: 'list' | 'list-item' | 'blockquote' | 'root';
  readonly token?: Token;
  readonly children: MarkdownBlock[];
}

function buildBlocks(tokens: Tokens, lineText: (line: number) => string): MarkdownBlock[] {
  const root: OpenContainer = { kind: 'root', children: [] };
  const stack: OpenContainer[] = [root];
  const top = (): OpenContainer => stack[stack.length - 1];
  const range = (token: Token | undefined): { line: number; endLine: number } => {
    const map = token?.map;
    return map ? { line: map[0], endLine: map[1] } : { line: 0, endLine: 0 };
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        stack.push({ kind: 'list', token, children: [] });
        break;
      case 'list_item_open':
        stack.push({ kind: 'list-item', token, children: [] });
        break;
      case 'blockquote_open':
        stack.push({ kind: 'blockquote', token, children: [] });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'list_item_close':
      case 'blockquote_close': {
        const open = stack.length > 1 ? stack.pop() : undefined;
        if (!open) break;
        const where = range(open.token);
        let block: MarkdownBlock;
        if (open.kind === 'list') {
          const items = open.children.filter((child): child is ListItemBlock => child.kind === 'list-item');
          block = { kind: 'list', ...where, ordered: open.token?.type === 'ordered_list_open', items };
        } else {
          block = { kind: open.kind === 'list-item' ? 'list-item' : 'blockquote', ...where, children: open.children };
        }
        top().children.push(block);
        break;
      }
      case 'heading_open':
        top().children.push({ kind: 'heading', ...range(token), level: Number(token.tag.slice(1)) || 1, inline: inlineAfter(tokens, i) });
        break;
      case 'paragraph_open':
        top().children.push({ kind: 'paragraph', ...range(token), inline: inlineAfter(tokens, i) });
        break;
      case 'table_open': {
        // The table's own close (or the end of the tokens), scanned from here, not from the start.
        let last = i + 1;
        while (last < tokens.length && tokens[last].type !== 'table_close') last++;
        const rows = tableRows(tokens, i + 1, last, lineText);
        if (rows.length > 0) top().children.push({ kind: 'table', ...range(token), header: rows[0], rows: rows.slice(1) });
        i = last;
        break;
      }
      case 'fence':
      case 'code_block':
        top().children.push({ kind: 'code', ...range(token) });
        break;
      case 'html_block':
        top().children.push({ kind: 'html', ...range(token) });
        break;
      case 'hr':
        top().children.push({ kind: 'rule', ...range(token) });
        break;
    }
  }
  return root.children;
}

function tableRows(tokens: Tokens, from: number, to: number, lineText: (line: number) => string): TableRow[] {
  const rows: TableRow[] = [];
  let cells: string[] | undefined;
  let line = 0;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (token.type === 'tr_open') {
      cells = [];
      line = token.map ? token.map[0] : line;
    } else if (token.type === 'inline' && cells) {
      cells.push(token.content);
    } else if (token.type === 'tr_close' && cells) {
      rows.push({ line, cells, writtenCells: countWrittenCells(lineText(line)) });
      cells = undefined;
    }
  }
  return rows;
}

/** The cells of a table row as written: pipes split cells unless escaped; outer pipes are optional. */
function countWrittenCells(line: string): number {
  // Rows of a table in a block quote or list item carry their container's prefix.
  let row = line.replace(/^[ \t]*(?:>[ \t]?)*/, '').trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  let count = 1;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 124 /* | */) count++;
  }
  return count;
}

/** Line `n` of `text` (without its terminator); line starts are found once. */
function lineReader(text: string): (line: number) => string {
  let starts: number[] | undefined;
  return (line) => {
    if (!starts) {
      starts = [0];
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    }
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1] : text.length;
    return text.slice(starts[line], end).replace(/\r?\n$/, '');
  };
}

interface InlineFrame {
  readonly href: string;
  readonly children: InlineNode[];
}

function toInlineNodes(children: Tokens): InlineNode[] {
  const rootNodes: InlineNode[] = [];
  const links: InlineFrame[] = [];
  const out = (): InlineNode[] => (links.length > 0 ? links[links.length - 1].children : rootNodes);
  const closeLink = () => {
    const link = links.pop();
    if (link) out().push({ kind: 'link', href: link.href, children: link.children });
  };
  const pushText = (text: string): void => {
    if (!text) return;
    const nodes = out();
    const last = nodes[nodes.length - 1];
    if (last?.kind === 'text') nodes[nodes.length - 1] = { kind: 'text', text: last.text + text };
    else nodes.push({ kind: 'text', text });
  };
  for (const token of children) {
    switch (token.type) {
      case 'text':
      case 'text_special':
        pushText(token.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        out().push({ kind: 'break' });
        break;
      case 'code_inline':
        out().push({ kind: 'code', text: token.content });
        break;
      case 'html_inline':
        out().push({ kind: 'html', html: token.content });
        break;
      case 'image':
        out().push({ kind: 'image', src: String(token.attrGet('src') ?? ''), alt: token.content });
        break;
      case 'link_open':
        links.push({ href: String(token.attrGet('href') ?? ''), children: [] });
        break;
      case 'link_close':
        closeLink();
        break;
      // Emphasis, strikethrough and the like only wrap text: their markers are dropped.
    }
  }
  // An unbalanced link_open cannot come out of markdown-it, but never lose text if it did.
  while (links.length > 0) closeLink();
  return rootNodes;
}
