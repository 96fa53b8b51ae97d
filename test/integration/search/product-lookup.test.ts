import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { createLogger } from '../../../src/core/logger';
import { productsAlias } from '../../../src/core/product-index';
import { createQueue } from '../../../jobs/queue/create-queue';
import { runJob } from '../../../jobs/register';
import { startStorefront, type Storefront } from '../../support/storefront';

/** GET /v1/products/:id: one product for the product page, under the visibility searches have. */
describe('GET /v1/products/:id (real services)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  let adminKey: string;
  const product = (id: string, key = shop.publicKey) => shop.api.request('GET', `/v1/products/${id}`, { key });
  const admin = (method: string, path: string, body?: unknown) => shop.api.request(method, path, { key: adminKey, body });

  before(async () => {
    shop = await startStorefront();
    adminKey = (await createApiKey(shop.env.db, { role: 'admin' })).key;
  });
  after(async () => {
    await shop?.close();
  });

  /** The outbox relay (the worker's job) writes the changes to Elasticsearch; the refresh makes them searchable. */
  async function relay(): Promise<void> {
    const { env } = shop;
    const queue = createQueue(env.config);
    try {
      await runJob({ type: 'outbox.relay' }, { config: env.config, logger: createLogger(env.config), es: env.es, db: env.db, queue });
      await env.es.indices.refresh({ index: productsAlias(env.config.indexPrefix) });
    } finally {
      await queue.close();
    }
  }

  it('answers the tile with description, attributes and category path, to a public key', async () => {
    const response = await product('shoe-1');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const tile = (await shop.search({ q: 'nimbus trail running' })).body.hits.find((h: { id: string }) => h.id === 'shoe-1');
    assert.deepEqual(response.body, {
      product: {
        ...tile,
        score: null,
        pinned: false,
        highlightedTitle: null,
        description: 'Grippy outsole for muddy trails.',
        attributes: { colour: 'Red', size: ['42', '43', '44'] },
        categoryPath: [
          { id: 'fashion', name: 'Fashion' },
          { id: 'shoes', name: 'Shoes' },
          { id: 'running-shoes', name: 'Running Shoes' },
        ],
      },
    });
    assert.equal(response.body.product.title, "Nimbus Trail Running Shoes Men's Lightweight Red");
    assert.equal(response.body.product.price, 89.9);
    assert.deepEqual(response.body.product.brand, { id: 'nimbus', name: 'Nimbus' });
  });

  it('answers 404 NOT_FOUND for unknown and hidden products, and 400 naming id for a bad id', async () => {
    for (const id of ['no-such-product', 'hidden-1']) {
      const response = await product(id);
      assert.equal(response.status, 404, id);
      assert.equal(response.body.error.code, 'NOT_FOUND', id);
    }
    const bad = await product('shoe%201');
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.field, 'id');
    const extra = await shop.api.request('GET', '/v1/products/shoe-1?fields=all', { key: shop.publicKey });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.error.field, 'fields');
    assert.equal((await shop.api.request('GET', '/v1/products/shoe-1')).status, 401);
  });

  it('respects a customer key’s filters', async () => {
    const signing = (await createApiKey(shop.env.db, { role: 'signing' })).key;
    const runOnly = deriveCustomerKey(signing, { customerId: 'c-1', ttlSeconds: 600, filters: { merchantIds: ['m-run'] } });
    assert.equal((await product('shoe-1', runOnly)).status, 200);
    const other = await product('audio-1', runOnly);
    assert.equal(other.status, 404, 'another merchant’s product is not there for this key');
    assert.equal(other.body.error.code, 'NOT_FOUND');
  });

  it('answers 404 once a product is deleted or its merchant closed', async () => {
    assert.equal((await product('pan-2')).status, 200);
    assert.equal((await admin('DELETE', '/v1/admin/products/pan-2')).status, 204);
    await relay();
    assert.equal((await product('pan-2')).status, 404, 'deleted');

    assert.equal((await product('audio-2')).status, 200);
    const closed = await admin('PUT', '/v1/admin/merchants/m-tech', { name: 'TechHub', status: 'closed', rating: 4.1 });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    await relay();
    const response = await product('audio-2');
    assert.equal(response.status, 404, 'its merchant is closed');
    assert.equal(response.body.error.code, 'NOT_FOUND');
  });
});
