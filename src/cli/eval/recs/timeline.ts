import type { Knex } from 'knex';

/**
 * Moves the scratch copy's history back and forth in time: orders (with
 * their lines) and events from an instant on are set aside in holding
 * tables, so training, indexing and the served history read by the
 * recommendation service all see only the past; `release` puts back what
 * came before a later instant (the validation run trains on less than the
 * test run).
 *
 * Products the store did not know yet are hidden as well: those created at
 * or after the instant with no order line before it (an import creates
 * every product of the file at once, so without this a product first sold
 * after the cut would already be in the index).
 */
export interface Timeline {
  /** Sets aside every order and event at or after `at` (epoch ms). */
  hold(at: number): Promise<void>;
  /** Puts back held orders and events strictly before `until`. */
  release(until: number): Promise<void>;
}

export function createTimeline(db: Knex): Timeline {
  let created = false;
  const ensure = async (trx: Knex.Transaction) => {
    if (created) return;
    await trx.raw('create table held_orders (like orders including defaults)');
    await trx.raw('create table held_order_items (like order_items including defaults)');
    await trx.raw('create table held_events (like events including defaults)');
    await trx.raw('create table held_products (id text primary key)');
    created = true;
  };
  return {
    async hold(at) {
      const instant = new Date(at);
      await db.transaction(async (trx) => {
        await ensure(trx);
        await trx.raw(
          'insert into held_order_items select oi.* from order_items oi join orders o on o.id = oi.order_id where o.placed_at >= ?',
          [instant],
        );
        await trx.raw('insert into held_orders select * from orders where placed_at >= ?', [instant]);
        // order_items go with their orders (on delete cascade).
        await trx('orders').where('placed_at', '>=', instant).delete();
        await trx.raw('insert into held_events select * from events where occurred_at >= ?', [instant]);
        await trx('events').where('occurred_at', '>=', instant).delete();
        await trx.raw(
          `insert into held_products select p.id from products p
            where p.status = 'active' and p.created_at >= ? and not exists (select 1 from order_items oi where oi.product_id = p.id)
           on conflict do nothing`,
          [instant],
        );
        await trx.raw(`update products set status = 'hidden' where status = 'active' and id in (select id from held_products)`);
      });
    },
    async release(until) {
      if (!created) return;
      const instant = new Date(until);
      await db.transaction(async (trx) => {
        await trx.raw('insert into orders select * from held_orders where placed_at < ?', [instant]);
        await trx.raw(
          'insert into order_items select hi.* from held_order_items hi join held_orders o on o.id = hi.order_id where o.placed_at < ?',
          [instant],
        );
        await trx.raw('delete from held_order_items hi using held_orders o where o.id = hi.order_id and o.placed_at < ?', [instant]);
        await trx('held_orders').where('placed_at', '<', instant).delete();
        await trx.raw('insert into events select * from held_events where occurred_at < ?', [instant]);
        await trx('held_events').where('occurred_at', '<', instant).delete();
        const sold = 'select id from held_products h where exists (select 1 from order_items oi where oi.product_id = h.id)';
        await trx.raw(`update products set status = 'active' where id in (${sold})`);
        await trx.raw(`delete from held_products where id in (${sold})`);
      });
    },
  };
}
