import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { startStorefront, type Storefront } from '../../support/storefront';

interface Tile {
  id: string;
  merchant: { id: string };
}
interface FacetValue {
  value: string;
  count: number;
  selected: boolean;
}

/**
 * Customer keys signed with filters (README, Customer keys): every product
 * the key sees, in search hits, facet counts, suggestions and every
 * recommendation list, is within them, whatever the request asks. The hand-made
 * catalog: m-run sells shoe-1..3 and boot-1; m-tech sells shoe-4 (a Stride
 * running shoe, like m-run's shoe-3), phones, cases and audio; m-home pans.
 */
describe('customer keys with filters: only the products they allow (real services)', function () {
  this.timeout(60_000);
  let store: Storefront;
  let signingKey: string;
  const runOnly = () => deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 600, filters: { merchantIds: ['m-run'] } });
  const get = async (key: string, path: string) => {
    const response = await store.api.request('GET', path, { key });
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const merchantsOf = (tiles: Tile[]) => [...new Set(tiles.map((t) => t.merchant.id))];

  before(async () => {
    store = await startStorefront({ env: { RATE_LIMIT_DISABLED: 'true' } });
    signingKey = (await createApiKey(store.env.db, { role: 'signing', label: 'storefront server' })).key;
    await store.env.db('events').insert([
      { type: 'view', customer_id: 'c-1', product_id: 'shoe-4', occurred_at: new Date() },
      { type: 'view', customer_id: 'c-1', product_id: 'phone-1', occurred_at: new Date() },
      { type: 'view', session_id: 's-1', product_id: 'shoe-4', occurred_at: new Date() },
    ]);
  });
  after(async () => {
    await store?.close();
  });

  it('searches only the allowed merchant’s products, and counts facets over them alone', async () => {
    const key = runOnly();
    const body = await get(key, '/v1/search?q=shoes&facets=merchant,brand,category&size=50');
    assert.ok(body.hits.length > 0);
    assert.deepEqual(merchantsOf(body.hits), ['m-run']);
    const merchants = body.facets.merchant as FacetValue[];
    assert.deepEqual(
      merchants.map((v) => v.value),
      ['m-run'],
      'the merchant facet counts no other merchant',
    );
    const stride = (body.facets.brand as FacetValue[]).find((v) => v.value === 'stride');
    assert.equal(stride?.count, 1, 'stride counts m-run’s shoe-3, not m-tech’s shoe-4');
    assert.equal(body.total.value, body.hits.length);
    assert.equal(body.appliedFilters.restriction, undefined, 'the key’s filters are not echoed as the shopper’s');

    const browse = await get(key, '/v1/search?size=50&facets=merchant');
    assert.deepEqual(merchantsOf(browse.hits), ['m-run']);
    assert.deepEqual(browse.hits.map((h: Tile) => h.id).sort(), ['boot-1', 'shoe-1', 'shoe-2', 'shoe-3']);
  });

  it('finds nothing when the request asks for another merchant: filters are AND-ed, never widened', async () => {
    const key = runOnly();
    const body = await get(key, '/v1/search?q=stride&merchant=m-tech&facets=merchant,brand');
    assert.deepEqual(body.hits, []);
    // m-tech is listed only as the shopper's own choice, with nothing behind it, so it can be unticked.
    assert.deepEqual(
      (body.facets.merchant as FacetValue[]).map((v) => [v.value, v.count, v.selected]),
      [
        ['m-tech', 0, true],
        ['m-run', 1, false],
      ],
    );
    const phones = await get(key, '/v1/search?q=voltix');
    assert.deepEqual(phones.hits, [], 'another merchant’s products are not found by name either');
    assert.equal(phones.total.value, 0);
  });

  it('suggests only the allowed merchant’s products', async () => {
    const key = runOnly();
    const open = await get(store.publicKey, '/v1/suggest?q=stride&size=10');
    assert.ok(
      open.products.some((p: { id: string }) => p.id === 'shoe-4'),
      'the public key is offered m-tech’s shoe',
    );
    const body = await get(key, '/v1/suggest?q=stride&size=10');
    assert.deepEqual(
      body.products.map((p: { id: string }) => p.id),
      ['shoe-3'],
    );
    assert.deepEqual((await get(key, '/v1/suggest?q=voltix')).products, []);
  });

  it('recommends only the allowed merchant’s products on every recommendation route', async () => {
    const key = runOnly();
    for (const path of [
      '/v1/products/shoe-1/recommendations',
      '/v1/products/shoe-1/recommendations?type=similar',
      '/v1/products/shoe-1/recommendations?type=bought_together&merchant=m-tech',
      '/v1/customers/c-1/recommendations',
      '/v1/customers/c-1/recommendations?category=running-shoes',
      '/v1/sessions/s-1/recommendations',
      '/v1/recommendations/trending',
      '/v1/recommendations/trending?size=50&in_stock=false',
      '/v1/recommendations/trending?merchant=m-tech',
    ]) {
      const body = await get(key, path);
      const products = body.items.map((i: { product: Tile }) => i.product);
      assert.ok(
        products.every((p: Tile) => p.merchant.id === 'm-run'),
        `${path}: ${JSON.stringify(products.map((p: Tile) => p.id))}`,
      );
      if (!path.includes('merchant=m-tech')) assert.ok(products.length > 0, `${path} still recommends`);
    }
    const open = await get(store.publicKey, '/v1/recommendations/trending?size=50&in_stock=false');
    assert.ok(merchantsOf(open.items.map((i: { product: Tile }) => i.product)).length > 1, 'the public key sees every merchant');
  });

  it('treats a product the key may not see as unknown, as the anchor of recommendations', async () => {
    const response = await store.api.request('GET', '/v1/products/shoe-4/recommendations', { key: runOnly() });
    assert.equal(response.status, 404, JSON.stringify(response.body));
  });

  it('restricts by category and brand too', async () => {
    const key = deriveCustomerKey(signingKey, {
      customerId: 'c-1',
      ttlSeconds: 600,
      filters: { categoryIds: ['running-shoes'], brandIds: ['stride'] },
    });
    const body = await get(key, '/v1/search?size=50');
    assert.deepEqual(body.hits.map((h: Tile) => h.id).sort(), ['shoe-3', 'shoe-4']);
    const suggestions = await get(key, '/v1/suggest?q=n&size=10');
    assert.ok(
      suggestions.brands.every((b: { id: string }) => b.id === 'stride'),
      JSON.stringify(suggestions.brands),
    );
    const categories = await get(key, '/v1/suggest?q=sh&size=10');
    assert.ok(
      categories.categories.every((c: { id: string }) => c.id === 'running-shoes'),
      JSON.stringify(categories.categories),
    );
    const trending = await get(key, '/v1/recommendations/trending?size=50&in_stock=false');
    assert.deepEqual(trending.items.map((i: { product: Tile }) => i.product.id).sort(), ['shoe-3', 'shoe-4']);
  });

  it('keeps answers of differently filtered keys apart in the result cache', async () => {
    const path = '/v1/search?q=running&size=50';
    const unfiltered = deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 600 });
    const first = await get(unfiltered, path);
    assert.ok(merchantsOf(first.hits).includes('m-tech'));
    const restricted = await get(runOnly(), path);
    assert.deepEqual(merchantsOf(restricted.hits), ['m-run']);
    const again = await get(unfiltered, path);
    assert.deepEqual(
      again.hits.map((h: Tile) => h.id),
      first.hits.map((h: Tile) => h.id),
    );
  });

  it('changes nothing for a key without filters: the same answers as the public key', async () => {
    const key = deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 600 });
    for (const path of [
      '/v1/search?q=shoes&facets=merchant,brand&merchant=m-tech',
      '/v1/suggest?q=stride',
      '/v1/products/shoe-4/recommendations',
      '/v1/recommendations/trending?size=50',
    ]) {
      const mine = await get(key, path);
      const theirs = await get(store.publicKey, path);
      delete mine.tookMs;
      delete theirs.tookMs;
      assert.deepEqual(mine, theirs, path);
    }
  });

  it('refuses a key whose filters were altered (401)', async () => {
    const key = runOnly();
    const [body, signature] = key.slice(4).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const widened = `agc_${Buffer.from(JSON.stringify({ ...claims, filters: { merchantIds: ['m-run', 'm-tech'] } })).toString('base64url')}.${signature}`;
    const { filters: _dropped, ...unfiltered } = claims;
    const dropped = `agc_${Buffer.from(JSON.stringify(unfiltered)).toString('base64url')}.${signature}`;
    for (const tampered of [widened, dropped]) {
      const response = await store.api.request('GET', '/v1/search?q=shoes', { key: tampered });
      assert.equal(response.status, 401, JSON.stringify(response.body));
    }
  });
});
