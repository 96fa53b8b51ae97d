import assert from 'node:assert/strict';
import { invertRows, itemCounts, mostInteractedItems, rowsFromPairs } from '../../../../ranking/cf/interactions';

const plain = (rows: readonly Int32Array[]) => rows.map((row) => Array.from(row));

describe('ranking/cf/interactions', () => {
  it('builds sorted distinct rows, one per user, empty ones included', () => {
    const rows = rowsFromPairs(
      [
        [0, 3],
        [0, 1],
        [2, 1],
        [0, 3],
      ],
      3,
    );
    assert.deepEqual(plain(rows), [[1, 3], [], [1]]);
    assert.throws(() => rowsFromPairs([[5, 0]], 3), RangeError);
  });

  it('transposes rows and counts items', () => {
    const rows = rowsFromPairs(
      [
        [0, 0],
        [0, 2],
        [1, 2],
        [2, 0],
        [2, 2],
      ],
      3,
    );
    assert.deepEqual(plain(invertRows(rows, 4)), [[0, 2], [], [0, 1, 2], []]);
    assert.deepEqual(Array.from(itemCounts(rows, 4)), [2, 0, 3, 0]);
  });

  it('keeps the most interacted items, re-indexing rows to the subset', () => {
    // Item 2 in 3 rows, item 0 in 2, items 1 and 3 in 1 (tie: the lower index wins).
    const rows = rowsFromPairs(
      [
        [0, 0],
        [0, 2],
        [1, 2],
        [1, 3],
        [2, 0],
        [2, 2],
        [2, 1],
      ],
      3,
    );
    const subset = mostInteractedItems(rows, 4, 3);
    assert.deepEqual(Array.from(subset.items), [2, 0, 1]);
    assert.deepEqual(plain(subset.rows), [[0, 1], [0], [0, 1, 2]]);
  });
});
