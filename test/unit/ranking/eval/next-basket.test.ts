import assert from 'node:assert/strict';
import { basketCases, createCooccurrenceCounter } from '../../../../ranking/eval/next-basket';

describe('ranking/eval/next-basket', () => {
  it('makes one case per order with two or more distinct products: the first is the anchor, the rest relevant', () => {
    const cases = basketCases([
      { orderId: 'o1', items: ['a', 'b', 'a', 'c'] },
      { orderId: 'o2', items: ['d', 'd'] },
      { orderId: 'o3', items: ['e'] },
      { orderId: 'o4', items: ['f', 'g'] },
    ]);
    assert.deepEqual(cases, [
      { orderId: 'o1', anchor: 'a', others: ['b', 'c'] },
      { orderId: 'o4', anchor: 'f', others: ['g'] },
    ]);
  });

  it('spreads a limited number of cases evenly over the orders, reproducibly', () => {
    const baskets = Array.from({ length: 10 }, (_, i) => ({ orderId: `o${i}`, items: ['x', `y${i}`] }));
    assert.deepEqual(
      basketCases(baskets, 3).map((c) => c.orderId),
      ['o0', 'o4', 'o8'],
    );
    assert.equal(basketCases(baskets, 10).length, 10);
  });

  it('counts co-occurrence per group, most first, ties by id, never the anchor itself', () => {
    const top = createCooccurrenceCounter([
      ['a', 'b', 'c'],
      ['a', 'c'],
      ['a', 'd', 'a'],
      ['b', 'c'],
    ]);
    assert.deepEqual(top('a', 10), ['c', 'b', 'd']);
    assert.deepEqual(top('a', 1), ['c']);
    assert.deepEqual(top('c', 10), ['a', 'b']);
    assert.deepEqual(top('unknown', 10), []);
  });

  it('leaves out products the service cannot show', () => {
    const top = createCooccurrenceCounter(
      [
        ['a', 'b', 'c'],
        ['a', 'c'],
      ],
      new Set(['c']),
    );
    assert.deepEqual(top('a', 10), ['b']);
  });
});
