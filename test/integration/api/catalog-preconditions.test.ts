import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

/** Optional If-Match / If-None-Match on product writes (#22: a late PUT re-created a product deleted a moment before). */
describe('product write preconditions (real Postgres)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let admin: string;
  const product = (price: number) => ({ merchantId: 'm1', categoryId: 'shoes', titleEn: 'Precondition Shoe', price, stock: 1 });
  const put = (id: string, price: number, headers: Record<string, string> = {}) =>
    api.request('PUT', `/v1/admin/products/${id}`, { key: admin, body: product(price), headers });
  const outboxRows = async (id: string) => Number((await env.db('search_outbox').where({ product_id: id }).count({ n: '*' }))[0]!.n);

  before(async () => {
    env = await createTestEnvironment({ RATE_LIMIT_DISABLED: 'true' });
    api = await startTestApi(env);
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
    await api.request('PUT', '/v1/admin/merchants/m1', { key: admin, body: { name: 'Shop One' } });
    await api.request('PUT', '/v1/admin/categories/shoes', { key: admin, body: { nameEn: 'Shoes' } });
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('answers every product write with its version as a strong ETag, and applies If-Match only to that version', async () => {
    const created = await put('p1', 10);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('etag'), `"${created.body.version}"`);

    const stale = await put('p1', 11, { 'if-match': '"0"' });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'PRECONDITION_FAILED');
    assert.equal(Number((await env.db('products').where({ id: 'p1' }).first('price')).price), 10);
    assert.equal((await put('p1', 11, { 'if-match': `W/"${created.body.version}"` })).status, 412, 'a weak tag never matches a write');

    const updated = await put('p1', 12, { 'if-match': `"999999", ${created.headers.get('etag')}` });
    assert.equal(updated.status, 200);
    assert.ok(BigInt(updated.body.version) > BigInt(created.body.version));
    assert.equal(updated.headers.get('etag'), `"${updated.body.version}"`);
    assert.equal((await put('p1', 13, { 'if-match': '*' })).status, 200);
  });

  it('refuses a late PUT with If-Match after a delete: the product stays deleted, nothing is re-indexed', async () => {
    const etag = (await put('p2', 10)).headers.get('etag')!;
    assert.equal((await api.request('DELETE', '/v1/admin/products/p2', { key: admin })).status, 204);
    const before = await outboxRows('p2');
    const late = await put('p2', 11, { 'if-match': etag });
    assert.equal(late.status, 412);
    assert.match(late.body.error.message, /does not exist \(or was deleted\)/);
    assert.equal((await env.db('products').where({ id: 'p2' }).first('status')).status, 'deleted');
    assert.equal(await outboxRows('p2'), before);
    assert.equal((await put('p2', 11, { 'if-match': '*' })).status, 412);
  });

  it('creates only with If-None-Match: *, even when two requests race to create the same product', async () => {
    assert.equal((await put('p1', 20, { 'if-none-match': '*' })).status, 412);
    const racing = await Promise.all([put('p3', 1, { 'if-none-match': '*' }), put('p3', 2, { 'if-none-match': '*' })]);
    assert.deepEqual(racing.map((r) => r.status).sort(), [201, 412]);
    const winner = racing.find((r) => r.status === 201)!;
    assert.equal((await env.db('products').where({ id: 'p3' }).first('version')).version, winner.body.version);
    // A deleted product has no current version: If-None-Match: * may create it again.
    await api.request('DELETE', '/v1/admin/products/p3', { key: admin });
    assert.equal((await put('p3', 3, { 'if-none-match': '*' })).status, 200);
  });

  it('deletes with If-Match only at that version', async () => {
    const etag = (await put('p4', 10)).headers.get('etag')!;
    const wrong = await api.request('DELETE', '/v1/admin/products/p4', { key: admin, headers: { 'if-match': '"0"' } });
    assert.equal(wrong.status, 412);
    assert.equal((await env.db('products').where({ id: 'p4' }).first('status')).status, 'active');
    assert.equal((await api.request('DELETE', '/v1/admin/products/p4', { key: admin, headers: { 'if-match': etag } })).status, 204);
    assert.equal((await api.request('DELETE', '/v1/admin/products/p4', { key: admin, headers: { 'if-match': etag } })).status, 412);
  });

  it('refuses a malformed precondition with a 400 naming the header', async () => {
    const bad = await put('p1', 10, { 'if-match': '41' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'If-Match');
  });
});
