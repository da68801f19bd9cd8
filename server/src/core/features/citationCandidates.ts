/**
 * The papers the citation search offers beyond the catalog: every key a note declares, describes
 * or cites by identifier, and every bibliography entry, grouped by the paper each describes to
 * (`describePaper(key).key`). The groups are kept with what each key was described as, so a
 * change under any key a paper is known by finds the keys to describe again without a walk.
 */
import type { WorkspaceIndex } from '../workspaceIndex';

/** Every candidate key, by walking every note and bibliography: what a full build starts from. */
export function allCandidateKeys(index: WorkspaceIndex): Set<string> {
  const keys = new Set<string>();
  for (const uri of index.uris()) {
    const analysis = index.getDocument(uri)!;
    for (const declaration of analysis.literatureNote?.declarations ?? []) keys.add(declaration.key);
    for (const entry of analysis.entries) if (!entry.mentionedBy) keys.add(entry.key);
    for (const reference of analysis.references) if (reference.paper.scheme !== 'citekey') keys.add(reference.key);
  }
  // The user's bibliographies: every entry is a paper they cite, under the key they cite it by.
  for (const uri of index.bibliographyUris()) {
    for (const entry of index.getBibliography(uri)?.entries ?? []) keys.add(entry.paperKeys[0] ?? entry.key);
  }
  return keys;
}

/** Whether `allCandidateKeys` would hold this key, asked of the index's reverse indexes alone. */
export function isCandidateKey(index: WorkspaceIndex, key: string): boolean {
  if (index.literatureNotesOf(key).length > 0) return true;
  let described = false;
  index.forEachEntryOf(key, (entry) => {
    if (entry.key === key && !entry.mentionedBy) described = true;
  });
  if (described) return true;
  if (!key.startsWith('citekey:') && index.citationCount([key]).references > 0) return true;
  return index.bibliographyEntriesOf(key).some(({ entry }) => (entry.paperKeys[0] ?? entry.key) === key);
}

/** Candidate keys grouped by the paper they describe to, and the reverse: which candidates each key concerns. */
export class CandidateGroups {
  /** Candidate key → the key of the paper it describes to. */
  private readonly paperOf = new Map<string, string>();
  /** Paper key → its candidate keys. */
  private readonly members = new SetsByKey();
  /** Candidate key → every key its paper was known by when described. */
  private readonly knownAs = new Map<string, readonly string[]>();
  /** Key → the candidates whose paper was known by it (besides the candidate itself). */
  private readonly holders = new SetsByKey();

  /** Candidate keys a change under these keys may describe differently: the keys themselves and those whose papers they named. */
  affectedBy(changed: Iterable<string>): Set<string> {
    const affected = new Set<string>();
    for (const key of changed) {
      affected.add(key);
      this.holders.forEach(key, (holder) => affected.add(holder));
    }
    return affected;
  }

  /** Records that `candidate` describes to `paperKey`, known by `keys`. */
  assign(candidate: string, paperKey: string, keys: readonly string[]): void {
    this.remove(candidate);
    this.paperOf.set(candidate, paperKey);
    this.members.add(paperKey, candidate);
    this.knownAs.set(candidate, keys);
    for (const key of keys) if (key !== candidate) this.holders.add(key, candidate);
  }

  /** Forgets a key that is no longer a candidate; returns the paper it described to. */
  remove(candidate: string): string | undefined {
    const paperKey = this.paperOf.get(candidate);
    if (paperKey === undefined) return undefined;
    this.paperOf.delete(candidate);
    this.members.delete(paperKey, candidate);
    for (const key of this.knownAs.get(candidate) ?? []) if (key !== candidate) this.holders.delete(key, candidate);
    this.knownAs.delete(candidate);
    return paperKey;
  }

  /** The candidate keys describing to a paper, sorted. */
  membersOf(paperKey: string): string[] {
    const found: string[] = [];
    this.members.forEach(paperKey, (candidate) => found.push(candidate));
    return found.sort();
  }

  /** Every paper some candidate describes to. */
  paperKeys(): IterableIterator<string> {
    return this.members.keys();
  }
}

/**
 * Sets of strings by key, a lone member stored as itself: most keys have one, and a Set each
 * would cost a hundred bytes or more for tens of thousands of them.
 */
class SetsByKey {
  private readonly byKey = new Map<string, string | Set<string>>();

  add(key: string, value: string): void {
    const found = this.byKey.get(key);
    if (found === undefined) this.byKey.set(key, value);
    else if (typeof found === 'string') {
      if (found !== value) this.byKey.set(key, new Set([found, value]));
    } else found.add(value);
  }

  delete(key: string, value: string): void {
    const found = this.byKey.get(key);
    if (found === value) this.byKey.delete(key);
    else if (typeof found === 'object') {
      found.delete(value);
      if (found.size === 1) this.byKey.set(key, found.values().next().value!);
    }
  }

  forEach(key: string, visit: (value: string) => void): void {
    const found = this.byKey.get(key);
    if (found === undefined) return;
    if (typeof found === 'string') visit(found);
    else for (const value of [...found]) visit(value);
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }
}
