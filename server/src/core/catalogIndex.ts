/**
 * The compiled catalog, indexed for lookups: a paper by any of its keys, a topic by id, a topic's
 * breadcrumb. Built once when the catalog is first needed.
 */
import type { Catalog, CatalogPaper, CatalogSeed, CatalogSource, CatalogTopic } from './catalog';

export class CatalogIndex {
  private readonly papersByKey = new Map<string, CatalogPaper>();
  private readonly topicsById = new Map<string, CatalogTopic>();
  private readonly seedsByFile = new Map<string, CatalogSeed>();

  /**
   * @param seedUri where a seed file can be opened (the seeds shipped with the extension), or
   * undefined when it cannot.
   */
  constructor(
    readonly catalog: Catalog,
    private readonly seedUri: (file: string) => string | undefined = () => undefined,
  ) {
    for (const paper of catalog.papers) {
      for (const key of [paper.key, ...paper.aliases]) if (!this.papersByKey.has(key)) this.papersByKey.set(key, paper);
    }
    for (const topic of catalog.topics) this.topicsById.set(topic.id, topic);
    for (const seed of catalog.seeds) this.seedsByFile.set(seed.file, seed);
  }

  static empty(): CatalogIndex {
    return new CatalogIndex({ version: 1, seeds: [], topics: [], papers: [] });
  }

  get seeds(): readonly CatalogSeed[] {
    return this.catalog.seeds;
  }

  paper(key: string): CatalogPaper | undefined {
    return this.papersByKey.get(key);
  }

  topic(id: string): CatalogTopic | undefined {
    return this.topicsById.get(id);
  }

  seed(file: string): CatalogSeed | undefined {
    return this.seedsByFile.get(file);
  }

  /** The seed's title, then each enclosing topic, outermost first. */
  topicPath(id: string): string[] {
    const path: string[] = [];
    for (let topic = this.topicsById.get(id); topic; topic = topic.parent ? this.topicsById.get(topic.parent) : undefined) path.unshift(topic.title);
    const file = this.topicsById.get(id)?.source.file;
    const seedTitle = file ? this.seedsByFile.get(file)?.title : undefined;
    // The heading that is the seed's title is not shown twice (the Topics view skips it too).
    if (seedTitle && seedTitle.startsWith(path[0] ?? '\u0000')) path.shift();
    if (seedTitle) path.unshift(seedTitle);
    return path;
  }

  /** Where a seed entry can be opened. */
  locationOf(source: CatalogSource): { uri: string; line: number } | undefined {
    const uri = this.seedUri(source.file);
    return uri ? { uri, line: source.line } : undefined;
  }
}
