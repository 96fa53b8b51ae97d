import type { Knex } from 'knex';

/**
 * The SQL both importers share. Everything takes the caller's transaction:
 * the importers decide what must commit together (a batch of whole orders,
 * a batch of products with the merchants and categories they need).
 */

export interface MerchantInput {
  id: string;
  name: string;
}

export interface BrandInput {
  id: string;
  name: string;
}

export interface CategoryInput {
  id: string;
  parent_id: string | null;
  name_en: string;
  name_zh: string | null;
}

export interface CustomerInput {
  id: string;
  country: string | null;
}

export interface ProductInput {
  id: string;
  merchant_id: string;
  category_id: string;
  brand_id: string | null;
  title_en: string | null;
  title_zh: string | null;
  description_en: string | null;
  description_zh: string | null;
  attributes: Record<string, unknown>;
  price: number;
  currency: string;
  stock: number;
  status: 'active' | 'hidden' | 'deleted';
  image_url: string | null;
  rating: number | null;
  review_count: number;
  sales_rank: number | null;
}

type Keyed = { id: string };
type CreatableTable = 'merchants' | 'brands' | 'categories' | 'customers';

// Postgres accepts at most 65,535 bind parameters per statement.
const MAX_PARAMETERS = 60_000;

/** Last occurrence of each id wins, in first-seen order: one statement may not touch a row twice. */
export function uniqueById<T extends Keyed>(rows: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) byId.set(row.id, row);
  return [...byId.values()];
}

export function chunksOf<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0] as object).length));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Inserts the rows whose id is not there yet and leaves existing ones alone
 * (an import must not rename a merchant someone curated). Categories must
 * come parents first: the path trigger reads the parent's row.
 * Returns how many rows were created.
 */
export async function insertMissing<T extends Keyed>(trx: Knex.Transaction, table: CreatableTable, rows: readonly T[]): Promise<number> {
  let created = 0;
  for (const chunk of chunksOf(uniqueById(rows))) {
    const inserted = await trx(table).insert(chunk).onConflict('id').ignore().returning('id');
    created += inserted.length;
  }
  return created;
}

const productColumns = [
  'merchant_id',
  'category_id',
  'brand_id',
  'title_en',
  'title_zh',
  'description_en',
  'description_zh',
  'attributes',
  'price',
  'currency',
  'stock',
  'status',
  'image_url',
  'rating',
  'review_count',
  'sales_rank',
] as const;

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * `replace`: the input is the product's new state (JSON Lines import).
 * Unchanged rows are not rewritten, so re-importing a file bumps no version
 * and queues nothing for reindexing.
 * `keep`: existing products are left as they are (order imports only need
 * the product to exist, and must not flip titles between spellings).
 */
export async function upsertProducts(
  trx: Knex.Transaction,
  rows: readonly ProductInput[],
  mode: 'replace' | 'keep',
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  // pg would send a JS array as a Postgres array literal; jsonb wants JSON text.
  const unique = uniqueById(rows).map((row) => ({ ...row, attributes: JSON.stringify(row.attributes) }));
  for (const chunk of chunksOf(unique)) {
    const insert = trx('products').insert(chunk).onConflict('id');
    const statement =
      mode === 'keep'
        ? insert.ignore()
        : insert
            .merge([...productColumns])
            .whereRaw(
              `(${productColumns.map((c) => `products.${c}`).join(', ')}) is distinct from (${productColumns.map((c) => `excluded.${c}`).join(', ')})`,
            );
    const result = await trx.raw<{ rows: Array<{ inserted: boolean }> }>('? returning (xmax = 0) as inserted', [statement]);
    const inserted = result.rows.filter((r) => r.inserted).length;
    counts.inserted += inserted;
    counts.updated += result.rows.length - inserted;
    counts.unchanged += chunk.length - result.rows.length;
  }
  return counts;
}
