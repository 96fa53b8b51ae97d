import type { Knex } from 'knex';
import { isSuggestable } from '../ranking/suggestions/suggestable';

export interface PopularQueriesOptions {
  /** Days a search counts towards a query's distinct searchers (SUGGEST_WINDOW_DAYS). @default 30 */
  windowDays?: number;
  /** Log rows read per transaction, so a long backlog never becomes one huge statement. @default 50000 */
  batchSize?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface PopularQueriesSummary {
  /** Log rows read. */
  newSearches: number;
  /** Distinct queries among them that may become suggestions, and those refused as query syntax, markup or junk. */
  suggestable: number;
  refused: number;
  /** Searcher rows past the window, removed; their queries were counted again. */
  expiredSearchers: number;
}

const DAY_MS = 86_400_000;
// The searcher a log row counts for: its customer when signed in, else its session (see migration 046).
const SEARCHER = `md5(case when customer_id is not null then 'c:' || customer_id else 's:' || session_id end)::uuid`;
// A list travels as one JSON parameter: knex would spread an array into one bind parameter per value, and Postgres
// takes at most 65,535 of those in a statement.
const IN_LIST = `in (select jsonb_array_elements_text(?::jsonb))`;
const list = (values: Iterable<string>): string => JSON.stringify([...values]);
// Searchers and the distinct client addresses among them (migration 048): sessions are the client's to invent, addresses are not.
const RECOUNT = `update popular_queries p
    set (searchers, addresses) = (select count(*), count(distinct s.address) from popular_query_searchers s
                                   where s.normalized_query = p.normalized_query and s.last_searched_at >= ?)`;

/**
 * Folds new search-log rows into popular_queries and the distinct searchers
 * behind each (popular_query_searchers), then expires searchers older than the
 * window. Incremental (it remembers the last log id it read), bounded per
 * transaction, and safe to run twice: the state row is locked for each
 * transaction, so two workers never count the same rows, and the searcher
 * upsert is idempotent anyway.
 *
 * A query is counted only when both its raw and its normalised text pass
 * `isSuggestable` (the raw form still shows upper-case operators such as
 * "AND"); a searcher counts only when their search found products and
 * the log row carries the client's (hashed) address: rows without one, such as
 * those logged before migration 048, count for no one.
 */
export async function refreshPopularQueries(db: Knex, options: PopularQueriesOptions = {}): Promise<PopularQueriesSummary> {
  const { windowDays = 30, batchSize = 50_000, now = Date.now } = options;
  const cutoff = new Date(now() - windowDays * DAY_MS);
  const summary: PopularQueriesSummary = { newSearches: 0, suggestable: 0, refused: 0, expiredSearchers: 0 };
  for (;;) {
    const batch = await foldBatch(db, batchSize, cutoff);
    if (batch === null) break;
    summary.newSearches += batch.rows;
    summary.suggestable += batch.suggestable;
    summary.refused += batch.refused;
  }
  summary.expiredSearchers = await expireSearchers(db, cutoff);
  return summary;
}

async function foldBatch(
  db: Knex,
  batchSize: number,
  cutoff: Date,
): Promise<{ rows: number; suggestable: number; refused: number } | null> {
  return db.transaction(async (trx) => {
    const state = await trx('popular_queries_state').where({ id: 1 }).forUpdate().first('last_search_log_id');
    const from = Number(state?.last_search_log_id ?? 0);
    const top = await trx('search_log').max<{ max: string | null }[]>('id as max');
    const to = Math.min(Number(top[0]?.max ?? from), from + batchSize);
    if (to <= from) return null;

    const pairs = (
      await trx.raw<{ rows: Array<{ normalized_query: string; query: string | null }> }>(
        `select distinct normalized_query, query from search_log where id > ? and id <= ? and normalized_query is not null`,
        [from, to],
      )
    ).rows;
    const raw = new Set<string>();
    const accepted = new Set<string>();
    const seen = new Set<string>();
    for (const { normalized_query: normalized, query } of pairs) {
      seen.add(normalized);
      if (!isSuggestable(normalized) || (query !== null && !isSuggestable(query))) continue;
      accepted.add(normalized);
      if (query !== null) raw.add(query);
    }
    if (accepted.size > 0) {
      // Only rows whose own raw text passed count: "shoes AND boots" does not feed "shoes and boots".
      const rowFilter = `id > ? and id <= ? and normalized_query ${IN_LIST} and (query is null or query ${IN_LIST})`;
      const params = [from, to, list(accepted), list(raw)];
      await trx.raw(
        `insert into popular_queries (normalized_query, searches, last_result_count, last_searched_at)
         select normalized_query, count(*), (array_agg(result_count order by id desc))[1], max(created_at)
           from search_log where ${rowFilter}
          group by normalized_query
         on conflict (normalized_query) do update
           set searches = popular_queries.searches + excluded.searches,
               last_result_count = excluded.last_result_count,
               last_searched_at = greatest(popular_queries.last_searched_at, excluded.last_searched_at)`,
        params,
      );
      await trx.raw(
        `insert into popular_query_searchers (normalized_query, searcher, last_searched_at, address)
         select normalized_query, ${SEARCHER}, max(created_at), (array_agg(searcher_address order by id desc))[1]
           from search_log
          where ${rowFilter} and result_count > 0 and created_at >= ? and (customer_id is not null or session_id is not null)
            and searcher_address is not null
          group by 1, 2
         on conflict (normalized_query, searcher) do update
           set last_searched_at = greatest(popular_query_searchers.last_searched_at, excluded.last_searched_at),
               address = excluded.address`,
        [...params, cutoff],
      );
      await trx.raw(`${RECOUNT} where p.normalized_query ${IN_LIST}`, [cutoff, list(accepted)]);
    }
    await trx('popular_queries_state').where({ id: 1 }).update({ last_search_log_id: to });
    return { rows: to - from, suggestable: accepted.size, refused: seen.size - accepted.size };
  });
}

/**
 * Searchers past the window stop counting: their rows go, the queries they
 * held are counted again, and queries nobody searched within the window
 * leave popular_queries, which so stays the size of one window.
 */
async function expireSearchers(db: Knex, cutoff: Date): Promise<number> {
  return db.transaction(async (trx) => {
    await trx('popular_queries_state').where({ id: 1 }).forUpdate().first('id');
    // Every statement of a WITH sees the table as it was before the delete; the recount still counts right because
    // it only counts rows inside the window, which the delete leaves alone.
    const result = await trx.raw<{ rows: Array<{ expired: number }> }>(
      `with expired as (delete from popular_query_searchers where last_searched_at < ? returning normalized_query),
            recounted as (${RECOUNT} where p.normalized_query in (select normalized_query from expired) returning 1)
       select count(*)::int as expired from expired`,
      [cutoff, cutoff],
    );
    await trx('popular_queries').where('last_searched_at', '<', cutoff).andWhere('searchers', 0).delete();
    return result.rows[0]?.expired ?? 0;
  });
}
