import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/** Issue 18, "no dead ends": a query that finds nothing as typed still leads somewhere, and says what was changed. */
describe('GET /v1/search: no dead ends (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const search = (params: Record<string, string | string[]>) => shop.search(params);

  before(async () => {
    shop = await startStorefront();
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
});

describe('GET /v1/search: every misspelt word is corrected (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const search = (params: Record<string, string | string[]>) => shop.search(params);

  before(async () => {
    shop = await startStorefront();
  });
  after(async () => {
    await shop?.close();
  });

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

  it('never corrects a word the catalog has, even one a letter away from English ("voltix" is no "voltaic")', async () => {
    const response = await search({ q: 'voltix unicorn' });
    assert.equal(response.body.correctedQuery, null, JSON.stringify(response.body));
    assert.equal(response.body.relaxed, true);
    assert.ok(ids(response.body).includes('phone-1'));
  });
});

describe('GET /v1/search: one did-you-mean notice (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const search = (params: Record<string, string | string[]>) => shop.search(params);

  before(async () => {
    shop = await startStorefront();
  });
  after(async () => {
    await shop?.close();
  });

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
