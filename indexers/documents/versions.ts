import type { Knex } from 'knex';

/**
 * Ids and versions of one page of indexable products, in the same keyset
 * order as loadProductPage. They come as two JSON arrays in one row: a
 * reindex reads every product this way, and node-postgres spends about a
 * microsecond on each row of a result, JSON.parse a tenth of that. Not in
 * rows.ts: that file is part of the document builder's fingerprint, and
 * this query shapes no document.
 */
export async function loadProductVersionPage(
  db: Knex,
  afterId: string | null,
  limit: number,
  /** Only ids up to this one (inclusive), when given. */
  throughId: string | null = null,
): Promise<{ ids: string[]; versions: number[] }> {
  const result = await db.raw<{ rows: Array<{ ids: string[]; versions: number[] }> }>(
    `select coalesce(json_agg(id order by id), '[]') as ids, coalesce(json_agg(version order by id), '[]') as versions
     from (select id, version from products
           where status <> 'deleted' and (?::text is null or id > ?) and (?::text is null or id <= ?)
           order by id limit ?) page`,
    [afterId, afterId, throughId, throughId, limit],
  );
  const { ids, versions } = result.rows[0]!;
  return { ids, versions };
}
