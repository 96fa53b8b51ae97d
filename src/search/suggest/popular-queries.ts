import type { Knex } from 'knex';

/** Popular queries beginning with `prefix` that found something when last searched; the `popular-queries` job keeps the table current. */
export async function popularQueriesStartingWith(
  db: Knex,
  prefix: string,
  limit: number,
): Promise<Array<{ query: string; searches: number }>> {
  const escaped = prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const rows = await db('popular_queries')
    .where('normalized_query', 'like', `${escaped}%`)
    .andWhere('last_result_count', '>', 0)
    .orderBy([
      { column: 'searches', order: 'desc' },
      { column: 'normalized_query', order: 'asc' },
    ])
    .limit(limit)
    .select('normalized_query', 'searches');
  return rows.map((r) => ({ query: r.normalized_query, searches: r.searches }));
}
