/**
 * Refactorings of the citation under the cursor: write it as a Markdown link with the title, as
 * `arXiv:ID`, or as a Pandoc key (whichever it is not already), and create a literature note for
 * its paper. A URL that is the target of a Markdown link is rewritten with its link text, so a
 * link is never nested inside another.
 */
import { CodeActionKind, type CodeAction, type Position, type Range } from 'vscode-languageserver-types';
import { citationIndex } from './citationIndex';
import { formatCitation, type CitationFormat, type CitationSettings } from './completion';
import type { Messages } from '../messages';
import { type FeatureContext, messagesOf, occurrenceAtPosition } from './context';
import { describePaper } from './paperInfo';

function labelOf(messages: Messages, format: Exclude<CitationFormat, 'template'>): string {
  switch (format) {
    case 'markdown': return messages.writeAsMarkdown;
    case 'arxiv': return messages.writeAsArxiv;
    case 'pandoc': return messages.writeAsPandoc;
  }
}

/** The client command that creates and opens a literature note for a paper key. */
export const CREATE_LITERATURE_NOTE_COMMAND = 'paperNotes.createLiteratureNoteForKey';

export function provideCitationActions(context: FeatureContext, uri: string, position: Position, line: string, settings: CitationSettings): CodeAction[] {
  const found = occurrenceAtPosition(context, uri, position);
  if (!found || found.occurrence.kind !== 'reference') return [];
  const { analysis, occurrence } = found;
  const info = describePaper(context, occurrence.key);
  const messages = messagesOf(context);
  const index = citationIndex(context);
  const searchable = index.papers.get(info.key);
  if (!searchable) return literatureNoteAction(messages, info.key, info.literatureNotes.length > 0);

  let range: Range = analysis.lines.rangeOf(occurrence.start, occurrence.end);
  let current = occurrence.reference.text;
  // `[Title](https://arxiv.org/…)`: the whole link is the citation.
  if (range.start.line === range.end.line && line.slice(range.end.character, range.end.character + 1) === ')' && line.slice(range.start.character - 2, range.start.character) === '](') {
    const open = line.lastIndexOf('[', range.start.character - 2);
    if (open >= 0) {
      range = { start: { line: range.start.line, character: open }, end: { line: range.end.line, character: range.end.character + 1 } };
      current = line.slice(open, range.end.character);
    }
  }
  const inBrackets = occurrence.reference.form === 'pandoc-citation';
  const citekey = index.citekeys.get(info.key) ?? info.key;
  const actions: CodeAction[] = [];
  for (const format of ['markdown', 'arxiv', 'pandoc'] as const) {
    let newText = formatCitation(searchable, citekey, { format, template: '' });
    if (format === 'pandoc' && !inBrackets) newText = `[${newText}]`;
    if (format === 'arxiv' && !info.key.startsWith('arxiv:')) continue;
    if (newText === current || (inBrackets && format === 'pandoc')) continue;
    actions.push({ title: labelOf(messages, format), kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: [{ range: inBrackets && format !== 'pandoc' ? bracketRange(line, range) : range, newText }] } } });
  }
  // The user's own template, when that is the chosen format, is offered first.
  if (settings.format === 'template') {
    const newText = formatCitation(searchable, citekey, settings);
    if (newText !== current) actions.unshift({ title: messages.writeInTemplate, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: [{ range: inBrackets ? bracketRange(line, range) : range, newText }] } } });
  }
  return [...actions, ...literatureNoteAction(messages, info.key, info.literatureNotes.length > 0)];
}

/** `[@key]` alone in its brackets is replaced whole; a key among others only by itself. */
function bracketRange(line: string, range: Range): Range {
  const before = line.slice(0, range.start.character);
  const after = line.slice(range.end.character);
  if (/\[-?$/.test(before) && after.startsWith(']')) {
    const start = before.lastIndexOf('[');
    return { start: { line: range.start.line, character: start }, end: { line: range.end.line, character: range.end.character + 1 } };
  }
  return range;
}

function literatureNoteAction(messages: Messages, key: string, exists: boolean): CodeAction[] {
  if (exists) return [];
  return [{ title: messages.createLiteratureNoteAction, kind: CodeActionKind.Refactor, command: { title: messages.createLiteratureNoteCommand, command: CREATE_LITERATURE_NOTE_COMMAND, arguments: [key] } }];
}
