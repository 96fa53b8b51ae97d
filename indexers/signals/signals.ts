import type { Knex } from 'knex';
import { dataClockSql } from './data-clock';
import { countedEventsSql, defaultMaxShoppersPerSource } from './event-counts';
import { useBackgroundLane } from '../outbox';

export interface SignalsOptions {
  /** The instant signals are computed for. @default the newest order or event in the store (./data-clock.ts) */
  asOf?: Date | null;
  /** An interaction this old counts half as much as one now. @default 14 */
  halfLifeDays?: number;
  /**
   * How many shoppers one sender's address (events.source) counts as at most,
   * per product, event type and day it sent on (a household or an office
   * behind one address). @default 2
   */
  maxShoppersPerSource?: number;
  /** Smallest change of popularity (a log scale) worth re-indexing a product for. @default 0.05 */
  minPopularityChange?: number;
  /** Smallest change of trend worth re-indexing a product for. @default 0.1 */
  minTrendChange?: number;
  /** Products written per transaction: a batch's rows stay locked until it commits, so a catalog write waits for one batch at most. @default 2000 */
  batchSize?: number;
}

export interface SignalsSummary {
  /** Products whose stored signals changed notably. */
  changed: number;
  /** Of those, products touched so that their documents are rewritten. */
  touched: number;
}

/**
 * Recomputes popularity and trend from orders and events, as of the newest
 * of them (./data-clock.ts), so an imported history that ended long ago
 * still has popular and rising products.
 *
 * popularity = ln(1 + Σ weight · ½^(age / half-life)) over the last 90 days,
 * or, when the catalog brought a sales rank (products.sales_rank) that says
 * more, ln(1 + the merchant's ranked products / the product's position among
 * them, ties at the last of their positions): a new catalog has no activity
 * here yet, and its best sellers should still lead,
 * where a unit bought weighs 5 (orders not cancelled or returned), an
 * add-to-cart 3 and a view or click 1. Purchase *events* are left out:
 * orders are the record of sales, and counting both would double them.
 * Events are what anyone with the public key can write, so they count as
 * ./event-counts.ts bounds them: each (session or customer, product, type)
 * once a day, and one sender's address as `maxShoppersPerSource` shoppers
 * at most; jobs/recommendations/load.ts counts trending the same way.
 * trend = (daily weight over the last 7 days + ⅐) / (daily weight over the
 * 28 days before + ⅐); the ⅐ (one interaction a week) keeps a product with
 * two views from looking like a rocket.
 *
 * Only products whose values moved past the thresholds are written, and
 * they reach Elasticsearch by a version bump (touching the product row,
 * which the outbox trigger turns into a normal upsert) rather than a partial
 * `_update`: an `_update` cannot carry an external version, and it raises
 * the document's `_version` by one, so a later real change whose version
 * happened to be that number would be refused as stale and lost. It would
 * also put the index out of step with Postgres for reconcile and make a
 * reindex race a signals run. Going through the outbox keeps one path, one
 * ordering rule and one place (Postgres) where the truth lives.
 *
 * The new values are read in one statement and written `batchSize` products
 * per transaction in the outbox's background lane (#22: one transaction
 * rewrote 80k products, holding their locks, and queued them all ahead of
 * merchants' edits). A run that dies midway leaves the rest for the next one,
 * which finds them still changed.
 */
export async function recomputeSignals(db: Knex, options: SignalsOptions = {}): Promise<SignalsSummary> {
  const changed = await readChangedSignals(db, options);
  const batchSize = options.batchSize ?? 2000;
  let touched = 0;
  for (let start = 0; start < changed.length; start += batchSize)
    touched += await writeSignalsBatch(db, changed.slice(start, start + batchSize));
  return { changed: changed.length, touched };
}

interface ChangedSignals {
  product_id: string;
  popularity: number;
  trend: number;
  purchases_7d: number;
  views_7d: number;
  computed_at: string;
}

/** The products whose signals moved past the thresholds, with their new values: one read, no row locks. */
async function readChangedSignals(db: Knex, options: SignalsOptions): Promise<ChangedSignals[]> {
  const halfLifeSeconds = (options.halfLifeDays ?? 14) * 86_400;
  const { rows } = await db.raw<{ rows: ChangedSignals[] }>(
    `with params as (select coalesce(?::timestamptz, ${dataClockSql}) as as_of, ?::float8 as half_life_s, ?::int as max_per_source),
     ${countedEventsSql("e.occurred_at > p.as_of - interval '90 days' and e.occurred_at <= p.as_of")},
     event_activity as (
       select product_id, at, interactions * case type when 'add_to_cart' then 3.0 else 1.0 end as weight, interactions from counted
     ),
     activity as (
       select oi.product_id, o.placed_at as at, 5.0 * oi.quantity as weight, true as purchase, 0 as interactions
       from order_items oi join orders o on o.id = oi.order_id, params p
       where o.status not in ('cancelled', 'returned') and o.placed_at > p.as_of - interval '90 days' and o.placed_at <= p.as_of
       union all
       select product_id, at, weight, false, interactions from event_activity
     ),
     fresh as (
       select a.product_id,
         ln(1 + sum(a.weight * power(0.5, extract(epoch from p.as_of - a.at) / p.half_life_s))) as popularity,
         coalesce(sum(a.weight) filter (where a.at > p.as_of - interval '7 days'), 0) / 7.0 as recent_rate,
         coalesce(sum(a.weight) filter (where a.at <= p.as_of - interval '7 days' and a.at > p.as_of - interval '35 days'), 0) / 28.0 as previous_rate,
         coalesce(sum(a.weight / 5.0) filter (where a.purchase and a.at > p.as_of - interval '7 days'), 0) as purchases_7d,
         coalesce(sum(a.interactions) filter (where not a.purchase and a.at > p.as_of - interval '7 days'), 0) as views_7d
       from activity a, params p
       group by a.product_id
     ),
     -- A catalog's own sales ranks (products.sales_rank, 1 the best seller) on the same log scale, by position among the
     -- merchant's ranked products so that ranks counted store-wide or within the catalog read alike: ln(1 + ranked /
     -- position), the best seller ln(1 + ranked), the median ln 3. Per merchant: each ranks by its own history, so one
     -- merchant's numbers say nothing about another's. Products tied on a rank share the position of the last of them
     -- (cume_dist), not one picked by id: a merchant that calls every product its best seller gets ln 2 for each.
     -- A product's own activity takes over once it says more. Once the catalog has activity here, a rank lifts a product
     -- at most to the most popular product's measured popularity: the head of a large ranked catalog (ln 6,030 for the
     -- best of 6,029) would otherwise outrank everything shoppers do here, for as long as the rank stands.
     ranked as (
       select r.product_id, least(r.prior, coalesce(top.popularity, r.prior)) as prior
       from (select id as product_id, ln(1 + 1 / cume_dist() over (partition by merchant_id order by sales_rank)) as prior
               from products where sales_rank is not null and status <> 'deleted') r,
            (select max(popularity) as popularity from fresh) top
     ),
     merged as (
       select pr.id as product_id,
         round(greatest(coalesce(f.popularity, 0), coalesce(r.prior, 0))::numeric, 4)::float8 as popularity,
         round(((coalesce(f.recent_rate, 0) + 1.0 / 7) / (coalesce(f.previous_rate, 0) + 1.0 / 7))::numeric, 3)::float8 as trend,
         coalesce(f.purchases_7d, 0)::float8 as purchases_7d,
         coalesce(f.views_7d, 0)::float8 as views_7d,
         s.popularity as old_popularity, s.trend as old_trend
       from products pr
       left join fresh f on f.product_id = pr.id
       left join ranked r on r.product_id = pr.id
       left join product_signals s on s.product_id = pr.id
       where pr.status <> 'deleted' and (f.product_id is not null or r.product_id is not null or s.product_id is not null)
     )
     select m.product_id, m.popularity, m.trend, m.purchases_7d, m.views_7d, p.as_of as computed_at
     from merged m, params p
     where m.old_popularity is null or abs(m.popularity - m.old_popularity) >= ? or abs(m.trend - m.old_trend) >= ?
     order by m.product_id`,
    [
      options.asOf ?? null,
      halfLifeSeconds,
      options.maxShoppersPerSource ?? defaultMaxShoppersPerSource,
      options.minPopularityChange ?? 0.05,
      options.minTrendChange ?? 0.1,
    ],
  );
  return rows;
}

/**
 * One bounded transaction: the products touched first (their outbox rows in
 * the background lane), then their signals stored (the derived-rows trigger
 * finds them touched already). It holds these rows' locks for one batch only,
 * so a merchant's write to one of them waits for a batch, not for the run.
 */
async function writeSignalsBatch(db: Knex, batch: ChangedSignals[]): Promise<number> {
  return db.transaction(async (trx) => {
    await useBackgroundLane(trx);
    const { rowCount } = await trx.raw<{ rowCount: number }>(
      "update products set updated_at = now() where id = any(?::text[]) and status <> 'deleted'",
      [batch.map((row) => row.product_id)],
    );
    await trx.raw(
      `insert into product_signals (product_id, popularity, trend, purchases_7d, views_7d, computed_at)
       select product_id, popularity, trend, purchases_7d, views_7d, computed_at from jsonb_to_recordset(?::jsonb) as x(
         product_id text, popularity float8, trend float8, purchases_7d float8, views_7d float8, computed_at timestamptz)
       on conflict (product_id) do update set popularity = excluded.popularity, trend = excluded.trend,
         purchases_7d = excluded.purchases_7d, views_7d = excluded.views_7d, computed_at = excluded.computed_at`,
      [JSON.stringify(batch)],
    );
    return rowCount;
  });
}
