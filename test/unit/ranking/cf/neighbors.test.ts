import assert from 'node:assert/strict';
import { IdIndex } from '../../../../ranking/cf/id-index';
import { neighborsToIds, scoreByNeighbors, transposeNeighbors, type Neighbors } from '../../../../ranking/cf/neighbors';

const list = (pairs: Array<[number, number]>): Neighbors => ({
  indices: Int32Array.from(pairs.map(([i]) => i)),
  scores: Float64Array.from(pairs.map(([, s]) => s)),
});

// Item 0's indicators are 1 (3.0) and 2 (1.0); item 1's is 2 (2.0); item 2 has none.
const indicators = [
  list([
    [1, 3],
    [2, 1],
  ]),
  list([[2, 2]]),
  list([]),
];

describe('ranking/cf/neighbors', () => {
  it('transposes "item → its indicators" into "history item → items it supports"', () => {
    const byHistory = transposeNeighbors(indicators, 3);
    assert.deepEqual(
      byHistory.map((n) => Array.from(n.indices)),
      [[], [0], [0, 1]],
    );
    assert.deepEqual(
      byHistory.map((n) => Array.from(n.scores)),
      [[], [3], [1, 2]],
    );
  });

  it('scores items by summing the weights their indicators carry in a history', () => {
    const byHistory = transposeNeighbors(indicators, 3);
    // History {1, 2}: item 0 gets 3 + 1, item 1 gets 2.
    assert.deepEqual(Array.from(scoreByNeighbors(byHistory, [1, 2], new Float64Array(3))), [4, 2, 0]);
  });

  it('turns indices into ids for storage, skipping items with no neighbour', () => {
    const items = new IdIndex(['p0', 'p1', 'p2']);
    assert.deepEqual(neighborsToIds(indicators, items), [
      {
        itemId: 'p0',
        related: [
          { itemId: 'p1', score: 3 },
          { itemId: 'p2', score: 1 },
        ],
      },
      { itemId: 'p1', related: [{ itemId: 'p2', score: 2 }] },
    ]);
  });
});
