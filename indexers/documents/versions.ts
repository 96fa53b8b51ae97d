import type { Knex } from 'knex';

/**
 * Ids and versions of one page of indexable products, in the same keyset
 * order as loadProductPage. A reindex reads every product this way, so the
 * page comes as one row: the ids joined by newlines and the versions by
 * commas, split in JavaScript (node-postgres spends about a microsecond on
 * each row of a result, JSON.parse of the same arrays a third of that, a
 * split a tenth). An id holding a newline (none written through the API
 * can) sends the page through JSON instead. Not in rows.ts: that file is
 * part of the document builder's fingerprint, and this query shapes no
 * document.
 */
export async function loadProductVersionPage(
  db: Knex,
  afterId: string | null,
  limit: number,
  /** Only ids up to this one (inclusive), when given. */
  throughId: string | null = null,
): Promise<{ ids: string[]; versions: number[] }> {
  const page = `select id, version from products
     where status <> 'deleted' and (?::text is null or id > ?) and (?::text is null or id <= ?)
     order by id limit ?`;
  const bindings = [afterId, afterId, throughId, throughId, limit];
  const joined = await db.raw<{ rows: Array<{ ids: string | null; versions: string | null; count: number; split: boolean }> }>(
    `select string_agg(id, E'\\n' order by id) as ids, string_agg(version::text, ',' order by id) as versions,
       count(*)::int as count, coalesce(bool_and(strpos(id, E'\\n') = 0), true) as split
     from (${page}) page`,
    bindings,
  );
  const { ids, versions, count, split } = joined.rows[0]!;
  if (count === 0) return { ids: [], versions: [] };
  if (split) return { ids: ids!.split('\n'), versions: versions!.split(',').map(Number) };
  const json = await db.raw<{ rows: Array<{ ids: string[]; versions: number[] }> }>(
    `select coalesce(json_agg(id order by id), '[]') as ids, coalesce(json_agg(version order by id), '[]') as versions from (${page}) page`,
    bindings,
  );
  return json.rows[0]!;
}
