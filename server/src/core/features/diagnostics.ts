/**
 * Diagnostics of a note, each kind switchable in settings: arXiv IDs that cannot exist (with the
 * reason arXiv's own rules give) or are mis-padded (with the fix), literature-note identifiers
 * that name no paper, and, when asked for, one paper cited under different versions. At most
 * one diagnostic per reference, and none in code (references there are not recognised at all).
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { displayPaperId } from '../paperId';
import { type FeatureContext, messagesOf } from './context';

export interface DiagnosticSettings {
  readonly invalidIds: boolean;
  readonly mixedVersions: boolean;
  /** `[@key]` that no bibliography file or literature note defines (only once the workspace has a bibliography). */
  readonly unknownCitekeys: boolean;
  /** arXiv IDs the arXiv API said do not exist (from the metadata cache; never asked for here). */
  readonly unknownArxivIds: boolean;
}

export const defaultDiagnosticSettings: DiagnosticSettings = { invalidIds: true, mixedVersions: false, unknownCitekeys: true, unknownArxivIds: true };

/** Carried by a mis-padded ID's diagnostic, so its quick fix needs nothing else. */
export interface DiagnosticFix {
  readonly replacement: string;
}

export const DIAGNOSTIC_SOURCE = 'Paper Notes';

export function provideDiagnostics(context: FeatureContext, uri: string, settings: DiagnosticSettings): Diagnostic[] {
  const analysis = context.index.getDocument(uri);
  if (!analysis) return [];
  const diagnostics: Diagnostic[] = [];
  const messages = messagesOf(context);
  if (settings.invalidIds) {
    for (const problem of analysis.problems) {
      const fix: DiagnosticFix | undefined = problem.suggestion ? { replacement: problem.suggestion } : undefined;
      diagnostics.push({
        range: analysis.lines.rangeOf(problem.start, problem.end),
        severity: problem.code === 'arxiv-invalid' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        source: DIAGNOSTIC_SOURCE,
        code: problem.code,
        message: messages.recognitionProblem(problem),
        ...(fix ? { data: fix } : {}),
      });
    }
    // `ARXIV:2106.09685`, `arxiv:…`, `2104.12255V1`: the right paper with the wrong case. A hint
    // with arXiv's spelling (the separator, full-width or spaced, stays as written), fixed by the
    // same quick fix as a mis-padded ID.
    for (const reference of analysis.references) {
      if (reference.form !== 'arxiv-id' || reference.paper.scheme !== 'arxiv') continue;
      const canonical = reference.text.replace(/^arxiv(?=\s?[:：])/i, 'arXiv').replace(/V(\d+)$/, 'v$1');
      if (canonical === reference.text) continue;
      const fix: DiagnosticFix = { replacement: canonical };
      diagnostics.push({
        range: analysis.lines.rangeOf(reference.start, reference.end),
        severity: DiagnosticSeverity.Hint,
        source: DIAGNOSTIC_SOURCE,
        code: 'arxiv-miscased',
        message: messages.arxivMiscased(canonical),
        data: fix,
      });
    }
    for (const problem of analysis.literatureNote?.problems ?? []) {
      diagnostics.push({ range: analysis.lines.rangeOf(problem.start, problem.end), severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'literature-note-id', message: messages.literatureNoteProblem(problem) });
    }
  }
  // Without any bibliography file, keys resolve elsewhere (a reference manager's export the
  // workspace does not hold): telling the user every key is unknown would be noise. Nor can it
  // be said while files are still being read.
  if (settings.unknownCitekeys && context.index.bibliographiesWithEntries > 0 && (context.indexSettled?.() ?? true)) {
    for (const reference of analysis.references) {
      if (reference.paper.scheme !== 'citekey') continue;
      if (context.index.definesCitekey(reference.key)) continue;
      diagnostics.push({
        range: analysis.lines.rangeOf(reference.start, reference.end),
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        code: 'citekey-unknown',
        message: messages.citekeyUnknown(reference.paper.id),
      });
    }
  }
  if (settings.unknownArxivIds && context.arxiv) {
    for (const reference of analysis.references) {
      if (reference.paper.scheme !== 'arxiv') continue;
      const lookup = context.arxiv.lookup(reference.paper.id, false);
      if (lookup.status !== 'missing') continue;
      diagnostics.push({
        range: analysis.lines.rangeOf(reference.start, reference.end),
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        code: 'arxiv-not-found',
        message: messages.arxivNotFound(reference.paper.id, lookup.checkedAt.slice(0, 10)),
      });
    }
  }
  // At most one diagnostic per reference: a mixed version is not told where a spelling already is.
  const told = new Set(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}`));
  if (settings.mixedVersions) {
    const versionsByKey = new Map<string, Set<string>>();
    for (const reference of analysis.references) {
      if (reference.paper.scheme !== 'arxiv') continue;
      const versions = versionsByKey.get(reference.key) ?? new Set<string>();
      versions.add(reference.version ? `v${reference.version}` : 'latest');
      versionsByKey.set(reference.key, versions);
    }
    for (const reference of analysis.references) {
      const versions = versionsByKey.get(reference.key);
      const range = analysis.lines.rangeOf(reference.start, reference.end);
      if (!versions || versions.size < 2 || told.has(`${range.start.line}:${range.start.character}`)) continue;
      diagnostics.push({
        range,
        severity: DiagnosticSeverity.Information,
        source: DIAGNOSTIC_SOURCE,
        code: 'mixed-versions',
        message: messages.mixedVersions(displayPaperId(reference.paper), [...versions].sort()),
      });
    }
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The problems of a bibliography file: malformed entries (skipped), duplicate keys, JSON that is not CSL-JSON. */
export function provideBibliographyDiagnostics(context: FeatureContext, uri: string): Diagnostic[] {
  const bibliography = context.index.getBibliography(uri);
  if (!bibliography) return [];
  return bibliography.problems.map((problem) => ({
    range: bibliography.lines.rangeOf(problem.start, problem.end),
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: 'bibliography',
    message: problem.message,
  }));
}
