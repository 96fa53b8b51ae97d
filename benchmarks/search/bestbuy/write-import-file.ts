/**
 * Writes the Best Buy sample's catalog in the JSON Lines format of `agora
 * import products`, so `agora eval search` can evaluate it like any other
 * catalog (the click file, query_sku_clicks.tsv, is read by the command as
 * it is). The sample's terms allow internal evaluation only: the output goes
 * to a temporary path, never into the repository.
 *
 *   npx tsx benchmarks/search/bestbuy/write-import-file.ts [--data DIR] [--out FILE] [--long-description 600]
 *   npx agora eval search --products FILE --judgments DIR/query_sku_clicks.tsv --min-clicks 2
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brandId, cleanLongDescription, MERCHANT_ID } from './catalog';
import { DEFAULT_DATA_DIR, readProducts, type BestBuyProduct } from './data';

export function toImportLine(product: BestBuyProduct, longDescriptionChars: number): Record<string, unknown> {
  const description = [product.shortDescription.trim(), cleanLongDescription(product.longDescription, longDescriptionChars)]
    .filter((t) => t !== '')
    .join(' ');
  const brand = brandId(product.manufacturer);
  return {
    id: product.sku,
    merchant: { id: MERCHANT_ID, name: 'Best Buy' },
    category: { path: product.categoryPath.map((c) => ({ id: c.id, name_en: c.name })) },
    brand: brand === null ? null : { id: brand, name: product.manufacturer.trim() },
    title_en: product.name,
    description_en: description === '' ? null : description,
    // Subclass is left out: values like "VALUE X360 SW" are buyers' codes, not something a shopper filters on.
    attributes: Object.fromEntries(Object.entries({ format: product.format, type: product.type }).filter(([, v]) => v.trim() !== '')),
    price: Number(product.salePrice || product.regularPrice),
    // The export has no stock figures; every game was on sale, so all count as in stock alike.
    stock: 1,
    rating: product.customerReviewAverage === '' ? null : Number(product.customerReviewAverage),
    review_count: Number(product.customerReviewCount || 0),
    // Best Buy's long-term sales rank, store-wide: the catalog's own history of best sellers (0: not ranked).
    sales_rank: Number(product.salesRankLongTerm) > 0 ? Number(product.salesRankLongTerm) : null,
  };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string', default: path.join(os.tmpdir(), 'agora-bestbuy-products.jsonl') },
      'long-description': { type: 'string', default: '600' },
    },
  });
  const products = readProducts(values.data);
  const chars = Number(values['long-description']);
  writeFileSync(values.out, products.map((p) => JSON.stringify(toImportLine(p, chars))).join('\n') + '\n');
  process.stdout.write(`${products.length} products → ${values.out}\n`);
}
