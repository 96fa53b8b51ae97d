import assert from 'node:assert/strict';
import { spreadEvenly } from '../../../../ranking/eval/spread';

describe('spreadEvenly', () => {
  it('keeps every ⌈n/limit⌉-th item from the first, at most limit of them', () => {
    assert.deepEqual(spreadEvenly([1, 2, 3, 4, 5, 6, 7], 3), [1, 4, 7]);
    assert.deepEqual(spreadEvenly([1, 2, 3], 2), [1, 3]);
  });

  it('keeps everything when there are no more than limit items', () => {
    assert.deepEqual(spreadEvenly([1, 2, 3], 3), [1, 2, 3]);
    assert.deepEqual(spreadEvenly([], 5), []);
  });
});
