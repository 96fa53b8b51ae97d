import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { loadShopperHistory } from '../../../src/recommendations/history';
import { personalizationClause } from '../../../src/recommendations/personalization';
import { productsAlias } from '../../../src/core/product-index';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { prepareTrainedCatalog } from '../../support/trained-catalog';

interface Item {
  product: { id: string; brand: { id: string } | null; merchant: { id: string }; category: { id: string } };
  source: string;
  reason: { code: string; text: string; productId?: string; categoryId?: string };
}

describe('recommendation endpoints (real Elasticsearch and Postgres)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  let api: TestApi;
  let key: string;
  let signingKey: string;

  /** The public key, or, when the request names a customer, that customer's own key (as the storefront sends after sign-in). */
  const get = async (path: string, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    const customerId = params.customer ?? /^\/v1\/customers\/([^/]+)\//.exec(path)?.[1];
    const withKey = customerId === undefined ? key : deriveCustomerKey(signingKey, { customerId, ttlSeconds: 600 });
    return api.request('GET', `${path}${query ? `?${query}` : ''}`, { key: withKey });
  };
  const ids = (body: { items: Item[] }) => body.items.map((item) => item.product.id);

  before(async () => {
    env = await createTestEnvironment();
    await prepareTrainedCatalog(env);
    api = await startTestApi(env);
    key = (await createApiKey(env.db, { role: 'public' })).key;
    signingKey = (await createApiKey(env.db, { role: 'signing' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('needs a public key', async () => {
    assert.equal((await api.request('GET', '/v1/recommendations/trending')).status, 401);
  });

  it('recommends the case bought with the phone, saying why', async () => {
    for (const type of ['also_bought', 'bought_together'] as const) {
      const response = await get('/v1/products/phone-1/recommendations', { type, size: '3' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const [first] = response.body.items as Item[];
      assert.equal(first!.product.id, 'case-1', type);
      assert.equal(first!.source, type);
      assert.equal(first!.reason.productId, 'phone-1');
      assert.match(
        first!.reason.text,
        type === 'bought_together' ? /^Often bought with Voltix X15 Smartphone/ : /^Customers who bought Voltix X15 Smartphone/,
      );
      assert.ok(!ids(response.body).includes('phone-1'), 'never the product itself');
    }
  });

  it('finds similar products by content within the category, and tops short lists up from fallbacks it names', async () => {
    const similar = await get('/v1/products/phone-1/recommendations', { type: 'similar' });
    assert.equal(ids(similar.body)[0], 'phone-2');
    assert.ok(['similar', 'content'].includes(similar.body.items[0].source));
    const topped = await get('/v1/products/phone-1/recommendations', { type: 'bought_together', size: '4' });
    assert.equal(topped.body.items.length, 4);
    assert.equal(topped.body.fallback, true);
    assert.equal(topped.body.sources[0], 'bought_together');
    assert.ok(topped.body.items.slice(1).every((item: Item) => item.source !== 'bought_together'));
  });

  it('answers several product-page lists in one request, disjoint, each with its own reasons', async () => {
    const response = await get('/v1/products/phone-1/recommendations', { types: 'similar,bought_together,also_bought', size: '3' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const lists = response.body.lists as Array<{ type: string; items: Item[]; fallback: boolean }>;
    assert.deepEqual(
      lists.map((list) => list.type),
      ['similar', 'bought_together', 'also_bought'],
    );
    const all = lists.flatMap((list) => list.items.map((item) => item.product.id));
    assert.equal(
      new Set(all).size,
      all.length,
      `a product in two lists: ${JSON.stringify(lists.map((l) => l.items.map((i) => i.product.id)))}`,
    );
    assert.ok(!all.includes('phone-1'));
    assert.ok(
      lists.every((list) => list.items.length === 3),
      JSON.stringify(lists.map((l) => l.items.length)),
    );
    // The case is bought with the phone: the first list that may show it does; later ones do not repeat it.
    assert.equal(lists[1]!.items[0]!.product.id, 'case-1', JSON.stringify(lists.map((l) => l.items.map((i) => [i.product.id, i.source]))));
    assert.equal(lists[1]!.items[0]!.reason.code, 'bought_together');
    assert.ok(lists.flatMap((list) => list.items).every((item) => item.reason.text.length > 0 && !/source/i.test(item.reason.text)));
    for (const [query, field] of [
      [{ types: 'similar', type: 'similar' }, 'types'],
      [{ types: 'similar,viewed' }, 'types'],
      [{ types: 'similar,similar' }, 'types'],
    ] as const) {
      const refused = await get('/v1/products/phone-1/recommendations', query);
      assert.equal(refused.status, 400, JSON.stringify(query));
      assert.match(refused.body.error.field, new RegExp(`^${field}`), JSON.stringify(refused.body));
    }
  });

  it('leaves out products out of stock unless asked, and what the customer already bought', async () => {
    const inStock = await get('/v1/products/pan-1/recommendations', { type: 'also_bought' });
    assert.ok(!ids(inStock.body).includes('pan-2'), 'pan-2 has no stock');
    assert.notEqual(inStock.body.source, 'also_bought');
    const any = await get('/v1/products/pan-1/recommendations', { type: 'also_bought', in_stock: 'false' });
    assert.equal(any.body.items[0].product.id, 'pan-2');

    const bought = await get('/v1/products/phone-1/recommendations', { type: 'bought_together', customer: 'c01' });
    assert.ok(!ids(bought.body).includes('case-1'), 'c01 bought the case already');
    const anyway = await get('/v1/products/phone-1/recommendations', {
      type: 'bought_together',
      customer: 'c01',
      exclude_purchased: 'false',
    });
    assert.equal(ids(anyway.body)[0], 'case-1');
    const forYou = await get('/v1/customers/c01/recommendations');
    assert.ok(!ids(forYou.body).some((id) => id === 'phone-1' || id === 'case-1'));
    const excluded = await get('/v1/recommendations/trending', { exclude: 'phone-1,case-1' });
    assert.ok(!ids(excluded.body).some((id) => id === 'phone-1' || id === 'case-1'));
  });

  it('changes "for you" as soon as a new view is recorded, without retraining', async () => {
    const before = await get('/v1/sessions/s-new/recommendations', { size: '3' });
    assert.equal(before.status, 200);
    assert.equal(before.body.fallback, true, 'no history yet');
    assert.ok(before.body.items.every((item: Item) => ['trending', 'popular'].includes(item.source)));

    const recorded = await api.request('POST', '/v1/events', {
      key,
      body: { events: [{ type: 'view', sessionId: 's-new', productId: 'audio-2' }] },
    });
    assert.equal(recorded.status, 202);
    const after = await get('/v1/sessions/s-new/recommendations', { size: '3' });
    const [first] = after.body.items as Item[];
    assert.equal(after.body.source, 'for_you');
    assert.equal(first!.product.id, 'audio-1');
    assert.deepEqual(first!.reason, { code: 'viewed', text: 'Because you viewed Sonora Wired Studio Headphones', productId: 'audio-2' });
  });

  it('caps items per brand and per merchant', async () => {
    const byBrand = await get('/v1/recommendations/trending', { size: '6', max_per_brand: '1' });
    const brands = (byBrand.body.items as Item[]).flatMap((item) => (item.product.brand ? [item.product.brand.id] : []));
    assert.equal(new Set(brands).size, brands.length, JSON.stringify(brands));
    assert.ok(byBrand.body.items.length >= 4);
    const byMerchant = await get('/v1/recommendations/trending', { size: '6', max_per_merchant: '1' });
    const merchants = (byMerchant.body.items as Item[]).map((item) => item.product.merchant.id);
    assert.deepEqual(merchants.length, new Set(merchants).size);
  });

  it('answers trending for a category, naming it', async () => {
    const response = await get('/v1/recommendations/trending', { category: 'electronics' });
    assert.equal(response.status, 200);
    const items = response.body.items as Item[];
    assert.ok(items.length > 0);
    assert.ok(
      items.every((item) => ['phones', 'phone-cases', 'audio'].includes(item.product.category.id)),
      JSON.stringify(ids(response.body)),
    );
    assert.deepEqual(items[0]!.reason, { code: 'trending', text: 'Trending in Electronics', categoryId: 'electronics' });
    assert.equal(response.body.source, 'category_trending');
    assert.ok(['phone-1', 'case-1'].includes(items[0]!.product.id), 'the phone bundle sold most recently');
  });

  it('answers 404 for an unknown or hidden product, and popular items flagged as a fallback for an unknown customer', async () => {
    for (const id of ['no-such-product', 'hidden-1']) {
      const response = await get(`/v1/products/${id}/recommendations`);
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'NOT_FOUND');
    }
    const stranger = await get('/v1/customers/nobody-knows/recommendations');
    assert.equal(stranger.status, 200);
    assert.equal(stranger.body.fallback, true);
    assert.ok(stranger.body.items.length > 0);
  });

  it("personalises a search: the clause lifts products matching the shopper's indicators", async () => {
    const history = await loadShopperHistory(env.db, { customerId: null, sessionId: 's-new' });
    assert.deepEqual(history.viewed, ['audio-2'], 'the view recorded above');
    const clause = personalizationClause(history, 5);
    assert.ok(clause);
    const search = async (should: NonNullable<typeof clause>[]) =>
      (
        await env.es.search<{ id: string }>({
          index: productsAlias(env.config.indexPrefix),
          query: { bool: { must: [{ match: { title_terms: 'sonora headphon' } }], should } },
          _source: ['id'],
        })
      ).hits.hits.map((hit) => hit._source!.id);
    assert.deepEqual(await search([]), ['audio-2', 'audio-1'], 'the shorter title wins on text alone');
    assert.deepEqual(await search([clause]), ['audio-1', 'audio-2']);
  });

  it('personalises /v1/search for a session: products its indicators point to score higher, the rest unchanged', async () => {
    const scores = async (params: Record<string, string>) => {
      const body = (await get('/v1/search', { q: 'sonora headphones', ...params })).body;
      return Object.fromEntries(body.hits.map((h: { id: string; score: number }) => [h.id, h.score])) as Record<string, number>;
    };
    const plain = await scores({});
    const personal = await scores({ session: 's-new' });
    assert.deepEqual(Object.keys(personal).sort(), Object.keys(plain).sort(), 'personalisation reorders, it never filters');
    // s-new viewed audio-2; audio-1 carries audio-2 among its view indicators, so it gains the personalization weight.
    assert.ok(personal['audio-1']! > plain['audio-1']! * 1.1, `${JSON.stringify({ plain, personal })}`);
    assert.equal(personal['audio-2'], plain['audio-2']);
    // A new view counts at once: personalised answers bypass the result cache.
    assert.equal((await scores({ session: 's-other' }))['audio-1'], plain['audio-1'], 'no history yet');
    await api.request('POST', '/v1/events', { key, body: { events: [{ type: 'view', sessionId: 's-other', productId: 'audio-2' }] } });
    assert.ok((await scores({ session: 's-other' }))['audio-1']! > plain['audio-1']! * 1.1);
  });

  it('refuses bad parameters with the field at fault', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/v1/products/phone-1/recommendations', { type: 'nope' }, 'type'],
      ['/v1/products/phone-1/recommendations', { size: '500' }, 'size'],
      ['/v1/recommendations/trending', { max_per_brand: '0' }, 'max_per_brand'],
      ['/v1/customers/c01/recommendations', { price_min: 'cheap' }, 'price_min'],
      ['/v1/recommendations/trending', { sort: 'price' }, 'sort'],
    ];
    for (const [path, params, field] of cases) {
      const response = await get(path, params);
      assert.equal(response.status, 400, `${path} ${JSON.stringify(params)}`);
      assert.equal(response.body.error.field, field);
    }
  });
});
