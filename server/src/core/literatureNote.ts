/**
 * A literature note is a Markdown note whose front matter names the paper it is about
 * (`arxiv:`, `doi:`, `openreview:`, `citekey:`, `id:`, `url:`, or `paper:` with the title of a
 * paper that has no identifier). Those names are the
 * note's declarations: go to definition on a reference lands on them.
 */
import { parseArxivId } from './arxivId';
import { FrontMatter, FrontMatterValue, frontMatterField } from './frontMatter';
import { PaperId, paperKey, titleId } from './paperId';
import { findPaperReferences } from './recognize';
import type { TextSpan } from './textSpan';

export interface PaperDeclaration extends TextSpan {
  readonly text: string;
  readonly paper: PaperId;
  readonly key: string;
  /** The front-matter field it came from. */
  readonly field: string;
}

export interface LiteratureNote {
  readonly declarations: readonly PaperDeclaration[];
  readonly title?: string;
  readonly authors: readonly string[];
  readonly year?: string;
  readonly tags: readonly string[];
  /** Declared values that name no paper we can recognise (a typo in `arxiv:` is worth telling). */
  readonly problems: readonly LiteratureNoteProblem[];
}

/** A declared value that names no paper: its text and field, for diagnostics in any language. */
export interface LiteratureNoteProblem extends TextSpan {
  readonly message: string;
  readonly text: string;
  readonly field: string;
}

type Interpret = (value: FrontMatterValue) => PaperId | undefined;

const DOI = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
const OPENREVIEW_ID = /^(?:https?:\/\/openreview\.net\/(?:forum|pdf)\?(?:.*&)?id=)?([A-Za-z0-9_-]+)(?:&.*)?$/;
const CITEKEY = /^@?([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)$/u;

const fieldReaders: ReadonlyArray<{ readonly names: readonly string[]; readonly interpret: Interpret }> = [
  { names: ['arxiv', 'eprint'], interpret: (v) => arxivValue(v.text) },
  { names: ['doi'], interpret: (v) => doiValue(v.text) },
  { names: ['openreview'], interpret: (v) => openReviewValue(v.text) },
  { names: ['citekey', 'citation-key'], interpret: (v) => citeKeyValue(v.text) },
  // `id:` and `url:` may hold any form; only what the recognizer is sure of counts.
  { names: ['id', 'url'], interpret: (v) => recognisedValue(v.text) },
  // A paper known by no identifier is named by its title, explicitly: a note's own `title:`
  // alone does not make it a literature note.
  { names: ['paper'], interpret: (v) => titleId(v.text) },
];

export function readLiteratureNote(frontMatter: FrontMatter | undefined): LiteratureNote | undefined {
  if (!frontMatter) return undefined;
  const declarations: PaperDeclaration[] = [];
  const problems: LiteratureNoteProblem[] = [];
  for (const { names, interpret } of fieldReaders) {
    const field = frontMatterField(frontMatter, ...names);
    if (!field) continue;
    for (const value of field.values) {
      const paper = interpret(value);
      if (paper) {
        declarations.push({ start: value.start, end: value.end, text: value.text, paper, key: paperKey(paper), field: field.name });
      } else if (field.name.toLowerCase() !== 'id' && field.name.toLowerCase() !== 'url') {
        problems.push({ start: value.start, end: value.end, message: `'${value.text}' is not a valid ${field.name} identifier.`, text: value.text, field: field.name });
      }
    }
  }
  if (declarations.length === 0 && problems.length === 0) return undefined;
  return {
    declarations: declarations.sort((a, b) => a.start - b.start),
    title: firstText(frontMatter, 'title'),
    authors: allTexts(frontMatter, 'authors', 'author'),
    year: firstText(frontMatter, 'year', 'date'),
    tags: allTexts(frontMatter, 'tags', 'topics'),
    problems,
  };
}

function arxivValue(text: string): PaperId | undefined {
  const recognised = recognisedValue(text);
  if (recognised?.scheme === 'arxiv') return recognised;
  const parsed = parseArxivId(text);
  return parsed.ok ? { scheme: 'arxiv', id: parsed.value.id } : undefined;
}

function doiValue(text: string): PaperId | undefined {
  const recognised = recognisedValue(text);
  if (recognised && (recognised.scheme === 'doi' || recognised.scheme === 'arxiv')) return recognised;
  const match = DOI.exec(text.trim());
  return match ? { scheme: 'doi', id: match[1] } : undefined;
}

function openReviewValue(text: string): PaperId | undefined {
  const match = OPENREVIEW_ID.exec(text.trim());
  return match ? { scheme: 'openreview', id: match[1] } : undefined;
}

function citeKeyValue(text: string): PaperId | undefined {
  const match = CITEKEY.exec(text.trim());
  return match ? { scheme: 'citekey', id: match[1] } : undefined;
}

/** The paper a value names when the whole value is one recognised reference. */
function recognisedValue(text: string): PaperId | undefined {
  const trimmed = text.trim();
  const { references } = findPaperReferences(trimmed);
  const only = references.length === 1 ? references[0] : undefined;
  if (only && only.start === 0 && only.end === trimmed.length) return only.paper;
  // A bare new-style ID in a field that is about papers is not "bare prose": accept it.
  const parsed = parseArxivId(trimmed);
  return parsed.ok && !parsed.repaired ? { scheme: 'arxiv', id: parsed.value.id } : undefined;
}

function firstText(frontMatter: FrontMatter, ...names: string[]): string | undefined {
  return frontMatterField(frontMatter, ...names)?.values[0]?.text;
}

function allTexts(frontMatter: FrontMatter, ...names: string[]): string[] {
  const field = frontMatterField(frontMatter, ...names);
  if (!field) return [];
  if (field.values.length !== 1) return field.values.map((value) => value.text);
  // One string. BibTeX's `Hu, Edward J. and Shen, Yelong` keeps a comma inside every name;
  // otherwise `A, B and C` (or Chinese 、，) is a plain list.
  const text = field.values[0].text;
  const byAnd = text.split(/\s+and\s+|\s*[;；]\s*/).map((part) => part.trim()).filter(Boolean);
  if (byAnd.length > 1 && byAnd.every((name) => name.split(',').length === 2)) return byAnd;
  return text.split(/\s*(?:[,，、;；]|\band\b)\s*/).map((part) => part.trim()).filter(Boolean);
}
