import type { Knex } from 'knex';
import { defaultRecommendationSettings } from './settings';

/** Who is asking: a customer, an anonymous session, or both (a customer in a session not merged yet). */
export interface Shopper {
  customerId: string | null;
  sessionId: string | null;
}

/**
 * A shopper's recent history, read at request time: distinct product ids
 * per kind of interaction, most recent first. This is what the indicator
 * fields are matched against, so a view recorded a moment ago changes the
 * next answer without any retraining.
 */
export interface ShopperHistory {
  purchased: string[];
  carted: string[];
  viewed: string[];
}

export type HistoryKind = keyof ShopperHistory;

export interface HistoryEvent {
  kind: HistoryKind;
  productId: string;
  at: Date;
}

export interface HistoryLimits {
  /** Latest events read (views, clicks, carts, purchase events). @default 50 */
  events: number;
  /** Distinct products bought, latest purchase first (every order line is read). @default 2000 */
  purchases: number;
}

export const defaultHistoryLimits: Readonly<HistoryLimits> = Object.freeze({
  events: defaultRecommendationSettings.historyEvents,
  purchases: defaultRecommendationSettings.historyPurchases,
});

export const emptyHistory: ShopperHistory = Object.freeze({ purchased: [], carted: [], viewed: [] }) as ShopperHistory;

export function historySize(history: ShopperHistory): number {
  return history.purchased.length + history.carted.length + history.viewed.length;
}

/** Most recent first; a product appears once per kind, at its latest time. Pure. */
export function historyFromEvents(events: readonly HistoryEvent[]): ShopperHistory {
  const sorted = [...events].sort(
    (a, b) => b.at.getTime() - a.at.getTime() || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
  );
  const history: ShopperHistory = { purchased: [], carted: [], viewed: [] };
  const seen = { purchased: new Set<string>(), carted: new Set<string>(), viewed: new Set<string>() };
  for (const { kind, productId } of sorted) {
    if (seen[kind].has(productId)) continue;
    seen[kind].add(productId);
    history[kind].push(productId);
  }
  return history;
}

/**
 * The shopper's purchases (every order line of orders not cancelled or
 * returned, as distinct products at their latest purchase) and latest
 * events, in one round trip; each branch is an index range scan (orders by
 * customer, events by customer or session and time). Views, clicks and
 * search clicks count as views. The purchases are the whole history up to
 * `limits.purchases` distinct products (see RecommendationSettings), so
 * `exclude_purchased` leaves out everything a real customer ever bought.
 */
export async function loadShopperHistory(
  db: Knex,
  shopper: Shopper,
  limits: HistoryLimits = defaultHistoryLimits,
): Promise<ShopperHistory> {
  const branches: string[] = [];
  const bindings: Array<string | number> = [];
  const eventKind = `case e.type when 'add_to_cart' then 'carted' when 'purchase' then 'purchased' else 'viewed' end`;
  if (shopper.customerId !== null) {
    branches.push(`(select 'purchased' as kind, oi.product_id, max(o.placed_at) as at
        from orders o join order_items oi on oi.order_id = o.id
        where o.customer_id = ? and o.status not in ('cancelled', 'returned')
        group by oi.product_id order by at desc, oi.product_id limit ?)`);
    bindings.push(shopper.customerId, limits.purchases);
    branches.push(`(select ${eventKind} as kind, e.product_id, e.occurred_at as at from events e
        where e.customer_id = ? and e.product_id is not null order by e.occurred_at desc limit ?)`);
    bindings.push(shopper.customerId, limits.events);
  }
  if (shopper.sessionId !== null) {
    branches.push(`(select ${eventKind} as kind, e.product_id, e.occurred_at as at from events e
        where e.session_id = ? and e.product_id is not null order by e.occurred_at desc limit ?)`);
    bindings.push(shopper.sessionId, limits.events);
  }
  if (branches.length === 0) return emptyHistory;
  const { rows } = await db.raw<{ rows: Array<{ kind: HistoryKind; product_id: string; at: Date }> }>(
    branches.join(' union all '),
    bindings,
  );
  return historyFromEvents(rows.map((row) => ({ kind: row.kind, productId: row.product_id, at: row.at })));
}
