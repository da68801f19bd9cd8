/**
 * Diagnostics of a note, each kind switchable in settings: arXiv IDs that cannot exist (with the
 * reason arXiv's own rules give) or are mis-padded (with the fix), literature-note identifiers
 * that name no paper, and, when asked for, one paper cited under different versions. At most
 * one diagnostic per reference, and none in code (references there are not recognised at all).
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { displayPaperId } from '../paperId';
import type { FeatureContext } from './context';

export interface DiagnosticSettings {
  readonly invalidIds: boolean;
  readonly mixedVersions: boolean;
}

export const defaultDiagnosticSettings: DiagnosticSettings = { invalidIds: true, mixedVersions: false };

/** Carried by a mis-padded ID's diagnostic, so its quick fix needs nothing else. */
export interface DiagnosticFix {
  readonly replacement: string;
}

export const DIAGNOSTIC_SOURCE = 'Paper Notes';

export function provideDiagnostics(context: FeatureContext, uri: string, settings: DiagnosticSettings): Diagnostic[] {
  const analysis = context.index.getDocument(uri);
  if (!analysis) return [];
  const diagnostics: Diagnostic[] = [];
  if (settings.invalidIds) {
    for (const problem of analysis.problems) {
      const fix: DiagnosticFix | undefined = problem.suggestion ? { replacement: problem.suggestion } : undefined;
      diagnostics.push({
        range: analysis.lines.rangeOf(problem.start, problem.end),
        severity: problem.code === 'arxiv-invalid' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        source: DIAGNOSTIC_SOURCE,
        code: problem.code,
        message: problem.message,
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
        message: `arXiv writes this ID as ${canonical}.`,
        data: fix,
      });
    }
    for (const problem of analysis.literatureNote?.problems ?? []) {
      diagnostics.push({ range: analysis.lines.rangeOf(problem.start, problem.end), severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'literature-note-id', message: problem.message });
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
        message: `${displayPaperId(reference.paper)} is cited in this note as ${[...versions].sort().join(', ')}.`,
      });
    }
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
