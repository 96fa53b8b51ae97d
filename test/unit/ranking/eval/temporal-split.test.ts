import assert from 'node:assert/strict';
import { before, temporalSplit, type Purchase } from '../../../../ranking/eval/temporal-split';

const DAY = 86_400_000;
const cutoff = Date.UTC(2011, 8, 1);
const buy = (userId: string, itemId: string, at: number): Purchase => ({ userId, itemId, at, orderId: `${userId}-${at}` });

describe('ranking/eval/temporal-split', () => {
  const purchases = [
    buy('u1', 'a', cutoff - 1),
    buy('u1', 'b', cutoff),
    buy('u1', 'a', cutoff + DAY),
    buy('u2', 'c', cutoff - 10 * DAY),
    buy('u3', 'd', cutoff + DAY),
    buy('u2', 'e', cutoff + 30 * DAY),
  ];

  it('trains strictly before the cutoff and tests from it', () => {
    const split = temporalSplit(purchases, { cutoff });
    assert.deepEqual(
      split.train.map((p) => p.itemId),
      ['a', 'c'],
    );
    assert.deepEqual(split.test, [
      { userId: 'u1', allItems: ['b', 'a'], newItems: ['b'] },
      { userId: 'u2', allItems: ['e'], newItems: ['e'] },
    ]);
  });

  it('skips customers with no history and ends the window at `until`, exclusive', () => {
    const split = temporalSplit(purchases, { cutoff, until: cutoff + 30 * DAY });
    assert.equal(split.coldUsers, 1);
    assert.deepEqual(
      split.test.map((user) => user.userId),
      ['u1'],
    );
    assert.throws(() => temporalSplit(purchases, { cutoff, until: cutoff }), RangeError);
  });

  it('filters other events to the training side with the same boundary', () => {
    assert.deepEqual(before([{ at: cutoff - 1 }, { at: cutoff }], cutoff), [{ at: cutoff - 1 }]);
  });
});
