import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Issue 19: numbers, measures and model codes written one way on both sides
 * (src/core/text/numbers.ts), through the search API on a real index: a
 * query finds a title that writes the same size, storage, model or sequel
 * number differently.
 */
describe('GET /v1/search: numbers, units and model codes written differently (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  // What the words as typed find: not a spelling correction, nor the fallback that needs fewer words.
  const found = async (q: string) => {
    const response = await shop.search({ q });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.relaxed, false, `${q}: relaxed`);
    assert.equal(response.body.showingCorrected, false, `${q}: corrected to ${response.body.correctedQuery}`);
    return ids(response.body);
  };

  before(async () => {
    shop = await startStorefront();
    const products: Record<string, { categoryId: string; titleEn: string }> = {
      'laptop-13': { categoryId: 'electronics', titleEn: 'Aero 13.3" Ultrabook Silver' },
      'laptop-15': { categoryId: 'electronics', titleEn: 'Aero 15.6 inch Workstation' },
      'iphone-11': { categoryId: 'phones', titleEn: 'Apple iPhone 11 64GB Black' },
      'game-bf3': { categoryId: 'electronics', titleEn: 'Battlefield 3 Limited Edition - Xbox 360' },
      'game-fu2': { categoryId: 'electronics', titleEn: 'Star Wars: The Force Unleashed II - Xbox 360' },
      'game-forza4': { categoryId: 'electronics', titleEn: 'Forza Motorsport 4 - Xbox 360' },
      'tablet-2in1': { categoryId: 'electronics', titleEn: 'Flip 2 in 1 Tablet' },
      'game-mw3': { categoryId: 'electronics', titleEn: 'Call of Duty: Modern Warfare 3 - Xbox 360' },
      'game-gta4': { categoryId: 'electronics', titleEn: 'Grand Theft Auto IV - Xbox 360' },
      'cod-oil': { categoryId: 'cookware', titleEn: 'Cod Liver Oil Capsules' },
      'game-madden11': { categoryId: 'electronics', titleEn: 'Madden NFL 11 - Xbox 360' },
      'game-madden12': { categoryId: 'electronics', titleEn: 'Madden NFL 12 - Xbox 360' },
    };
    await shop.addProducts(
      Object.fromEntries(Object.entries(products).map(([id, p]) => [id, { merchantId: 'm-tech', price: 99, stock: 5, ...p }])),
    );
  });
  after(async () => {
    await shop?.close();
  });

  it('finds a 13.3" title however the screen size is typed', async () => {
    for (const q of ['13.3 inch', '13.3 in', '13 3 in', '13.3 inches ultrabook', '13.3-inch'])
      assert.deepEqual(await found(q), ['laptop-13'], q);
    assert.deepEqual(await found('15.6" workstation'), ['laptop-15'], 'and an inch title from the mark');
  });

  it('finds a "256GB" title from "256 GB", and a model written apart from one written together', async () => {
    assert.deepEqual(await found('smartphone 256 GB'), ['phone-2']);
    assert.deepEqual(await found('256 gigabytes'), ['phone-2']);
    assert.deepEqual(await found('iphone11'), ['iphone-11']);
    assert.deepEqual(await found('iphone11 64 gb'), ['iphone-11']);
    assert.deepEqual(await found('voltix x 15 pro'), ['phone-2']);
    // Typing on: the unit's first letter after the number completes it.
    assert.deepEqual(await found('smartphone 256g'), ['phone-2']);
  });

  it('finds a number glued to a word whose title puts words between them ("forza4")', async () => {
    assert.equal((await found('forza4'))[0], 'game-forza4');
    assert.equal((await found('xbox360 forza'))[0], 'game-forza4');
  });

  it('finds a yearly edition titled by the short year from the year typed in full ("madden 2012")', async () => {
    assert.deepEqual(await found('madden 2012'), ['game-madden12']);
    assert.deepEqual(await found('madden nfl 2011'), ['game-madden11']);
  });

  it('shows the editions of a series newest first when the query names none ("madden")', async () => {
    assert.deepEqual(await found('madden'), ['game-madden12', 'game-madden11']);
    assert.deepEqual(await found('madden nfl 11'), ['game-madden11'], 'a number typed chooses');
    const byPrice = await shop.search({ q: 'madden', sort: 'price_desc' });
    assert.deepEqual(ids(byPrice.body), ['game-madden11', 'game-madden12'], 'another sort is left alone (equal prices: by id)');
  });

  it('reads number words and roman numerals as the numbers they are', async () => {
    assert.deepEqual(await found('battlefield three'), ['game-bf3']);
    assert.deepEqual(await found('force unleashed 2'), ['game-fu2']);
    assert.deepEqual(await found('force unleashed two'), ['game-fu2']);
  });

  it('finds a name by its initials when the words as typed find nothing: "cod mw3", "gta 4", "gta4"', async () => {
    assert.deepEqual(await found('cod mw3'), ['game-mw3']);
    assert.deepEqual(await found('mw3'), ['game-mw3']);
    assert.deepEqual(await found('gta 4'), ['game-gta4']);
    assert.deepEqual(await found('gta4'), ['game-gta4']);
  });

  it('never reads initials into a word that finds products as typed ("cod" is the fish here)', async () => {
    assert.deepEqual(await found('cod'), ['cod-oil']);
    // Initials of words inside a title's part, or of a single word, are no name: "lo" + "oil", "b3" for Battlefield 3.
    assert.deepEqual(await shop.search({ q: 'loc' }).then((r) => ids(r.body)), []);
    assert.deepEqual(await shop.search({ q: 'b3' }).then((r) => ids(r.body)), []);
  });

  it('reads no inch in "2 in 1"', async () => {
    assert.deepEqual(await found('2 in 1 tablet'), ['tablet-2in1']);
    // No title says "2 inch": only the fallback that needs fewer words finds the tablet.
    const inches = await shop.search({ q: '2 inch tablet' });
    assert.equal(inches.body.relaxed, true, JSON.stringify(inches.body));
  });
});
