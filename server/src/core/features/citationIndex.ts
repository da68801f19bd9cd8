/**
 * The search and citation keys behind completion, workspace symbols and "Search papers": the
 * catalog's papers and those the notes describe or cite, each described across all its keys.
 *
 * Building it over a large catalog takes seconds, so it is built once and then kept up to date:
 * the papers a change concerns (the index logs the keys it changed, the arXiv source the IDs
 * whose answers arrived) are described again, and those that came out different go to an
 * overlay, a small `PaperSearch` searched beside the base one, which withholds their old
 * versions. When the overlay has grown past a share of the base, the base is built again.
 * Citation keys once given stay with their papers (a paper's own key wins when it is free, see
 * `CitationKeyBook`); papers that join get keys no other has.
 */
import type { CatalogPaper } from '../catalog';
import type { CatalogIndex } from '../catalogIndex';
import { CitationKeyBook } from '../citationKeys';
import { sameList } from '../lists';
import { runToEnd } from '../slices';
import { bestKey } from '../paperId';
import { PaperSearch, type SearchHit, type SearchOptions, type SearchablePaper } from '../paperSearch';
import type { WorkspaceIndex } from '../workspaceIndex';
import { CandidateGroups, allCandidateKeys, isCandidateKey } from './citationCandidates';
import type { FeatureContext } from './context';
import { type PaperInfo, describePaper, ownCitekey } from './paperInfo';

export interface CitationIndex {
  readonly search: { search(query: string, options?: SearchOptions): SearchHit[] };
  /** The papers offered, by key. */
  readonly papers: { get(key: string): SearchablePaper | undefined };
  /** Each paper's citation key (unique), by paper key. */
  readonly citekeys: { get(key: string): string | undefined };
}

/** A paper as offered: what the search sees, and the key the user cites it by, if any. */
export type CitablePaper = SearchablePaper & { readonly citekey?: string };

/** The overlay is folded into a new base when it holds more papers than this, or than this share of the base. */
export const OVERLAY_LIMIT = { papers: 1_000, share: 0.01 };

/** A catalog paper as the search sees it: the first summary is the one searched. */
export function searchableFromCatalog(paper: CatalogPaper): SearchablePaper {
  return {
    key: paper.key,
    aliases: paper.aliases,
    title: paper.title,
    translatedTitle: paper.translatedTitle,
    authors: paper.authors,
    year: paper.year,
    summary: paper.summaries[0]?.text,
    importance: paper.importance,
  };
}

const cache = new WeakMap<WorkspaceIndex, IncrementalCitationIndex>();
/** A build in slices under way (`citationIndexInSlices`), by workspace. */
const building = new WeakMap<WorkspaceIndex, Generator<void, IncrementalCitationIndex>>();

/** Candidate keys described, or papers made, per slice of a build in slices: a few milliseconds. */
const KEYS_PER_SLICE = 50;

/** The citation index of the context's workspace, brought up to date with every change logged since it was last asked for. */
export function citationIndex(context: FeatureContext): CitationIndex {
  // A build in slices under way is finished now: the request cannot wait for the next slices.
  const started = building.get(context.index);
  if (started) {
    building.delete(context.index);
    cache.set(context.index, runToEnd(started));
  }
  const cached = cache.get(context.index);
  if (cached && cached.update(context)) return cached;
  const built = IncrementalCitationIndex.build(context, cached);
  cache.set(context.index, built);
  return built;
}

/**
 * Starts building the citation index a slice at a time, so the first completion in a large
 * workspace need not build it (seconds over 100k papers): each call of the returned function
 * does a slice of a few milliseconds and says whether more remain. A request that needs the
 * index meanwhile finishes the build; changes made meanwhile are applied like any other.
 */
export function citationIndexInSlices(context: FeatureContext): () => boolean {
  if (cache.has(context.index) || building.has(context.index)) return () => false;
  const steps = IncrementalCitationIndex.steps(context);
  building.set(context.index, steps);
  return () => {
    if (building.get(context.index) !== steps) return false;
    const step = steps.next();
    if (!step.done) return true;
    building.delete(context.index);
    cache.set(context.index, step.value);
    return false;
  };
}

export class IncrementalCitationIndex implements CitationIndex {
  private readonly records = new Map<string, CitablePaper>();
  private readonly groups = new CandidateGroups();
  private base!: PaperSearch;
  /** Papers added or changed since the base was built, by key; a key withheld from the base and absent here was removed. */
  private readonly overlay = new Map<string, CitablePaper>();
  private overlaySearch: PaperSearch | undefined;
  private overlayStale = false;
  /** Every paper that changed since the base was built: how large the overlay has grown. */
  private readonly renewed = new Set<string>();
  private keys!: CitationKeyBook;
  private changePosition = 0;
  /** The arXiv source whose generation this index has seen (generations of another say nothing). */
  private arxiv: FeatureContext['arxiv'];
  private metadataGeneration = 0;
  private limit = OVERLAY_LIMIT;

  private constructor(readonly catalog: CatalogIndex) {}

  /**
   * Everything from scratch. Citation keys given by `previous` (over the same catalog) are kept:
   * rebuilding because the overlay grew must not change a key the user was offered.
   */
  static build(context: FeatureContext, previous?: IncrementalCitationIndex, limit = OVERLAY_LIMIT): IncrementalCitationIndex {
    return runToEnd(IncrementalCitationIndex.steps(context, previous, limit));
  }

  /**
   * `build` a slice at a time. What the index says is read slice by slice, so it may change
   * between them: every change logged after the build began is applied by the first `update`.
   */
  static *steps(context: FeatureContext, previous?: IncrementalCitationIndex, limit = OVERLAY_LIMIT): Generator<void, IncrementalCitationIndex> {
    const built = new IncrementalCitationIndex(context.catalog());
    built.limit = limit;
    built.changePosition = context.index.candidateChanges.position;
    built.arxiv = context.arxiv;
    built.metadataGeneration = context.arxiv?.generation ?? 0;
    for (const paper of built.catalog.catalog.papers) built.records.set(paper.key, searchableFromCatalog(paper));
    const candidates = [...allCandidateKeys(context.index)];
    yield;
    const described = new Map<string, PaperInfo>();
    for (let start = 0; start < candidates.length; start += KEYS_PER_SLICE) {
      built.describe(context, candidates.slice(start, start + KEYS_PER_SLICE), true, described);
      yield;
    }
    const papers = [...built.groups.paperKeys()];
    for (let start = 0; start < papers.length; start += KEYS_PER_SLICE) {
      for (const paperKey of papers.slice(start, start + KEYS_PER_SLICE)) built.refresh(context, paperKey, described);
      yield;
    }
    const all = [...built.records.values()];
    built.base = new PaperSearch(all, { inSlices: true });
    while (built.base.buildSlice()) yield;
    if (previous && previous.catalog === built.catalog) {
      built.keys = previous.keys.copy();
      built.keys.update(all, [...previous.records.keys()].filter((key) => !built.records.has(key)));
    } else {
      built.keys = yield* CitationKeyBook.fromInSlices(all);
    }
    return built;
  }

  readonly search = {
    search: (query: string, options?: SearchOptions): SearchHit[] => {
      const overlay = this.currentOverlay();
      return overlay ? PaperSearch.searchAll([this.base, overlay], query, options) : this.base.search(query, options);
    },
  };

  readonly papers = { get: (key: string): SearchablePaper | undefined => this.records.get(key) };

  readonly citekeys = { get: (key: string): string | undefined => this.keys.get(key) };

  /** How many papers changed, were added or were removed since the base was built. */
  get overlaySize(): number {
    return this.renewed.size;
  }

  /**
   * Applies every change since the last call; false when this index cannot follow them (the
   * catalog changed, a log no longer reaches back, the overlay grew too large): build anew.
   */
  update(context: FeatureContext): boolean {
    if (context.catalog() !== this.catalog || context.arxiv !== this.arxiv) return false;
    const position = context.index.candidateChanges.position;
    const generation = context.arxiv?.generation ?? 0;
    if (position === this.changePosition && generation === this.metadataGeneration) return true;
    const changed = context.index.candidateChanges.since(this.changePosition);
    if (!changed) return false;
    if (generation !== this.metadataGeneration) {
      const ids = context.arxiv?.changedSince?.(this.metadataGeneration);
      if (!ids) return false;
      for (const id of ids) changed.push(`arxiv:${id}`);
    }
    this.changePosition = position;
    this.metadataGeneration = generation;
    this.apply(context, changed);
    return this.renewed.size <= Math.max(this.limit.papers, this.limit.share * this.base.size);
  }

  private apply(context: FeatureContext, changed: readonly string[]): void {
    if (changed.length === 0) return;
    const affected = this.groups.affectedBy(changed);
    const papers = new Set<string>();
    for (const candidate of affected) {
      const before = this.groups.remove(candidate);
      if (before !== undefined) papers.add(before);
    }
    const described = this.describe(context, affected);
    for (const info of described.values()) papers.add(info.key);
    const renewed: CitablePaper[] = [];
    const removed: string[] = [];
    for (const paperKey of papers) {
      const record = this.refresh(context, paperKey, described);
      if (record === false) continue;
      this.overlayStale = true;
      if (!this.renewed.has(paperKey)) {
        this.renewed.add(paperKey);
        this.base.withhold(paperKey);
      }
      if (record) {
        this.overlay.set(paperKey, record);
        renewed.push(record);
      } else {
        this.overlay.delete(paperKey);
        removed.push(paperKey);
      }
    }
    this.keys.update(renewed, removed);
  }

  /** Describes each key that is a candidate (all are, when `candidates`) into `described`, and groups it by the paper it describes to. */
  private describe(context: FeatureContext, keys: Iterable<string>, candidates = false, described = new Map<string, PaperInfo>()): Map<string, PaperInfo> {
    for (const key of keys) {
      if (!candidates && !isCandidateKey(context.index, key)) continue;
      // Describing every candidate (a build) keeps nothing for hovers; a few changed ones may.
      const info = describePaper(context, key, { keep: !candidates });
      described.set(key, info);
      this.groups.assign(key, info.key, info.keys);
    }
    return described;
  }

  /**
   * Makes the paper's record again from its group: undefined when it is gone, false when it came
   * out as it was. A paper is described from its own key when that is a candidate, else from its
   * best candidate key, so the same candidates always give the same record.
   */
  private refresh(context: FeatureContext, paperKey: string, described: ReadonlyMap<string, PaperInfo>): CitablePaper | undefined | false {
    const members = this.groups.membersOf(paperKey);
    const fromCatalog = this.catalog.paper(paperKey);
    const catalogRecord = fromCatalog?.key === paperKey ? searchableFromCatalog(fromCatalog) : undefined;
    let record: CitablePaper | undefined = catalogRecord;
    if (members.length > 0) {
      const from = members.includes(paperKey) ? paperKey : bestKey(members)!;
      record = paperRecord(described.get(from) ?? describePaper(context, from), members, catalogRecord);
    }
    const before = this.records.get(paperKey);
    if (sameRecord(before, record)) return false;
    if (record) this.records.set(paperKey, record);
    else this.records.delete(paperKey);
    return record;
  }

  private currentOverlay(): PaperSearch | undefined {
    if (this.overlayStale) {
      this.overlaySearch = this.overlay.size > 0 ? new PaperSearch([...this.overlay.values()]) : undefined;
      this.overlayStale = false;
    }
    return this.overlaySearch;
  }
}

/**
 * What the search offers for a paper the notes describe or cite: the catalog's record annotated
 * (the reader's own title first), or one made from the notes. A paper known only by a citation
 * key nobody describes is left out: there is nothing to show for it.
 */
function paperRecord(info: PaperInfo, members: readonly string[], catalogRecord: CitablePaper | undefined): CitablePaper | undefined {
  const noted = info.literatureNotes.length > 0 || info.annotations.length > 0 || info.bibliography.length > 0;
  const citekey = ownCitekey(info);
  const aliases = (known: readonly string[]) => [...new Set([...known, ...info.keys, ...members])].filter((key) => key !== info.key);
  if (catalogRecord) {
    return {
      ...catalogRecord,
      // The reader's own literature note names the paper as they want it.
      title: info.title ?? catalogRecord.title,
      aliases: aliases(catalogRecord.aliases),
      authors: catalogRecord.authors.length ? catalogRecord.authors : info.authors,
      year: catalogRecord.year ?? info.year,
      noted,
      citations: info.citations.references,
      citekey,
    };
  }
  if (info.paper.scheme === 'citekey' && !noted) return undefined;
  return {
    key: info.key,
    aliases: aliases([]),
    title: info.title,
    authors: info.authors,
    year: info.year,
    summary: info.annotations[0]?.entry.summary ?? info.abstract,
    noted,
    citations: info.citations.references,
    citekey,
  };
}

function sameRecord(a: CitablePaper | undefined, b: CitablePaper | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.key === b.key && a.title === b.title && a.translatedTitle === b.translatedTitle && a.year === b.year && a.summary === b.summary
    && a.importance === b.importance && a.noted === b.noted && a.citations === b.citations && a.citekey === b.citekey
    && sameList(a.aliases, b.aliases) && sameList(a.authors, b.authors);
}
