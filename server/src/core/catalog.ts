/**
 * The catalog compiler: seed documents in, a catalog of topics and papers out. Topics are the
 * seeds' headings; papers are their entries, merged across seeds by identity (an arXiv ID, a DOI,
 * or a title when a paper has no identifier), keeping every topic a paper appears under.
 * Pure: the build reads the files and writes the JSON; this only compiles and reports problems.
 */
import { type PaperEntry, extractPaperEntries } from './paperEntries';
import { type PaperId, isIdentifierKey as isIdentifier, keyRank as rank, parsePaperKey } from './paperId';

export interface CatalogSource {
  readonly file: string;
  /** 0-based line. */
  readonly line: number;
}

export interface CatalogTopic {
  /** Stable while the seed's headings stay: `<file>#<line>`. */
  readonly id: string;
  readonly title: string;
  readonly level: number;
  readonly parent?: string;
  readonly children: string[];
  /** Keys of the papers listed directly under this topic, in seed order. */
  readonly papers: string[];
  readonly source: CatalogSource;
}

export interface CatalogSeed {
  readonly file: string;
  readonly title: string;
  /** Top-level topics of the seed. */
  readonly topics: string[];
  /** Papers that sit under no heading. */
  readonly papers: string[];
}

export interface CatalogSummary {
  readonly text: string;
  readonly source: CatalogSource;
}

export interface CatalogPaper {
  readonly key: string;
  readonly paper: PaperId;
  /** Other keys of the same paper (identifiers in other seeds, its title key). */
  readonly aliases: string[];
  readonly title?: string;
  /** The title in the other script when seeds give both (a Chinese translation of an English title, or the reverse). */
  readonly translatedTitle?: string;
  readonly authors: string[];
  readonly year?: string;
  readonly date?: string;
  readonly importance?: number;
  readonly summaries: CatalogSummary[];
  readonly codeLinks: string[];
  readonly links: string[];
  /** Ids of every topic the paper appears under, across seeds. */
  readonly topics: string[];
  readonly sources: CatalogSource[];
}

export interface Catalog {
  readonly version: 1;
  readonly seeds: CatalogSeed[];
  readonly topics: CatalogTopic[];
  readonly papers: CatalogPaper[];
}

export interface CatalogProblem extends CatalogSource {
  readonly message: string;
}

export interface SeedDocument {
  readonly file: string;
  readonly text: string;
  /** The seed's name in the Topics view; by default its opening level-1 heading, else its file name. */
  readonly title?: string;
}

interface LocatedEntry {
  readonly entry: PaperEntry;
  readonly file: string;
  readonly topic?: string;
}

export function compileCatalog(seeds: readonly SeedDocument[]): { catalog: Catalog; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const topics = new Map<string, CatalogTopic>();
  const catalogSeeds: CatalogSeed[] = [];
  const located: LocatedEntry[] = [];

  for (const seed of seeds) {
    const extraction = extractPaperEntries(seed.text);
    for (const problem of extraction.problems) problems.push({ file: seed.file, line: problem.line, message: problem.message });
    const catalogSeed: CatalogSeed = { file: seed.file, title: seedTitle(seed, extraction.headings), topics: [], papers: [] };
    catalogSeeds.push(catalogSeed);

    // A heading that is itself a paper entry (and the headings inside its section, like
    // `#### 摘要`) is part of the paper, not a topic.
    const insideEntries = extraction.entries.filter((entry) => entry.shape === 'heading-section');
    const isPartOfEntry = (line: number) => insideEntries.some((entry) => line >= entry.line && line < entry.endLine);

    // Walk headings and entries in line order, keeping the stack of open topics.
    type Item = { line: number; heading?: (typeof extraction.headings)[number]; entry?: PaperEntry };
    const items: Item[] = [
      ...extraction.headings.filter((heading) => !isPartOfEntry(heading.line)).map((heading): Item => ({ line: heading.line, heading })),
      ...extraction.entries.map((entry): Item => ({ line: entry.line, entry })),
    ].sort((a, b) => a.line - b.line || (a.heading ? -1 : 1));
    const stack: CatalogTopic[] = [];
    for (const item of items) {
      if (item.heading) {
        while (stack.length && stack[stack.length - 1].level >= item.heading.level) stack.pop();
        const parent = stack[stack.length - 1];
        const topic: CatalogTopic = {
          id: `${seed.file}#${item.heading.line}`,
          title: item.heading.text,
          level: item.heading.level,
          parent: parent?.id,
          children: [],
          papers: [],
          source: { file: seed.file, line: item.heading.line },
        };
        topics.set(topic.id, topic);
        (parent ? parent.children : catalogSeed.topics).push(topic.id);
        stack.push(topic);
      } else if (item.entry) {
        located.push({ entry: item.entry, file: seed.file, topic: stack[stack.length - 1]?.id });
      }
    }
  }

  const papers = mergeEntries(located, problems);
  const keyOf = new Map<LocatedEntry, string>();
  for (const paper of papers) for (const member of paper.members) keyOf.set(member, paper.key);
  // Topics list their papers in seed order. A paper only mentioned in another row's
  // introduction belongs to the topic (its hover says so) but is not one of the topic's rows.
  for (const member of located) {
    if (member.entry.mentionedBy) continue;
    const list = member.topic ? topics.get(member.topic)!.papers : catalogSeeds.find((seed) => seed.file === member.file)!.papers;
    const key = keyOf.get(member)!;
    if (!list.includes(key)) list.push(key);
  }
  const catalogPapers = papers.map(({ members: _members, ...paper }) => paper);
  return { catalog: { version: 1, seeds: catalogSeeds, topics: [...topics.values()], papers: catalogPapers }, problems };
}

function seedTitle(seed: SeedDocument, headings: readonly { level: number; text: string; line: number }[]): string {
  if (seed.title) return seed.title;
  // Only a level-1 heading before any other heading names the document; a first `## 课程` does not.
  const first = headings[0];
  return first?.level === 1 ? first.text : seed.file.replace(/\.md$/, '');
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Groups entries that name the same paper. The identifiers one entry gives (an arXiv ID and a
 * DOI) are joined outright; a title joins groups only when at most one of them has an
 * identifier, because two arXiv IDs that share a title are two papers.
 */
function mergeEntries(entries: readonly LocatedEntry[], problems: CatalogProblem[]): Array<CatalogPaper & { members: LocatedEntry[] }> {
  const groups = new KeyGroups();
  for (const { entry } of entries) {
    for (const key of [entry.key, ...entry.aliases]) groups.add(key);
    const strong = [entry.key, ...entry.aliases].filter(isIdentifier);
    for (const key of strong.slice(1)) groups.union(strong[0], key);
  }
  for (const { entry, file } of entries) {
    for (const key of [entry.key, ...entry.aliases].filter((key) => !isIdentifier(key))) {
      const clash = groups.union(entry.key, key);
      if (clash) problems.push({ file, line: entry.line, message: `'${entry.title ?? key}' is the title of both ${clash[0]} and ${clash[1]}; they are kept apart.` });
    }
  }
  const members = new Map<string, LocatedEntry[]>();
  for (const located of entries) {
    const root = groups.find(located.entry.key);
    members.set(root, [...(members.get(root) ?? []), located]);
  }
  return [...members.entries()].map(([root, group]) => ({ ...paperOf(groups.keysOf(root), group), members: group }));
}

/** Union-find over paper keys that remembers the identifiers in each group. */
class KeyGroups {
  private readonly parent = new Map<string, string>();
  private readonly identifiers = new Map<string, Set<string>>();
  private readonly members = new Map<string, Set<string>>();

  add(key: string): void {
    if (this.parent.has(key)) return;
    this.parent.set(key, key);
    this.identifiers.set(key, new Set(isIdentifier(key) ? [key] : []));
    this.members.set(key, new Set([key]));
  }

  find(key: string): string {
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(key, root);
    return root;
  }

  keysOf(root: string): Set<string> {
    return this.members.get(root)!;
  }

  /** Joins two groups; returns the two clashing identifiers instead when both groups have one. */
  union(a: string, b: string, force = isIdentifier(a) && isIdentifier(b)): [string, string] | undefined {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return undefined;
    const idsA = this.identifiers.get(rootA)!;
    const idsB = this.identifiers.get(rootB)!;
    if (!force && idsA.size && idsB.size) return [[...idsA][0], [...idsB][0]];
    this.parent.set(rootB, rootA);
    for (const id of idsB) idsA.add(id);
    for (const key of this.members.get(rootB)!) this.members.get(rootA)!.add(key);
    return undefined;
  }
}

function paperOf(keys: Set<string>, unordered: readonly LocatedEntry[]): CatalogPaper {
  // The paper's own rows first: sources[0] and topics[0] then point at where it is listed, not
  // at another paper's row that only mentions it.
  const members = [...unordered].sort((a, b) => Number(Boolean(a.entry.mentionedBy)) - Number(Boolean(b.entry.mentionedBy)));
  const ranked = [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const key = members.map((m) => m.entry.key).sort((a, b) => rank(a) - rank(b))[0] ?? ranked[0];
  const titles = unique(members.map((m) => m.entry.title).filter((title): title is string => Boolean(title)));
  const latin = titles.find((title) => !CJK.test(title));
  const chinese = titles.find((title) => CJK.test(title));
  const title = latin ?? chinese;
  const translatedTitle = latin && chinese ? chinese : undefined;
  const importance = Math.max(0, ...members.map((m) => m.entry.importance ?? 0));
  return {
    key,
    paper: parsePaperKey(key)!,
    aliases: ranked.filter((alias) => alias !== key),
    title,
    translatedTitle,
    authors: members.find((m) => m.entry.authors.length)?.entry.authors.slice() ?? [],
    year: members.find((m) => m.entry.year)?.entry.year,
    date: members.find((m) => m.entry.date)?.entry.date,
    importance: importance || undefined,
    summaries: members.flatMap((m) => (m.entry.summary ? [{ text: m.entry.summary, source: { file: m.file, line: m.entry.line } }] : [])),
    codeLinks: unique(members.flatMap((m) => m.entry.codeLinks)),
    links: unique(members.flatMap((m) => m.entry.links)),
    topics: unique(members.flatMap((m) => (m.topic ? [m.topic] : []))),
    sources: members.map((m) => ({ file: m.file, line: m.entry.line })),
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
