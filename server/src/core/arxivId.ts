/**
 * arXiv identifiers: parsing, validation and the canonical external form.
 * The rules follow arXiv's own parser (see design/paper-identifiers.md), including its
 * habit of re-padding a number that has one digit too many or too few.
 */

export interface ArxivId {
  /** Normalised and unversioned: '2106.09685', '0706.1234', 'hep-th/9901001', 'math/0309136'. */
  readonly id: string;
  readonly version?: number;
  readonly style: 'new' | 'old';
}

export type ArxivIdParse =
  | {
    ok: true;
    value: ArxivId;
    /** Set when the input had to be repaired (e.g. re-padded '1501.0001'): the repaired text, version kept. */
    repaired?: string;
  }
  | { ok: false; reason: string };

/** Archives that issued old-style (pre-April 2007) identifiers. */
export const OLD_ARCHIVES: readonly string[] = [
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an', 'chao-dyn',
  'chem-ph', 'cmp-lg', 'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an', 'gr-qc', 'hep-ex',
  'hep-lat', 'hep-ph', 'hep-th', 'math', 'math-ph', 'mtrl-th', 'nlin', 'nucl-ex', 'nucl-th',
  'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'quant-ph', 'solv-int', 'supr-con',
];

const OLD_ARCHIVE_SET: ReadonlySet<string> = new Set(OLD_ARCHIVES);

const PREFIX = /^arxiv[ \t]?[:\uFF1A][ \t]?/i;
const PDF_SUFFIX = /\.pdf$/i;
const NEW_STYLE = /^(\d+)\.(\d+)(?:[vV](\d+))?$/;
const OLD_STYLE = /^([A-Za-z-]+)(?:\.([A-Za-z][A-Za-z-]*))?\/(\d+)(?:[vV](\d+))?$/;

/** The first new-style month (April 2007) and the first month with 5-digit numbers (January 2015). */
const NEW_SCHEME_START = 704;
const FIVE_DIGIT_START = 1501;

export function parseArxivId(text: string): ArxivIdParse {
  const bare = text.trim().replace(PREFIX, '').replace(PDF_SUFFIX, '');
  const newStyle = NEW_STYLE.exec(bare);
  if (newStyle) return parseNewStyle(newStyle[1], newStyle[2], newStyle[3]);
  const oldStyle = OLD_STYLE.exec(bare);
  if (oldStyle) return parseOldStyle(oldStyle[1], oldStyle[3], oldStyle[4]);
  return invalid('not an arXiv identifier');
}

/** 'arXiv:2106.09685v2'; the version is included when present unless `withVersion` is false. */
export function formatArxivId(id: ArxivId, withVersion = true): string {
  return `arXiv:${id.id}${withVersion && id.version !== undefined ? `v${id.version}` : ''}`;
}

function parseNewStyle(yymm: string, digits: string, versionText: string | undefined): ArxivIdParse {
  if (yymm.length !== 4) return invalid('new-style IDs have 4 digits (YYMM) before the dot');
  const monthProblem = checkMonth(yymm.slice(2));
  if (monthProblem) return invalid(monthProblem);
  const yearMonth = Number(yymm);
  if (yearMonth < NEW_SCHEME_START) return invalid('arXiv new-style IDs start in April 2007 (0704)');
  const width = yearMonth < FIVE_DIGIT_START ? 4 : 5;
  // arXiv accepts 4 or 5 digits in either era and re-pads the number to the era's width.
  if (digits.length !== 4 && digits.length !== 5) return invalid(digitRule(yearMonth));
  const number = Number(digits);
  if (number === 0) return invalid('paper numbers start at 1');
  if (number >= 10 ** width) return invalid(digitRule(yearMonth));
  const version = parseVersion(versionText);
  if (typeof version === 'string') return invalid(version);
  const padded = String(number).padStart(width, '0');
  const value: ArxivId = { id: `${yymm}.${padded}`, style: 'new', ...(version !== undefined ? { version } : {}) };
  return valid(value, padded !== digits);
}

function parseOldStyle(archive: string, digits: string, versionText: string | undefined): ArxivIdParse {
  if (!OLD_ARCHIVE_SET.has(archive)) return invalid(`'${archive}' is not an arXiv archive with old-style IDs`);
  if (digits.length !== 7) return invalid('old-style IDs have 7 digits (YYMMNNN) after the slash');
  const monthProblem = checkMonth(digits.slice(2, 4));
  if (monthProblem) return invalid(monthProblem);
  if (!isOldSchemeMonth(Number(digits.slice(0, 2)), Number(digits.slice(2, 4)))) {
    return invalid('old-style IDs run from August 1991 (9108) to March 2007 (0703)');
  }
  if (Number(digits.slice(4)) === 0) return invalid('paper numbers start at 1');
  const version = parseVersion(versionText);
  if (typeof version === 'string') return invalid(version);
  // The subject class ('math.GT/...') is not part of the identity; arXiv drops it too.
  const value: ArxivId = { id: `${archive}/${digits}`, style: 'old', ...(version !== undefined ? { version } : {}) };
  return valid(value, false);
}

function isOldSchemeMonth(year: number, month: number): boolean {
  const fullYear = year >= 91 ? 1900 + year : 2000 + year;
  const ordinal = fullYear * 12 + month;
  return ordinal >= 1991 * 12 + 8 && ordinal <= 2007 * 12 + 3;
}

function checkMonth(mm: string): string | undefined {
  const month = Number(mm);
  return month >= 1 && month <= 12 ? undefined : `month ${mm} does not exist`;
}

function digitRule(yymm: number): string {
  return yymm < FIVE_DIGIT_START
    ? 'IDs from 0704 to 1412 have 4 digits after the dot'
    : 'IDs from 1501 on have 5 digits after the dot';
}

/** The version number, or the reason it is not one. */
function parseVersion(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  if (/^0+$/.test(text)) return 'versions start at v1';
  if (text.startsWith('0')) return 'version numbers have no leading zeros';
  const version = Number(text);
  return Number.isSafeInteger(version) ? version : 'version number is too large';
}

function valid(value: ArxivId, wasRepaired: boolean): ArxivIdParse {
  if (!wasRepaired) return { ok: true, value };
  return { ok: true, value, repaired: value.id + (value.version !== undefined ? `v${value.version}` : '') };
}

function invalid(reason: string): ArxivIdParse {
  return { ok: false, reason };
}
