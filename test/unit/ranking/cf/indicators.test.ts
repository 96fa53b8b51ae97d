import assert from 'node:assert/strict';
import { cooccurrenceIndicators, crossOccurrenceIndicators } from '../../../../ranking/cf/indicators';
import { rowsFromPairs } from '../../../../ranking/cf/interactions';
import { logLikelihoodRatio } from '../../../../ranking/cf/llr';

/** 20 users; `buyers[item]` lists who bought it. */
function rowsOf(buyers: number[][], nUsers = 20): Int32Array[] {
  return rowsFromPairs(
    buyers.flatMap((users, item) => users.map((user): [number, number] => [user, item])),
    nUsers,
  );
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

// Items 0 and 1 always together (users 0–9); item 2 independent of 0 (users 5–14);
// item 3 bought by everyone; item 4 by users 0–2 and 15, mildly linked to 0.
const purchases = rowsOf([range(0, 10), range(0, 10), range(5, 15), range(0, 20), [0, 1, 2, 15]]);

describe('ranking/cf/indicators', () => {
  it('links items bought by the same customers, scored by LLR, best first', () => {
    const [zero] = cooccurrenceIndicators(purchases, 5);
    assert.deepEqual(Array.from(zero.indices), [1, 4]);
    // 10 of 20 users bought both and nobody bought one without the other: Mahout's LLR(10,0,0,10).
    assert.ok(Math.abs(zero.scores[0] - 27.72589) < 1e-5);
    assert.ok(Math.abs(zero.scores[1] - logLikelihoodRatio(3, 7, 1, 9)) < 1e-12);
  });

  it('leaves out the item itself, independent items and items everybody buys', () => {
    const indicators = cooccurrenceIndicators(purchases, 5);
    for (const [item, list] of indicators.entries()) assert.ok(!list.indices.includes(item));
    assert.ok(!indicators[0].indices.includes(2), 'independent');
    assert.ok(!indicators[0].indices.includes(3), 'bought by everyone');
    assert.equal(indicators[3].indices.length, 0);
  });

  it('keeps the top K per item and applies the LLR threshold and minimum co-occurrence', () => {
    assert.deepEqual(Array.from(cooccurrenceIndicators(purchases, 5, { maxIndicatorsPerItem: 1 })[0].indices), [1]);
    assert.deepEqual(Array.from(cooccurrenceIndicators(purchases, 5, { minLlr: 5 })[0].indices), [1]);
    assert.deepEqual(Array.from(cooccurrenceIndicators(purchases, 5, { minCooccurrence: 4 })[0].indices), [1]);
  });

  it('finds cross-occurrence: viewers of one item buying another', () => {
    // Users 5–14 viewed item 5 (and bought item 2); the rest viewed item 6.
    const views = rowsOf([[], [], [], [], [], range(5, 15), [...range(0, 5), ...range(15, 20)]]);
    const indicators = crossOccurrenceIndicators({ rows: purchases, nItems: 5 }, { rows: views, nItems: 7 });
    assert.equal(indicators.length, 5);
    assert.deepEqual(Array.from(indicators[2].indices), [5]);
    assert.ok(Math.abs(indicators[2].scores[0] - 27.72589) < 1e-5);
    // Buyers of 0 (users 0–9) are half viewers of 5 (5–9), as are non-buyers (10–14): independent.
    assert.ok(!indicators[0].indices.includes(5));
  });
});
