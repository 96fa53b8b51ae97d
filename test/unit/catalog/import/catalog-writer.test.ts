import assert from 'node:assert/strict';
import { chunksOf, uniqueById } from '../../../../src/catalog/import/catalog-writer';

describe('catalog writer helpers', () => {
  it('keeps one row per id: the last value, at the first position', () => {
    assert.deepEqual(
      uniqueById([
        { id: 'a', v: 1 },
        { id: 'b', v: 2 },
        { id: 'a', v: 3 },
      ]),
      [
        { id: 'a', v: 3 },
        { id: 'b', v: 2 },
      ],
    );
  });

  it('splits rows so that no statement exceeds the bind parameter limit', () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ a: i, b: i, c: i, d: i, e: i }));
    const chunks = chunksOf(rows);
    assert.equal(
      chunks.reduce((n, c) => n + c.length, 0),
      rows.length,
    );
    for (const chunk of chunks) assert.ok(chunk.length * 5 <= 65_535);
    assert.deepEqual(chunksOf([]), []);
  });
});
