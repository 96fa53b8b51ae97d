import assert from 'node:assert/strict';
import { boughtTogether, wilsonLiftLowerBound } from '../../../../ranking/cf/bought-together';
import { cooccurrenceLlr } from '../../../../ranking/cf/llr';

const orders = (...baskets: Array<[count: number, items: number[]]>) =>
  baskets.flatMap(([count, items]) => Array.from({ length: count }, () => Int32Array.from(items)));

// 14 orders: {0,1}×5, {0,2}×1, {1}×2, {2}×4, {3,4}×2.
const baskets = orders([5, [0, 1]], [1, [0, 2]], [2, [1]], [4, [2]], [2, [3, 4]]);

describe('ranking/cf/bought-together', () => {
  it('pairs items bought in the same order, with a minimum support', () => {
    const related = boughtTogether(baskets, 5, { thinSupport: false });
    assert.deepEqual(Array.from(related[0].indices), [1]);
    assert.deepEqual(Array.from(related[1].indices), [0]);
    assert.equal(related[3].indices.length, 0, 'support 2 < 3');
    assert.deepEqual(Array.from(boughtTogether(baskets, 5, { minSupport: 2, thinSupport: false })[3].indices), [4]);
  });

  it('scores by LLR over orders or by lift', () => {
    // Item 0 in 6 orders, item 1 in 7, both in 5, of 14.
    assert.ok(Math.abs(boughtTogether(baskets, 5)[0].scores[0] - cooccurrenceLlr(5, 6, 7, 14)) < 1e-12);
    assert.ok(Math.abs(boughtTogether(baskets, 5, { measure: 'lift' })[0].scores[0] - (5 * 14) / (6 * 7)) < 1e-12);
  });

  it('never pairs items that sell together less often than chance', () => {
    // 0 and 2 share one order with support lowered to 1: lift 1·14 / (6·5) < 1.
    assert.ok(!boughtTogether(baskets, 5, { minSupport: 1 })[0].indices.includes(2));
  });

  it('fills short lists from thin pairs whose lift is above 1 even at its lower confidence bound, after the strong ones', () => {
    const related = boughtTogether(baskets, 5);
    // 3 and 4: 2 shared orders of 2 (support under 3); P(4 | 3) ≥ 0.342 at 95%, P(4) = 2/14: bound 2.40.
    assert.deepEqual(Array.from(related[3].indices), [4]);
    assert.ok(Math.abs(related[3].scores[0] - 0.3424 / (2 / 14)) < 1e-3, String(related[3].scores[0]));
    // 0 and 2: one shared order of 6, P(2) = 5/14: not even the ratio beats chance, the bound far less.
    assert.deepEqual(Array.from(related[0].indices), [1]);
    assert.ok(wilsonLiftLowerBound(1, 6, 5, 14) < 1);
  });
});
