/**
 * Bibliography files (BibTeX/BibLaTeX `.bib`, CSL-JSON) as paper entries: each entry's citation
 * key, where it is written, and the identities (arXiv, DOI, OpenReview) it names, so a `[@key]`
 * in a note resolves to the entry and the entry to the paper. Reading the formats is left to
 * `bibtexFile.ts` and `cslJsonFile.ts`; this module decides what their values mean.
 */
import { parseArxivId } from './arxivId';
import { readBibtex, type BibtexEntry, type BibtexName } from './bibtexFile';
import { readCslJson, type CslItem } from './cslJsonFile';
import { LineIndex } from './lineIndex';
import { keyRank, paperKey, type PaperId } from './paperId';
import { findPaperReferences, type PaperReference, type ReferenceForm } from './recognize';
import type { SpanProblem } from './textSpan';

export type BibliographyFormat = 'bibtex' | 'csl-json';

/** The format a file name implies: .bib/.bibtex/.biblatex → bibtex; .json/.csl-json (CSL-JSON) → csl-json; else undefined. */
export function bibliographyFormatOf(fileName: string): BibliographyFormat | undefined {
  if (/\.(?:bib|bibtex|biblatex)$/i.test(fileName)) return 'bibtex';
  if (/\.(?:csl-)?json$/i.test(fileName)) return 'csl-json';
  return undefined;
}

export interface BibliographyEntry {
  /** As written in the file. */
  readonly citekey: string;
  /** paperKey({ scheme: 'citekey', id: citekey }) */
  readonly key: string;
  /** Offsets of the whole entry in the file text. */
  readonly start: number;
  readonly end: number;
  /** Offsets of the citekey itself (go-to-definition target). */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** BibTeX entry type (lower-case) or CSL type. */
  readonly type: string;
  /** Identity keys (paperKey of arxiv / doi / openreview ids) this entry names, best first; never the citekey; may be empty. */
  readonly paperKeys: readonly string[];
  readonly title?: string;
  /** Display names: `Edward J. Hu`; literal names as is; CJK names family first without a space (`王小明`). */
  readonly authors: readonly string[];
  /** From year, or date/issued's year. */
  readonly year?: string;
  readonly abstract?: string;
  /** journal/booktitle/container-title */
  readonly venue?: string;
  readonly url?: string;
}

export type BibliographyProblem = SpanProblem;

export interface Bibliography {
  readonly uri: string;
  readonly version: number;
  readonly format: BibliographyFormat;
  /** In file order; malformed ones skipped, later duplicates of a key skipped (BibTeX uses the first). */
  readonly entries: readonly BibliographyEntry[];
  /**
   * Malformed entries (errors spanning the entry), duplicate keys (a warning on the later one),
   * CSL-JSON syntax errors, CSL items without id, a JSON file that is not a CSL-JSON array.
   */
  readonly problems: readonly BibliographyProblem[];
  readonly lines: LineIndex;
}

export function parseBibliography(uri: string, version: number, text: string, format: BibliographyFormat): Bibliography {
  const lines = LineIndex.of(text);
  const read = format === 'bibtex' ? fromBibtexFile(text) : fromCslJsonFile(text);
  const problems: BibliographyProblem[] = [...read.problems];
  const entries: BibliographyEntry[] = [];
  const first = new Map<string, BibliographyEntry>();
  for (const entry of read.entries) {
    const earlier = first.get(entry.key);
    if (earlier) {
      const line = lines.positionAt(earlier.start).line + 1;
      problems.push({ start: entry.keyStart, end: entry.keyEnd, message: `Duplicate citation key '${entry.citekey}': the entry on line ${line} is used and this one is ignored.`, severity: 'warning' });
      continue;
    }
    first.set(entry.key, entry);
    entries.push(entry);
  }
  problems.sort((a, b) => a.start - b.start || a.end - b.end);
  return { uri, version, format, entries, problems, lines };
}

interface ReadEntries {
  readonly entries: readonly BibliographyEntry[];
  readonly problems: readonly BibliographyProblem[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Optional values are left out rather than set to undefined, so entries compare cleanly. */
function entryOf(
  span: Pick<BibliographyEntry, 'citekey' | 'start' | 'end' | 'keyStart' | 'keyEnd' | 'type'>,
  paperKeys: string[],
  authors: string[],
  optional: { title?: string; year?: string; abstract?: string; venue?: string; url?: string },
): BibliographyEntry {
  const entry: Mutable<BibliographyEntry> = { ...span, key: paperKey({ scheme: 'citekey', id: span.citekey }), paperKeys, authors };
  for (const [name, value] of Object.entries(optional) as [keyof typeof optional, string | undefined][]) {
    if (value) entry[name] = value;
  }
  return entry;
}

// ---------------------------------------------------------------------------------------
// BibTeX

function fromBibtexFile(text: string): ReadEntries {
  const file = readBibtex(text);
  return { entries: file.entries.map(fromBibtex), problems: file.problems };
}

function fromBibtex(entry: BibtexEntry): BibliographyEntry {
  const fields = entry.fields;
  // An edited volume is cited by its editors, as BibTeX styles do.
  const names = entry.authors.length ? entry.authors : entry.editors;
  return entryOf(
    { citekey: entry.key, start: entry.start, end: entry.end, keyStart: entry.keyStart, keyEnd: entry.keyEnd, type: entry.type },
    bibtexPaperKeys(fields),
    names.map(bibtexName).filter((name): name is string => name !== undefined),
    {
      title: fields.get('title'),
      year: yearIn(fields.get('year')) ?? yearIn(fields.get('date')),
      abstract: fields.get('abstract'),
      venue: fields.get('journal') ?? fields.get('journaltitle') ?? fields.get('booktitle'),
      url: fields.get('url'),
    },
  );
}

function bibtexPaperKeys(fields: ReadonlyMap<string, string>): string[] {
  const papers: (PaperId | undefined)[] = [];
  const eprint = fields.get('eprint');
  if (eprint) {
    const archive = (fields.get('archiveprefix') ?? fields.get('eprinttype'))?.trim().toLowerCase();
    // An eprint of another archive (PubMed, JSTOR, HDL) is not an arXiv ID even when it looks like one.
    if (archive === 'arxiv') papers.push(arxivValue(eprint));
    else if (!archive) papers.push(strictArxivValue(eprint));
  }
  // Mendeley writes `arxivId`.
  papers.push(arxivValue(fields.get('arxivid')), arxivValue(fields.get('arxiv')));
  papers.push(doiValue(fields.get('doi')));
  papers.push(...mentioned(fields.get('url'), URL_FORMS));
  const journal = fields.get('journal') ?? fields.get('journaltitle');
  // DBLP and Semantic Scholar: `journal = {CoRR}` (or `ArXiv`), `volume = {abs/2106.09685}`.
  const volume = /^abs\/(\S+)$/.exec(fields.get('volume') ?? '');
  if (volume && /^(?:corr|arxiv)$/i.test(journal ?? '')) papers.push(arxivValue(volume[1]));
  // `journal = {arXiv preprint arXiv:2106.09685}` (Google Scholar), or an arXiv ID or paper URL in a note.
  for (const name of ['journal', 'journaltitle', 'howpublished', 'note']) papers.push(...mentioned(fields.get(name), MENTION_FORMS));
  return sortedKeys(papers);
}

function bibtexName(name: BibtexName): string | undefined {
  return displayName(name.literal, name.family, name.given, name.prefix, name.suffix);
}

// ---------------------------------------------------------------------------------------
// CSL-JSON

function fromCslJsonFile(text: string): ReadEntries {
  const file = readCslJson(text);
  return { entries: file.items.map(fromCsl), problems: file.problems };
}

function fromCsl(item: CslItem): BibliographyEntry {
  const get = (name: string) => cslText(item.properties.get(name));
  const authors = Array.isArray(item.properties.get('author')) ? (item.properties.get('author') as unknown[]) : [];
  return entryOf(
    { citekey: item.citekey, start: item.start, end: item.end, keyStart: item.keyStart, keyEnd: item.keyEnd, type: get('type') ?? '' },
    cslPaperKeys(get),
    authors.map(cslName).filter((name): name is string => name !== undefined),
    {
      title: get('title'),
      year: cslYear(item.properties.get('issued')),
      abstract: get('abstract'),
      // Some exporters write `container-title` as an array, as Crossref does.
      venue: get('container-title') ?? cslText(firstString(item.properties.get('container-title'))),
      url: get('URL'),
    },
  );
}

function cslPaperKeys(get: (name: string) => string | undefined): string[] {
  const papers: (PaperId | undefined)[] = [doiValue(get('DOI')), ...mentioned(get('URL'), URL_FORMS)];
  // Zotero writes a preprint as `number: "arXiv:2106.09685"` with `publisher: "arXiv"`.
  const number = get('number');
  const fromArxiv = ['publisher', 'container-title', 'archive', 'source'].some((name) => /\barxiv\b/i.test(get(name) ?? ''));
  if (number && (fromArxiv || /^arxiv\s*[:\uFF1A]/i.test(number))) papers.push(arxivValue(number));
  if (/^arxiv\b/i.test(get('archive') ?? '')) papers.push(arxivValue(get('archive_location')));
  for (const name of ['container-title', 'note']) papers.push(...mentioned(get(name), MENTION_FORMS));
  return sortedKeys(papers);
}

/** A CSL string value (rich text: `<i>`, `<sup>` and the like are dropped); numbers as written. */
function cslText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/<\/?(?:i|b|sup|sub|span)(?:\s[^<>]*)?>/g, '').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

function firstString(value: unknown): string | undefined {
  return Array.isArray(value) ? value.find((item): item is string => typeof item === 'string') : undefined;
}

function cslName(value: unknown): string | undefined {
  if (typeof value === 'string') return cslText(value);
  if (!value || typeof value !== 'object') return undefined;
  const name = value as Record<string, unknown>;
  const particles = [cslText(name['dropping-particle']), cslText(name['non-dropping-particle'])].filter(Boolean).join(' ');
  return displayName(cslText(name.literal), cslText(name.family), cslText(name.given), particles || undefined, cslText(name.suffix));
}

/** `issued: { 'date-parts': [[2021, 6, 17]] }`, `{ raw: '2021-06' }`, `{ literal }`, or an EDTF string. */
function cslYear(issued: unknown): string | undefined {
  if (typeof issued === 'string' || typeof issued === 'number') return yearIn(String(issued));
  if (!issued || typeof issued !== 'object') return undefined;
  const date = issued as Record<string, unknown>;
  const parts = date['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0]) && parts[0].length > 0) {
    const year = parts[0][0];
    if ((typeof year === 'number' && Number.isInteger(year)) || (typeof year === 'string' && /^-?\d+$/.test(year.trim()))) {
      return yearIn(String(year).trim()) ?? String(year).trim();
    }
  }
  return yearIn(cslText(date.raw)) ?? yearIn(cslText(date.literal));
}

// ---------------------------------------------------------------------------------------
// Shared readings

/** Scripts whose names are written family first without a space: 王小明, 山田太郎, 김민수. */
const CJK_NAME = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u30FC\u30FB\u00B7]+$/u;

function displayName(literal?: string, family?: string, given?: string, prefix?: string, suffix?: string): string | undefined {
  if (literal) return literal;
  if (family && given && CJK_NAME.test(family) && CJK_NAME.test(given)) return family + given;
  const name = [given, prefix, family, suffix].filter(Boolean).join(' ');
  return name || undefined;
}

function yearIn(text: string | undefined): string | undefined {
  return text ? /(?<!\d)\d{4}(?!\d)/.exec(text)?.[0] : undefined;
}

/** A field's identity forms: a paper page or DOI link, or a prefixed `arXiv:` ID. */
const URL_FORMS: ReadonlySet<ReferenceForm> = new Set(['arxiv-url', 'doi-url', 'openreview-url']);
const MENTION_FORMS: ReadonlySet<ReferenceForm> = new Set([...URL_FORMS, 'arxiv-id']);

/** The papers a free-text value names in the given forms; bare numbers are too weak to count. */
function mentioned(text: string | undefined, forms: ReadonlySet<ReferenceForm>): PaperId[] {
  if (!text) return [];
  return findPaperReferences(text).references
    .filter((reference: PaperReference) => forms.has(reference.form) && !reference.bare && reference.paper.scheme !== 'citekey')
    .map((reference) => reference.paper);
}

const DOI = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;

/** A value meant as an arXiv ID: `2106.09685`, `arXiv:2106.09685v2`, an arXiv URL; a mis-padded ID is repaired. */
function arxivValue(text: string | undefined): PaperId | undefined {
  const recognised = wholeReference(text);
  if (recognised?.scheme === 'arxiv') return recognised;
  const parsed = text ? parseArxivId(text) : undefined;
  return parsed?.ok ? { scheme: 'arxiv', id: parsed.value.id } : undefined;
}

/** A value that may or may not be an arXiv ID: only a perfectly written one counts. */
function strictArxivValue(text: string): PaperId | undefined {
  const parsed = parseArxivId(text);
  return parsed.ok && parsed.repaired === undefined ? { scheme: 'arxiv', id: parsed.value.id } : undefined;
}

/** A DOI, with or without `doi:` or a doi.org URL; arXiv's own DOIs (10.48550/arXiv.…) are the arXiv paper. */
function doiValue(text: string | undefined): PaperId | undefined {
  const recognised = wholeReference(text);
  if (recognised && (recognised.scheme === 'doi' || recognised.scheme === 'arxiv')) return recognised;
  const match = DOI.exec(text?.trim() ?? '');
  return match ? { scheme: 'doi', id: match[1] } : undefined;
}

/** The paper a value names when the whole value is one recognised reference. */
function wholeReference(text: string | undefined): PaperId | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  const { references } = findPaperReferences(trimmed);
  const only = references.length === 1 ? references[0] : undefined;
  return only && only.start === 0 && only.end === trimmed.length ? only.paper : undefined;
}

/** Unique keys, best identity first (arXiv, DOI, OpenReview), in the order found within a scheme. */
function sortedKeys(papers: readonly (PaperId | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const paper of papers) if (paper && paper.scheme !== 'citekey' && paper.scheme !== 'title') keys.add(paperKey(paper));
  return [...keys].sort((a, b) => keyRank(a) - keyRank(b));
}
