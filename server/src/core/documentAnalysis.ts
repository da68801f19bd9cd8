/**
 * Everything the index keeps about one note: its paper references, the papers it declares as
 * a literature note, and what could not be read. Built from text alone, so it is a pure
 * function of (uri, version, text) and the unit of incremental re-indexing.
 */
import { readFrontMatter } from './frontMatter';
import { LineIndex } from './lineIndex';
import { LiteratureNote, readLiteratureNote } from './literatureNote';
import { parseNote } from './markdownParser';
import { type PaperEntry, extractPaperEntries } from './paperEntries';
import { PaperReference, RecognitionProblem, findPaperReferences } from './recognize';
import { hashText } from './textHash';
import { mergeSpans } from './textSpan';

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
}

export function analyseDocument(uri: string, version: number, text: string): DocumentAnalysis {
  const lines = LineIndex.of(text);
  const frontMatter = readFrontMatter(text);
  const { document, nonProse } = parseNote(text, lines, frontMatter?.span);
  // Front-matter values are declarations, read by the literature-note reader, not citations.
  const excluded = frontMatter ? mergeSpans([frontMatter.span, ...nonProse]) : nonProse;
  const { references, problems } = findPaperReferences(text, { excluded });
  // Entry problems (broken shapes) are the seeds' concern, reported by the catalog build.
  const { entries } = extractPaperEntries(text, { frontMatter, document });
  return { uri, version, lines, references, literatureNote: readLiteratureNote(frontMatter), entries, problems };
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
// it, and read again (not rebuilt) when the next edit replaces it. Only its hash is kept: the
// text took as much memory as the notes' text.
const topicsFingerprints = new WeakMap<DocumentAnalysis, string>();

function remembered(cache: WeakMap<DocumentAnalysis, string>, analysis: DocumentAnalysis | undefined, compute: (analysis: DocumentAnalysis) => string): string {
  if (!analysis) return '';
  let fingerprint = cache.get(analysis);
  if (fingerprint === undefined) cache.set(analysis, (fingerprint = hashText(compute(analysis))));
  return fingerprint;
}
