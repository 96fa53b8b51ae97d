import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

describe('admin catalog writes (real Postgres)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: string;
  let scoped: string;

  const product = (overrides: Record<string, unknown> = {}) => ({
    merchantId: 'm1',
    categoryId: 'shoes',
    brandId: 'nimbus',
    titleEn: 'Nimbus Trail Running Shoes',
    titleZh: 'Nimbus 越野跑鞋',
    attributes: { colour: 'red', size: ['42', '43'] },
    price: 89.9,
    stock: 5,
    ...overrides,
  });

  before(async () => {
    env = await createTestEnvironment();
    api = await startTestApi(env);
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
    await api.request('PUT', '/v1/admin/merchants/m1', { key: admin, body: { name: 'Shop One', rating: 4.5 } });
    await api.request('PUT', '/v1/admin/merchants/m2', { key: admin, body: { name: 'Shop Two' } });
    scoped = (await createApiKey(env.db, { role: 'admin', merchantId: 'm1' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('builds the category tree with ancestor paths', async () => {
    assert.equal(
      (await api.request('PUT', '/v1/admin/categories/fashion', { key: admin, body: { nameEn: 'Fashion', nameZh: '时尚' } })).status,
      201,
    );
    const shoes = await api.request('PUT', '/v1/admin/categories/shoes', {
      key: admin,
      body: { parentId: 'fashion', nameEn: 'Shoes', facetAttributes: ['colour', 'size'] },
    });
    assert.equal(shoes.status, 201);
    assert.deepEqual(shoes.body.path, ['fashion', 'shoes']);
    const loop = await api.request('PUT', '/v1/admin/categories/fashion', { key: admin, body: { parentId: 'shoes', nameEn: 'Fashion' } });
    assert.equal(loop.status, 400);
    assert.equal(loop.body.error.field, 'parentId');
    assert.equal((await api.request('PUT', '/v1/admin/brands/nimbus', { key: admin, body: { name: 'Nimbus' } })).status, 201);
  });

  it('creates, updates and soft-deletes a product, each change bumping its version and writing the outbox', async () => {
    const created = await api.request('PUT', '/v1/admin/products/p1', { key: admin, body: product() });
    assert.equal(created.status, 201);
    const updated = await api.request('PUT', '/v1/admin/products/p1', { key: admin, body: product({ price: 79.9 }) });
    assert.equal(updated.status, 200);
    assert.ok(BigInt(updated.body.version) > BigInt(created.body.version));
    assert.equal((await api.request('DELETE', '/v1/admin/products/p1', { key: admin })).status, 204);
    assert.equal((await api.request('DELETE', '/v1/admin/products/p1', { key: admin })).status, 404);

    const row = await env.db('products').where({ id: 'p1' }).first();
    assert.equal(row.status, 'deleted');
    assert.deepEqual(row.attributes, { colour: 'red', size: ['42', '43'] });
    const outbox = await env.db('search_outbox').where({ product_id: 'p1' }).orderBy('id');
    assert.deepEqual(
      outbox.map((r) => r.op),
      ['upsert', 'upsert', 'delete'],
    );
    assert.equal(outbox[1].version, updated.body.version);
  });

  it('re-indexes products when their brand or category is renamed', async () => {
    await api.request('PUT', '/v1/admin/products/p2', { key: admin, body: product() });
    const before = await env.db('search_outbox').where({ product_id: 'p2' }).count<{ count: string }[]>('* as count');
    await api.request('PUT', '/v1/admin/categories/fashion', { key: admin, body: { nameEn: 'Fashion & Style' } });
    await api.request('PUT', '/v1/admin/brands/nimbus', { key: admin, body: { name: 'Nimbus Sports' } });
    const after = await env.db('search_outbox').where({ product_id: 'p2' }).count<{ count: string }[]>('* as count');
    assert.equal(Number(after[0]!.count) - Number(before[0]!.count), 2);
  });

  it('names the field of invalid input, unknown references and unknown fields', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [product({ price: -1 }), 'price'],
      [product({ price: 'cheap' }), 'price'],
      [product({ titleEn: null, titleZh: null }), 'titleEn'],
      [product({ categoryId: 'nope' }), 'categoryId'],
      [product({ brandId: 'nope' }), 'brandId'],
      [product({ colour: 'red' }), 'colour'],
      [product({ attributes: { colour: 5 } }), 'attributes.colour'],
    ];
    for (const [body, field] of cases) {
      const response = await api.request('PUT', '/v1/admin/products/p3', { key: admin, body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'VALIDATION_FAILED');
      assert.equal(response.body.error.field, field, JSON.stringify(response.body));
    }
  });

  it('lets a merchant-scoped key write only its own merchant products', async () => {
    assert.equal((await api.request('PUT', '/v1/admin/products/own', { key: scoped, body: product() })).status, 201);
    const other = await api.request('PUT', '/v1/admin/products/theirs', { key: scoped, body: product({ merchantId: 'm2' }) });
    assert.equal(other.status, 403);
    await api.request('PUT', '/v1/admin/products/theirs', { key: admin, body: product({ merchantId: 'm2' }) });
    const hijack = await api.request('PUT', '/v1/admin/products/theirs', { key: scoped, body: product() });
    assert.equal(hijack.status, 403);
    assert.equal((await api.request('DELETE', '/v1/admin/products/theirs', { key: scoped })).status, 403);
    assert.equal((await api.request('PUT', '/v1/admin/brands/x', { key: scoped, body: { name: 'X' } })).status, 403);
  });

  it('ingests whole orders idempotently and rejects unknown products by field', async () => {
    await api.request('PUT', '/v1/admin/products/p4', { key: admin, body: product() });
    const order = {
      id: 'o1',
      customerId: 'c1',
      placedAt: '2026-11-01T10:00:00Z',
      items: [{ productId: 'p4', quantity: 2, unitPrice: 10 }],
    };
    assert.deepEqual((await api.request('POST', '/v1/admin/orders', { key: admin, body: { orders: [order] } })).body, {
      created: 1,
      updated: 0,
    });
    assert.deepEqual((await api.request('POST', '/v1/admin/orders', { key: admin, body: { orders: [order] } })).body, {
      created: 0,
      updated: 1,
    });
    assert.equal((await env.db('order_items').where({ order_id: 'o1' })).length, 1);

    const bad = {
      ...order,
      id: 'o2',
      items: [
        { productId: 'p4', quantity: 1, unitPrice: 5 },
        { productId: 'ghost', quantity: 1, unitPrice: 5 },
      ],
    };
    const response = await api.request('POST', '/v1/admin/orders', { key: admin, body: { orders: [bad] } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.field, 'orders[0].items.productId');
    assert.equal(await env.db('orders').where({ id: 'o2' }).first(), undefined, 'no half-imported order');
  });
});
