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
}

export const defaultSettings: PaperNotesSettings = Object.freeze({
  include: ['**/*.md', '**/*.markdown'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/.vscode-test/**'],
  maxFileSize: 5 * 1024 * 1024,
  citation: defaultCitationSettings,
  diagnostics: defaultDiagnosticSettings,
});

const FORMATS = ['markdown', 'arxiv', 'pandoc', 'template'] as const;

/** Accepts `{ files: { include, exclude, maxSizeKB }, citation: { format, template } }`, optionally wrapped in `{ paperNotes: … }`. */
export function readSettings(raw: unknown): PaperNotesSettings {
  const section = isRecord(raw) && isRecord(raw.paperNotes) ? raw.paperNotes : raw;
  const files = isRecord(section) && isRecord(section.files) ? section.files : {};
  const citation = isRecord(section) && isRecord(section.citation) ? section.citation : {};
  const format = FORMATS.find((name) => name === citation.format) ?? defaultCitationSettings.format;
  const diagnostics = isRecord(section) && isRecord(section.diagnostics) ? section.diagnostics : {};
  const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  return {
    diagnostics: {
      invalidIds: flag(diagnostics.invalidIds, defaultDiagnosticSettings.invalidIds),
      mixedVersions: flag(diagnostics.mixedVersions, defaultDiagnosticSettings.mixedVersions),
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  return strings.length === value.length ? strings : undefined;
}
