/**
 * The bundled catalog on disk (dist/catalog.json, next to the server bundle) and the seed files it
 * points into (seeds/, shipped beside dist/). Read on first use, so start-up does not pay for it;
 * a missing or corrupt catalog is logged once and the server goes on without one.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import { CatalogIndex } from '../core/catalogIndex';
import type { Logger } from './logger';
import { pathToUri } from './noteFiles';

export function lazyCatalog(catalogPath: string, seedsFolder: string, logger: Logger): () => CatalogIndex {
  let loaded: CatalogIndex | undefined;
  return () => {
    if (!loaded) loaded = loadCatalog(catalogPath, seedsFolder, logger);
    return loaded;
  };
}

function loadCatalog(catalogPath: string, seedsFolder: string, logger: Logger): CatalogIndex {
  try {
    const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as Catalog;
    if (catalog?.version !== 1 || !Array.isArray(catalog.papers) || !Array.isArray(catalog.topics) || !Array.isArray(catalog.seeds)) {
      throw new Error('not a catalog of version 1');
    }
    return new CatalogIndex(catalog, (file) => pathToUri(path.join(seedsFolder, file)));
  } catch (error) {
    logger.warnOnce('catalog', `The bundled paper catalog could not be read (${catalogPath}): ${(error as Error).message}. Hover and Topics show only your notes.`);
    return CatalogIndex.empty();
  }
}
