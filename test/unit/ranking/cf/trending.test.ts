import assert from 'node:assert/strict';
import { decayFactor, trendingScores } from '../../../../ranking/cf/trending';

const DAY = 86_400_000;
const now = Date.UTC(2026, 0, 31);

describe('ranking/cf/trending', () => {
  it('weighs an event one half-life old 0.5, two half-lives 0.25', () => {
    assert.equal(decayFactor(0, 7 * DAY), 1);
    assert.equal(decayFactor(7 * DAY, 7 * DAY), 0.5);
    assert.equal(decayFactor(14 * DAY, 7 * DAY), 0.25);
    // Clock skew: the future is "now", never more than now.
    assert.equal(decayFactor(-DAY, 7 * DAY), 1);
  });

  it('sums decayed weights per item, globally and per category', () => {
    const lists = trendingScores(
      [
        { itemId: 'a', categoryId: 'mugs', at: now - 7 * DAY },
        { itemId: 'a', categoryId: 'mugs', at: now - 7 * DAY },
        { itemId: 'b', categoryId: 'mugs', at: now, weight: 0.75 },
        { itemId: 'c', categoryId: 'toys', at: now - 14 * DAY, weight: 4 },
        { itemId: 'd', categoryId: null, at: now - 21 * DAY },
      ],
      { now, halfLifeMs: 7 * DAY },
    );
    assert.deepEqual(lists.global, [
      { itemId: 'a', score: 1 },
      { itemId: 'c', score: 1 },
      { itemId: 'b', score: 0.75 },
      { itemId: 'd', score: 0.125 },
    ]);
    assert.deepEqual(lists.byCategory, [
      {
        categoryId: 'mugs',
        items: [
          { itemId: 'a', score: 1 },
          { itemId: 'b', score: 0.75 },
        ],
      },
      { categoryId: 'toys', items: [{ itemId: 'c', score: 1 }] },
    ]);
  });

  it('cuts each list at the limit and refuses a non-positive half-life', () => {
    const events = ['a', 'b', 'c'].map((itemId, k) => ({ itemId, categoryId: null, at: now - k * DAY }));
    assert.deepEqual(
      trendingScores(events, { now, limit: 2 }).global.map((item) => item.itemId),
      ['a', 'b'],
    );
    assert.throws(() => trendingScores(events, { now, halfLifeMs: 0 }), RangeError);
  });
});
