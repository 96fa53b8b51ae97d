import assert from 'node:assert/strict';
import { collect, respond, type Candidate, type Step } from '../../../src/recommendations/collect';
import type { ProductSource } from '../../../src/recommendations/shape';
import type { RecommendationSource } from '../../../src/recommendations/types';

function doc(id: string, brand: string): ProductSource {
  return {
    id,
    title_en: id,
    title_zh: null,
    price: 1,
    currency: 'USD',
    in_stock: true,
    rating: null,
    review_count: 0,
    image_url: null,
    brand: { id: brand, name: brand },
    merchant: { id: 'm', name: 'M' },
    category: { id: 'c', ids: ['c'], names_en: ['C'], names_zh: [] },
  };
}

/** A step answering from a fixed list, recording what it was asked. */
function fixed(source: RecommendationSource, docs: ProductSource[], calls: Array<{ exclude: readonly string[]; size: number }>): Step {
  return {
    async fetch(exclude, size) {
      calls.push({ exclude, size });
      return docs
        .filter((d) => !exclude.includes(d.id))
        .slice(0, size)
        .map((d): Candidate => ({ doc: d, source, reason: { code: 'popular', text: '' }, score: null }));
    },
  };
}

describe('collect', () => {
  const options = { size: 3, exclude: ['x'], maxPerBrand: null, maxPerMerchant: null, overFetch: 3, maxFetch: 150 };

  it('asks the fallback only for what is missing, never repeating a product', async () => {
    const first: Array<{ exclude: readonly string[]; size: number }> = [];
    const second: typeof first = [];
    const chosen = await collect(
      [
        fixed('also_bought', [doc('a', 'b1')], first),
        fixed('trending', [doc('a', 'b1'), doc('x', 'b1'), doc('c', 'b2'), doc('d', 'b3')], second),
      ],
      options,
    );
    assert.deepEqual(
      chosen.map((c) => [c.doc.id, c.source]),
      [
        ['a', 'also_bought'],
        ['c', 'trending'],
        ['d', 'trending'],
      ],
    );
    assert.deepEqual(first, [{ exclude: ['x'], size: 9 }]);
    assert.deepEqual(second, [{ exclude: ['x', 'a'], size: 6 }]);
    const response = respond(chosen, ['also_bought'], 1.5);
    assert.deepEqual([response.source, response.sources, response.fallback], ['also_bought', ['also_bought', 'trending'], true]);
  });

  it("skips a full list's fallbacks and applies the caps across sources", async () => {
    const calls: Array<{ exclude: readonly string[]; size: number }> = [];
    const chosen = await collect(
      [fixed('for_you', [doc('a', 'b1'), doc('b', 'b1'), doc('c', 'b2')], []), fixed('trending', [doc('d', 'b1'), doc('e', 'b3')], calls)],
      { ...options, maxPerBrand: 1 },
    );
    assert.deepEqual(
      chosen.map((c) => c.doc.id),
      ['a', 'c', 'e'],
    );
    assert.deepEqual(calls[0]!.exclude, ['x', 'a', 'b', 'c'], 'capped products are not fetched again');
    const full = await collect(
      [fixed('for_you', [doc('a', 'b1'), doc('b', 'b2'), doc('c', 'b3')], []), fixed('trending', [], calls)],
      options,
    );
    assert.equal(full.length, 3);
    assert.equal(calls.length, 1, 'a full list asks no fallback');
    assert.equal(respond(full, ['for_you'], 0).fallback, false);
  });
});
