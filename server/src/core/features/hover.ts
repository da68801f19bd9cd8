/**
 * Hover on a paper reference: its identity, what the notes say about it so far, how often the
 * workspace cites it, and its canonical pages. Every piece of note text is escaped, and the
 * only links are ones built from the normalised identity or note URIs.
 */
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-types';
import { displayPaperId, type PaperId } from '../paperId';
import { paperLinks } from '../paperLinks';
import { escapeMarkdown, markdownLink } from '../markdownText';
import type { PaperOccurrence } from '../workspaceIndex';
import { displayNoteName, type FeatureContext, occurrenceAtPosition } from './context';

export function provideHover(context: FeatureContext, uri: string, position: Position): Hover | undefined {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return undefined;
  const { analysis, occurrence } = found;
  const contents: MarkupContent = { kind: 'markdown', value: hoverMarkdown(context, occurrence) };
  return { contents, range: analysis.lines.rangeOf(occurrence.start, occurrence.end) };
}

function hoverMarkdown(context: FeatureContext, occurrence: PaperOccurrence): string {
  const paper = occurrence.kind === 'reference' ? occurrence.reference.paper : occurrence.declaration.paper;
  const lines: string[] = [];

  lines.push(`**${escapeMarkdown(displayPaperId(paper))}** · ${schemeLabel(paper)}${occurrenceDetail(occurrence)}`);

  const notes = literatureNotesOf(context, occurrence.key);
  const described = notes.find((note) => note.title);
  if (described?.title) {
    lines.push('', `**${escapeMarkdown(described.title)}**`);
    const byline = [described.authors.join(', '), described.year].filter(Boolean).join(' · ');
    if (byline) lines.push('', escapeMarkdown(byline));
    if (described.tags.length) lines.push('', `Tags: ${described.tags.map(escapeMarkdown).join(', ')}`);
  }

  lines.push('', citationSummary(context, occurrence.key));
  if (notes.length > 0) {
    const folders = context.workspaceFolders();
    const links = notes.map((note) => markdownLink(displayNoteName(note.uri, folders), note.uri));
    lines.push('', `Literature note${notes.length > 1 ? 's' : ''}: ${links.join(' · ')}`);
  }

  const version = occurrence.kind === 'reference' ? occurrence.reference.version : undefined;
  const links = paperLinks(paper, version);
  if (links.length > 0) lines.push('', links.map((link) => markdownLink(link.label, link.url)).join(' · '));
  return lines.join('\n');
}

function schemeLabel(paper: PaperId): string {
  switch (paper.scheme) {
    case 'arxiv': return 'arXiv preprint';
    case 'doi': return 'DOI';
    case 'openreview': return 'OpenReview';
    case 'citekey': return 'citation key (not yet linked to a paper: add a literature note with `citekey:` in its front matter)';
    case 'title': return 'paper without an identifier';
  }
}

function occurrenceDetail(occurrence: PaperOccurrence): string {
  if (occurrence.kind === 'declaration') return ' · declared by this literature note';
  const { version, category, bare } = occurrence.reference;
  const details: string[] = [];
  if (version) details.push(`v${version} here`);
  if (category) details.push(escapeMarkdown(category));
  if (bare) details.push('bare ID');
  return details.length ? ` · ${details.join(' · ')}` : '';
}

function citationSummary(context: FeatureContext, key: string): string {
  const citing = context.index.occurrences(key).filter((o) => o.kind === 'reference');
  const notes = new Set(citing.map((o) => o.uri)).size;
  const times = citing.length === 1 ? 'once' : `${citing.length} times`;
  return `Cited ${times} in ${notes} note${notes === 1 ? '' : 's'} of this workspace.`;
}

interface NoteSummary {
  readonly uri: string;
  readonly title?: string;
  readonly authors: readonly string[];
  readonly year?: string;
  readonly tags: readonly string[];
}

function literatureNotesOf(context: FeatureContext, key: string): NoteSummary[] {
  return context.index.literatureNotesOf(key).map((uri) => {
    const note = context.index.getDocument(uri)?.literatureNote;
    return { uri, title: note?.title, authors: note?.authors ?? [], year: note?.year, tags: note?.tags ?? [] };
  });
}
