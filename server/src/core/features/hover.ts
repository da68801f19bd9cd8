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
import type { Messages } from '../messages';
import { displayNoteName, type FeatureContext, messagesOf, occurrenceAtPosition } from './context';
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
  const value = paperCardMarkdown(context, occurrence.key, { written, version, detail: occurrenceDetail(messagesOf(context), occurrence), lookUp: true });
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
  const messages = messagesOf(context);
  const written = how.written ?? info.paper;
  const blocks: string[] = [];

  if (info.title) {
    const translated = info.catalog?.translatedTitle;
    blocks.push(`**${escapeMarkdown(info.title)}**${translated ? `  \n*${escapeMarkdown(translated)}*` : ''}`);
  }
  const byline = [info.authors.length ? messages.authors(info.authors) : '', info.year ?? '', stars(info.catalog?.importance)].filter(Boolean);
  if (byline.length) blocks.push(byline.map(escapeMarkdown).join(' · '));
  const linkedKey = written.scheme === 'citekey' && info.paper.scheme !== 'citekey' && info.paper.scheme !== 'title' ? messages.linkedKey(`\`${displayPaperId(info.paper).replace(/`/g, '')}\``) : '';
  const label = linkedKey || (written.scheme === 'citekey' && info.bibliography.length) ? messages.citationKey : messages.schemeLabel(written.scheme);
  blocks.push(`\`${displayPaperId(written).replace(/`/g, '')}\` · ${label}${linkedKey}${how.detail ?? ''}`);
  if (info.needsMetadata && how.lookUp) {
    const status = lookupStatus(context, info.arxivId!);
    if (status) blocks.push(status);
  }

  const topics = topicLines(context, info);
  if (topics.length) blocks.push(messages.topics(topics));

  const annotations = annotationLines(context, info);
  if (annotations.length) blocks.push([`**${messages.yourNotes}**`, ...annotations].join('\n'));

  const bibliography = bibliographyLine(context, info);
  if (bibliography) blocks.push(bibliography);

  const summary = info.catalog?.summaries[0]?.text;
  if (summary) blocks.push(escapeMarkdown(trimText(summary, SUMMARY_LENGTH)));
  else if (info.abstract) blocks.push(escapeMarkdown(trimText(info.abstract, ABSTRACT_LENGTH)));
  if (info.metadata && info.title === info.metadata.title) blocks.push(metadataLine(messages, info.metadata));

  blocks.push(citationSummary(messages, info.citations));
  const links = linkLine(context, info, written, how.version);
  if (links) blocks.push(links);
  return blocks.join('\n\n');
}

function firstCodeLink(info: PaperInfo): string | undefined {
  const safe = (urls: readonly string[]) => urls.find((url) => SAFE_URL.test(url));
  let code = safe(info.catalog?.codeLinks ?? []);
  for (const { entry } of info.annotations) code ??= safe(entry.codeLinks);
  return code;
}

function stars(importance: number | undefined): string {
  return importance ? '✡'.repeat(Math.min(importance, 5)) : '';
}

function topicLines(context: FeatureContext, info: PaperInfo): string[] {
  const catalog = context.catalog();
  const paths = (info.catalog?.topics ?? []).map((id) => catalog.topicPath(id).map(escapeMarkdown).join(' › '));
  const shown = paths.slice(0, MAX_TOPICS);
  if (paths.length > MAX_TOPICS) shown.push(messagesOf(context).moreTopics(paths.length - MAX_TOPICS));
  return shown;
}

function annotationLines(context: FeatureContext, info: PaperInfo): string[] {
  const folders = context.workspaceFolders();
  const messages = messagesOf(context);
  const literatureNotes = new Set(info.literatureNotes);
  const annotations = info.annotations.filter(({ uri }) => !literatureNotes.has(uri));
  const total = literatureNotes.size + annotations.length;
  // A popular paper has annotations in thousands of notes: only the shown ones are formatted.
  const shown = total <= MAX_ANNOTATIONS ? total : MAX_ANNOTATIONS;
  const lines = [
    ...info.literatureNotes.slice(0, shown).map((uri) => {
      const note = context.index.getDocument(uri)?.literatureNote;
      const label = `${displayNoteName(uri, folders)}`;
      return `- ${markdownLink(label, uri)}${note?.title ? messages.literatureNoteSuffix : ''}`;
    }),
    ...annotations.slice(0, Math.max(0, shown - literatureNotes.size)).map(({ uri, entry }) => {
      const excerpt = entry.summary ? ` ${escapeMarkdown(trimText(entry.summary, ANNOTATION_LENGTH))}` : '';
      return `- ${markdownLink(`${displayNoteName(uri, folders)}:${entry.line + 1}`, `${uri}#L${entry.line + 1}`)}${excerpt}`;
    }),
  ];
  return total <= MAX_ANNOTATIONS ? lines : [...lines, messages.moreNotes(total - MAX_ANNOTATIONS)];
}

function linkLine(context: FeatureContext, info: PaperInfo, written: PaperId, version: number | undefined): string {
  // Links of the paper as the reference names it (its version), else of its canonical identity.
  const pages = paperLinks(written, version).length ? paperLinks(written, version) : paperLinks(info.paper);
  const code = firstCodeLink(info);
  const seedSource = info.catalog?.sources[0];
  const seed = seedSource ? context.catalog().locationOf(seedSource) : undefined;
  const { linkLabel } = messagesOf(context);
  const links = [
    ...pages.map((link) => markdownLink(linkLabel(link.label), link.url)),
    ...(code ? [markdownLink(linkLabel('Code'), code)] : []),
    ...(seed ? [markdownLink(linkLabel('Seed entry'), `${seed.uri}#L${seed.line + 1}`)] : []),
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
  return messagesOf(context).bibliography(links, Math.max(0, info.bibliography.length - MAX_BIBLIOGRAPHY_LINKS));
}

/** What the online lookup of an arXiv paper nothing else describes is doing; asks for it when unknown. */
function lookupStatus(context: FeatureContext, id: string): string {
  const lookup = context.arxiv?.lookup(id, true);
  const messages = messagesOf(context);
  switch (lookup?.status) {
    case 'pending':
      return messages.lookupPending(id);
    case 'missing':
      return messages.lookupMissing(id, lookup.checkedAt.slice(0, 10).replace(/[^\d-]/g, ''));
    case 'offline':
      return messages.lookupOffline(escapeMarkdown(lookup.cause ? messages.offlineReason(lookup.cause) : lookup.reason));
    case 'failed':
      return messages.lookupFailed(escapeMarkdown(lookup.reason));
    default:
      return '';
  }
}

function metadataLine(messages: Messages, metadata: ArxivMetadata): string {
  const facts = [metadata.primaryCategory, metadata.journalRef].filter((fact): fact is string => Boolean(fact)).map(escapeMarkdown);
  return messages.fromArxivApi(facts.length ? ` · ${facts.join(' · ')}` : '');
}

function occurrenceDetail(messages: Messages, occurrence: PaperOccurrence): string {
  if (occurrence.kind === 'declaration') return ` · ${messages.declaredHere}`;
  const { version, category, bare } = occurrence.reference;
  const details: string[] = [];
  if (version) details.push(messages.versionHere(version));
  if (category) details.push(escapeMarkdown(category));
  if (bare) details.push(messages.bareId);
  return details.length ? ` · ${details.join(' · ')}` : '';
}

function citationSummary(messages: Messages, citations: PaperInfo['citations']): string {
  return messages.citedTimes(citations.references, citations.notes);
}
