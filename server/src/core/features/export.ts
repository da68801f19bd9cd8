/**
 * Export: a paper's citation (BibTeX, CSL-JSON, formatted) and the bibliography of a note or of
 * the whole workspace, with the same unique keys completion inserts.
 */
import type { CitationTextFormat, ExportedBibliography } from '../../protocol';
import { type ExportPaper, toBibtex, toCslJson, toFormattedCitation } from '../bibliographyExport';
import { citationIndex } from './citationIndex';
import type { FeatureContext } from './context';
import { type PaperInfo, describePaper, ownCitekey } from './paperInfo';

export function exportPaper(context: FeatureContext, key: string): ExportPaper | undefined {
  return exportPaperOf(context, describePaper(context, key));
}

function exportPaperOf(context: FeatureContext, info: PaperInfo): ExportPaper | undefined {
  if (info.paper.scheme === 'citekey' && !info.title) return undefined;
  const index = citationIndex(context);
  const citekey = ownCitekey(info) ?? index.citekeys.get(info.key) ?? info.key.replace(/[^\w:-]+/g, '-');
  const category =
    context.index.firstReference(info.keys, (reference) => reference.category !== undefined)?.reference.category ??
    info.metadata?.primaryCategory;
  return { paper: info.paper, citekey, title: info.title, authors: info.authors, year: info.year, category };
}

export function provideCitationText(context: FeatureContext, key: string, format: CitationTextFormat): string | undefined {
  const entry = exportPaper(context, key);
  if (!entry) return undefined;
  if (format === 'bibtex') return toBibtex(entry);
  if (format === 'csl-json') return `${JSON.stringify(toCslJson(entry), null, 2)}\n`;
  return toFormattedCitation(entry);
}

/** Every paper the note (or, without a URI, the workspace) cites, once each, sorted by key. */
export function provideBibliography(context: FeatureContext, uri: string | undefined, format: 'bibtex' | 'csl-json'): ExportedBibliography {
  const uris = uri ? [uri] : context.index.uris();
  const cited = new Set<string>();
  for (const noteUri of uris) for (const reference of context.index.getDocument(noteUri)?.references ?? []) cited.add(reference.key);
  const entries = new Map<string, ExportPaper>();
  const unresolved: string[] = [];
  for (const key of [...cited].sort()) {
    const info = describePaper(context, key);
    if (entries.has(info.key)) continue;
    const entry = exportPaperOf(context, info);
    if (entry) entries.set(info.key, entry);
    else unresolved.push(key.slice(key.indexOf(':') + 1));
  }
  const sorted = [...entries.values()].sort((a, b) => a.citekey.localeCompare(b.citekey));
  const text = format === 'bibtex' ? sorted.map(toBibtex).join('\n') : `${JSON.stringify(sorted.map(toCslJson), null, 2)}\n`;
  return { text, papers: sorted.length, unresolved };
}
