import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/** Issue 18, "no dead ends": a query that finds nothing as typed still leads somewhere, and says what was changed. */
describe('GET /v1/search: no dead ends (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const search = (params: Record<string, string | string[]>) => shop.search(params);

  before(async () => {
    shop = await startStorefront();
    // Popularity as the signals job writes it: the pan set and the studio headphones sell best.
    const index = `${shop.env.config.indexPrefix}-products`;
    await shop.env.es.update({ index, id: 'pan-2', doc: { popularity: 9 } });
    await shop.env.es.update({ index, id: 'audio-2', doc: { popularity: 5 } });
    await shop.env.es.indices.refresh({ index });
  });
  after(async () => {
    await shop?.close();
  });

  it('combines correction and relaxation: "shooz unicorn" shows shoes, corrected and relaxed', async () => {
    const response = await search({ q: 'shooz unicorn' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.match(response.body.correctedQuery, /^shoes? unicorn$/);
    assert.equal(response.body.showingCorrected, true);
    assert.equal(response.body.relaxed, true);
    // Everything shown is footwear (boots sit in the Shoes category).
    assert.ok(ids(response.body).includes('shoe-1'), JSON.stringify(ids(response.body)));
    assert.ok(
      ids(response.body).every((id: string) => /^(shoe|boot)-/.test(id)),
      JSON.stringify(ids(response.body)),
    );
  });

  it('prefers the relaxed original over the relaxed correction when the typed words already find products', async () => {
    // "skillet" is spelt right; "zzqx" has no correction, so nothing is corrected and the typed words are relaxed.
    const response = await search({ q: 'zzqx skillet' });
    assert.equal(response.body.relaxed, true);
    assert.equal(response.body.showingCorrected, false);
    assert.deepEqual(ids(response.body), ['pan-1']);
  });

  describe('every misspelt word is corrected', () => {
    it('corrects a word no title has from English, beside one the catalog corrects: "purpel headphnes"', async () => {
      const response = await search({ q: 'purpel headphnes' });
      assert.equal(response.body.correctedQuery, 'purple headphones', JSON.stringify(response.body));
      // Nothing is purple: the typed words relaxed still find the headphones (fuzzy), and the correction is offered, not applied.
      assert.equal(response.body.relaxed, true);
      assert.deepEqual(new Set(ids(response.body)), new Set(['audio-1', 'audio-2']));
    });

    it('reaches a heavier typo by sound: "hedfonez" finds the headphones', async () => {
      const response = await search({ q: 'hedfonez' });
      assert.equal(response.body.correctedQuery, 'headphone', JSON.stringify(response.body));
      assert.equal(response.body.showingCorrected, true);
      assert.deepEqual(new Set(ids(response.body)), new Set(['audio-1', 'audio-2']));
    });

    it('keeps an English word rather than swap it for a catalog word two edits away ("cable" is no "case")', async () => {
      const response = await search({ q: 'usb cable' });
      assert.equal(response.body.total.value, 0);
      assert.equal(response.body.didYouMean, null, JSON.stringify(response.body.didYouMean));
    });

    it('never corrects a word the catalog has, even one a letter away from English ("voltix" is no "voltaic")', async () => {
      const response = await search({ q: 'voltix unicorn' });
      assert.equal(response.body.correctedQuery, null, JSON.stringify(response.body));
      assert.equal(response.body.relaxed, true);
      assert.ok(ids(response.body).includes('phone-1'));
    });
  });

  describe('one did-you-mean notice', () => {
    it("says once what was corrected and whether the results are the correction's", async () => {
      const applied = await search({ q: 'hedfonez' });
      assert.deepEqual(applied.body.didYouMean, { query: 'headphone', applied: true });
      const offered = await search({ q: 'skilet' });
      assert.deepEqual(offered.body.didYouMean, { query: 'skillet', applied: false });
      const none = await search({ q: 'running shoes' });
      assert.equal(none.body.didYouMean, null);
      // The older fields agree with it.
      assert.equal(applied.body.correctedQuery, 'headphone');
      assert.equal(applied.body.showingCorrected, true);
    });
  });

  describe('a price said in the query', () => {
    it("filters the other words by the price, and says so apart from the shopper's own filters", async () => {
      const shoes = await search({ q: 'shoes under 100' });
      assert.equal(shoes.status, 200, JSON.stringify(shoes.body));
      assert.deepEqual(shoes.body.interpretedFilters, { price: { lte: 100 }, query: 'shoes' });
      assert.deepEqual(new Set(ids(shoes.body)), new Set(['shoe-1', 'shoe-2', 'shoe-4']));
      assert.equal(shoes.body.appliedFilters.priceMax, null, 'the shopper set no price band');
      assert.equal(shoes.body.query, 'shoes under 100');

      const headphones = await search({ q: 'headphones below $100' });
      assert.deepEqual(ids(headphones.body), ['audio-2']);
      assert.deepEqual((await search({ q: 'over 600' })).body.interpretedFilters, { price: { gte: 600 }, query: null });
      assert.deepEqual(ids((await search({ q: 'over 600' })).body), ['phone-2']);
      const between = await search({ q: 'shoes between 60 and 80' });
      assert.deepEqual(new Set(ids(between.body)), new Set(['shoe-2']));
      const chinese = await search({ q: '跑鞋 80元以下' });
      assert.deepEqual(chinese.body.interpretedFilters, { price: { lte: 80 }, query: '跑鞋' });
      assert.deepEqual(new Set(ids(chinese.body)), new Set(['shoe-2', 'shoe-4']));
    });

    it('keeps the price when it is what empties the page, and searches words that name nothing as typed', async () => {
      // No shoes cost 50 or less: the answer says the price did it, so the shopper can take it back.
      const cheap = await search({ q: 'shoes under 50' });
      assert.equal(cheap.body.total.value, 0);
      assert.deepEqual(cheap.body.interpretedFilters, { price: { lte: 50 }, query: 'shoes' });
      assert.ok(cheap.body.noResults);
      const unknown = await search({ q: 'zzqx under 50' });
      assert.equal(unknown.body.interpretedFilters, null);
    });

    it('keeps within a price band the shopper chose', async () => {
      const response = await search({ q: 'shoes under 100', price_min: '70' });
      assert.deepEqual(new Set(ids(response.body)), new Set(['shoe-1', 'shoe-2']));
      assert.equal(response.body.appliedFilters.priceMin, 70);
    });

    it('never reads a model number, a size or a measure as a price, and ignores values that make no range', async () => {
      const model = await search({ q: 'voltix x15' });
      assert.equal(model.body.interpretedFilters, null);
      assert.ok(ids(model.body).includes('phone-1'));
      assert.equal((await search({ q: 'skillet under 30 cm' })).body.interpretedFilters, null);
      assert.equal((await search({ q: 'shoes size under 43' })).body.interpretedFilters, null);
      const backwards = await search({ q: 'shoes between 100 and 50' });
      assert.equal(backwards.status, 200);
      assert.equal(backwards.body.interpretedFilters, null);
    });
  });

  describe('a page with no results', () => {
    it('offers the categories the words point to and the trending products, without facets full of zeros', async () => {
      const response = await search({ q: 'shoes under 50', facets: 'category,brand,rating,price' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.total.value, 0);
      assert.deepEqual(response.body.noResults.categories, [
        { id: 'running-shoes', name: 'Running Shoes', count: 4 },
        { id: 'boots', name: 'Boots', count: 1 },
      ]);
      const trending = ids({ hits: response.body.noResults.trending });
      assert.deepEqual(trending.slice(0, 2), ['pan-2', 'audio-2']);
      assert.ok(!trending.includes('hidden-1'), 'hidden products are never offered');
      assert.equal(response.body.noResults.trending[0].title, 'IronLeaf Non-Stick Frying Pans Set');
      // The price said in the query emptied the page: only the price facet counts anything (its own filter aside), showing where the shoes are.
      assert.deepEqual(Object.keys(response.body.facets), ['price']);
      assert.deepEqual(
        response.body.facets.price.ranges.map((r: { value: string; count: number }) => [r.value, r.count]),
        [
          ['50-100', 3],
          ['100-250', 2],
        ],
      );
      const nothing = await search({ q: 'zzqx', facets: 'category,brand,rating,price' });
      assert.deepEqual(nothing.body.facets, {}, 'no facet counts anything');
    });

    it('keeps a facet value the shopper chose, so it can be removed', async () => {
      const response = await search({ q: 'skillet', rating_min: '5', facets: 'rating,brand' });
      assert.equal(response.body.total.value, 0);
      assert.ok(response.body.facets.rating, JSON.stringify(response.body.facets));
      assert.equal(response.body.facets.brand, undefined);
      assert.deepEqual(response.body.noResults.categories, [{ id: 'cookware', name: 'Cookware', count: 1 }]);
    });

    it('says nothing of the kind when there are results', async () => {
      const response = await search({ q: 'skillet', facets: 'rating' });
      assert.equal(response.body.noResults, null);
      assert.ok(response.body.facets.rating);
    });
  });
});
