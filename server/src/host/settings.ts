/**
 * The server's settings, read from whatever the client sends (VS Code's `paperNotes` section,
 * or `initializationOptions` from another editor). Anything malformed falls back to the default.
 */
import { type CitationSettings, defaultCitationSettings } from '../core/features/completion';
import { type DiagnosticSettings, defaultDiagnosticSettings } from '../core/features/diagnostics';

export interface PaperNotesSettings {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Notes larger than this many bytes are skipped when read from disk. */
  readonly maxFileSize: number;
  readonly citation: CitationSettings;
  readonly diagnostics: DiagnosticSettings;
  /** Bibliography files (BibTeX, CSL-JSON) among the workspace's files; the note excludes apply to them too. */
  readonly bibliographyInclude: readonly string[];
  /** Bibliographies larger than this many bytes are skipped (reference managers export large files). */
  readonly bibliographyMaxFileSize: number;
  readonly online: OnlineSettings;
}

export interface OnlineSettings {
  /** Look up arXiv IDs nothing local describes on the arXiv API (never in an untrusted workspace). */
  readonly enabled: boolean;
  /** The arXiv API's query endpoint (a mirror, or a local server in tests); undefined when the setting is not an http(s) URL. */
  readonly apiBaseUrl: string | undefined;
  /** Where the metadata cache lives: the editor's global storage, or `.paper-notes/` in the workspace (a file a team can commit). */
  readonly cacheLocation: 'global' | 'workspace';
}

export const defaultOnlineSettings: OnlineSettings = Object.freeze({
  enabled: true,
  apiBaseUrl: 'https://export.arxiv.org/api/query',
  cacheLocation: 'global' as const,
});

export const defaultSettings: PaperNotesSettings = Object.freeze({
  include: ['**/*.md', '**/*.markdown'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/.vscode-test/**'],
  maxFileSize: 5 * 1024 * 1024,
  citation: defaultCitationSettings,
  diagnostics: defaultDiagnosticSettings,
  bibliographyInclude: ['**/*.bib', '**/*.bibtex', '**/*.biblatex', '**/*.csl.json', '**/*.csl-json', '**/references.json', '**/bibliography.json'],
  bibliographyMaxFileSize: 20 * 1024 * 1024,
  online: defaultOnlineSettings,
});

const FORMATS = ['markdown', 'arxiv', 'pandoc', 'template'] as const;

/**
 * Accepts `{ files: { include, exclude, maxSizeKB }, citation: { format, template }, diagnostics: { … },
 * bibliography: { include, maxSizeKB }, online: { enabled, apiBaseUrl, cacheLocation } }`, optionally
 * wrapped in `{ paperNotes: … }`.
 */
export function readSettings(raw: unknown): PaperNotesSettings {
  const section = isRecord(raw) && isRecord(raw.paperNotes) ? raw.paperNotes : raw;
  /** One group of settings (`files`, `online`, …); empty when absent or malformed. */
  const group = (name: string): Record<string, unknown> => (isRecord(section) && isRecord(section[name]) ? section[name] : {});
  const files = group('files');
  const citation = group('citation');
  const format = FORMATS.find((name) => name === citation.format) ?? defaultCitationSettings.format;
  const diagnostics = group('diagnostics');
  const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  const bibliography = group('bibliography');
  const online = group('online');
  return {
    diagnostics: {
      invalidIds: flag(diagnostics.invalidIds, defaultDiagnosticSettings.invalidIds),
      mixedVersions: flag(diagnostics.mixedVersions, defaultDiagnosticSettings.mixedVersions),
      unknownCitekeys: flag(diagnostics.unknownCitekeys, defaultDiagnosticSettings.unknownCitekeys),
      unknownArxivIds: flag(diagnostics.unknownArxivIds, defaultDiagnosticSettings.unknownArxivIds),
    },
    bibliographyInclude: stringList(bibliography.include) ?? defaultSettings.bibliographyInclude,
    bibliographyMaxFileSize:
      typeof bibliography.maxSizeKB === 'number' && bibliography.maxSizeKB > 0 ? Math.floor(bibliography.maxSizeKB * 1024) : defaultSettings.bibliographyMaxFileSize,
    online: {
      enabled: flag(online.enabled, defaultOnlineSettings.enabled),
      // A mistyped URL turns lookups off (with the reason in the hover) rather than silently
      // sending them to arXiv itself.
      apiBaseUrl: online.apiBaseUrl === undefined ? defaultOnlineSettings.apiBaseUrl : httpUrl(online.apiBaseUrl),
      cacheLocation: online.cacheLocation === 'workspace' || online.cacheLocation === 'global' ? online.cacheLocation : defaultOnlineSettings.cacheLocation,
    },
    citation: {
      format,
      template: typeof citation.template === 'string' && citation.template.trim() ? citation.template : defaultCitationSettings.template,
    },
    include: stringList(files.include) ?? defaultSettings.include,
    exclude: stringList(files.exclude) ?? defaultSettings.exclude,
    maxFileSize: typeof files.maxSizeKB === 'number' && files.maxSizeKB > 0 ? Math.floor(files.maxSizeKB * 1024) : defaultSettings.maxFileSize,
  };
}

/** An http(s) URL without query or fragment (the client adds its own query). */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  return strings.length === value.length ? strings : undefined;
}
