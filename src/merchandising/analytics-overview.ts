import type { Knex } from 'knex';
import { periodEvents, periodSearches, type Period } from './analytics';
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

/** Clicks at one position or band of positions in the result list: 1 … 10 each, then 11-20 and 21+. */
export interface PositionBand {
  positions: string;
  clicks: number;
  /** clicks / searches: the click-through this band of positions earns. */
  ctr: number;
}

export interface AnalyticsOverview {
  /** The context reported on; null: all contexts. */
  context: string | null;
  /**
   * The contexts searched in the period, most searched first, with their searches (noise left out): what may be chosen. At
   * most `maxContexts`: any storefront key may send any well-formed tag, so the list is bounded, not one entry per tag sent.
   */
  contexts: Array<{ context: string; searches: number }>;
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
  /** Search clicks by the clicked product's position (every band listed, zeros included). */
  clickPositions: PositionBand[];
  /** Search clicks whose event said no position (older storefronts, other lists): in `clicks`, in no band. */
  clicksWithoutPosition: number;
}

/** The bands' SQL label for a position: one band per position up to 10, then two wide ones. */
const bandSql = "case when position <= 10 then position::text when position <= 20 then '11-20' else '21+' end";
const bandNames = [...Array.from({ length: 10 }, (_, i) => String(i + 1)), '11-20', '21+'];

/** Contexts the overview lists to choose from: the most searched. */
export const maxContexts = 100;

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.min(1, a / b));

export async function analyticsOverview(db: Knex, period: Period, timeZone: string): Promise<AnalyticsOverview> {
  const log = () => periodSearches(db, period);
  const day = (column: string) => db.raw(`to_char(${column} at time zone ?, 'YYYY-MM-DD')`, [timeZone]);
  const searchers = withoutNoise(log(), db).distinct(db.raw('coalesce(customer_id, session_id) as actor'));
  // What a searching shopper did next counts whatever it names: carts and purchases carry no search's request id.
  const converted = async (type: string) => {
    const [row] = await periodEvents(db, { ...period, context: null }, type)
      .whereRaw('coalesce(customer_id, session_id) in (?)', [searchers.clone()])
      .select(db.raw('count(distinct coalesce(customer_id, session_id))::int as n'));
    return (row as { n: number }).n;
  };
  const [[totals], [noise], perDay, clicksPerDay, carted, bought, positions, contexts] = await Promise.all([
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
    periodEvents(db, period, 'search_click')
      .select(day('occurred_at').wrap('', ' as day'))
      .select(db.raw('count(*)::int as clicks'))
      .groupBy('day') as Promise<Array<{ day: string; clicks: number }>>,
    converted('add_to_cart'),
    converted('purchase'),
    periodEvents(db, period, 'search_click')
      .select(db.raw(`case when position is null then null else ${bandSql} end as band`), db.raw('count(*)::int as clicks'))
      .groupBy('band') as Promise<Array<{ band: string | null; clicks: number }>>,
    withoutNoise(periodSearches(db, { ...period, context: null }), db)
      .whereNotNull('context')
      .groupBy('context')
      .select('context', db.raw('count(*)::int as searches'))
      .orderBy([{ column: 'searches', order: 'desc' }, { column: 'context' }])
      .limit(maxContexts) as Promise<Array<{ context: string; searches: number }>>,
  ]);
  const clicksInBand = new Map(positions.map((r) => [r.band, r.clicks]));
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
    context: period.context ?? null,
    contexts,
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
    clickPositions: bandNames.map((band) => ({
      positions: band,
      clicks: clicksInBand.get(band) ?? 0,
      ctr: ratio(clicksInBand.get(band) ?? 0, totals!.searches),
    })),
    clicksWithoutPosition: clicksInBand.get(null) ?? 0,
  };
}
