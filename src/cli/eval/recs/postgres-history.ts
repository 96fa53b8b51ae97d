import type { Knex } from 'knex';
import type { Interaction } from '../../../../ranking/eval/temporal-split';
import type { OrderHistory } from './order-history';

const PAGE = 50_000;

/** Event types that say "looked at the product" (cross-occurrence's view action). */
const VIEW_TYPES = ['view', 'click', 'search_click'];

/**
 * Order history from Agora's own tables: lines of orders that were not
 * cancelled or returned and belong to a known customer, plus the customers'
 * views (view, click, search_click) and add-to-carts. The knex instance must
 * stay open while describeItems may be called. Read in keyset pages so a large seed does not sit
 * in the pg driver's buffers all at once.
 */
export async function readPostgresHistory(db: Knex): Promise<OrderHistory> {
  const history: OrderHistory = {
    source: 'postgres (orders, order_items, events)',
    purchases: [],
    views: [],
    carts: [],
    counts: {},
    async describeItems(ids) {
      const rows = await db('products')
        .whereIn('id', [...ids])
        .select<Array<{ id: string; title: string | null }>>('id', db.raw('coalesce(title_en, title_zh) as title'));
      return new Map(rows.flatMap(({ id, title }) => (title === null ? [] : [[id, title]])));
    },
  };
  let after: { orderId: string; lineNo: number } | null = null;
  for (;;) {
    const query = db('order_items as oi')
      .join('orders as o', 'o.id', 'oi.order_id')
      .whereNotNull('o.customer_id')
      .whereNotIn('o.status', ['cancelled', 'returned'])
      .select<Array<{ order_id: string; line_no: number; product_id: string; customer_id: string; placed_at: Date }>>(
        'oi.order_id',
        'oi.line_no',
        'oi.product_id',
        'o.customer_id',
        'o.placed_at',
      )
      .orderBy([{ column: 'oi.order_id' }, { column: 'oi.line_no' }])
      .limit(PAGE);
    if (after !== null) query.whereRaw('(oi.order_id, oi.line_no) > (?, ?)', [after.orderId, after.lineNo]);
    const rows = await query;
    for (const row of rows) {
      history.purchases.push({ userId: row.customer_id, itemId: row.product_id, orderId: row.order_id, at: row.placed_at.getTime() });
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = { orderId: last.order_id, lineNo: last.line_no };
  }
  history.counts['order lines'] = history.purchases.length;

  let afterId = 0;
  for (;;) {
    const rows = await db('events')
      .whereNotNull('customer_id')
      .whereNotNull('product_id')
      .whereIn('type', [...VIEW_TYPES, 'add_to_cart'])
      .where('id', '>', afterId)
      .select<Array<{ id: string; type: string; customer_id: string; product_id: string; occurred_at: Date }>>(
        'id',
        'type',
        'customer_id',
        'product_id',
        'occurred_at',
      )
      .orderBy('id')
      .limit(PAGE);
    for (const row of rows) {
      const event: Interaction = { userId: row.customer_id, itemId: row.product_id, at: row.occurred_at.getTime() };
      (row.type === 'add_to_cart' ? history.carts : history.views).push(event);
    }
    if (rows.length < PAGE) break;
    afterId = Number(rows[rows.length - 1].id);
  }
  history.counts['view events'] = history.views.length;
  history.counts['add-to-cart events'] = history.carts.length;

  return history;
}
