import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

interface Scenario {
  orders: Array<{ customers: string[]; items: string[]; daysAgo: number }>;
  events: Array<{ customers: string[]; type: string; product: string; daysAgo: number }>;
}

const DAY_MS = 86_400_000;

/** Writes fixtures/recommendations/scenario.json's customers, orders and events, dated relative to `now`. */
export async function loadScenario(db: Knex, now = Date.now()): Promise<Scenario> {
  const scenario = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/recommendations/scenario.json'), 'utf8')) as Scenario;
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const customers = new Set([...scenario.orders, ...scenario.events].flatMap((group) => group.customers));
  await db('customers').insert([...customers].map((id) => ({ id, name: id })));
  let n = 0;
  for (const group of scenario.orders) {
    for (const customer of group.customers) {
      const orderId = `o-${String(++n).padStart(3, '0')}`;
      await db('orders').insert({ id: orderId, customer_id: customer, placed_at: at(group.daysAgo), status: 'delivered' });
      await db('order_items').insert(
        group.items.map((product, k) => ({ order_id: orderId, line_no: k + 1, product_id: product, quantity: 1, unit_price: 1 })),
      );
    }
  }
  await db('events').insert(
    scenario.events.flatMap((group) =>
      group.customers.map((customer) => ({
        type: group.type,
        customer_id: customer,
        product_id: group.product,
        occurred_at: at(group.daysAgo),
      })),
    ),
  );
  return scenario;
}
