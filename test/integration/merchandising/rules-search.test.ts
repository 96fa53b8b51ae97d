import assert from 'node:assert/strict';
import { ids, startHarness, type MerchandisingHarness } from './support';

/** Every rule condition and action, end to end: API → store → search on the demo catalog. */
describe('merchandising rules in search (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  let nowMs = Date.parse('2026-12-01T10:00:00Z');

  before(async () => {
    h = await startHarness({ clock: () => nowMs });
  });
  afterEach(async () => {
    await h.reset();
    nowMs = Date.parse('2026-12-01T10:00:00Z');
  });
  after(async () => {
    await h?.close();
  });

  const pin = (productId: string, position: number) => ({ type: 'pin', pins: [{ productId, position }] });

  it('pins for "query is", after the same analysis as the search, and names the rule in the response', async () => {
    const { id } = await h.createRule({
      name: 'Everyday runner first',
      conditions: { query: { match: 'is', values: ['Running Shoes'] } },
      actions: [pin('shoe-4', 1)],
    });
    const response = await h.search({ q: 'running shoes' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(ids(response.body).slice(0, 1), ['shoe-4']);
    assert.equal(response.body.hits[0].pinned, true);
    assert.equal(response.body.total.value, 4);
    assert.deepEqual(response.body.rules, [{ id, name: 'Everyday runner first', actions: ['pin'] }]);
    assert.deepEqual(ids((await h.search({ q: 'run shoe' })).body)[0], 'shoe-4', 'same query after stemming');
    assert.deepEqual((await h.search({ q: 'running shoes black' })).body.rules, [], '"is" needs the whole query');
  });

  it('hides for "query contains" and boosts for "query starts with"', async () => {
    await h.createRule({
      name: 'No racing shoes',
      conditions: { query: { match: 'contains', values: ['shoes'] } },
      actions: [{ type: 'hide', productIds: ['shoe-3'] }],
    });
    await h.createRule({
      name: 'Stride up',
      conditions: { query: { match: 'starts_with', values: ['running'] } },
      actions: [{ type: 'boost', filter: { brandIds: ['stride'] }, weight: 10 }],
    });
    const response = await h.search({ q: 'running shoes' });
    // Stride's shoe first; the two Nimbus running shoes ("Running Shoes", "Running Shoe") in either order.
    assert.deepEqual(ids(response.body)[0], 'shoe-4');
    assert.deepEqual(ids(response.body).slice(1).sort(), ['shoe-1', 'shoe-2']);
    assert.deepEqual(
      response.body.rules.map((r: { name: string }) => r.name),
      ['Stride up', 'No racing shoes'],
      'starts_with is more specific than contains',
    );
    assert.deepEqual(ids((await h.search({ q: 'trail running shoes' })).body).includes('shoe-3'), false);
  });

  it('buries by brand and filters by attribute and price band', async () => {
    await h.createRule({
      name: 'Nimbus down',
      conditions: { query: { match: 'contains', values: ['running shoes'] } },
      actions: [{ type: 'bury', filter: { brandIds: ['nimbus'] }, weight: 0.95 }],
    });
    assert.deepEqual(
      ids((await h.search({ q: 'running shoes' })).body)
        .slice(2)
        .sort(),
      ['shoe-1', 'shoe-2'],
    );
    await h.reset();
    await h.createRule({
      name: 'Red under 100',
      conditions: { query: { match: 'is', values: ['running shoes'] } },
      actions: [{ type: 'filter', filter: { attributes: { colour: ['RED'] }, price: { max: 100 } } }],
    });
    assert.deepEqual(new Set(ids((await h.search({ q: 'running shoes' })).body)), new Set(['shoe-1', 'shoe-4']));
  });

  it('boosts by category and merchant on category pages, with or without descendants', async () => {
    await h.createRule({
      name: 'Boots first in fashion',
      conditions: { category: { id: 'fashion', includeDescendants: true } },
      actions: [{ type: 'boost', filter: { categoryIds: ['boots'] }, weight: 5 }],
    });
    await h.createRule({
      name: 'Only on the shoes page',
      conditions: { category: { id: 'shoes', includeDescendants: false } },
      actions: [{ type: 'boost', filter: { merchantIds: ['m-tech'] }, weight: 10 }],
    });
    const fashion = await h.search({ category: 'fashion', sort: 'relevance' });
    assert.equal(ids(fashion.body)[0], 'boot-1');
    assert.deepEqual(
      fashion.body.rules.map((r: { name: string }) => r.name),
      ['Boots first in fashion'],
    );
    const shoes = await h.search({ category: 'shoes', sort: 'relevance' });
    assert.equal(ids(shoes.body)[0], 'shoe-4');
    assert.deepEqual(
      shoes.body.rules.map((r: { name: string }) => r.name),
      ['Only on the shoes page', 'Boots first in fashion'],
    );
    const running = await h.search({ category: 'running-shoes', sort: 'relevance' });
    assert.deepEqual(
      running.body.rules.map((r: { name: string }) => r.name),
      ['Boots first in fashion'],
    );
  });

  it('rewrites the query, redirects, and returns banners and custom data', async () => {
    await h.createRule({
      name: 'Sneakers',
      conditions: { query: { match: 'is', values: ['sneakers'] } },
      actions: [{ type: 'rewrite', query: 'running shoes' }],
    });
    await h.createRule({
      name: 'Help',
      conditions: { query: { match: 'is', values: ['returns'] } },
      actions: [{ type: 'redirect', url: '/help/returns' }],
    });
    await h.createRule({
      name: 'Phone promo',
      conditions: { category: { id: 'electronics', includeDescendants: true } },
      actions: [
        { type: 'banner', banner: { title: 'Phones week', imageUrl: 'https://cdn.example.com/p.png', linkUrl: '/promo' } },
        { type: 'data', data: { theme: 'blue', slots: [1, 2] } },
      ],
    });
    const rewritten = await h.search({ q: 'sneakers' });
    assert.deepEqual(new Set(ids(rewritten.body)), new Set(['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4']));
    assert.equal(rewritten.body.query, 'sneakers');
    assert.equal(rewritten.body.rewrittenQuery, 'running shoes');
    const redirected = await h.search({ q: 'Returns' });
    assert.equal(redirected.body.redirect, '/help/returns');
    assert.deepEqual(redirected.body.hits, []);
    const phones = await h.search({ category: 'phones' });
    assert.deepEqual(phones.body.banners, [
      { title: 'Phones week', imageUrl: 'https://cdn.example.com/p.png', linkUrl: '/promo', placement: 'top' },
    ]);
    assert.deepEqual(phones.body.data, { theme: 'blue', slots: [1, 2] });
    assert.deepEqual(
      phones.body.rules.map((r: { actions: string[] }) => r.actions),
      [['banner', 'data']],
    );
  });

  it('applies a rule only in its storefront context, and never when disabled', async () => {
    await h.createRule({
      name: 'App only',
      conditions: { category: { id: 'audio', includeDescendants: true }, contexts: ['app', 'locale:zh'] },
      actions: [pin('audio-2', 1)],
    });
    await h.createRule({
      name: 'Off',
      enabled: false,
      conditions: { category: { id: 'audio', includeDescendants: true } },
      actions: [{ type: 'hide', productIds: ['audio-2'] }],
    });
    assert.deepEqual((await h.search({ category: 'audio' })).body.rules, []);
    assert.equal(ids((await h.search({ category: 'audio', context: 'app' })).body)[0], 'audio-2');
    assert.equal((await h.search({ category: 'audio', context: 'web' })).body.rules.length, 0);
  });

  it('follows time windows by the clock: startsAt inclusive, endsAt exclusive', async () => {
    await h.createRule({
      name: 'Weekend sale',
      conditions: { query: { match: 'is', values: ['skillet'] }, startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-07T00:00:00Z' },
      actions: [{ type: 'banner', banner: { title: 'Sale' } }],
    });
    const active = async () => (await h.search({ q: 'skillet' })).body.banners.length === 1;
    assert.equal(await active(), false);
    nowMs = Date.parse('2026-12-05T00:00:00Z');
    assert.equal(await active(), true, 'the cached result of a moment ago must not hide the opened window');
    nowMs = Date.parse('2026-12-06T23:59:59Z');
    assert.equal(await active(), true);
    nowMs = Date.parse('2026-12-07T00:00:00Z');
    assert.equal(await active(), false);
  });

  it('resolves conflicts by priority, then specificity, then age', async () => {
    const contains = await h.createRule({
      name: 'contains',
      conditions: { query: { match: 'contains', values: ['shoes'] } },
      actions: [pin('shoe-3', 1)],
    });
    const is = await h.createRule({
      name: 'is',
      conditions: { query: { match: 'is', values: ['running shoes'] } },
      actions: [pin('shoe-2', 1)],
    });
    let response = await h.search({ q: 'running shoes' });
    assert.equal(ids(response.body)[0], 'shoe-2', 'the more specific rule takes position 1');
    assert.deepEqual(
      response.body.rules.map((r: { id: string }) => r.id),
      [is.id],
      'the other pin lost its slot, so that rule changed nothing',
    );
    await h.merch('PUT', `/rules/${contains.id}`, {
      name: 'contains',
      priority: 10,
      conditions: { query: { match: 'contains', values: ['shoes'] } },
      actions: [pin('shoe-3', 1)],
    });
    response = await h.search({ q: 'running shoes' });
    assert.equal(ids(response.body)[0], 'shoe-3', 'priority beats specificity');
    assert.deepEqual(
      response.body.rules.map((r: { id: string }) => r.id),
      [contains.id],
    );
    await h.merch('PUT', `/rules/${is.id}`, {
      name: 'is',
      priority: 10,
      conditions: { query: { match: 'contains', values: ['shoes'] } },
      actions: [pin('shoe-2', 1)],
    });
    assert.equal(ids((await h.search({ q: 'running shoes' })).body)[0], 'shoe-3', 'equal priority and specificity: the older rule');
  });

  it('holds pins under relevance and the category default only; a chosen sort makes them yield', async () => {
    await h.createRule({
      name: 'Racer first',
      conditions: { category: { id: 'running-shoes', includeDescendants: false } },
      actions: [pin('shoe-3', 1)],
    });
    assert.equal(ids((await h.search({ category: 'running-shoes' })).body)[0], 'shoe-3');
    const byPrice = await h.search({ category: 'running-shoes', sort: 'price_asc' });
    assert.deepEqual(ids(byPrice.body), ['shoe-4', 'shoe-2', 'shoe-1', 'shoe-3']);
    assert.deepEqual(byPrice.body.rules, []);
  });

  it('never shows a pinned product the shopper filtered out, and pages through pins without gaps or repeats', async () => {
    await h.createRule({
      name: 'Pins',
      conditions: { category: { id: 'fashion', includeDescendants: true } },
      actions: [
        {
          type: 'pin',
          pins: [
            { productId: 'shoe-3', position: 2 },
            { productId: 'boot-1', position: 4 },
          ],
        },
      ],
    });
    const inStock = await h.search({ category: 'fashion', in_stock: 'true' });
    assert.ok(!ids(inStock.body).includes('shoe-3'), 'shoe-3 is out of stock');
    assert.equal(ids(inStock.body)[3], 'boot-1');
    const all = ids((await h.search({ category: 'fashion', size: '10' })).body);
    assert.deepEqual([all[1], all[3]], ['shoe-3', 'boot-1']);
    const paged: string[] = [];
    for (const page of ['1', '2', '3']) paged.push(...ids((await h.search({ category: 'fashion', size: '2', page })).body));
    assert.deepEqual(paged, all);
    assert.equal((await h.search({ category: 'fashion', size: '2' })).body.total.value, 5);
  });
  it('counts pinned products in the facets exactly once, consistently with the total and with ticking a value', async () => {
    // shoe-4 matches the words too (found organically), audio-2 does not: each is counted once, where the page shows it.
    await h.createRule({
      name: 'Pins on running shoes',
      conditions: { query: { match: 'is', values: ['running shoes'] } },
      actions: [
        {
          type: 'pin',
          pins: [
            { productId: 'shoe-4', position: 1 },
            { productId: 'audio-2', position: 2 },
          ],
        },
      ],
    });
    type Value = { value: string; count: number };
    const counts = (values: Value[]) => Object.fromEntries(values.map((v) => [v.value, v.count]));
    const page = await h.search({ q: 'running shoes', facets: 'category,brand' });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.deepEqual(ids(page.body).slice(0, 2), ['shoe-4', 'audio-2']);
    assert.equal(page.body.total.value, 5);
    assert.deepEqual(counts(page.body.facets.category), { fashion: 4, electronics: 1 });
    const brands = counts(page.body.facets.brand);
    assert.deepEqual(brands, { nimbus: 2, stride: 2, sonora: 1 });
    for (const [brand, count] of Object.entries(brands)) {
      const ticked = await h.search({ q: 'running shoes', brand, facets: 'brand' });
      assert.equal(ticked.body.total.value, count, `ticking ${brand}`);
      assert.equal(ticked.body.hits.length, count, `ticking ${brand}`);
      assert.equal(counts(ticked.body.facets.brand)[brand], count, 'its own count is unchanged by ticking it');
    }
    // A cursor page does not splice the pins, but they stay in its facet counts and total, as on the first page.
    const first = await h.search({ q: 'running shoes', facets: 'category', size: '3' });
    const next = await h.search({ q: 'running shoes', facets: 'category', size: '3', cursor: first.body.nextCursor });
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.equal(next.body.total.value, 5);
    assert.deepEqual(counts(next.body.facets.category), { fashion: 4, electronics: 1 });
    assert.deepEqual(
      [...ids(first.body), ...ids(next.body)].sort(),
      ['audio-2', 'shoe-1', 'shoe-2', 'shoe-3', 'shoe-4'],
      'no gaps or repeats',
    );
  });
});
