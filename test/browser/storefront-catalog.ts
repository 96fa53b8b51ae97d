import { loadConfig } from '../../src/core/config';
import type { Knex } from 'knex';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { productInput } from '../../src/catalog/schemas';
import { upsertProduct } from '../../src/catalog/writes';
import { createLogger } from '../../src/core/logger';
import { createProgress } from '../../src/core/progress';
import { reindex } from '../../indexers/reindex/reindex';

/**
 * More cookware than one page of results holds (the storefront shows 24 a
 * page), added to the small search fixture catalogue and indexed by a full
 * reindex: enough to page through with "Load more".
 */
export async function addCookware(db: Knex, es: ElasticsearchClient, indexPrefix: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const input = productInput.parse({
      merchantId: 'm-home',
      categoryId: 'cookware',
      brandId: 'ironleaf',
      titleEn: `IronLeaf Saucepan ${i}`,
      attributes: { material: 'Steel', capacity: `${1 + (i % 4)}L` },
      price: 20 + i,
      stock: 5,
      rating: 4,
      reviewCount: i,
    });
    await upsertProduct(db, `saucepan-${i}`, input, { merchantId: null });
  }
  await reindex(
    {
      db,
      es,
      config: { ...loadConfig(), indexPrefix, reindexSnapshotDir: 'off' },
      logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    },
    { progress: (total) => createProgress({ label: 'test index', total, write: () => undefined }) },
  );
}
