import type { Knex } from 'knex';
import type { Basket } from '../../../../ranking/eval/next-basket';

export interface DatedBasket extends Basket {
  at: number;
  customerId: string | null;
}

/** Every order that was not cancelled or returned (guests' too: a basket is a basket), its products in line order. */
export async function readBaskets(db: Knex): Promise<DatedBasket[]> {
  const { rows } = await db.raw<{ rows: Array<{ id: string; customer_id: string | null; at: number; items: string[] }> }>(
    `select o.id, o.customer_id, extract(epoch from o.placed_at) * 1000 as at,
            array_agg(oi.product_id order by oi.line_no) as items
       from orders o join order_items oi on oi.order_id = o.id
      where o.status not in ('cancelled', 'returned')
      group by o.id order by o.placed_at, o.id`,
  );
  return rows.map((row) => ({ orderId: row.id, customerId: row.customer_id, at: Number(row.at), items: row.items }));
}
