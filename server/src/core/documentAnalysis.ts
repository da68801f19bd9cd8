/**
 * Everything the index keeps about one note: its paper references, the papers it declares as
 * a literature note, and what could not be read. Built from text alone, so it is a pure
 * function of (uri, version, text) and the unit of incremental re-indexing.
 */
import { readFrontMatter } from './frontMatter';
import { LineIndex } from './lineIndex';
import { LiteratureNote, readLiteratureNote } from './literatureNote';
import { findNonProseSpans } from './markdownParser';
import { PaperReference, RecognitionProblem, findPaperReferences } from './recognize';
import { mergeSpans } from './textSpan';

export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly lines: LineIndex;
  /** Sorted by start, non-overlapping. */
  readonly references: readonly PaperReference[];
  readonly literatureNote?: LiteratureNote;
  readonly problems: readonly RecognitionProblem[];
}

export function analyseDocument(uri: string, version: number, text: string): DocumentAnalysis {
  const lines = LineIndex.of(text);
  const frontMatter = readFrontMatter(text);
  const nonProse = findNonProseSpans(text, lines, frontMatter?.span);
  // Front-matter values are declarations, read by the literature-note reader, not citations.
  const excluded = frontMatter ? mergeSpans([frontMatter.span, ...nonProse]) : nonProse;
  const { references, problems } = findPaperReferences(text, { excluded });
  return { uri, version, lines, references, literatureNote: readLiteratureNote(frontMatter), problems };
}

/** Every paper key the note mentions or declares. */
export function paperKeysOf(analysis: DocumentAnalysis): Set<string> {
  const keys = new Set<string>();
  for (const reference of analysis.references) keys.add(reference.key);
  for (const declaration of analysis.literatureNote?.declarations ?? []) keys.add(declaration.key);
  return keys;
}
