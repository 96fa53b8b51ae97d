import type { Knex } from 'knex';

/**
 * Everything a product document is made of, read from Postgres in one query:
 * the product, its merchant, brand and category with the names of every
 * ancestor, and the signals and recommendation lists jobs have computed.
 * Column types are as node-postgres returns them (bigint and numeric as strings).
 * Text arrays come as JSON (to_json): node-postgres parses a Postgres array
 * literal character by character in JavaScript, JSON with the native
 * JSON.parse, and a page has nine arrays per product (category path and
 * names, recommendation lists). Float arrays stay arrays: to_json would turn
 * a NaN into a string.
 */
export interface ProductRow {
  id: string;
  version: string;
  status: 'active' | 'hidden' | 'deleted';
  title_en: string | null;
  title_zh: string | null;
  description_en: string | null;
  description_zh: string | null;
  attributes: Record<string, unknown> | null;
  price: string;
  currency: string;
  stock: number;
  rating: string | null;
  review_count: number;
  image_url: string | null;
  created_at: Date;
  updated_at: Date;
  merchant_id: string;
  merchant_name: string;
  merchant_status: string;
  merchant_rating: string | null;
  brand_id: string | null;
  brand_name: string | null;
  category_id: string;
  category_path: string[];
  category_depth: number;
  category_names_en: string[] | null;
  category_names_zh: string[] | null;
  popularity: number | null;
  trend: number | null;
  signals_at: Date | null;
  also_bought: string[] | null;
  similar: string[] | null;
  bought_together: string[] | null;
  viewed_indicators: string[] | null;
  carted_indicators: string[] | null;
  ease_items: string[] | null;
  ease_weights: number[] | null;
  llr_bought_items: string[] | null;
  llr_bought_weights: number[] | null;
  llr_viewed_items: string[] | null;
  llr_viewed_weights: number[] | null;
  llr_carted_items: string[] | null;
  llr_carted_weights: number[] | null;
  trending: number | null;
  purchasers: number | null;
  recommendations_at: Date | null;
}

const SELECT = `
  select p.id, p.version, p.status, p.title_en, p.title_zh, p.description_en, p.description_zh,
    p.attributes, p.price, p.currency, p.stock, p.rating, p.review_count, p.image_url, p.created_at, p.updated_at,
    p.merchant_id, m.name as merchant_name, m.status as merchant_status, m.rating as merchant_rating,
    p.brand_id, b.name as brand_name,
    p.category_id, to_json(c.path) as category_path, c.depth as category_depth,
    to_json(anc.names_en) as category_names_en, to_json(anc.names_zh) as category_names_zh,
    s.popularity, s.trend, s.computed_at as signals_at,
    to_json(r.also_bought) as also_bought, to_json(r.similar) as similar, to_json(r.bought_together) as bought_together,
    to_json(r.viewed_indicators) as viewed_indicators, to_json(r.carted_indicators) as carted_indicators, to_json(r.ease_items) as ease_items,
    r.ease_weights,
    to_json(r.llr_bought_items) as llr_bought_items, r.llr_bought_weights, to_json(r.llr_viewed_items) as llr_viewed_items,
    r.llr_viewed_weights, to_json(r.llr_carted_items) as llr_carted_items, r.llr_carted_weights,
    r.trending, r.purchasers, r.computed_at as recommendations_at
  from products p
  join merchants m on m.id = p.merchant_id
  join categories c on c.id = p.category_id
  left join brands b on b.id = p.brand_id
  left join lateral (
    select array_agg(a.name_en order by a.depth) as names_en,
           array_remove(array_agg(a.name_zh order by a.depth), null) as names_zh
    from categories a where a.id = any(c.path)
  ) anc on true
  left join product_signals s on s.product_id = p.id
  left join product_recommendations r on r.product_id = p.id`;

/** Current state of the given products; ids that no longer exist are simply absent. */
export async function loadProductRows(db: Knex, ids: readonly string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  const result = await db.raw<{ rows: ProductRow[] }>(`${SELECT} where p.id = any(?::text[])`, [ids as string[]]);
  return result.rows;
}

/**
 * One page of indexable products after `afterId`, in primary-key order: keyset
 * pagination keeps every page an index range scan, so memory and per-page cost
 * stay flat however large the catalog.
 */
export async function loadProductPage(db: Knex, afterId: string | null, limit: number): Promise<ProductRow[]> {
  const result = await db.raw<{ rows: ProductRow[] }>(
    `${SELECT} where p.status <> 'deleted' and (?::text is null or p.id > ?) order by p.id limit ?`,
    [afterId, afterId, limit],
  );
  return result.rows;
}

export async function countIndexableProducts(db: Knex): Promise<number> {
  const result = await db.raw<{ rows: Array<{ count: string }> }>("select count(*) as count from products where status <> 'deleted'");
  return Number(result.rows[0]?.count ?? 0);
}
