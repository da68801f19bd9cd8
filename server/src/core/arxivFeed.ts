/**
 * The arXiv API's Atom feed, read namespace-aware (the format drifted between 2007 and 2026:
 * namespace declarations move, dates gain `Z`, links become https, entry ids gain versions).
 * The only home of @xmldom/xmldom. An error feed (one entry titled `Error`, id under
 * `/api/errors#`) is reported as an error; an unknown ID is an empty feed; malformed XML is a
 * problem, never an exception.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { parseArxivId } from './arxivId';

const ATOM = 'http://www.w3.org/2005/Atom';
const ARXIV = 'http://arxiv.org/schemas/atom';

export interface ArxivMetadata {
  /** Unversioned, normalised: `1605.08386`, `hep-ex/0307015`. */
  readonly id: string;
  readonly version?: number;
  readonly title: string;
  readonly summary: string;
  readonly authors: readonly string[];
  /** ISO dates as the feed gives them. */
  readonly published?: string;
  readonly updated?: string;
  readonly primaryCategory?: string;
  readonly categories: readonly string[];
  readonly doi?: string;
  readonly journalRef?: string;
  readonly comment?: string;
}

export interface ArxivFeed {
  readonly entries: readonly ArxivMetadata[];
  /** The API's error message, for an error feed. */
  readonly error?: string;
  readonly problems: readonly string[];
}

function text(element: Element | undefined): string | undefined {
  const value = element?.textContent?.replace(/\s+/g, ' ').trim();
  return value || undefined;
}

function children(parent: Element, namespace: string, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.namespaceURI === namespace && element.localName === name) found.push(element);
    }
  }
  return found;
}

export function parseArxivFeed(xml: string): ArxivFeed {
  const problems: string[] = [];
  let document;
  try {
    document = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') problems.push(message.split('\n')[0]);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (error) {
    return { entries: [], problems: [`The arXiv API answer is not XML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const feed = document?.documentElement;
  if (!feed || feed.namespaceURI !== ATOM || feed.localName !== 'feed') {
    return { entries: [], problems: problems.length ? problems : ['The arXiv API answer is not an Atom feed.'] };
  }
  const entries: ArxivMetadata[] = [];
  for (const entry of children(feed, ATOM, 'entry')) {
    const idUrl = text(children(entry, ATOM, 'id')[0]) ?? '';
    if (/\/api\/errors#/.test(idUrl) || text(children(entry, ATOM, 'title')[0]) === 'Error') {
      return { entries: [], error: text(children(entry, ATOM, 'summary')[0]) ?? 'The arXiv API reported an error.', problems };
    }
    const parsed = parseArxivId(idUrl.replace(/^https?:\/\/arxiv\.org\/abs\//, ''));
    if (!parsed.ok) {
      problems.push(`An entry has an id that is not an arXiv ID: ${idUrl}`);
      continue;
    }
    const primary = children(entry, ARXIV, 'primary_category')[0]?.getAttribute('term') ?? undefined;
    entries.push({
      id: parsed.value.id,
      version: parsed.value.version,
      title: text(children(entry, ATOM, 'title')[0]) ?? parsed.value.id,
      summary: text(children(entry, ATOM, 'summary')[0]) ?? '',
      authors: children(entry, ATOM, 'author').flatMap((author) => text(children(author, ATOM, 'name')[0]) ?? []),
      published: text(children(entry, ATOM, 'published')[0]),
      updated: text(children(entry, ATOM, 'updated')[0]),
      primaryCategory: primary || undefined,
      categories: children(entry, ATOM, 'category').flatMap((category) => category.getAttribute('term') || []),
      doi: text(children(entry, ARXIV, 'doi')[0]),
      journalRef: text(children(entry, ARXIV, 'journal_ref')[0]),
      comment: text(children(entry, ARXIV, 'comment')[0]),
    });
  }
  return { entries, problems };
}
