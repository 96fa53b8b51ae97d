import type { Knex } from 'knex';

/**
 * Folds new search-log rows into popular_queries. Incremental (it remembers
 * the last log id it read) and safe to run twice: the state row is locked
 * for the transaction, so two workers never count the same rows.
 */
export async function refreshPopularQueries(db: Knex): Promise<{ newSearches: number }> {
  return db.transaction(async (trx) => {
    const state = await trx('popular_queries_state').where({ id: 1 }).forUpdate().first('last_search_log_id');
    const from = Number(state?.last_search_log_id ?? 0);
    const top = await trx('search_log').max<{ max: string | null }[]>('id as max');
    const to = Number(top[0]?.max ?? from);
    if (to <= from) return { newSearches: 0 };
    // A query counts once it has found something; its last result count decides whether it is still offered.
    await trx.raw(
      `insert into popular_queries (normalized_query, searches, last_result_count, last_searched_at)
       select normalized_query, count(*), (array_agg(result_count order by id desc))[1], max(created_at)
         from search_log
        where id > ? and id <= ? and normalized_query is not null and length(normalized_query) between 2 and 100
        group by normalized_query
       on conflict (normalized_query) do update
         set searches = popular_queries.searches + excluded.searches,
             last_result_count = excluded.last_result_count,
             last_searched_at = greatest(popular_queries.last_searched_at, excluded.last_searched_at)`,
      [from, to],
    );
    await trx('popular_queries_state').where({ id: 1 }).update({ last_search_log_id: to });
    return { newSearches: to - from };
  });
}
