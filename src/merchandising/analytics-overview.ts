import type { Knex } from 'knex';
import type { Period } from './analytics';
import { noiseLength, noisePattern, withoutNoise } from './noise';

/**
 * The analytics headline: searches, the no-result rate, click-through and
 * what searching shoppers went on to do (add to cart, purchase), with the
 * same counts per day, from the search log and the storefront's events over
 * [from, to). Noise — attack strings, queries past any product name's
 * length, punctuation with no word — is left out and counted apart, so a
 * scanner's requests neither fill the tables nor move the rates.
 */

export interface DayFigures {
  day: string;
  searches: number;
  zeroResultSearches: number;
  clicks: number;
}

export interface AnalyticsOverview {
  searches: number;
  shoppers: number;
  zeroResultSearches: number;
  /** zero-result searches / searches. */
  noResultRate: number;
  clicks: number;
  /** search clicks / searches, capped at 1. */
  ctr: number;
  /** Shoppers who searched and then added to cart (or bought) in the period, over shoppers who searched. */
  addToCartRate: number;
  purchaseRate: number;
  /** Searches left out as noise. */
  noiseSearches: number;
  days: DayFigures[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.min(1, a / b));

export async function analyticsOverview(db: Knex, period: Period, timeZone: string): Promise<AnalyticsOverview> {
  const log = () =>
    db('search_log').where('created_at', '>=', period.from).where('created_at', '<', period.to).whereNotNull('normalized_query');
  const day = (column: string) => db.raw(`to_char(${column} at time zone ?, 'YYYY-MM-DD')`, [timeZone]);
  const events = (type: string) =>
    db('events').where({ type }).where('occurred_at', '>=', period.from).where('occurred_at', '<', period.to);
  const searchers = withoutNoise(log(), db).distinct(db.raw('coalesce(customer_id, session_id) as actor'));
  const converted = async (type: string) => {
    const [row] = await events(type)
      .whereRaw('coalesce(customer_id, session_id) in (?)', [searchers.clone()])
      .select(db.raw('count(distinct coalesce(customer_id, session_id))::int as n'));
    return (row as { n: number }).n;
  };
  const [[totals], [noise], perDay, clicksPerDay, carted, bought] = await Promise.all([
    withoutNoise(log(), db).select(
      db.raw('count(*)::int as searches'),
      db.raw('count(distinct coalesce(customer_id, session_id))::int as shoppers'),
      db.raw('count(*) filter (where result_count = 0 and not redirected)::int as zero'),
    ) as Promise<Array<{ searches: number; shoppers: number; zero: number }>>,
    log()
      .where((q) => q.where(db.raw('length(normalized_query) > ?', [noiseLength])).orWhereRaw('normalized_query ~ ?', [noisePattern]))
      .select(db.raw('count(*)::int as n')) as Promise<Array<{ n: number }>>,
    withoutNoise(log(), db)
      .select(day('created_at').wrap('', ' as day'))
      .select(db.raw('count(*)::int as searches'), db.raw('count(*) filter (where result_count = 0 and not redirected)::int as zero'))
      .groupBy('day')
      .orderBy('day') as Promise<Array<{ day: string; searches: number; zero: number }>>,
    events('search_click')
      .select(day('occurred_at').wrap('', ' as day'))
      .select(db.raw('count(*)::int as clicks'))
      .groupBy('day') as Promise<Array<{ day: string; clicks: number }>>,
    converted('add_to_cart'),
    converted('purchase'),
  ]);
  const clicksByDay = new Map(clicksPerDay.map((r) => [r.day, r.clicks]));
  const dayNames = [...new Set([...perDay.map((r) => r.day), ...clicksByDay.keys()])].sort();
  const searchesByDay = new Map(perDay.map((r) => [r.day, r]));
  const days = dayNames.map((d) => ({
    day: d,
    searches: searchesByDay.get(d)?.searches ?? 0,
    zeroResultSearches: searchesByDay.get(d)?.zero ?? 0,
    clicks: clicksByDay.get(d) ?? 0,
  }));
  const clicks = days.reduce((sum, d) => sum + d.clicks, 0);
  return {
    searches: totals!.searches,
    shoppers: totals!.shoppers,
    zeroResultSearches: totals!.zero,
    noResultRate: ratio(totals!.zero, totals!.searches),
    clicks,
    ctr: ratio(clicks, totals!.searches),
    addToCartRate: ratio(carted, totals!.shoppers),
    purchaseRate: ratio(bought, totals!.shoppers),
    noiseSearches: noise!.n,
    days,
  };
}
