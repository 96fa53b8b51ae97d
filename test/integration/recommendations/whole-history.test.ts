import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { productInput } from '../../../src/catalog/schemas';
import { upsertProduct } from '../../../src/catalog/writes';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { prepareTrainedCatalog } from '../../support/trained-catalog';

const DAY_MS = 86_400_000;
const bulk = (n: number) => `bulk-${String(n).padStart(3, '0')}`;

/**
 * A heavy customer (a wholesaler) who bought 600 distinct products over
 * sixty orders: `exclude_purchased` must leave out every one of them, the
 * first bought as well as the last, whichever source the list comes from.
 * Other customers bought the heavy customer's oldest products recently, so
 * those top trending: reading only the latest order lines would hand them back.
 */
describe('whole purchase history (real Postgres and Elasticsearch)', function () {
  this.timeout(120_000);
  let env: TestEnvironment;
  let api: TestApi;
  let signingKey: string;
  const purchased = new Set(Array.from({ length: 600 }, (_, k) => bulk(k + 1)));

  before(async () => {
    env = await createTestEnvironment();
    const result = await prepareTrainedCatalog(env, async () => {
      for (let n = 1; n <= 620; n++) {
        const input = productInput.parse({
          merchantId: 'm-run',
          categoryId: 'cookware',
          titleEn: `Bulk Kitchen Item ${n}`,
          price: 5 + (n % 7),
          stock: 10,
        });
        await upsertProduct(env.db, bulk(n), input, { merchantId: null });
      }
      await env
        .db('customers')
        .insert([{ id: 'heavy', name: 'heavy' }, ...Array.from({ length: 8 }, (_, k) => ({ id: `fan-${k}`, name: 'fan' }))]);
      // The heavy customer's orders: bulk-001..010 first (60 days ago), bulk-591..600 last (1 day ago).
      for (let o = 0; o < 60; o++) {
        const id = `o-heavy-${o}`;
        await env
          .db('orders')
          .insert({ id, customer_id: 'heavy', placed_at: new Date(Date.now() - (60 - o) * DAY_MS), status: 'delivered' });
        await env.db('order_items').insert(
          Array.from({ length: 10 }, (_, k) => ({
            order_id: id,
            line_no: k + 1,
            product_id: bulk(o * 10 + k + 1),
            quantity: 1,
            unit_price: 1,
          })),
        );
      }
      // Others bought the heavy customer's first products (and two nobody else has) today: trending and "also bought".
      for (let k = 0; k < 8; k++) {
        const id = `o-fan-${k}`;
        await env.db('orders').insert({ id, customer_id: `fan-${k}`, placed_at: new Date(Date.now() - 3_600_000), status: 'delivered' });
        const items = [bulk(1), bulk(2), bulk(3), bulk(4), bulk(601 + (k % 2))];
        await env
          .db('order_items')
          .insert(items.map((product, line) => ({ order_id: id, line_no: line + 1, product_id: product, quantity: 1, unit_price: 1 })));
      }
    });
    assert.equal(result.status, 'trained');
    api = await startTestApi(env);
    signingKey = (await createApiKey(env.db, { role: 'signing' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  const get = async (path: string) => {
    const response = await api.request('GET', path, { key: deriveCustomerKey(signingKey, { customerId: 'heavy', ttlSeconds: 600 }) });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return (response.body.items as Array<{ product: { id: string } }>).map((item) => item.product.id);
  };

  it('never recommends any of 600 distinct products bought, however long ago', async () => {
    const lists = {
      forYou: await get('/v1/customers/heavy/recommendations?size=50'),
      trending: await get('/v1/recommendations/trending?size=50&customer=heavy'),
      alsoBought: await get(`/v1/products/${bulk(601)}/recommendations?type=also_bought&size=50&customer=heavy`),
    };
    for (const [name, ids] of Object.entries(lists)) {
      const again = ids.filter((id) => purchased.has(id));
      assert.deepEqual(again, [], `${name} repeats purchases`);
      assert.ok(ids.length >= 15, `${name} still answers from what is left: ${ids.length}`);
    }
  });
});
