import type { Knex } from 'knex';

/** A built document as JSON text, for the product version it was built from. */
export interface DocumentJson {
  id: string;
  version: number;
  json: string;
}

/**
 * Stored documents with ids in (`afterId`, `lastId`], built by `builder`:
 * one range scan of the primary key, so a reindex page costs the same
 * however large the table is. Rows of products that have since been deleted
 * may be in the range; callers match ids and versions against the products
 * they are indexing and ignore the rest.
 */
export async function loadStoredDocuments(db: Knex, builder: string, afterId: string | null, lastId: string): Promise<Map<string, { version: number; json: string }>> {
  const result = await db.raw<{ rows: Array<{ product_id: string; version: string; body: string }> }>(
    `select product_id, version, body from product_documents
     where (?::text is null or product_id > ?) and product_id <= ? and builder = ?`,
    [afterId, afterId, lastId, builder],
  );
  return new Map(result.rows.map((r) => [r.product_id, { version: Number(r.version), json: r.body }]));
}

/**
 * Keeps the documents for the next reindex. A newer version is never
 * replaced by an older one (writers race: the outbox relay and a reindex's
 * replay may build the same product).
 */
export async function storeDocuments(db: Knex, builder: string, documents: readonly DocumentJson[]): Promise<void> {
  if (documents.length === 0) return;
  // One row per product: an upsert may not touch the same row twice.
  const newest = new Map<string, DocumentJson>();
  for (const d of documents) if ((newest.get(d.id)?.version ?? -1) < d.version) newest.set(d.id, d);
  const rows = [...newest.values()];
  await db.raw(
    `insert into product_documents as d (product_id, version, builder, body)
     select id, version, ?, body from unnest(?::text[], ?::bigint[], ?::text[]) as u(id, version, body)
     on conflict (product_id) do update set version = excluded.version, builder = excluded.builder, body = excluded.body, stored_at = now()
       where d.version <= excluded.version`,
    [builder, rows.map((d) => d.id), rows.map((d) => d.version), rows.map((d) => d.json)],
  );
}

/** Deleted products have no document to keep. */
export async function forgetDocuments(db: Knex, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await db.raw('delete from product_documents where product_id = any(?::text[])', [productIds as string[]]);
}
