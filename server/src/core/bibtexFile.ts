/**
 * BibTeX and BibLaTeX files read into entries with exact offsets. The only home of
 * @retorquere/bibtex-parser: it does the hard parts (nested braces, `@string` macros and `#`,
 * `@comment`, `%` comments, parenthesised entries, LaTeX to Unicode), and this module turns its
 * answer into plain values: offsets found by the raw text of each entry, markup removed, and
 * every malformed entry a problem instead of an exception.
 */
// @ts-expect-error TS1479: the package is an ES module, which the CommonJS output require()s.
// Node 20.19+ can require() an ES module, the tests point at its ES build
// (test/support/esmOnlyPackages.cjs), and esbuild bundles that build; TypeScript still objects.
import { parse, type Creator, type Entry, type Library, type Options } from '@retorquere/bibtex-parser';
import type { SpanProblem, TextSpan } from './textSpan';

export interface BibtexName {
  /** A name written as one unit (`{OpenAI}`), or one the parser could not split. */
  readonly literal?: string;
  readonly family?: string;
  readonly given?: string;
  /** `van`, `de la`. */
  readonly prefix?: string;
  /** `Jr.` */
  readonly suffix?: string;
}

export interface BibtexEntry extends TextSpan {
  /** Lower-case: `article`, `misc`, `inproceedings`. */
  readonly type: string;
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /**
   * Field values by lower-case name: macros expanded, LaTeX as Unicode, markup removed,
   * whitespace collapsed, lists (`publisher`, `keywords`) joined. A `\url`/`\href` keeps its
   * address. The first of repeated fields wins, as in BibTeX.
   */
  readonly fields: ReadonlyMap<string, string>;
  readonly authors: readonly BibtexName[];
  readonly editors: readonly BibtexName[];
}

export type BibtexProblem = SpanProblem;

export interface BibtexFile {
  /** In file order, duplicates included; entries that could not be read are problems instead. */
  readonly entries: readonly BibtexEntry[];
  readonly problems: readonly BibtexProblem[];
}

/** A binary file read as text would otherwise report one problem per stray `@`. */
const MAX_PROBLEMS = 100;

const OPTIONS: Options = {
  // Titles stay as written: no sentence-casing, whatever the entry's language.
  english: false,
  sentenceCase: false,
  // An unknown command is kept as written rather than lost (or thrown, the parser's default).
  unsupported: (_node, tex) => tex,
};

export function readBibtex(text: string): BibtexFile {
  const shortened = textForParser(text);
  const sink = new Sink();
  try {
    sink.collect(parse(shortened.text, OPTIONS), 0, shortened.text);
  } catch {
    // The parser throws on some LaTeX (a `\newcommand` without a name in an `@string`); one such
    // entry must not hide the others, so read the file again piece by piece.
    sink.reset();
    readInPieces(shortened.text, sink);
  }
  return sink.finish(shortened);
}

// ---------------------------------------------------------------------------------------
// The text the parser sees: line ends it reads right, values short enough to convert

/**
 * The parser's LaTeX conversion is quadratic in the number of words of a value (about 0.3 s for
 * 20,000 characters, minutes and then a stack overflow for a megabyte), so longer values are
 * left out before parsing. No real abstract comes near this; a pasted document in `annote` may.
 */
const VALUE_LIMIT = 20_000;

interface ParserText {
  /** The text given to the parser. */
  readonly text: string;
  /** Maps an offset in `text` back to the file. */
  readonly toOriginal: (offset: number) => number;
  readonly problems: readonly BibtexProblem[];
}

const ENTRY_OPENING = /@[ \t]*([A-Za-z]+)\s*([{(])/y;

function textForParser(file: string): ParserText {
  // The parser's LaTeX reader does not take `\r` for whitespace (`Hu and\r\nShen` is one name);
  // replacing each `\r` by a character of the same length keeps every offset.
  const text = file.includes('\r') ? file.replace(/\r\n?/g, (ending) => (ending.length === 2 ? ' \n' : '\n')) : file;
  const identity: ParserText = { text, toOriginal: (offset) => offset, problems: [] };
  if (text.length <= VALUE_LIMIT) return identity;
  const cuts = longValues(text);
  if (cuts.length === 0) return identity;
  const parts: string[] = [];
  const problems: BibtexProblem[] = [];
  // Where each cut lands in the shortened text, and how far everything after it moved.
  const moves: { at: number; by: number }[] = [];
  let from = 0;
  let removed = 0;
  for (const cut of cuts) {
    parts.push(text.slice(from, cut.start));
    from = cut.end;
    removed += cut.end - cut.start;
    moves.push({ at: cut.end - removed, by: removed });
    problems.push(tooLong(text, cut));
  }
  parts.push(text.slice(from));
  const toOriginal = (offset: number): number => {
    let by = 0;
    for (const move of moves) {
      if (move.at > offset) break;
      by = move.by;
    }
    return offset + by;
  };
  return { text: parts.join(''), toOriginal, problems };
}

interface Cut extends TextSpan {
  /** Where the entry holding the value starts. */
  readonly entryStart: number;
  /** Where the value (its opening delimiter) starts. */
  readonly valueStart: number;
  /** A list of names is cut after a name, not dropped: the first authors of a collaboration are worth having. */
  readonly namesKept?: number;
}

/** The contents of values longer than VALUE_LIMIT, scanning entries as the parser does. */
function longValues(text: string): Cut[] {
  const cuts: Cut[] = [];
  let at = text.indexOf('@');
  while (at >= 0) {
    ENTRY_OPENING.lastIndex = at;
    const opening = ENTRY_OPENING.exec(text);
    if (!opening) {
      at = text.indexOf('@', at + 1);
      continue;
    }
    const entryStart = at;
    const closer = opening[2] === '{' ? '}' : ')';
    at = ENTRY_OPENING.lastIndex;
    if (opening[1].toLowerCase() === 'comment') {
      // A comment's body is text, quotes and all.
      const end = opening[2] === '{' ? valueEnd(text, at - 1) : -1;
      at = text.indexOf('@', end < 0 ? at : end);
      continue;
    }
    while (at < text.length && text[at] !== closer) {
      const char = text[at];
      if (char === '{' || char === '"') {
        const end = valueEnd(text, at);
        // An unclosed value is the parser's to report, and it may hide entries that follow.
        if (end < 0) break;
        if (end - at - 2 > VALUE_LIMIT) cuts.push(cutOf(text, entryStart, at, end));
        at = end;
      } else if (char === '@' && isLineStart(text, at)) {
        break;
      } else if (char === '%') {
        const newline = text.indexOf('\n', at);
        at = newline < 0 ? text.length : newline;
      } else {
        at++;
      }
    }
    at = text.indexOf('@', at);
  }
  return cuts;
}

/** What to leave out of the long value `text[valueStart, valueEnd)`. */
function cutOf(text: string, entryStart: number, valueStart: number, valueEnd: number): Cut {
  const whole: Cut = { start: valueStart + 1, end: valueEnd - 1, entryStart, valueStart };
  if (!CREATOR_FIELDS.has(fieldNameBefore(text, entryStart, valueStart)?.toLowerCase() ?? '')) return whole;
  // The last ` and ` outside braces within the limit.
  let depth = 0;
  let lastAnd = -1;
  let names = 0;
  for (let at = valueStart + 1; at < valueStart + 1 + VALUE_LIMIT; at++) {
    const char = text[at];
    if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (depth === 0 && /\s/.test(char) && !/\s/.test(text[at - 1]) && /^\s+and\s/i.test(text.slice(at, at + 8))) {
      lastAnd = at;
      names++;
    }
  }
  return lastAnd < 0 ? whole : { ...whole, start: lastAnd, namesKept: names };
}

function fieldNameBefore(text: string, entryStart: number, valueStart: number): string | undefined {
  return /([^\s=,{}()"#%]+)\s*=\s*$/.exec(text.slice(Math.max(entryStart, valueStart - 200), valueStart))?.[1];
}

/** The offset after a `{…}` or `"…"` value starting at `from`; -1 if it runs into the next entry or the end. */
function valueEnd(text: string, from: number): number {
  const quoted = text[from] === '"';
  let depth = quoted ? 0 : 1;
  for (let at = from + 1; at < text.length; at++) {
    const char = text[at];
    if (char === '\\') at++;
    else if (char === '{') depth++;
    else if (char === '}') {
      depth--;
      if (!quoted && depth === 0) return at + 1;
    } else if (char === '"' && quoted && depth <= 0) return at + 1;
    else if (char === '@' && isLineStart(text, at)) return -1;
  }
  return -1;
}

function isLineStart(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  return before < 0 || text[before] === '\n' || text[before] === '\r';
}

function tooLong(text: string, cut: Cut): BibtexProblem {
  const name = fieldNameBefore(text, cut.entryStart, cut.valueStart);
  const nameStart = name ? text.lastIndexOf(name, cut.valueStart) : cut.valueStart;
  const key = KEY_OF_INPUT.exec(text.slice(cut.entryStart, Math.min(text.length, cut.entryStart + 500)))?.[2];
  const what = `${name ? `'${name}'` : 'A value'}${key ? ` of '${key}'` : ''}`;
  const length = cut.end - cut.valueStart - 1;
  const outcome = cut.namesKept ? `only its first ${cut.namesKept} names are read` : 'it is left out';
  return {
    start: nameStart,
    end: name ? nameStart + name.length : cut.valueStart + 1,
    message: `${what} is too long to read (${length} characters; at most ${VALUE_LIMIT}), so ${outcome}.`,
    severity: 'warning',
  };
}

// ---------------------------------------------------------------------------------------
// Reading piece by piece, when the whole file cannot be parsed at once

interface Chunk extends TextSpan {
  readonly isString: boolean;
}

/** Where entries start: an `@` first on its line (after indentation). */
const CHUNK_START = /^[ \t]*@/gm;
const STRING_DIRECTIVE = /^[ \t]*@[ \t]*string[ \t\r\n]*[{(]/i;

function chunksOf(text: string): Chunk[] {
  const starts: number[] = [];
  for (const match of text.matchAll(CHUNK_START)) starts.push(match.index);
  if (starts[0] !== 0) starts.unshift(0);
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const chunk = text.slice(start, end);
    // Only a chunk that is nothing but its `@string` can be repeated before every piece.
    return { start, end, isString: STRING_DIRECTIVE.test(chunk) && chunk.indexOf('@') === chunk.lastIndexOf('@') };
  });
}

/**
 * Parses the file in pieces split where entries start, halving any piece the parser throws on
 * until the entry responsible stands alone. `@string` definitions that parse are given to every
 * piece, so macros still expand; a bad one is reported once and left out.
 */
function readInPieces(text: string, sink: Sink): void {
  const chunks = chunksOf(text);
  const strings = usableStrings(text, chunks.filter((chunk) => chunk.isString), sink);
  const options: Options = strings ? { ...OPTIONS, strings } : OPTIONS;
  const read = (from: number, to: number): void => {
    const start = chunks[from].start;
    const piece = text.slice(start, chunks[to - 1].end);
    try {
      sink.collect(parse(piece, options), start, piece);
    } catch (error) {
      if (to - from > 1) {
        const middle = (from + to) >> 1;
        read(from, middle);
        read(middle, to);
      } else if (!chunks[from].isString) {
        // A bad `@string` was reported by usableStrings.
        sink.unreadable(start, piece, error);
      }
    }
  };
  read(0, chunks.length);
}

/** The source of every `@string` that parses, joined; the others are reported. */
function usableStrings(text: string, chunks: readonly Chunk[], sink: Sink): string {
  const source = (list: readonly Chunk[]) => list.map((chunk) => text.slice(chunk.start, chunk.end)).join('\n');
  if (parseError(source(chunks)) === undefined) return source(chunks);
  const good = chunks.filter((chunk) => {
    const error = parseError(text.slice(chunk.start, chunk.end));
    if (error !== undefined) sink.unreadable(chunk.start, text.slice(chunk.start, chunk.end), error);
    return error === undefined;
  });
  if (parseError(source(good)) === undefined) return source(good);
  // One macro is built from another that failed: use none rather than fail every piece.
  for (const chunk of good) sink.unreadable(chunk.start, text.slice(chunk.start, chunk.end), new Error('it uses a @string that could not be read'));
  return '';
}

/** What the parser throws on `source`, if it does. */
function parseError(source: string): unknown {
  try {
    parse(source, OPTIONS);
    return undefined;
  } catch (error) {
    return error ?? new Error('the parser failed on it');
  }
}

// ---------------------------------------------------------------------------------------
// Turning the parser's answer into entries and problems

class Sink {
  entries: BibtexEntry[] = [];
  private problems: BibtexProblem[] = [];

  reset(): void {
    this.entries = [];
    this.problems = [];
  }

  /** Adds what the parser read from `piece`, which starts at `offset` in the file. */
  collect(library: Library, offset: number, piece: string): void {
    // Each list is in file order, so a cursor per list finds the right one of identical texts.
    let entryCursor = 0;
    for (const entry of library.entries) {
      // A malformed entry is listed with no input (and reported in `errors`): skip it.
      if (!entry.input) continue;
      const at = piece.indexOf(entry.input, entryCursor);
      if (at < 0) continue;
      entryCursor = at + entry.input.length;
      this.entry(entry, offset + at);
    }
    let syntaxCursor = 0;
    let latexCursor = 0;
    for (const { error, input = '' } of library.errors) {
      // The parser's line numbers are not to be trusted; its `input` is the text it choked on.
      if (input && input.startsWith('@')) {
        // A syntax error names the text up to the next `@`; an entry whose LaTeX failed names
        // the whole entry and repeats it after the message.
        const latex = error.endsWith(`\n${input}`);
        const at = piece.indexOf(input, latex ? latexCursor : syntaxCursor);
        if (at < 0) continue;
        if (latex) latexCursor = at + input.length;
        else syntaxCursor = at + input.length;
        this.malformed(offset + at, input, latex ? error.slice(0, -input.length - 1) : error, latex);
      } else {
        this.warning(error, input, offset, piece);
      }
    }
  }

  /** A piece the parser threw on: its LaTeX, as the syntax errors are reported, not thrown. */
  unreadable(start: number, piece: string, error: unknown): void {
    this.malformed(start, piece, error instanceof Error ? error.message : String(error), true);
  }

  /** Entries and problems with offsets in the file, problems in order, repeats dropped, at most MAX_PROBLEMS. */
  finish(shortened: ParserText): BibtexFile {
    const at = shortened.toOriginal;
    const entries = this.entries.map((entry) => ({ ...entry, start: at(entry.start), end: at(entry.end), keyStart: at(entry.keyStart), keyEnd: at(entry.keyEnd) }));
    const mapped = this.problems.map((problem) => ({ ...problem, start: at(problem.start), end: at(problem.end) }));
    const seen = new Set<string>();
    const unique = [...mapped, ...shortened.problems]
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .filter((problem) => {
        const id = `${problem.start}:${problem.end}:${problem.message}`;
        return !seen.has(id) && seen.add(id);
      });
    if (unique.length <= MAX_PROBLEMS) return { entries, problems: unique };
    const last = unique[MAX_PROBLEMS - 1];
    const more: BibtexProblem = { start: last.start, end: last.end, message: `${unique.length - MAX_PROBLEMS} more problems in this file are not shown.`, severity: 'error' };
    return { entries, problems: [...unique.slice(0, MAX_PROBLEMS), more] };
  }

  private entry(entry: Entry, start: number): void {
    const end = start + entry.input.length;
    if (!entry.key) {
      this.problems.push({ start, end, message: `This @${entry.type} entry has no citation key.`, severity: 'error' });
      return;
    }
    const keyStart = start + keyOffset(entry.input, entry.key);
    const runOn = RUN_ON.exec(entry.input);
    if (runOn) {
      const at = start + runOn.index + runOn[0].indexOf('@');
      this.problems.push({ start: at, end: at + 1, message: `Entry '${entry.key}' seems to run on into the next entry: a closing brace is probably missing before this '@'.`, severity: 'warning' });
    }
    this.entries.push({
      type: entry.type.toLowerCase(),
      key: entry.key,
      start,
      end,
      keyStart,
      keyEnd: keyStart + entry.key.length,
      fields: fieldsOf(entry),
      authors: namesOf(entry.fields.author),
      editors: namesOf(entry.fields.editor),
    });
  }

  private malformed(start: number, input: string, error: string, latex = false): void {
    const end = start + input.trimEnd().length;
    const reason = latex ? `its LaTeX is not understood (${reasonOf(error)})` : reasonOf(error);
    this.problems.push({ start, end: Math.max(end, start + 1), message: `${whatIs(input)} could not be read: ${reason}.`, severity: 'error' });
  }

  /** Problems the parser found inside values; they name no entry, so find the text they name. */
  private warning(error: string, input: string, offset: number, piece: string): void {
    const unresolved = /^Unresolved @string reference "(.*)"$/.exec(error);
    if (unresolved) {
      const name = unresolved[1];
      const found = name
        ? new RegExp(`[=#]\\s*(${escapeRegExp(name)})(?![\\w.:+'&;/\\\\-])`, 'i').exec(piece)
        : /=\s*()[,})]/.exec(piece);
      // Not in this piece: it came from the `@string`s repeated before every piece.
      if (!found) return;
      const at = offset + found.index + found[0].length - found[1].length;
      const message = name ? `'${name}' is not a defined @string; it is read as the text '${name}'.` : 'A field has no value.';
      this.problems.push({ start: at, end: at + Math.max(name.length, 1), message, severity: 'warning' });
      return;
    }
    const at = input ? piece.indexOf(input) : -1;
    if (at < 0) return;
    this.problems.push({ start: offset + at, end: offset + at + input.length, message: `${reasonOf(error)}.`, severity: 'warning' });
  }
}

/** An entry that parsed but holds what looks like the start of the next one. */
const RUN_ON = /\n[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()"=#%]+[ \t]*,/;
const ENTRY_HEAD = /^@[ \t]*[^\s{(]+\s*[{(]\s*/;
const KEY_OF_INPUT = /^@[ \t]*([A-Za-z]+)\s*[{(]\s*([^\s,{}()"=#%]+)(?=\s*(?:,|$))/;
const STRING_NAME = /^@[ \t]*string\s*[{(]\s*([^\s,{}()"=#%]+)/i;
const DIRECTIVE = /^@[ \t]*(string|preamble|comment)\b/i;

/** How a problem names what it is about: `Entry 'key'`, `@string 'name'`, `This entry`. */
function whatIs(input: string): string {
  const name = STRING_NAME.exec(input)?.[1];
  if (name) return `@string '${name}'`;
  const directive = DIRECTIVE.exec(input)?.[1];
  if (directive) return `This @${directive.toLowerCase()}`;
  const key = KEY_OF_INPUT.exec(input)?.[2];
  if (key) return `Entry '${key}'`;
  return /^@[ \t]*[A-Za-z]/.test(input) ? 'This entry' : "This '@'";
}

/** Where the key starts in the entry's own text. */
function keyOffset(input: string, key: string): number {
  const head = ENTRY_HEAD.exec(input);
  if (head && input.startsWith(key, head[0].length)) return head[0].length;
  const at = input.indexOf(key);
  return at < 0 ? 0 : at;
}

/** The parser's message, without its (wrong) line numbers, said the way a writer of BibTeX thinks of it. */
function reasonOf(error: string): string {
  const message = error.split('\n')[0].replace(/\s*at line \d+, column \d+(?: in "[^"]*")?/, '').replace(/ @ \{.*\}$/, '').trim();
  const mismatch = /^Token mismatch, expected (.+?), found "(.*)"\.\.\.$/.exec(message);
  if (mismatch) {
    const found = `"${mismatch[2]}…"`;
    if (mismatch[1] === '"}"' || mismatch[1] === '")"') return `it is not closed: a ${mismatch[1]} is missing before ${found}`;
    if (mismatch[1].includes("'{' or '('")) return `'{' or '(' expected after the entry type, found ${found}`;
    return `${mismatch[1]} expected, found ${found}`;
  }
  if (message.startsWith('Unterminated brace-value')) return 'a { is never closed';
  if (message.startsWith('Unterminated quote-value')) return 'a quoted " value is never closed';
  if (message.startsWith('Unclosed math section')) return 'a $ math section is never closed';
  if (message.startsWith('Runaway key')) return 'the file ends inside it';
  const equals = /^(.*) = value expected, equals sign missing/.exec(message);
  if (equals) return `'${equals[1]}' is not followed by '=' and a value`;
  return message.replace(/\.$/, '') || 'the parser failed on it';
}

// ---------------------------------------------------------------------------------------
// Values

const CREATOR_FIELDS = new Set(['author', 'bookauthor', 'collaborator', 'commentator', 'director', 'editor', 'editora', 'editorb', 'editors', 'holder', 'scriptwriter', 'translator']);

function fieldsOf(entry: Entry): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries(entry.fields as Record<string, unknown>)) {
    // Repeated fields come back as `title+duplicate-1`; BibTeX keeps the first.
    if (name.includes('+duplicate-') || CREATOR_FIELDS.has(name)) continue;
    const joined = typeof value === 'string' ? value : Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(name === 'keywords' ? ', ' : ' and ') : undefined;
    if (joined === undefined) continue;
    const text = entry.mode[name] === 'verbatim' ? unescapeVerbatim(joined) : plainText(joined);
    if (text) fields.set(name, text);
  }
  return fields;
}

/** `url` and `doi` are read verbatim, so an escaped `\_` or `\%` keeps its backslash. */
function unescapeVerbatim(value: string): string {
  return value.replace(/\\([_%&#$~])/g, '$1').trim();
}

/** Tags the parser writes for LaTeX markup (`\emph` → `<i>`, case protection, small caps); blocks end words. */
const MARKUP = /<\/?(?:i|b|sup|sub|span|ncx?|sc|enquote)(?:\s[^<>]*)?>/g;
const BLOCK_MARKUP = /<\/?(?:p|br|li|ul|blockquote|h[1-6])(?:\s[^<>]*)?\/?>/g;
const LINK = /<a href="([^"]*)">(.*?)<\/a>/g;

function plainText(value: string): string {
  return value
    .replace(LINK, (_match, url: string, label: string) => (!label || label === url ? url : `${label} (${url})`))
    .replace(MARKUP, '')
    .replace(BLOCK_MARKUP, ' ')
    .replace(/\s+/g, ' ')
    // `na\"{\i}ve` is a dotless i with a combining diaeresis; composed, it is the ï it means.
    .replace(/\u0131(?=[\u0300-\u036f])/g, 'i')
    .replace(/\u0237(?=[\u0300-\u036f])/g, 'j')
    .normalize('NFC')
    .trim();
}

function namesOf(creators: readonly Creator[] | undefined): BibtexName[] {
  if (!Array.isArray(creators)) return [];
  const names: BibtexName[] = [];
  for (const creator of creators) {
    const name = nameOf(creator);
    if (name) names.push(name);
  }
  return names;
}

function nameOf(creator: Creator): BibtexName | undefined {
  const part = (value: string | undefined) => (value ? plainText(value) || undefined : undefined);
  const literal = part(creator.name);
  if (literal) return { literal };
  const family = part(creator.lastName);
  const given = part(creator.firstName);
  // `and others` is BibTeX for "et al.", not a person.
  if (!family || (family.toLowerCase() === 'others' && !given)) return undefined;
  const name: { -readonly [K in keyof BibtexName]: BibtexName[K] } = { family };
  if (given) name.given = given;
  const prefix = part(creator.prefix);
  if (prefix) name.prefix = prefix;
  const suffix = part(creator.suffix);
  if (suffix) name.suffix = suffix;
  return name;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
