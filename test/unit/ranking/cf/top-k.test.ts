import assert from 'node:assert/strict';
import { createRandom } from '../../../../ranking/cf/random';
import { TopK, topIndices } from '../../../../ranking/cf/top-k';

describe('ranking/cf/top-k', () => {
  it('keeps the k highest scores, best first', () => {
    const top = new TopK(3);
    [
      [0, 0.5],
      [1, 2],
      [2, -1],
      [3, 7],
      [4, 1],
      [5, 3],
    ].forEach(([index, score]) => top.push(index, score));
    const { indices, scores } = top.drain();
    assert.deepEqual(Array.from(indices), [3, 5, 1]);
    assert.deepEqual(Array.from(scores), [7, 3, 2]);
    assert.equal(top.size, 0);
  });

  it('breaks ties by the lower index, whatever the arrival order', () => {
    for (const order of [
      [4, 1, 3, 2],
      [1, 2, 3, 4],
      [3, 4, 2, 1],
    ]) {
      const top = new TopK(2);
      for (const index of order) top.push(index, 1);
      assert.deepEqual(Array.from(top.drain().indices), [1, 2]);
    }
  });

  it('returns fewer than k when fewer arrive, nothing for k = 0, and ignores NaN', () => {
    const top = new TopK(5);
    top.push(9, 1);
    top.push(8, Number.NaN);
    assert.deepEqual(Array.from(top.drain().indices), [9]);
    const none = new TopK(0);
    none.push(1, 1);
    assert.equal(none.drain().indices.length, 0);
    assert.throws(() => new TopK(-1), RangeError);
  });

  it('agrees with a full sort on random scores', () => {
    const random = createRandom(7);
    const scores = Float64Array.from({ length: 2000 }, () => Math.round(random() * 500));
    const expected = Array.from(scores.keys())
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, 25);
    assert.deepEqual(Array.from(topIndices(scores, 25)), expected);
  });

  it('skips the indices the caller rejects', () => {
    assert.deepEqual(Array.from(topIndices([5, 4, 3, 2], 2, (i) => i === 0)), [1, 2]);
  });
});
