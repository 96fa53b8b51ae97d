import { recomputeSignals } from '../../../indexers/signals/signals';
import type { Knex } from 'knex';
import { loadConfig } from '../../../src/core/config';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { brandInput, categoryInput, merchantInput, productInput, type ProductInput } from '../../../src/catalog/schemas';
import { upsertBrand, upsertCategory, upsertMerchant, upsertProduct } from '../../../src/catalog/writes';
import { createLogger } from '../../../src/core/logger';
import { createProgress } from '../../../src/core/progress';
import { reindex, type ReindexSummary } from '../../../indexers/reindex/reindex';
import type { BestBuyProduct } from './data';

export const MERCHANT_ID = 'bestbuy';

export interface ImportOptions {
  /** Characters of the long description appended to the short one (0: short only). */
  longDescriptionChars: number;
}

export function brandId(manufacturer: string): string | null {
  const slug = manufacturer
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? null : slug;
}

/**
 * The long descriptions start with page furniture ("Learn more about X.
 * (Flash demo)", a glued "Synopsis" heading); the text after it is the game's
 * blurb. Cut at a sentence end so no half word reaches the index.
 */
export function cleanLongDescription(text: string, maxChars: number): string {
  if (maxChars <= 0) return '';
  const body = text
    .replace(/^Learn more about .*?\(Flash demo\)\s*/, '')
    .replace(/^Synopsis/, '')
    .trim();
  if (body.length <= maxChars) return body;
  const cut = body.slice(0, maxChars);
  const end = cut.lastIndexOf('. ');
  return end > maxChars / 2 ? cut.slice(0, end + 1) : cut.replace(/\s+\S*$/, '');
}

export function toProductInput(product: BestBuyProduct, options: ImportOptions): ProductInput {
  const leaf = product.categoryPath[product.categoryPath.length - 1];
  if (leaf === undefined) throw new Error(`product ${product.sku} has no category`);
  const description = [product.shortDescription.trim(), cleanLongDescription(product.longDescription, options.longDescriptionChars)]
    .filter((t) => t !== '')
    .join(' ');
  // Subclass is left out: values like "VALUE X360 SW" are buyers' codes, not something a shopper filters on.
  const attributes = Object.fromEntries(Object.entries({ format: product.format, type: product.type }).filter(([, v]) => v.trim() !== ''));
  return productInput.parse({
    merchantId: MERCHANT_ID,
    categoryId: leaf.id,
    brandId: brandId(product.manufacturer),
    titleEn: product.name,
    descriptionEn: description === '' ? null : description,
    attributes,
    price: Number(product.salePrice || product.regularPrice),
    // The export has no stock figures; every game was on sale, so all count as in stock alike.
    stock: 1,
    rating: product.customerReviewAverage === '' ? null : Number(product.customerReviewAverage),
    reviewCount: Number(product.customerReviewCount || 0),
    salesRank: Number(product.salesRankLongTerm) > 0 ? Number(product.salesRankLongTerm) : null,
  });
}

/**
 * Writes the sample through the catalog write path (one merchant, the
 * category tree from each product's categoryPath, brands from manufacturers)
 * and builds the products index with a full reindex, as the search tests do.
 */
export async function importBestBuyCatalog(
  db: Knex,
  es: ElasticsearchClient,
  indexPrefix: string,
  products: BestBuyProduct[],
  options: ImportOptions,
): Promise<ReindexSummary> {
  await upsertMerchant(db, MERCHANT_ID, merchantInput.parse({ name: 'Best Buy' }));
  const categories = new Map<string, { name: string; parentId: string | null }>();
  const brands = new Map<string, string>();
  for (const product of products) {
    // Parents come first within a path, so inserting in first-seen order satisfies the foreign key.
    product.categoryPath.forEach(
      (c, i) => categories.has(c.id) || categories.set(c.id, { name: c.name, parentId: product.categoryPath[i - 1]?.id ?? null }),
    );
    const brand = brandId(product.manufacturer);
    if (brand !== null && !brands.has(brand)) brands.set(brand, product.manufacturer.trim());
  }
  for (const [id, c] of categories) await upsertCategory(db, id, categoryInput.parse({ nameEn: c.name, parentId: c.parentId }));
  for (const [id, name] of brands) await upsertBrand(db, id, brandInput.parse({ name }));
  for (const product of products) await upsertProduct(db, product.sku, toProductInput(product, options), { merchantId: null });
  // Popularity as the signals job gives an imported catalog: from its sales ranks (it has no activity here).
  await recomputeSignals(db);
  return reindexCatalog(db, es, indexPrefix);
}

export function reindexCatalog(db: Knex, es: ElasticsearchClient, indexPrefix: string): Promise<ReindexSummary> {
  return reindex(
    {
      db,
      es,
      config: { ...loadConfig(), indexPrefix, reindexSnapshotDir: 'off' },
      logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    },
    { progress: (total) => createProgress({ label: 'bestbuy index', total, write: () => undefined }) },
  );
}

/** What-if only: the catalog without its sales ranks, as a catalog that brings none (popularity back to 0, re-indexed). */
export async function withoutSalesRanks(db: Knex, es: ElasticsearchClient, indexPrefix: string): Promise<ReindexSummary> {
  await db('products').update({ sales_rank: null });
  await recomputeSignals(db);
  return reindexCatalog(db, es, indexPrefix);
}
