import type { Knex } from 'knex';
import { dataClockSql } from '../../indexers/signals/data-clock';
import { countedEventsSql, defaultMaxShoppersPerSource } from '../../indexers/signals/event-counts';
import { IdIndex } from '../../ranking/cf/id-index';
import { itemCounts } from '../../ranking/cf/interactions';
import { PairBuffer, csrRows, type Csr } from './csr';
import type { TrendingInput } from './anchored-trending';
import { windowMs, type TrainParams } from './options';

const PAGE = 50_000;
/** Products whose trending events are counted per query. */
const TRENDING_PRODUCTS_PAGE = 2_000;

/** Event types that say "looked at the product": the view action of cross-occurrence (as in benchmarks/recs). */
const VIEW_TYPES = ['view', 'click', 'search_click'];

/**
 * Interaction history in index space. One user index covers customers and
 * anonymous sessions, so purchases, views and carts line up for
 * cross-occurrence; sessions have no purchase rows but their views still
 * count as evidence that a view did not lead to a purchase.
 */
export interface TrainingData {
  items: IdIndex;
  users: number;
  purchases: Csr;
  views: Csr;
  carts: Csr;
  /** Rows are orders, customers' and guests' alike. */
  baskets: Csr;
  trending: TrendingInput;
  /** Distinct customers who bought each item. */
  purchasers: Int32Array;
  now: number;
  counts: Record<'orderLines' | 'orders' | 'customers' | 'sessions' | 'viewEvents' | 'cartEvents' | 'trendingEvents', number>;
}

export interface LoadProgress {
  total: number;
  tick(n: number): void;
}

/**
 * Reads order lines (orders not cancelled or returned) and the view and
 * add-to-cart events, in keyset pages so that memory holds typed arrays
 * rather than a whole result set of row objects.
 */
export async function loadTrainingData(
  db: Knex,
  params: TrainParams,
  progress?: (total: number) => LoadProgress,
  clock: { asOf?: Date | null } = {},
): Promise<TrainingData> {
  const [{ rows: now_ }, lineCount, eventCount] = await Promise.all([
    // Trending decays from the newest order or event (or a configured clock), not the wall clock.
    db.raw<{ rows: Array<{ now: Date }> }>(`select coalesce(?::timestamptz, ${dataClockSql}) as now`, [clock.asOf ?? null]),
    db('order_items').count<Array<{ count: string }>>('* as count'),
    db('events').whereNotNull('product_id').count<Array<{ count: string }>>('* as count'),
  ]);
  const now = now_[0]!.now.getTime();
  const trendingSince = now - windowMs(params);
  const tracker = progress?.(Number(lineCount[0]?.count ?? 0) + Number(eventCount[0]?.count ?? 0));

  const items = new IdIndex();
  const users = new IdIndex();
  // Lines arrive grouped by order, so an order's index is a counter, not a map of every order id.
  let orders = 0;
  let lastOrderId: string | null = null;
  const purchases = new PairBuffer();
  const baskets = new PairBuffer();
  const views = new PairBuffer();
  const carts = new PairBuffer();
  const trending = new TrendingBuffer();
  let customers = 0;
  let orderLines = 0;

  let after: { orderId: string; lineNo: number } | null = null;
  for (;;) {
    const query = db('order_items as oi')
      .join('orders as o', 'o.id', 'oi.order_id')
      .whereNotIn('o.status', ['cancelled', 'returned'])
      // Epoch milliseconds as float8: node-postgres parses those as plain numbers, much faster than millions of Dates.
      .select<Array<{ order_id: string; line_no: number; product_id: string; customer_id: string | null; at: number }>>(
        'oi.order_id',
        'oi.line_no',
        'oi.product_id',
        'o.customer_id',
        db.raw('(extract(epoch from o.placed_at) * 1000)::float8 as at'),
      )
      .orderBy([{ column: 'oi.order_id' }, { column: 'oi.line_no' }])
      .limit(PAGE);
    if (after !== null) query.whereRaw('(oi.order_id, oi.line_no) > (?, ?)', [after.orderId, after.lineNo]);
    const rows = await query;
    for (const row of rows) {
      const item = items.intern(row.product_id);
      if (row.order_id !== lastOrderId) {
        lastOrderId = row.order_id;
        orders++;
      }
      baskets.push(orders - 1, item);
      if (row.customer_id !== null) {
        const known = users.size;
        purchases.push(users.intern(`c:${row.customer_id}`), item);
        if (users.size > known) customers++;
      }
      if (row.at > trendingSince) trending.push(item, row.at, params.trendingWeights.purchase);
    }
    orderLines += rows.length;
    tracker?.tick(rows.length);
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    after = { orderId: last.order_id, lineNo: last.line_no };
  }

  let viewEvents = 0;
  let cartEvents = 0;
  let afterId = '0';
  for (;;) {
    const rows = await db('events')
      .whereNotNull('product_id')
      .whereIn('type', [...VIEW_TYPES, 'add_to_cart'])
      .where('id', '>', afterId)
      .select<Array<{ id: string; type: string; customer_id: string | null; session_id: string | null; product_id: string; at: number }>>(
        'id',
        'type',
        'customer_id',
        'session_id',
        'product_id',
        db.raw('(extract(epoch from occurred_at) * 1000)::float8 as at'),
      )
      .orderBy('id')
      .limit(PAGE);
    for (const row of rows) {
      const item = items.intern(row.product_id);
      // The actor check on the table guarantees one of the two.
      const known = users.size;
      const user = users.intern(row.customer_id !== null ? `c:${row.customer_id}` : `s:${row.session_id}`);
      if (users.size > known && row.customer_id !== null) customers++;
      const cart = row.type === 'add_to_cart';
      (cart ? carts : views).push(user, item);
      if (cart) cartEvents++;
      else viewEvents++;
    }
    tracker?.tick(rows.length);
    if (rows.length < PAGE) break;
    afterId = rows[rows.length - 1]!.id;
  }

  // Trending counts events as signals do (indexers/signals/event-counts.ts): once per shopper, product,
  // type and day, one address as a couple of shoppers at most, so a flood from one address cannot top it.
  // A page of products at a time, each read by the (product_id, occurred_at) index.
  let afterProduct = '';
  for (;;) {
    const page = (
      await db('products').where('id', '>', afterProduct).orderBy('id').limit(TRENDING_PRODUCTS_PAGE).select<Array<{ id: string }>>('id')
    ).map((row) => row.id);
    if (page.length === 0) break;
    const { rows } = await db.raw<{ rows: Array<{ product_id: string; type: string; at: number; interactions: number }> }>(
      `with params as (select ?::int as max_per_source, to_timestamp(?::float8 / 1000) as since, ?::text[] as products),
       ${countedEventsSql('e.product_id = any(p.products) and e.occurred_at > p.since')}
       select product_id, type, (extract(epoch from at) * 1000)::float8 as at, interactions from counted`,
      [defaultMaxShoppersPerSource, trendingSince, page],
    );
    for (const row of rows) {
      const weight = row.type === 'add_to_cart' ? params.trendingWeights.cart : params.trendingWeights.view;
      trending.push(items.intern(row.product_id), row.at, weight * row.interactions);
    }
    if (page.length < TRENDING_PRODUCTS_PAGE) break;
    afterProduct = page[page.length - 1]!;
  }

  const purchaseRows = purchases.toCsr(users.size);
  return {
    items,
    users: users.size,
    purchases: purchaseRows,
    views: views.toCsr(users.size),
    carts: carts.toCsr(users.size),
    baskets: baskets.toCsr(orders),
    trending: trending.toInput(),
    purchasers: itemCounts(csrRows(purchaseRows), items.size),
    now,
    counts: { orderLines, orders, customers, sessions: users.size - customers, viewEvents, cartEvents, trendingEvents: trending.length },
  };
}

/** Trending events in growable parallel typed arrays. */
class TrendingBuffer {
  #items: Int32Array = new Int32Array(1024);
  #at: Float64Array = new Float64Array(1024);
  #weights: Float32Array = new Float32Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: number, at: number, weight: number): void {
    if (this.#length === this.#items.length) {
      const size = this.#length * 2;
      this.#items = copyInto(new Int32Array(size), this.#items);
      this.#at = copyInto(new Float64Array(size), this.#at);
      this.#weights = copyInto(new Float32Array(size), this.#weights);
    }
    this.#items[this.#length] = item;
    this.#at[this.#length] = at;
    this.#weights[this.#length++] = weight;
  }

  toInput(): TrendingInput {
    return {
      items: this.#items.slice(0, this.#length),
      at: this.#at.slice(0, this.#length),
      weights: this.#weights.slice(0, this.#length),
    };
  }
}

function copyInto<T extends Int32Array | Float64Array | Float32Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
