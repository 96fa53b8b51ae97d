import type { Knex } from 'knex';
import { normalize } from '../core/text';
import { withoutNoise } from './noise';

/**
 * Search analytics for merchandisers, from the search log and the
 * storefront's search_click events over [from, to). Queries are grouped by
 * their normalised text (the search log stores it; click queries are
 * normalised here with the same function).
 */
export interface Period {
  from: Date;
  to: Date;
  /**
   * Only searches made in this storefront context (search_log.context, the request's `context` tag), and only the clicks
   * that name one of those searches by its request id. Omitted or null: every search and every click.
   */
  context?: string | null;
}

/** How far before the period a search may lie whose click falls in the period (a shopper clicks within the session). */
const clickAfterSearchMs = 86_400_000;

/** The period's search-log rows (noise included), in the period's context if it has one. */
export function periodSearches(db: Knex, period: Period): Knex.QueryBuilder {
  const rows = db('search_log').where('created_at', '>=', period.from).where('created_at', '<', period.to).whereNotNull('normalized_query');
  return period.context == null ? rows : rows.where({ context: period.context });
}

/**
 * The period's events of one type. With a context, an event counts when the search it followed (named by its request id)
 * was made in that context: the event itself does not carry the context, the search does. One request id may name several
 * searches (the API keeps a caller's sane X-Request-Id, and a storefront or proxy may send one id with a page's searches, in
 * different contexts): the search followed is the same shopper's first, then the latest at or before the event, else the
 * nearest after it (the event's time may come from the shopper's clock). So each click counts in one context only.
 */
export function periodEvents(db: Knex, period: Period, type: string): Knex.QueryBuilder {
  const rows = db('events').where({ type }).where('occurred_at', '>=', period.from).where('occurred_at', '<', period.to);
  if (period.context == null) return rows;
  const searchedFrom = new Date(period.from.getTime() - clickAfterSearchMs);
  // Only events naming some search in the context (the context's rows, by search_log_context) are weighed at all.
  return rows.whereRaw(
    `id in (select id from (
       select distinct on (e.id) e.id, s.context
         from events e join search_log s on s.request_id = e.request_id
        where e.type = ? and e.occurred_at >= ? and e.occurred_at < ? and s.created_at >= ? and s.created_at < ?
          and e.request_id in (select request_id from search_log where context = ? and created_at >= ? and created_at < ?)
        order by e.id,
                 coalesce(s.customer_id, s.session_id) is not distinct from coalesce(e.customer_id, e.session_id) desc,
                 s.created_at <= e.occurred_at desc,
                 abs(extract(epoch from e.occurred_at - s.created_at))
     ) followed
     where context = ?)`,
    [type, period.from, period.to, searchedFrom, period.to, period.context, searchedFrom, period.to, period.context],
  );
}

export interface QueryStats {
  query: string;
  searches: number;
  /** Distinct customers or sessions. */
  shoppers: number;
  zeroResultSearches: number;
  clicks: number;
  /**
   * clicks / searches, capped at 1. Clicks carry the query but no search id,
   * so this is a per-query rate, not "searches with a click".
   */
  ctr: number;
}

/** Search-click events per normalised query. */
async function clicksByQuery(db: Knex, period: Period): Promise<Map<string, number>> {
  const rows = (await periodEvents(db, period, 'search_click')
    .whereNotNull('query')
    .groupBy('query')
    .select('query', db.raw('count(*)::int as clicks'))) as Array<{ query: string; clicks: number }>;
  const clicks = new Map<string, number>();
  for (const row of rows) {
    const key = normalize(row.query);
    clicks.set(key, (clicks.get(key) ?? 0) + row.clicks);
  }
  return clicks;
}

/** The period's searches, noise (./noise) left out. */
function searchLog(db: Knex, period: Period): Knex.QueryBuilder {
  return withoutNoise(periodSearches(db, period), db);
}

const perQuery = (db: Knex) => [
  'normalized_query as query',
  db.raw('count(*)::int as searches'),
  db.raw('count(distinct coalesce(customer_id, session_id))::int as shoppers'),
  db.raw('count(*) filter (where result_count = 0 and not redirected)::int as "zeroResultSearches"'),
];

type Row = Omit<QueryStats, 'clicks' | 'ctr'>;

function withClicks(rows: Row[], clicks: Map<string, number>): QueryStats[] {
  return rows.map((row) => {
    const count = clicks.get(row.query) ?? 0;
    return { ...row, clicks: count, ctr: row.searches === 0 ? 0 : Math.min(1, count / row.searches) };
  });
}

export async function topQueries(db: Knex, period: Period, limit: number): Promise<QueryStats[]> {
  const [rows, clicks] = await Promise.all([
    searchLog(db, period)
      .groupBy('normalized_query')
      .select(perQuery(db))
      .orderBy([{ column: 'searches', order: 'desc' }, { column: 'query' }])
      .limit(limit) as Promise<Row[]>,
    clicksByQuery(db, period),
  ]);
  return withClicks(rows, clicks);
}

/** Queries that found nothing (redirects excluded: they answered with a page). */
export async function zeroResultQueries(
  db: Knex,
  period: Period,
  limit: number,
  /** Leave out queries fewer shoppers searched (1: none left out). */
  minShoppers = 1,
): Promise<Array<{ query: string; searches: number; shoppers: number; lastSearchedAt: Date }>> {
  return searchLog(db, period)
    .where({ result_count: 0, redirected: false })
    .groupBy('normalized_query')
    .select(
      'normalized_query as query',
      db.raw('count(*)::int as searches'),
      db.raw('count(distinct coalesce(customer_id, session_id))::int as shoppers'),
      db.raw('max(created_at) as "lastSearchedAt"'),
    )
    .havingRaw('count(distinct coalesce(customer_id, session_id)) >= ?', [minShoppers])
    .orderBy([{ column: 'searches', order: 'desc' }, { column: 'query' }])
    .limit(limit);
}

/**
 * Queries searched at least `minSearches` times with results, whose
 * click-through stays below `maxCtr`: shoppers see results but not what they
 * wanted. Most searched first.
 */
export async function lowCtrQueries(
  db: Knex,
  period: Period,
  options: { limit: number; minSearches: number; maxCtr: number },
): Promise<QueryStats[]> {
  const [rows, clicks] = await Promise.all([
    searchLog(db, period)
      .where('result_count', '>', 0)
      .groupBy('normalized_query')
      .havingRaw('count(*) >= ?', [options.minSearches])
      .select(perQuery(db)) as Promise<Row[]>,
    clicksByQuery(db, period),
  ]);
  return withClicks(rows, clicks)
    .filter((q) => q.ctr < options.maxCtr)
    .sort((a, b) => b.searches - a.searches || a.ctr - b.ctr || (a.query < b.query ? -1 : 1))
    .slice(0, options.limit);
}
