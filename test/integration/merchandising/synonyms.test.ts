import assert from 'node:assert/strict';
import { productsAlias } from '../../../src/core/product-index';
import { ids, startHarness, type MerchandisingHarness } from './support';

describe('synonyms at search time (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;

  before(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.close();
  });

  /** The concrete index behind the alias and its document versions: a reindex or any document write would change them. */
  const indexState = async () => {
    const alias = await h.env.es.indices.getAlias({ name: productsAlias(h.env.config.indexPrefix) });
    const stats = await h.env.es.indices.stats({ index: productsAlias(h.env.config.indexPrefix), metric: ['indexing'] });
    return { index: Object.keys(alias), writes: stats._all.primaries?.indexing?.index_total };
  };

  it('takes effect on the next search without a reindex, English and Chinese, and stops when deleted', async () => {
    const before = await indexState();
    const shoes = new Set(['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4']);
    assert.equal((await h.search({ q: '球鞋' })).body.total.value, 0);
    const created = await h.merch('POST', '/synonyms', { type: 'multiway', terms: ['sneakers', '球鞋', 'running shoes'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(new Set(ids((await h.search({ q: '球鞋' })).body)), shoes);
    assert.deepEqual(new Set(ids((await h.search({ q: 'Sneakers' })).body)), shoes);
    assert.deepEqual(await indexState(), before, 'no document was written and the alias still points at the same index');

    assert.equal((await h.merch('DELETE', `/synonyms/${created.body.id}`)).status, 204);
    assert.equal((await h.search({ q: '球鞋' })).body.total.value, 0);
  });

  it('expands one-way synonyms from the input only, ranking what was typed above the synonym', async () => {
    assert.deepEqual(ids((await h.search({ q: 'skillet' })).body), ['pan-1']);
    const created = await h.merch('POST', '/synonyms', { type: 'oneway', input: 'skillet', synonyms: ['frying pan'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const expanded = await h.search({ q: 'skillet' });
    assert.deepEqual(ids(expanded.body), ['pan-1', 'pan-2'], 'the typed word first, the synonym after');
    assert.match(expanded.body.hits[1].highlightedTitle, /<em>Frying<\/em>/);
    assert.deepEqual(ids((await h.search({ q: 'frying pan' })).body), ['pan-2'], 'one-way: not the reverse');
  });

  it('updates a synonym in place, with its audit trail', async () => {
    const created = await h.merch('POST', '/synonyms', { type: 'oneway', input: 'skillet', synonyms: ['frying pan'] });
    const updated = await h.merch('PUT', `/synonyms/${created.body.id}`, { type: 'oneway', input: 'skillet', synonyms: ['wok'] });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(ids((await h.search({ q: 'skillet' })).body), ['pan-1']);
    const { versions } = (await h.merch('GET', `/synonyms/${created.body.id}/versions`)).body;
    assert.deepEqual(
      versions.map((v: { op: string }) => v.op),
      ['update', 'create'],
    );
    assert.deepEqual(versions[0].before.synonyms, ['frying pan']);
  });
});
