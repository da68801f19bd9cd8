/**
 * Document links: each reference opens its canonical page. A URL that already points at a
 * paper page (a PDF, say) opens as written; a citation key opens its literature note.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import { displayPaperId } from '../paperId';
import { canonicalUrl } from '../paperLinks';
import type { PaperReference } from '../recognize';
import { type FeatureContext, messagesOf } from './context';

export function provideDocumentLinks(context: FeatureContext, uri: string): DocumentLink[] {
  const analysis = context.index.getDocument(uri);
  if (!analysis) return [];
  const links: DocumentLink[] = [];
  const { openPaper } = messagesOf(context);
  for (const reference of analysis.references) {
    const target = linkTarget(context, reference);
    if (target) links.push({ range: analysis.lines.rangeOf(reference.start, reference.end), target, tooltip: openPaper(displayPaperId(reference.paper)) });
  }
  for (const declaration of analysis.literatureNote?.declarations ?? []) {
    const target = canonicalUrl(declaration.paper);
    if (target) links.push({ range: analysis.lines.rangeOf(declaration.start, declaration.end), target, tooltip: openPaper(displayPaperId(declaration.paper)) });
  }
  return links.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function linkTarget(context: FeatureContext, reference: PaperReference): string | undefined {
  if (reference.paper.scheme === 'citekey') {
    const notes = context.index.literatureNotesOf(reference.key);
    return notes.length === 1 ? notes[0] : undefined;
  }
  if (reference.form.endsWith('url') && /^https?:\/\/[^\s<>"]+$/i.test(reference.text)) return reference.text;
  return canonicalUrl(reference.paper);
}
