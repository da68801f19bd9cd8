/**
 * Citation completion. Typing `@`, `[@`, `arXiv:` (or the full-width `＠`, `【@`, `arXiv：` that
 * Chinese input methods produce) offers every known paper, found by the citation index's search
 * (`citationIndex.ts`) over titles, translations, authors, identifiers and summaries, best first. Accepting inserts a citation in
 * ASCII syntax: a Pandoc key inside brackets, an `arXiv:` ID after `arXiv:`, and the format the
 * user chose (Markdown link, arXiv form, Pandoc key or a template) after a bare `@`.
 * Items carry their paper key, and resolve rebuilds their documentation from it alone.
 */
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import { displayPaperId, parsePaperKey } from '../paperId';
import { canonicalUrl } from '../paperLinks';
import type { SearchablePaper } from '../paperSearch';
import { citationIndex } from './citationIndex';
import type { FeatureContext } from './context';
import { paperCardMarkdown } from './hover';

export type CitationFormat = 'markdown' | 'arxiv' | 'pandoc' | 'template';

export interface CitationSettings {
  readonly format: CitationFormat;
  /** Placeholders: {title} {id} {url} {year} {firstAuthor} {key}. */
  readonly template: string;
}

export const defaultCitationSettings: CitationSettings = { format: 'markdown', template: '[{title}]({url})' };

export interface CompletionData {
  readonly key: string;
}

const MAX_ITEMS = 50;

/** `@`/`＠` that does not continue a word (so `me@example.com` is no citation), with the text typed after it. */
const AT_CONTEXT = /(?<![\p{L}\p{N}_@＠.\-+=%&~/\\])(-?)[@＠]([^@＠\]】;；\r\n]{0,60})$/u;
const ARXIV_CONTEXT = /(^|[^\p{L}\p{N}_])(arxiv)[:：]\s?(\S*)$/iu;
/** A query may be a few words of a title ('atention is all'), not a sentence typed after a mention. */
const MAX_QUERY_SPACES = 3;

type Context =
  | { readonly kind: 'arxiv'; readonly start: number; readonly query: string }
  | { readonly kind: 'pandoc'; readonly start: number; readonly query: string; readonly bracket: 'open' | 'inside' | 'none'; readonly suppress: boolean };

function completionContext(linePrefix: string): Context | undefined {
  const arxiv = ARXIV_CONTEXT.exec(linePrefix);
  if (arxiv) return { kind: 'arxiv', start: arxiv.index + arxiv[1].length, query: arxiv[3] };
  const at = AT_CONTEXT.exec(linePrefix);
  if (!at || (at[2].match(/\s/g)?.length ?? 0) > MAX_QUERY_SPACES) return undefined;
  const query = at[2].trim();
  // Inside `[…` (or `【…`) not yet closed: right after the bracket the whole `[@key]` is written,
  // further in (`[see @a; @`) just the key.
  const open = Math.max(linePrefix.lastIndexOf('['), linePrefix.lastIndexOf('【'));
  const close = Math.max(linePrefix.lastIndexOf(']'), linePrefix.lastIndexOf('】'));
  if (open > close && open < at.index) {
    return open === at.index - 1
      ? { kind: 'pandoc', start: open, query, bracket: 'open', suppress: at[1] === '-' }
      : { kind: 'pandoc', start: at.index, query, bracket: 'inside', suppress: at[1] === '-' };
  }
  return { kind: 'pandoc', start: at.index, query, bracket: 'none', suppress: at[1] === '-' };
}


export function provideCompletion(context: FeatureContext, position: Position, line: string, settings: CitationSettings): CompletionList {
  const linePrefix = line.slice(0, position.character);
  const found = completionContext(linePrefix);
  if (!found) return { isIncomplete: false, items: [] };
  const index = citationIndex(context);
  const range: Range = { start: { line: position.line, character: found.start }, end: position };
  const typed = linePrefix.slice(found.start);
  const closed = line[position.character] === ']' || line[position.character] === '】';
  const hits = index.search
    .search(found.query, { limit: found.kind === 'arxiv' ? MAX_ITEMS * 4 : MAX_ITEMS })
    .filter((hit) => found.kind !== 'arxiv' || hit.paper.key.startsWith('arxiv:'))
    .slice(0, MAX_ITEMS);
  const items = hits.map((hit, rank): CompletionItem => {
    const paper = hit.paper;
    const citekey = index.citekeys.get(paper.key) ?? paper.key;
    const suppress = found.kind === 'pandoc' && found.suppress ? '-' : '';
    const newText =
      found.kind === 'arxiv'
        ? `arXiv:${paper.key.slice('arxiv:'.length)}`
        : found.bracket === 'open'
          ? `[${suppress}@${citekey}${closed ? '' : ']'}`
          : found.bracket === 'inside'
            ? `${suppress}@${citekey}`
            : formatCitation(paper, citekey, settings);
    const topic = context.catalog().paper(paper.key)?.topics[0];
    // Search hits carry the paper's canonical key already: no need to describe it again.
    const displayId = displayPaperId(parsePaperKey(paper.key) ?? { scheme: 'title', id: paper.key });
    const data: CompletionData = { key: paper.key };
    return {
      label: paper.title ?? displayId,
      kind: CompletionItemKind.Reference,
      detail: [displayId, paper.year, topic ? context.catalog().topicPath(topic).join(' › ') : ''].filter(Boolean).join(' · '),
      // The editor filters items by the typed text; the search already has, so every item keeps it.
      filterText: typed,
      sortText: String(rank).padStart(4, '0'),
      textEdit: { range, newText },
      data,
    };
  });
  // The server narrows as the user types: ask again on every keystroke.
  return { isIncomplete: true, items };
}

/** Fills an item's documentation with the paper's card; stateless, from the item's data alone. */
export function resolveCompletion(context: FeatureContext, item: CompletionItem): CompletionItem {
  const data = item.data as Partial<CompletionData> | undefined;
  if (!data || typeof data.key !== 'string') return item;
  return { ...item, documentation: { kind: 'markdown', value: paperCardMarkdown(context, data.key) } };
}

/** A citation in the user's chosen format; formats a paper cannot take fall back to a Markdown link. */
export function formatCitation(paper: SearchablePaper, citekey: string, settings: CitationSettings): string {
  const arxivId = paper.key.startsWith('arxiv:') ? paper.key.slice('arxiv:'.length) : undefined;
  const url = describeUrl(paper);
  const title = paper.title ?? arxivId ?? paper.key;
  const markdownLink = url ? `[${title.replace(/[[\]]/g, (c) => `\\${c}`)}](${url})` : title;
  switch (settings.format) {
    case 'arxiv':
      return arxivId ? `arXiv:${arxivId}` : markdownLink;
    case 'pandoc':
      return `@${citekey}`;
    case 'template':
      return settings.template.replace(/\{(title|id|url|year|firstAuthor|key)\}/g, (_, name: string) => {
        switch (name) {
          case 'title': return title;
          case 'id': return arxivId ? `arXiv:${arxivId}` : paper.key;
          case 'url': return url ?? '';
          case 'year': return paper.year ?? '';
          case 'firstAuthor': return paper.authors[0] ?? '';
          default: return citekey;
        }
      });
    default:
      return markdownLink;
  }
}

function describeUrl(paper: SearchablePaper): string | undefined {
  const id = parsePaperKey(paper.key);
  return id ? canonicalUrl(id) : undefined;
}
