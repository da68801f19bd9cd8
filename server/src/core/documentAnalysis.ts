/**
 * Everything the index keeps about one note: its paper references, the papers it declares as
 * a literature note, and what could not be read. Built from text alone, so it is a pure
 * function of (uri, version, text) and the unit of incremental re-indexing.
 */
import { type FrontMatter, readFrontMatter } from './frontMatter';
import { LineIndex } from './lineIndex';
import { LiteratureNote, readLiteratureNote } from './literatureNote';
import { findNonProseSpans, parseNote } from './markdownParser';
import { type PaperEntry, extractPaperEntries } from './paperEntries';
import { PaperReference, RecognitionProblem, type RecognitionResult, findPaperReferences } from './recognize';
import { hashText } from './textHash';
import { type TextSpan, mergeSpans } from './textSpan';

export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly lines: LineIndex;
  /** Sorted by start, non-overlapping. */
  readonly references: readonly PaperReference[];
  readonly literatureNote?: LiteratureNote;
  /** The papers this note describes: its table rows, list items, sections and front matter about papers. */
  readonly entries: readonly PaperEntry[];
  readonly problems: readonly RecognitionProblem[];
  /**
   * Set when only the references were read (`analyseReferences`, the first index's first pass):
   * `entries` is empty until the full analysis of the same text replaces this one.
   */
  readonly entriesPending?: true;
}

export function analyseDocument(uri: string, version: number, text: string): DocumentAnalysis {
  const lines = LineIndex.of(text);
  const frontMatter = readFrontMatter(text);
  const { document, nonProse } = parseNote(text, lines, frontMatter?.span);
  const { references, problems } = referencesOf(text, frontMatter, nonProse);
  // Entry problems (broken shapes) are the seeds' concern, reported by the catalog build.
  const { entries } = extractPaperEntries(text, { frontMatter, document });
  return { uri, version, lines, references, literatureNote: readLiteratureNote(frontMatter), entries, problems };
}

/**
 * What `analyseDocument` answers but the entries, several times faster: no block tree is built
 * (most notes' code and comments are found line by line), and the entry reader, two thirds of
 * an analysis, does not run. The first index reads every note this way first, so references,
 * definitions and links answer for the whole workspace while the entries are read.
 */
export function analyseReferences(uri: string, version: number, text: string): DocumentAnalysis {
  const lines = LineIndex.of(text);
  const frontMatter = readFrontMatter(text);
  const { references, problems } = referencesOf(text, frontMatter, findNonProseSpans(text, lines, frontMatter?.span));
  return { uri, version, lines, references, literatureNote: readLiteratureNote(frontMatter), entries: [], problems, entriesPending: true };
}

function referencesOf(text: string, frontMatter: FrontMatter | undefined, nonProse: TextSpan[]): RecognitionResult {
  // Front-matter values are declarations, read by the literature-note reader, not citations.
  const excluded = frontMatter ? mergeSpans([frontMatter.span, ...nonProse]) : nonProse;
  return findPaperReferences(text, { excluded });
}

/** Every key under which the note's entries describe a paper (their identities and aliases). */
export function entryKeysOf(analysis: DocumentAnalysis): Set<string> {
  return new Set(analysis.entries.flatMap((entry) => [entry.key, ...entry.aliases]));
}

/** Every paper key the note mentions or declares, with how many references to it the note holds (0: only declared). */
export function referenceCountsOf(analysis: DocumentAnalysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reference of analysis.references) counts.set(reference.key, (counts.get(reference.key) ?? 0) + 1);
  for (const declaration of analysis.literatureNote?.declarations ?? []) if (!counts.has(declaration.key)) counts.set(declaration.key, 0);
  return counts;
}

/**
 * What of a note the Topics view shows: its entries' papers and headings, its literature note's
 * identity and tags, and which papers it cites. Typing prose changes none of it, so the tree is
 * refreshed only when this does.
 */
export function topicsFingerprint(analysis: DocumentAnalysis | undefined): string {
  return remembered(topicsFingerprints, analysis, computeTopicsFingerprint);
}

function computeTopicsFingerprint(analysis: DocumentAnalysis): string {
  return JSON.stringify([
    analysis.entries.map((entry) => [entry.key, entry.title, entry.topicPath, entry.mentionedBy ?? '']),
    analysis.literatureNote ? [analysis.literatureNote.title, analysis.literatureNote.tags, analysis.literatureNote.declarations.map((d) => d.key)] : null,
    [...new Set(analysis.references.map((reference) => reference.key))].sort(),
    analysis.references.length,
  ]);
}

// An analysis never changes once made: its fingerprint is computed once, when the index stores
// it in place of another (a note new to the index changes the tree anyway) or when the next edit
// replaces it, and read again after that. Only its hash is kept: the text took as much memory as
// the notes' text.
const topicsFingerprints = new WeakMap<DocumentAnalysis, string>();

function remembered(cache: WeakMap<DocumentAnalysis, string>, analysis: DocumentAnalysis | undefined, compute: (analysis: DocumentAnalysis) => string): string {
  if (!analysis) return '';
  let fingerprint = cache.get(analysis);
  if (fingerprint === undefined) cache.set(analysis, (fingerprint = hashText(compute(analysis))));
  return fingerprint;
}
