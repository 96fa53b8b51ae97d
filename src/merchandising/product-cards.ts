import type { Knex } from 'knex';

/**
 * Products as the console shows them wherever it names one (rule lists,
 * pins, warnings): title, thumbnail, price, stock and merchant, read from
 * Postgres so hidden products and closed merchants are named too (a search
 * would not find them, which is exactly what the console must warn about).
 */
export interface ProductCard {
  id: string;
  title: string;
  imageUrl: string | null;
  price: number;
  currency: string;
  stock: number;
  /** active, hidden or deleted (src/db/migrations/…_catalog.ts). */
  status: string;
  merchant: { id: string; name: string; status: string };
}

export async function productCards(db: Knex, ids: readonly string[]): Promise<ProductCard[]> {
  if (ids.length === 0) return [];
  const rows = await db('products as p')
    .join('merchants as m', 'm.id', 'p.merchant_id')
    .whereIn('p.id', [...new Set(ids)])
    .select(
      'p.id',
      'p.title_en',
      'p.title_zh',
      'p.image_url',
      'p.price',
      'p.currency',
      'p.stock',
      'p.status',
      'm.id as merchant_id',
      'm.name as merchant_name',
      'm.status as merchant_status',
    );
  const byId = new Map(
    rows.map((r) => [
      r.id as string,
      {
        id: r.id,
        title: r.title_en ?? r.title_zh ?? r.id,
        imageUrl: r.image_url,
        price: Number(r.price),
        currency: String(r.currency).trim(),
        stock: r.stock,
        status: r.status,
        merchant: { id: r.merchant_id, name: r.merchant_name, status: r.merchant_status },
      } satisfies ProductCard,
    ]),
  );
  // In the order asked, unknown ids left out.
  return ids.flatMap((id) => byId.get(id) ?? []);
}
