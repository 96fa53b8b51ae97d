import assert from 'node:assert/strict';
import { PairBuffer, csrRows } from '../../../../jobs/recommendations/csr';
import { computePart } from '../../../../jobs/recommendations/parts';
import { stageRows } from '../../../../jobs/recommendations/store';
import { sameJson } from '../../../../jobs/recommendations/watermark';

/** Items: 0 phone, 1 case, 2 pan, 3 lid. Six customers buy phone + case, four buy pan + lid. */
function purchases() {
  const pairs = new PairBuffer();
  for (let u = 0; u < 6; u++) [0, 1].forEach((item) => pairs.push(u, item));
  for (let u = 6; u < 10; u++) [2, 3].forEach((item) => pairs.push(u, item));
  return pairs.toCsr(10);
}

describe('model parts', () => {
  it('finds purchase co-occurrence indicators, with their LLR strengths', () => {
    const result = computePart({ part: 'also_bought', purchases: purchases(), nItems: 4, options: {} });
    assert.equal(result.kind, 'weighted');
    if (result.kind !== 'weighted') return;
    assert.deepEqual(
      csrRows(result.lists).map((r) => Array.from(r)),
      [[1], [0], [3], [2]],
    );
    // G² of 6 of 10 customers buying both, none either alone: 2 · 10 · H(0.6, 0.4) = 13.46.
    assert.ok(Math.abs(result.lists.weights[0]! - 13.4602) < 1e-3, String(result.lists.weights[0]));
  });

  it('finds cross-occurrence of views with purchases', () => {
    const views = new PairBuffer();
    // Viewers of the lid (3) bought the pan (2); everyone viewed what they bought as well.
    for (let u = 6; u < 10; u++) views.push(u, 3);
    for (let u = 0; u < 6; u++) views.push(u, 0);
    const result = computePart({ part: 'viewed_indicators', purchases: purchases(), secondary: views.toCsr(10), nItems: 4, options: {} });
    if (result.kind !== 'weighted') assert.fail(result.kind);
    assert.deepEqual(Array.from(csrRows(result.lists)[2]!), [3]);
  });

  it('stores EASE rows in catalogue indices, strongest weight first', () => {
    // Item 0 is a rarity (one buyer) outside a head of five; 1 phone, 2 case, 3 pan, 4 lid, 5 charger.
    // Ten customers buy phone + case, three of them a charger too; four buy pan + lid, one of them the rarity.
    const pairs = new PairBuffer();
    for (let u = 0; u < 10; u++) [1, 2].forEach((item) => pairs.push(u, item));
    for (let u = 0; u < 3; u++) pairs.push(u, 5);
    for (let u = 10; u < 14; u++) [3, 4].forEach((item) => pairs.push(u, item));
    pairs.push(10, 0);
    const result = computePart({ part: 'ease', purchases: pairs.toCsr(14), nItems: 6, options: { maxItems: 5, lambda: 1, neighbors: 2 } });
    if (result.kind !== 'weighted') assert.fail(result.kind);
    const rows = csrRows(result.lists).map((r) => Array.from(r));
    // The phone speaks most for the case, then the charger; the pan for the lid; the rarity, outside the head, for nothing.
    assert.deepEqual(rows[1], [2, 5]);
    assert.deepEqual(rows[3], [4]);
    assert.deepEqual(rows[0], []);
    assert.ok(!rows.flat().includes(0), 'nothing points at an item outside the head');
    const phoneWeights = Array.from(result.lists.weights.subarray(result.lists.offsets[1], result.lists.offsets[2]));
    assert.ok(phoneWeights[0]! > phoneWeights[1]! && phoneWeights[1]! > 0, `weights ${phoneWeights}`);
  });

  it('turns results into rows of product ids, leaving out products with nothing', () => {
    const lists = (rows: number[][]) => {
      const pairs = new PairBuffer();
      rows.forEach((row, i) => row.forEach((j) => pairs.push(i, j)));
      return pairs.toCsr(rows.length);
    };
    const empty = lists([[], [], []]);
    const easeLists = lists([[], [], [0]]);
    const noWeights = { ...empty, weights: new Float32Array(0) };
    const rows = [
      ...stageRows({
        itemIds: ['a', 'b', 'c'],
        alsoBought: lists([[1], [0], []]),
        viewedIndicators: empty,
        cartedIndicators: empty,
        boughtTogether: empty,
        ease: { ...easeLists, weights: Float32Array.of(0.123456) },
        llr: { bought: { ...lists([[], [2], []]), weights: Float32Array.of(7.891) }, viewed: noWeights, carted: noWeights },
        trending: Float64Array.of(12.34567, Number.NaN, Number.NaN),
        purchasers: Int32Array.of(3, 2, 0),
      }),
    ];
    const none = { bought_together: [], viewed_indicators: [], carted_indicators: [] };
    const noLlr = {
      llr_bought_items: [],
      llr_bought_weights: [],
      llr_viewed_items: [],
      llr_viewed_weights: [],
      llr_carted_items: [],
      llr_carted_weights: [],
    };
    assert.deepEqual(rows, [
      { product_id: 'a', also_bought: ['b'], ...none, ease_items: [], ease_weights: [], ...noLlr, trending: 12.346, purchasers: 3 },
      // b is an indicator of c for buyers, with its strength.
      {
        product_id: 'b',
        also_bought: ['a'],
        ...none,
        ease_items: [],
        ease_weights: [],
        ...noLlr,
        llr_bought_items: ['c'],
        llr_bought_weights: [7.89],
        trending: null,
        purchasers: 2,
      },
      // Only an EASE row: still stored, its weight to three significant digits.
      { product_id: 'c', also_bought: [], ...none, ease_items: ['a'], ease_weights: [0.123], ...noLlr, trending: null, purchasers: 0 },
    ]);
  });

  it('compares stored parameters whatever their key order', () => {
    assert.ok(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }));
    assert.ok(!sameJson({ a: 1 }, { a: 2 }));
  });
});
