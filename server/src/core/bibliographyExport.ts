/**
 * Citations for papers written out for papers and reference managers: BibTeX in arXiv's own style
 * for preprints (`@misc` with `eprint`, `archivePrefix`, `primaryClass`, `url`), CSL-JSON (a
 * preprint is type `article` with `number` = the ID and `publisher` = arXiv), and a plain
 * formatted citation. Pure: the caller supplies what is known about each paper and its key.
 */
import type { PaperId } from './paperId';
import { canonicalUrl } from './paperLinks';

export interface ExportPaper {
  readonly paper: PaperId;
  /** The citation key (the literature note's, else the Better BibTeX-style one completion uses). */
  readonly citekey: string;
  readonly title?: string;
  readonly authors: readonly string[];
  readonly year?: string;
  /** The primary arXiv category when a note wrote it (`arXiv:0706.1234 [math.FA]`). */
  readonly category?: string;
}

/**
 * BibTeX's special characters escaped in one pass (so the braces of `\textbackslash{}` are not
 * escaped again), and the ligatures LaTeX would make of `--`, ``` `` ``` and `''` broken up, so a
 * title like `Q&A -- 100% of $x_1$ \ <n>` reads back as written.
 */
const LATEX_SPECIALS: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

function latex(text: string): string {
  return text
    .replace(/[\\~^<>&%$#_{}]/g, (c) => LATEX_SPECIALS[c] ?? `\\${c}`)
    .replace(/-(?=-)/g, '-{}')
    .replace(/([`'])(?=\1)/g, '$1{}');
}

/** A name holding ` and ` (an organisation) is braced, or BibTeX reads two people. */
function latexName(name: string): string {
  return /\sand\s/i.test(name) ? `{${latex(name)}}` : latex(name);
}

function field(name: string, value: string | undefined): string[] {
  return value ? [`  ${name} = {${value}}`] : [];
}

export function toBibtex(entry: ExportPaper): string {
  const { paper } = entry;
  const title = entry.title ? latex(entry.title) : undefined;
  const author = entry.authors.length ? entry.authors.map(latexName).join(' and ') : undefined;
  const year = /\d{4}/.exec(entry.year ?? '')?.[0];
  const type = paper.scheme === 'doi' ? 'article' : 'misc';
  const fields = [...field('title', title), ...field('author', author), ...field('year', year)];
  if (paper.scheme === 'arxiv') fields.push(...field('eprint', paper.id), '  archivePrefix = {arXiv}', ...field('primaryClass', entry.category));
  if (paper.scheme === 'doi') fields.push(...field('doi', paper.id));
  fields.push(...field('url', canonicalUrl(paper)));
  return `@${type}{${entry.citekey},\n${fields.join(',\n')}\n}\n`;
}

interface CslName {
  readonly family?: string;
  readonly given?: string;
  readonly literal?: string;
}

function cslName(author: string): CslName {
  if (author.includes(',')) {
    const [family, given] = author.split(',', 2).map((part) => part.trim());
    return given ? { family, given } : { family };
  }
  const parts = author.trim().split(/\s+/);
  // Names without spaces (Chinese names, organisations) stay whole.
  if (parts.length < 2) return { literal: author.trim() };
  // A CJK name written with a space (王 小明) is family name first.
  if (parts.every((part) => /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u.test(part))) {
    return { family: parts[0], given: parts.slice(1).join('') };
  }
  return { family: parts[parts.length - 1], given: parts.slice(0, -1).join(' ') };
}

export function toCslJson(entry: ExportPaper): Record<string, unknown> {
  const { paper } = entry;
  const year = /\d{4}/.exec(entry.year ?? '')?.[0];
  const item: Record<string, unknown> = { id: entry.citekey, type: paper.scheme === 'doi' ? 'article-journal' : 'article' };
  if (entry.title) item.title = entry.title;
  if (entry.authors.length) item.author = entry.authors.map(cslName);
  if (year) item.issued = { 'date-parts': [[Number(year)]] };
  if (paper.scheme === 'arxiv') {
    item.number = paper.id;
    item.publisher = 'arXiv';
    item.DOI = `10.48550/arXiv.${paper.id}`;
  } else if (paper.scheme === 'doi') {
    item.DOI = paper.id;
  }
  const url = canonicalUrl(paper);
  if (url) item.URL = url;
  return item;
}

/** `Hu, E. J., & Shen, Y. (2021). LoRA: Low-Rank Adaptation. arXiv:2106.09685.` */
export function toFormattedCitation(entry: ExportPaper): string {
  const names = entry.authors.map((author) => {
    const name = cslName(author);
    if (name.literal || !name.given) return name.literal ?? name.family ?? author;
    const initials = name.given.split(/[\s-]+/).filter(Boolean).map((part) => `${part[0]}.`).join(' ');
    return `${name.family}, ${initials}`;
  });
  const authors = names.length > 2 ? `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}` : names.join(' & ');
  const year = /\d{4}/.exec(entry.year ?? '')?.[0] ?? 'n.d.';
  const source = entry.paper.scheme === 'arxiv' ? `arXiv:${entry.paper.id}` : (canonicalUrl(entry.paper) ?? '');
  const title = (entry.title ?? entry.citekey).replace(/\.$/, '');
  return [authors ? `${authors} (${year}).` : `(${year}).`, `${title}.`, source ? `${source}.` : ''].filter(Boolean).join(' ');
}
