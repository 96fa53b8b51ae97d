import type { Knex } from 'knex';

/**
 * A small catalog for indexing tests, written with plain SQL so that the
 * outbox triggers fire exactly as for any other writer: two merchants, a
 * three-level category chain (plus a sibling), two brands and `products`
 * products whose values follow from their number.
 */
export interface TestCatalog {
  productIds: string[];
}

export const categories = [
  { id: 'home', parent_id: null, name_en: 'Home', name_zh: '家居' },
  { id: 'kitchen', parent_id: 'home', name_en: 'Kitchen', name_zh: '厨房' },
  { id: 'cookware', parent_id: 'kitchen', name_en: 'Cookware', name_zh: '炊具' },
  { id: 'knives', parent_id: 'kitchen', name_en: 'Knives', name_zh: '刀具' },
] as const;

export async function createCatalog(db: Knex, products: number, prefix = 'p'): Promise<TestCatalog> {
  await db('merchants').insert([
    { id: 'm1', name: 'Harbour Goods', rating: 4.5 },
    { id: 'm2', name: 'Lantern Supply', rating: 3.9 },
  ]);
  for (const category of categories) await db('categories').insert({ ...category, facet_attributes: ['colour', 'size'] });
  await db('brands').insert([
    { id: 'b1', name: 'Ironleaf' },
    { id: 'b2', name: 'Copperline' },
  ]);
  const productIds = await addProducts(db, products, prefix);
  return { productIds };
}

export async function addProducts(db: Knex, count: number, prefix = 'p', from = 0): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, k) => productRow(`${prefix}-${String(from + k).padStart(5, '0')}`, from + k));
  for (let i = 0; i < rows.length; i += 500) await db('products').insert(rows.slice(i, i + 500));
  return rows.map((r) => r.id);
}

export function productRow(id: string, n: number): { id: string } & Record<string, unknown> {
  const colours = ['red', 'blue', 'green', 'black'];
  return {
    id,
    merchant_id: n % 2 === 0 ? 'm1' : 'm2',
    category_id: n % 3 === 0 ? 'knives' : 'cookware',
    brand_id: n % 5 === 0 ? null : n % 2 === 0 ? 'b1' : 'b2',
    title_en: `Cast Iron Pan ${n} ${colours[n % 4]}`,
    title_zh: `铸铁锅 ${n}`,
    description_en: `A sturdy pan number ${n}, seasoned and ready for cooking.`,
    attributes: JSON.stringify({ colour: colours[n % 4], size: [`${20 + (n % 3) * 4}cm`] }),
    price: (10 + (n % 90) + 0.99).toFixed(2),
    stock: n % 7,
  };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function pendingOutbox(db: Knex): Promise<number> {
  const [row] = await db('search_outbox').whereNull('processed_at').count<Array<{ count: string }>>({ count: '*' });
  return Number(row?.count ?? 0);
}
