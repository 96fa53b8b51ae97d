import assert from 'node:assert/strict';
import { refreshPopularQueries } from '../../../jobs/popular-queries';
import type { TestEnvironment } from '../../support/environment';
import type { TestApi } from '../../support/http';
import { startStorefront, type Storefront } from '../../support/storefront';

describe('GET /v1/suggest (real Elasticsearch and Postgres)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  let env: TestEnvironment;
  let api: TestApi;
  let key: string;
  const suggest = (q: string) => api.request('GET', `/v1/suggest?q=${encodeURIComponent(q)}`, { key });

  before(async () => {
    // One trusted proxy hop: each session below searches from an address of its own (X-Forwarded-For).
    shop = await startStorefront({ config: { trustProxyHops: 1 } });
    ({ env, api, publicKey: key } = shop);
  });
  after(async () => {
    await shop?.close();
  });

  it('suggests product titles, categories and brands for an English prefix', async () => {
    const response = await suggest('nim');
    assert.equal(response.status, 200);
    assert.ok(
      response.body.products.some((p: { id: string }) => p.id === 'shoe-1'),
      JSON.stringify(response.body),
    );
    assert.ok(!response.body.products.some((p: { id: string }) => p.id === 'hidden-1'), 'hidden products are never suggested');
    assert.deepEqual(response.body.brands, [{ id: 'nimbus', text: 'Nimbus' }]);
    const categories = await suggest('runn');
    assert.deepEqual(categories.body.categories, [{ id: 'running-shoes', text: 'Running Shoes' }]);
  });

  it('shows each product suggestion with its own title, the typed part highlighted, its image and price', async () => {
    type Product = { id: string; text: string; title: string; highlight: Array<[number, number]>; price: number; currency: string };
    const shown = (p: Product) => p.highlight.map(([start, end]) => p.title.slice(start, end));
    const english = await suggest('nimbus trail runn');
    const shoe = english.body.products.find((p: Product) => p.id === 'shoe-1');
    assert.ok(shoe, JSON.stringify(english.body));
    assert.deepEqual(Object.keys(shoe).sort(), ['currency', 'highlight', 'id', 'imageUrl', 'price', 'text', 'title']);
    assert.equal(shoe.title, "Nimbus Trail Running Shoes Men's Lightweight Red", 'the title as written, not the completion text');
    assert.equal(shoe.text, 'nimbus trail running shoes mens lightweight red', 'the completion text, kept for older clients');
    assert.deepEqual(shown(shoe), ['Nimbus', 'Trail', 'Runn']);
    assert.deepEqual(shoe.highlight, [
      [0, 6],
      [7, 12],
      [13, 17],
    ]);
    assert.equal(shoe.price, 89.9);
    assert.equal(typeof shoe.currency, 'string');
    assert.equal(shoe.imageUrl, null, 'the fixture has no images');
    const chinese = await suggest('ironleaf 铸');
    const pan = chinese.body.products.find((p: Product) => p.id === 'pan-1');
    assert.equal(pan?.title, 'IronLeaf 铸铁煎锅 26厘米', JSON.stringify(chinese.body));
    assert.deepEqual(shown(pan), ['IronLeaf', '铸']);
    const typo = await suggest('sonroa');
    for (const p of typo.body.products as Product[]) assert.deepEqual(shown(p), ['Sonora'], p.title);
  });

  it('tolerates a typo in a longer prefix', async () => {
    const response = await suggest('sonroa');
    assert.ok(
      response.body.products.some((p: { id: string }) => p.id.startsWith('audio-')),
      JSON.stringify(response.body),
    );
    assert.deepEqual(
      response.body.brands.map((b: { id: string }) => b.id),
      ['sonora'],
    );
  });

  it('suggests for Chinese prefixes', async () => {
    // Completion starts at each Chinese word of the title, not only at the title's start (issue 18).
    const response = await suggest('铸铁');
    assert.deepEqual(
      response.body.products.map((p: { id: string }) => p.id),
      ['pan-1'],
    );
    const title = await suggest('ironleaf 铸');
    assert.ok(
      title.body.products.some((p: { id: string }) => p.id === 'pan-1'),
      JSON.stringify(title.body),
    );
    const category = await suggest('手机');
    assert.deepEqual(category.body.categories.map((c: { id: string }) => c.id).sort(), ['phone-cases', 'phones']);
  });

  it('learns popular queries from searches that found something, by distinct searchers first', async () => {
    // Earned suggestions (issue 17): a query is offered once three distinct sessions from three client addresses found something with it, and one
    // shopper searching again does not lift it above a query more shoppers searched.
    const searches: Array<[string, string]> = [
      ['s-1', 'wireless headphones'],
      ['s-1', 'wireless headphones'],
      ['s-1', 'wireless headphones'],
      ['s-2', 'wireless headphones'],
      ['s-3', 'wireless headphones'],
      ['s-1', 'wired studio'],
      ['s-2', 'wired studio'],
      ['s-3', 'wired studio'],
      ['s-4', 'wired studio'],
      ['s-1', 'wirexyz nothing'],
      ['s-2', 'wirexyz nothing'],
      ['s-3', 'wirexyz nothing'],
    ];
    // Distinct searchers are distinct sessions from distinct client addresses (finding F1: sessions alone are made up).
    for (const [session, q] of searches)
      await api.request('GET', `/v1/search?q=${encodeURIComponent(q)}&session=${session}`, {
        key,
        headers: { 'x-forwarded-for': `203.0.113.${session.slice(2)}` },
      });
    await api.searchLog.flush();
    assert.equal((await refreshPopularQueries(env.db)).newSearches, 12);
    assert.equal((await refreshPopularQueries(env.db)).newSearches, 0, 'a second run counts nothing twice');
    const response = await suggest('wir');
    assert.deepEqual(response.body.queries, [
      { text: 'wired studio', searches: 4 },
      { text: 'wireless headphones', searches: 5 },
    ]);
  });

  it('validates its parameters', async () => {
    assert.equal((await api.request('GET', '/v1/suggest', { key })).body.error.field, 'q');
    assert.equal((await api.request('GET', '/v1/suggest?q=a&size=99', { key })).body.error.field, 'size');
    assert.equal((await api.request('GET', '/v1/suggest?q=a&x=1', { key })).body.error.field, 'x');
  });
});
