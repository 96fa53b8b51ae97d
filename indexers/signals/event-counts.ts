/**
 * How shopper events count towards event-driven signals (popularity and trend
 * here, trending in jobs/recommendations/load.ts). Events are what anyone with
 * the public key can write, so they are bounded before they count:
 *
 * - each (customer or session, product, event type) counts once per day of
 *   `occurred_at`, however often it was sent;
 * - one sender's address (`events.source`, the hashed client address the API
 *   stores) counts as at most `max_per_source` shoppers per product, event
 *   type and day it sent on, so made-up sessions from one address, or
 *   occurredAt spread backwards over the window, earn nothing more. That day
 *   is the day received: occurredAt is the client's word.
 *
 * Events without a source (stored before the column, or not through the API)
 * are bounded by the first rule alone.
 *
 * The two common table expressions, `deduplicated` and `counted`, need a CTE
 * `params` with a column `max_per_source` (int), and `where` is a condition on
 * `events e` and `params p` selecting the events to count. `counted` has one
 * row per counted group: product_id, type, at (the latest occurred_at) and
 * interactions (how many shoppers it stands for).
 */
export function countedEventsSql(where: string): string {
  return `deduplicated as (
       select e.product_id, e.type, e.source, max(e.occurred_at) as at, min(e.received_at) as received_at
       from events e, params p
       where e.product_id is not null and e.type in ('view', 'click', 'search_click', 'add_to_cart') and (${where})
       group by e.product_id, e.type, coalesce('c:' || e.customer_id, 's:' || e.session_id), e.source,
         (e.occurred_at at time zone 'UTC')::date
     ),
     counted as (
       select product_id, type, at, 1 as interactions from deduplicated where source is null
       union all
       select product_id, type, max(at), least(count(*), p.max_per_source)::int
       from deduplicated, params p
       where source is not null
       group by product_id, type, source, (received_at at time zone 'UTC')::date, p.max_per_source
     )`;
}

/** Shoppers one address counts as at most, per product, event type and day: a household or an office behind one address. */
export const defaultMaxShoppersPerSource = 2;
