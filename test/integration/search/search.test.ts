import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

describe('GET /v1/search (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const search = (params: Record<string, string | string[]>) => shop.search(params);

  before(async () => {
    shop = await startStorefront();
  });
  after(async () => {
    await shop?.close();
  });

  it('needs a public key', async () => {
    assert.equal((await shop.api.request('GET', '/v1/search?q=shoes')).status, 401);
  });

  it('finds English plurals and inflections: "running shoes" and "run shoe" match the same products', async () => {
    const a = await search({ q: 'running shoes' });
    const b = await search({ q: 'run shoe' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    // shoe-4's title says "Runner", but it sits in the Running Shoes category: found, ranked below title matches.
    assert.deepEqual(new Set(ids(a.body)), new Set(['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4']));
    assert.equal(ids(a.body)[3], 'shoe-4');
    assert.deepEqual(new Set(ids(b.body)), new Set(ids(a.body)));
    assert.equal(a.body.total.exact, true);
    assert.ok(!ids(a.body).includes('hidden-1'), 'hidden products never show');
  });

  it('finds words typed glued together or split apart: "hikingboots", "smart phone"', async () => {
    const glued = await search({ q: 'hikingboots' });
    assert.deepEqual(ids(glued.body), ['boot-1']);
    const split = await search({ q: 'smart phone' });
    // "Smartphone" in both phones' titles; the case only says "Phone", one word of two.
    assert.deepEqual(new Set(ids(split.body)), new Set(['phone-1', 'phone-2']));
    assert.equal(split.body.relaxed ?? false, false);
  });

  it('puts an exact title match first and highlights the matched words', async () => {
    const response = await search({ q: 'Sonora Wired Studio Headphones' });
    assert.equal(response.body.hits[0].id, 'audio-2');
    assert.match(response.body.hits[0].highlightedTitle, /<em>Wired<\/em>/);
  });

  it('matches Chinese queries by words, not single characters, and mixed Chinese/English queries', async () => {
    const shoes = await search({ q: '跑鞋' });
    assert.deepEqual(new Set(ids(shoes.body)), new Set(['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4']));
    assert.equal(ids(shoes.body)[3], 'shoe-4', 'the only one without 跑鞋 in its title comes last');
    // Single characters must not match: 鞋 alone is in every shoe title, 跑 in none of the boots.
    assert.ok(!ids(shoes.body).includes('boot-1'));
    const cases = await search({ q: '手机壳' });
    assert.deepEqual(new Set(ids(cases.body)), new Set(['case-1', 'case-2']));
    const mixed = await search({ q: 'Nimbus 跑鞋' });
    assert.deepEqual(new Set(ids(mixed.body)), new Set(['shoe-1', 'shoe-2']));
  });

  it('tolerates typos in longer words but not in short words or model codes', async () => {
    const typo = await search({ q: 'wireles headphnes' });
    assert.equal(typo.body.hits[0]?.id, 'audio-1', JSON.stringify(typo.body));
    const code = await search({ q: 'X16' });
    assert.ok(!ids(code.body).includes('phone-1'), 'X16 is another model, not a typo of X15');
  });

  it('offers did-you-mean for a misspelling, and shows the corrected results when the original found nothing', async () => {
    const response = await search({ q: 'skilet' });
    assert.equal(response.body.correctedQuery, 'skillet');
    assert.ok(ids(response.body).includes('pan-1'));
    const nothing = await search({ q: 'zzqx skillet' });
    assert.equal(nothing.body.relaxed, true, JSON.stringify(nothing.body));
    assert.deepEqual(ids(nothing.body), ['pan-1']);
  });

  it('ORs values within a facet, ANDs across facets, and counts facets disjunctively', async () => {
    const response = await search({
      category: 'running-shoes',
      brand: ['nimbus', 'stride'],
      'attr.colour': 'red',
      facets: 'brand,attributes,price',
    });
    assert.deepEqual(new Set(ids(response.body)), new Set(['shoe-1', 'shoe-4']));
    // Brand counts ignore the brand selection but honour the colour one.
    const brands = Object.fromEntries(response.body.facets.brand.map((f: { value: string; count: number }) => [f.value, f.count]));
    assert.deepEqual(brands, { nimbus: 1, stride: 1 });
    // Colour counts ignore the colour selection but honour the brand one.
    const colours = Object.fromEntries(
      response.body.facets.attributes.colour.map((f: { value: string; count: number }) => [f.value, f.count]),
    );
    // "Red" and "red" are one value (the filter matches both), labelled as a merchant capitalised it.
    assert.deepEqual(colours, { Red: 2, Blue: 1, Black: 1 });
    assert.ok(response.body.facets.attributes.size, 'the category page shows its own attribute facets');
    assert.equal(response.body.facets.price.min, 59.5);
  });

  it('keeps every attribute facet when a value is chosen without one category to say which keys matter', async () => {
    type Value = { value: string; count: number; selected: boolean };
    const counts = (values: Value[] = []) => Object.fromEntries(values.map((v) => [v.value, v.count]));
    const chosen = await search({ q: 'running shoes', 'attr.colour': 'red', facets: 'attributes' });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    assert.deepEqual(new Set(ids(chosen.body)), new Set(['shoe-1', 'shoe-4']));
    const attributes = chosen.body.facets.attributes;
    assert.deepEqual(Object.keys(attributes).sort(), ['colour', 'size'], 'the other attribute stays');
    // Sizes are counted within the colour chosen; colours as if none were chosen (multi-select).
    assert.deepEqual(counts(attributes.size), { '40': 1, '42': 1, '43': 1, '44': 1 });
    assert.equal(
      Object.values(counts(attributes.colour)).reduce((a, b) => a + b, 0),
      4,
      JSON.stringify(attributes.colour),
    );
    // Two keys chosen, two categories (no one category's keys): each counts without its own selection only.
    const two = await search({
      category: ['running-shoes', 'boots'],
      'attr.colour': 'red',
      'attr.size': '42',
      facets: 'attributes',
    });
    assert.deepEqual(ids(two.body), ['shoe-1']);
    assert.deepEqual(counts(two.body.facets.attributes.size), { '42': 1, '43': 1, '44': 1, '40': 1 });
    assert.deepEqual(
      Object.keys(counts(two.body.facets.attributes.colour))
        .map((c) => c.toLowerCase())
        .sort(),
      ['black', 'red'],
    );
  });

  it('orders facet values by label, sizes by number, and keeps the order while values are ticked', async () => {
    type Value = { value: string; label: string; count: number; selected: boolean };
    const labels = (values: Value[]) => values.map((v) => v.label);
    const page = await search({ category: 'shoes', facets: 'brand,merchant,attributes' });
    const { attributes } = page.body.facets;
    assert.deepEqual(labels(attributes.size), ['37', '38', '40', '41', '42', '43', '44'], 'sizes in numeric order');
    assert.deepEqual(labels(attributes.colour), ['Black', 'Blue', 'Brown', 'Red'], 'one Red, capitalised like the brands');
    assert.equal(attributes.colour.find((v: Value) => v.label === 'Red').count, 2);
    assert.deepEqual(labels(page.body.facets.brand), ['Alpine', 'Nimbus', 'Stride']);
    // Ticking a colour changes other facets' counts, never their order; the ticked value keeps its place.
    const ticked = await search({ category: 'shoes', 'attr.colour': 'black', facets: 'brand,merchant,attributes' });
    assert.deepEqual(labels(ticked.body.facets.attributes.colour), labels(attributes.colour));
    assert.deepEqual(
      ticked.body.facets.attributes.colour.filter((v: Value) => v.selected).map((v: Value) => v.label),
      ['Black'],
    );
    assert.deepEqual(labels(ticked.body.facets.attributes.size), ['41', '42']);
    // A ticked value stays listed even when other choices leave it no product, so it can be unticked.
    const emptied = await search({ category: 'shoes', brand: 'alpine', 'attr.colour': 'black', facets: 'brand,attributes' });
    assert.equal(emptied.body.total.value, 0);
    // The value as the shopper gave it (matched case-insensitively), labelled as the others are.
    assert.deepEqual(
      emptied.body.facets.attributes.colour.find((v: Value) => v.selected),
      {
        value: 'black',
        label: 'Black',
        count: 0,
        selected: true,
      },
    );
    // No product of that brand is left to name it: the id stands in for its name.
    assert.deepEqual(
      emptied.body.facets.brand.filter((v: Value) => v.selected).map((v: Value) => [v.value, v.count]),
      [['alpine', 0]],
    );
  });

  it('browses a category with its descendants and a hierarchical category facet', async () => {
    const response = await search({ category: 'electronics', facets: 'category', sort: 'price_asc' });
    assert.equal(response.body.total.value, 6);
    assert.deepEqual(ids(response.body).slice(0, 2), ['case-1', 'case-2']);
    const children = Object.fromEntries(
      response.body.facets.category.map((f: { value: string; count: number; label: string }) => [f.value, [f.label, f.count]]),
    );
    assert.deepEqual(children, { phones: ['Phones', 2], 'phone-cases': ['Phone Cases', 2], audio: ['Headphones', 2] });
  });

  it('names the one category a search is filtered to, with its breadcrumbs; null for none, several or an unknown one', async () => {
    const page = await search({ category: 'running-shoes' });
    assert.deepEqual(page.body.category, {
      id: 'running-shoes',
      name: 'Running Shoes',
      path: [
        { id: 'fashion', name: 'Fashion' },
        { id: 'shoes', name: 'Shoes' },
        { id: 'running-shoes', name: 'Running Shoes' },
      ],
    });
    const top = await search({ category: 'home', q: 'skillet' });
    assert.deepEqual(top.body.category, { id: 'home', name: 'Home', path: [{ id: 'home', name: 'Home' }] });
    assert.equal((await search({ q: 'shoes' })).body.category, null);
    assert.equal((await search({ category: ['boots', 'running-shoes'] })).body.category, null);
    const unknown = await search({ category: 'no-such-category' });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body.category, null);
  });

  it('filters on price, rating and stock', async () => {
    const response = await search({ category: 'fashion', price_min: '60', price_max: '150', rating_min: '4.3', in_stock: 'true' });
    assert.deepEqual(new Set(ids(response.body)), new Set(['shoe-1', 'boot-1']));
  });

  it('pages deterministically and continues with a cursor', async () => {
    const all = await search({ sort: 'price_desc', size: '100' });
    const first = await search({ sort: 'price_desc', size: '5' });
    assert.deepEqual(ids(first.body), ids(all.body).slice(0, 5));
    const second = await search({ sort: 'price_desc', size: '5', cursor: first.body.nextCursor });
    assert.deepEqual(ids(second.body), ids(all.body).slice(5, 10));
    const page2 = await search({ sort: 'price_desc', size: '5', page: '2' });
    assert.deepEqual(ids(page2.body), ids(second.body));
  });

  it('rejects bad input with the field, before Elasticsearch sees it', async () => {
    for (const [params, field] of [
      [{ size: '1000' }, 'size'],
      [{ sort: 'random' }, 'sort'],
      [{ 'attr.colour': 'x'.repeat(200) }, 'attr.colour'],
      [{ cursor: 'bm9wZQ' }, 'cursor'],
      [{ q: '{"match_all":{}}', oops: '1' }, 'oops'],
    ] as const) {
      const response = await search(params as Record<string, string>);
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.equal(response.body.error.field, field);
    }
  });

  it('treats query syntax as plain words', async () => {
    const response = await search({ q: 'title_en:* OR *:* AND "' });
    assert.equal(response.status, 200);
    assert.equal(response.body.total.value, 0);
  });

  it('records every search in the search log', async () => {
    await search({ q: 'cast iron skillet' });
    await shop.api.searchLog.flush();
    const row = await shop.env.db('search_log').where({ normalized_query: 'cast iron skillet' }).first();
    assert.ok(row);
    assert.equal(row.result_count, 1);
  });
});
