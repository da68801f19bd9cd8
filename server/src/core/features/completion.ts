/**
 * Citation completion. Typing `@`, `[@`, `arXiv:` (or the full-width `＠`, `【@`, `arXiv：` that
 * Chinese input methods produce) offers every known paper, found by `PaperSearch` over titles,
 * translations, authors, identifiers and summaries, best first. Accepting inserts a citation in
 * ASCII syntax: a Pandoc key inside brackets, an `arXiv:` ID after `arXiv:`, and the format the
 * user chose (Markdown link, arXiv form, Pandoc key or a template) after a bare `@`.
 * Items carry their paper key, and resolve rebuilds their documentation from it alone.
 */
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import type { CatalogPaper } from '../catalog';
import { assignCitationKeys } from '../citationKeys';
import { displayPaperId, isIdentifierKey, parsePaperKey } from '../paperId';
import { canonicalUrl } from '../paperLinks';
import { PaperSearch, type SearchablePaper } from '../paperSearch';
import type { FeatureContext } from './context';
import { paperCardMarkdown } from './hover';
import { describePaper, ownCitekey } from './paperInfo';

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

/** The search and the citation keys, rebuilt only when the notes' papers change. */
export interface CitationIndex {
  readonly generation: number;
  readonly metadataGeneration: number;
  readonly catalog: unknown;
  readonly search: PaperSearch;
  readonly papers: ReadonlyMap<string, SearchablePaper>;
  readonly citekeys: Map<string, string>;
}

const cache = new WeakMap<FeatureContext['index'], CitationIndex>();

/** A catalog paper as the search sees it: the first summary is the one searched. */
export function searchableFromCatalog(paper: CatalogPaper): SearchablePaper {
  return {
    key: paper.key,
    aliases: paper.aliases,
    title: paper.title,
    translatedTitle: paper.translatedTitle,
    authors: paper.authors,
    year: paper.year,
    summary: paper.summaries[0]?.text,
    importance: paper.importance,
  };
}

/** The paper search over the catalog and the notes' papers, shared with workspace symbols. */
export function citationIndex(context: FeatureContext): CitationIndex {
  const catalog = context.catalog();
  const cached = cache.get(context.index);
  const metadataGeneration = context.arxiv?.generation ?? 0;
  // Rebuilt when the candidates change, not when a citation key is typed. The citation counts
  // that break ranking ties are as of the last rebuild.
  if (cached && cached.generation === context.index.candidatesGeneration && cached.metadataGeneration === metadataGeneration && cached.catalog === catalog) return cached;

  const papers = new Map<string, SearchablePaper & { citekey?: string }>();
  for (const paper of catalog.catalog.papers) papers.set(paper.key, searchableFromCatalog(paper));
  // Papers the notes describe or cite: add those the catalog lacks, mark those they annotate.
  const noteKeys = new Set<string>();
  for (const uri of context.index.uris()) {
    const analysis = context.index.getDocument(uri)!;
    for (const declaration of analysis.literatureNote?.declarations ?? []) noteKeys.add(declaration.key);
    for (const entry of analysis.entries) if (!entry.mentionedBy) noteKeys.add(entry.key);
    for (const reference of analysis.references) if (reference.paper.scheme !== 'citekey') noteKeys.add(reference.key);
  }
  // The user's bibliographies: every entry is a paper they cite, under the key they cite it by.
  for (const uri of context.index.bibliographyUris()) {
    for (const entry of context.index.getBibliography(uri)?.entries ?? []) noteKeys.add(entry.paperKeys[0] ?? entry.key);
  }
  // A paper is often named by several of these keys (its arXiv ID, a DOI, a bibliography key):
  // described once, from the first of them.
  const described = new Set<string>();
  for (const key of noteKeys) {
    if (described.has(key)) continue;
    const info = describePaper(context, key);
    for (const known of info.keys) if (isIdentifierKey(known)) described.add(known);
    const existing = papers.get(info.key);
    const noted = info.literatureNotes.length > 0 || info.annotations.length > 0 || info.bibliography.length > 0;
    const citekey = ownCitekey(info);
    if (existing) {
      papers.set(info.key, {
        ...existing,
        // The reader's own literature note names the paper as they want it.
        title: info.title ?? existing.title,
        aliases: [...new Set([...existing.aliases, ...info.keys.filter((k) => k !== info.key)])],
        authors: existing.authors.length ? existing.authors : info.authors,
        year: existing.year ?? info.year,
        noted,
        citations: info.citations.references,
        citekey,
      });
    } else if (info.paper.scheme !== 'citekey' || noted) {
      papers.set(info.key, {
        key: info.key,
        aliases: info.keys.filter((k) => k !== info.key),
        title: info.title,
        authors: info.authors,
        year: info.year,
        summary: info.annotations[0]?.entry.summary ?? info.abstract,
        noted,
        citations: info.citations.references,
        citekey,
      });
    }
  }
  const all = [...papers.values()];
  const built: CitationIndex = {
    generation: context.index.candidatesGeneration,
    metadataGeneration,
    catalog,
    search: new PaperSearch(all),
    papers,
    citekeys: assignCitationKeys(all),
  };
  cache.set(context.index, built);
  return built;
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
