import assert from 'node:assert/strict';
import {
  PairBuffer,
  csrFromNeighbors,
  csrRows,
  transposeWeightedCsr,
  weightedCsrFromNeighbors,
} from '../../../../jobs/recommendations/csr';

describe('compressed rows', () => {
  it('packs pairs into sorted distinct rows, empty rows included', () => {
    const pairs = new PairBuffer();
    for (const [row, column] of [
      [2, 5],
      [0, 3],
      [2, 1],
      [0, 3],
      [2, 5],
      [0, 0],
    ] as const)
      pairs.push(row, column);
    const csr = pairs.toCsr(4);
    assert.deepEqual(Array.from(csr.offsets), [0, 2, 2, 4, 4]);
    assert.deepEqual(
      csrRows(csr).map((r) => Array.from(r)),
      [[0, 3], [], [1, 5], []],
    );
  });

  it('grows past its first buffer', () => {
    const pairs = new PairBuffer();
    for (let k = 0; k < 5000; k++) pairs.push(k % 7, k);
    assert.equal(pairs.length, 5000);
    assert.equal(
      csrRows(pairs.toCsr(7)).reduce((n, r) => n + r.length, 0),
      5000,
    );
  });

  it('keeps neighbour lists in their best-first order', () => {
    const csr = csrFromNeighbors([
      { indices: Int32Array.of(4, 1), scores: Float64Array.of(2, 1) },
      { indices: new Int32Array(0), scores: new Float64Array(0) },
    ]);
    assert.deepEqual(
      csrRows(csr).map((r) => Array.from(r)),
      [[4, 1], []],
    );
  });

  it("transposes weighted lists, keeping each row's strongest", () => {
    // Item 0's indicators: 2 (5), 1 (1); item 1's: 2 (3); item 2's: none.
    const lists = weightedCsrFromNeighbors([
      { indices: Int32Array.of(2, 1), scores: Float64Array.of(5, 1) },
      { indices: Int32Array.of(2), scores: Float64Array.of(3) },
      { indices: new Int32Array(0), scores: new Float64Array(0) },
    ]);
    const flipped = transposeWeightedCsr(lists, 3, 1);
    assert.deepEqual(
      csrRows(flipped).map((r) => Array.from(r)),
      [[], [0], [0]],
    );
    assert.deepEqual(Array.from(flipped.weights), [1, 5]);
  });
});
