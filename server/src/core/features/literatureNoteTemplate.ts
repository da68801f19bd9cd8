/**
 * A new literature note for a paper: front matter filled from what the catalog and the notes know
 * (identity, title, authors, year, topics as tags), a heading, the seed's summary as a quote,
 * and a place for the reader's own notes.
 */
import type { LiteratureNoteTemplate } from '../../protocol';
import type { PaperId } from '../paperId';
import { type FeatureContext, messagesOf } from './context';
import { describePaper } from './paperInfo';

const MAX_SLUG = 60;

export function provideLiteratureNoteTemplate(context: FeatureContext, key: string): LiteratureNoteTemplate | undefined {
  const info = describePaper(context, key);
  if (!info.catalog && !info.title && info.citations.references === 0 && info.literatureNotes.length === 0) return undefined;
  const catalog = context.catalog();
  const tags = [...new Set((info.catalog?.topics ?? []).map((id) => catalog.topic(id)?.title).filter((t): t is string => Boolean(t)))];
  const lines = ['---'];
  if (info.title) lines.push(`title: ${yamlString(info.title)}`);
  if (info.catalog?.translatedTitle) lines.push(`translated-title: ${yamlString(info.catalog.translatedTitle)}`);
  const declaration = declarationOf(info.paper) ?? (info.title ? `paper: ${yamlString(info.title)}` : undefined);
  if (declaration) lines.push(declaration);
  if (info.authors.length) lines.push('authors:', ...info.authors.map((author) => `  - ${yamlString(author)}`));
  if (info.year) lines.push(`year: ${yamlString(info.year)}`);
  if (tags.length) lines.push('tags:', ...tags.map((tag) => `  - ${yamlString(tag)}`));
  lines.push('---', '', `# ${info.title ?? displayTitle(info.paper)}`, '');
  const summary = info.catalog?.summaries[0]?.text;
  if (summary) lines.push(...summary.split(/\r?\n/).map((line) => `> ${line}`), '');
  lines.push(`## ${messagesOf(context).notesHeading}`, '', '');
  return { fileName: fileNameOf(info.paper, info.title), text: lines.join('\n') };
}

function declarationOf(paper: PaperId): string | undefined {
  switch (paper.scheme) {
    case 'arxiv': return `arxiv: ${yamlString(paper.id)}`;
    case 'doi': return `doi: ${yamlString(paper.id)}`;
    case 'openreview': return `openreview: ${yamlString(paper.id)}`;
    case 'citekey': return `citekey: ${yamlString(paper.id)}`;
    case 'title': return undefined;
  }
}

function displayTitle(paper: PaperId): string {
  return paper.scheme === 'title' ? paper.id : `${paper.scheme}:${paper.id}`;
}

/** JSON strings are valid YAML double-quoted scalars, so any title is safe in front matter. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** `2106.09685-lora-low-rank-adaptation.md`: no path separators, no characters Windows forbids. */
export function fileNameOf(paper: PaperId, title: string | undefined): string {
  const slug = (title ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  const id = paper.scheme === 'title' ? '' : paper.id.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${[id, slug].filter(Boolean).join('-') || 'paper'}.md`;
}
