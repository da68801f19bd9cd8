/**
 * Hover on a paper reference: the paper as the catalog and the notes know it. Title (and its
 * translation), authors, year, importance, topics, the user's own annotations first, the seed's
 * summary, how often the workspace cites it, and its pages. Every piece of note or seed text is
 * escaped; links are built from the identity, note URIs, or validated http(s) code links.
 */
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-types';
import type { ArxivMetadata } from '../arxivFeed';
import { displayPaperId, type PaperId } from '../paperId';
import { paperLinks } from '../paperLinks';
import { escapeMarkdown, markdownLink, trimText } from '../markdownText';
import type { PaperOccurrence } from '../workspaceIndex';
import { displayNoteName, type FeatureContext, occurrenceAtPosition } from './context';
import { type PaperInfo, describePaper } from './paperInfo';

const MAX_ANNOTATIONS = 3;
const ANNOTATION_LENGTH = 160;
const SUMMARY_LENGTH = 200;
const ABSTRACT_LENGTH = 600;
const MAX_BIBLIOGRAPHY_LINKS = 2;
const MAX_TOPICS = 3;
const SAFE_URL = /^https?:\/\/[^\s()<>"'`\\]+$/i;

export function provideHover(context: FeatureContext, uri: string, position: Position): Hover | undefined {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found) return undefined;
  const { analysis, occurrence } = found;
  const written = occurrence.kind === 'reference' ? occurrence.reference.paper : occurrence.declaration.paper;
  const version = occurrence.kind === 'reference' ? occurrence.reference.version : undefined;
  const value = paperCardMarkdown(context, occurrence.key, { written, version, detail: occurrenceDetail(occurrence), lookUp: true });
  const contents: MarkupContent = { kind: 'markdown', value };
  return { contents, range: analysis.lines.rangeOf(occurrence.start, occurrence.end) };
}

/**
 * The card describing a paper, for a hover or a completion item's documentation. `written` is
 * the identity as the note writes it (a citation key, a versioned ID), when there is one.
 */
export function paperCardMarkdown(
  context: FeatureContext,
  key: string,
  /** `lookUp`: an arXiv paper nothing here describes is looked up online (a hover does; completion items do not). */
  how: { written?: PaperId; version?: number; detail?: string; lookUp?: boolean } = {},
): string {
  const info = describePaper(context, key);
  const written = how.written ?? info.paper;
  const blocks: string[] = [];

  if (info.title) {
    const translated = info.catalog?.translatedTitle;
    blocks.push(`**${escapeMarkdown(info.title)}**${translated ? `  \n*${escapeMarkdown(translated)}*` : ''}`);
  }
  const byline = [info.authors.length ? authorsLine(info.authors) : '', info.year ?? '', stars(info.catalog?.importance)].filter(Boolean);
  if (byline.length) blocks.push(byline.map(escapeMarkdown).join(' · '));
  const linkedKey = written.scheme === 'citekey' && info.paper.scheme !== 'citekey' && info.paper.scheme !== 'title' ? ` for \`${displayPaperId(info.paper).replace(/`/g, '')}\`` : '';
  const label = linkedKey || (written.scheme === 'citekey' && info.bibliography.length) ? 'citation key' : schemeLabel(written);
  blocks.push(`\`${displayPaperId(written).replace(/`/g, '')}\` · ${label}${linkedKey}${how.detail ?? ''}`);
  if (info.needsMetadata && how.lookUp) {
    const status = lookupStatus(context, info.keys.find((known) => known.startsWith('arxiv:'))!.slice('arxiv:'.length));
    if (status) blocks.push(status);
  }

  const topics = topicLines(context, info);
  if (topics.length) blocks.push(`Topics: ${topics.join('; ')}`);

  const annotations = annotationLines(context, info);
  if (annotations.length) blocks.push(['**Your notes**', ...annotations].join('\n'));

  const bibliography = bibliographyLine(context, info);
  if (bibliography) blocks.push(bibliography);

  const summary = info.catalog?.summaries[0]?.text;
  if (summary) blocks.push(escapeMarkdown(trimText(summary, SUMMARY_LENGTH)));
  else if (info.abstract) blocks.push(escapeMarkdown(trimText(info.abstract, ABSTRACT_LENGTH)));
  if (info.metadata && info.title === info.metadata.title) blocks.push(metadataLine(info.metadata));

  blocks.push(citationSummary(info.citations));
  const links = linkLine(context, info, written, how.version);
  if (links) blocks.push(links);
  return blocks.join('\n\n');
}

function authorsLine(authors: readonly string[]): string {
  return authors.length > 4 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', ');
}

function stars(importance: number | undefined): string {
  return importance ? '✡'.repeat(Math.min(importance, 5)) : '';
}

function topicLines(context: FeatureContext, info: PaperInfo): string[] {
  const catalog = context.catalog();
  const paths = (info.catalog?.topics ?? []).map((id) => catalog.topicPath(id).map(escapeMarkdown).join(' › '));
  const shown = paths.slice(0, MAX_TOPICS);
  if (paths.length > MAX_TOPICS) shown.push(`${paths.length - MAX_TOPICS} more`);
  return shown;
}

function annotationLines(context: FeatureContext, info: PaperInfo): string[] {
  const folders = context.workspaceFolders();
  const lines = [
    ...info.literatureNotes.map((uri) => {
      const note = context.index.getDocument(uri)?.literatureNote;
      const label = `${displayNoteName(uri, folders)}`;
      return `- ${markdownLink(label, uri)}${note?.title ? ` — literature note` : ''}`;
    }),
    ...info.annotations
      .filter(({ uri }) => !info.literatureNotes.includes(uri))
      .map(({ uri, entry }) => {
        const excerpt = entry.summary ? ` ${escapeMarkdown(trimText(entry.summary, ANNOTATION_LENGTH))}` : '';
        return `- ${markdownLink(`${displayNoteName(uri, folders)}:${entry.line + 1}`, `${uri}#L${entry.line + 1}`)}${excerpt}`;
      }),
  ];
  if (lines.length <= MAX_ANNOTATIONS) return lines;
  return [...lines.slice(0, MAX_ANNOTATIONS), `- and ${lines.length - MAX_ANNOTATIONS} more`];
}

function linkLine(context: FeatureContext, info: PaperInfo, written: PaperId, version: number | undefined): string {
  // Links of the paper as the reference names it (its version), else of its canonical identity.
  const pages = paperLinks(written, version).length ? paperLinks(written, version) : paperLinks(info.paper);
  const code = [...(info.catalog?.codeLinks ?? []), ...info.annotations.flatMap(({ entry }) => entry.codeLinks)].find((url) => SAFE_URL.test(url));
  const seedSource = info.catalog?.sources[0];
  const seed = seedSource ? context.catalog().locationOf(seedSource) : undefined;
  const links = [
    ...pages.map((link) => markdownLink(link.label, link.url)),
    ...(code ? [markdownLink('Code', code)] : []),
    ...(seed ? [markdownLink('Seed entry', `${seed.uri}#L${seed.line + 1}`)] : []),
  ];
  return links.join(' · ');
}

/** Where the user's bibliography files list the paper, as links to the entries. */
function bibliographyLine(context: FeatureContext, info: PaperInfo): string {
  if (info.bibliography.length === 0) return '';
  const folders = context.workspaceFolders();
  const links = info.bibliography.slice(0, MAX_BIBLIOGRAPHY_LINKS).map(({ uri, entry }) => {
    const line = (context.index.getBibliography(uri)?.lines.positionAt(entry.keyStart).line ?? 0) + 1;
    return `${markdownLink(`${displayNoteName(uri, folders)}:${line}`, `${uri}#L${line}`)} \`@${entry.citekey.replace(/`/g, '')}\``;
  });
  const more = info.bibliography.length > MAX_BIBLIOGRAPHY_LINKS ? ` and ${info.bibliography.length - MAX_BIBLIOGRAPHY_LINKS} more` : '';
  return `Bibliography: ${links.join(', ')}${more}`;
}

/** What the online lookup of an arXiv paper nothing else describes is doing; asks for it when unknown. */
function lookupStatus(context: FeatureContext, id: string): string {
  const lookup = context.arxiv?.lookup(id, true);
  switch (lookup?.status) {
    case 'pending':
      return `*Looking up \`arXiv:${id}\` on arXiv… hover again in a moment.*`;
    case 'missing':
      return `*arXiv has no paper \`${id}\` (checked ${lookup.checkedAt.slice(0, 10).replace(/[^\d-]/g, '')}).*`;
    case 'offline':
      return `*Not in the offline cache: ${escapeMarkdown(lookup.reason)}.*`;
    case 'failed':
      return `*arXiv could not be asked: ${escapeMarkdown(lookup.reason)}. It is asked again on a later hover.*`;
    default:
      return '';
  }
}

function metadataLine(metadata: ArxivMetadata): string {
  const facts = [metadata.primaryCategory, metadata.journalRef].filter((fact): fact is string => Boolean(fact)).map(escapeMarkdown);
  return `*From the arXiv API${facts.length ? ` · ${facts.join(' · ')}` : ''}*`;
}

function schemeLabel(paper: PaperId): string {
  switch (paper.scheme) {
    case 'arxiv': return 'arXiv preprint';
    case 'doi': return 'DOI';
    case 'openreview': return 'OpenReview';
    case 'citekey': return 'citation key (not yet linked to a paper: add it to a `.bib` file, or a literature note with `citekey:` in its front matter)';
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

function citationSummary(citations: readonly PaperOccurrence[]): string {
  const notes = new Set(citations.map((o) => o.uri)).size;
  const times = citations.length === 1 ? 'once' : `${citations.length} times`;
  return `Cited ${times} in ${notes} note${notes === 1 ? '' : 's'} of this workspace.`;
}
