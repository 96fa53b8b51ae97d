import fs from 'node:fs';
import { loadConfig } from '../../src/core/config';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { brandInput, categoryInput, merchantInput, productInput } from '../../src/catalog/schemas';
import { upsertBrand, upsertCategory, upsertMerchant, upsertProduct } from '../../src/catalog/writes';
import { createProgress } from '../../src/core/progress';
import { createLogger } from '../../src/core/logger';
import { reindex } from '../../indexers/reindex/reindex';

interface CatalogFixture {
  merchants: Array<{ id: string } & Record<string, unknown>>;
  categories: Array<{ id: string } & Record<string, unknown>>;
  brands: Array<{ id: string } & Record<string, unknown>>;
  products: Array<{ id: string } & Record<string, unknown>>;
}

/** The small hand-made catalog in fixtures/search/catalog.json: written through the catalog write path, then indexed by a full reindex. */
export async function loadSearchCatalog(db: Knex, es: ElasticsearchClient, indexPrefix: string): Promise<CatalogFixture> {
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/search/catalog.json'), 'utf8')) as CatalogFixture;
  const strip = <T extends { id: string }>({ id, ...rest }: T) => ({ id, rest });
  for (const m of fixture.merchants.map(strip)) await upsertMerchant(db, m.id, merchantInput.parse(m.rest));
  for (const c of fixture.categories.map(strip)) await upsertCategory(db, c.id, categoryInput.parse(c.rest));
  for (const b of fixture.brands.map(strip)) await upsertBrand(db, b.id, brandInput.parse(b.rest));
  for (const p of fixture.products.map(strip)) await upsertProduct(db, p.id, productInput.parse(p.rest), { merchantId: null });
  await reindex(
    {
      db,
      es,
      config: { ...loadConfig(), indexPrefix, reindexSnapshotDir: 'off' },
      logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    },
    { progress: (total) => createProgress({ label: 'test index', total, write: () => undefined }) },
  );
  return fixture;
}
