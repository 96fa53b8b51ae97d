import assert from 'node:assert/strict';
import { downsampleRows } from '../../../../ranking/cf/downsample';

describe('ranking/cf/downsample', () => {
  const heavy = Int32Array.from({ length: 1000 }, (_, i) => i);
  const light = Int32Array.from([1, 2, 3]);

  it('leaves light users and unpopular items untouched', () => {
    const out = downsampleRows([light, heavy], 1000, { maxPerUser: 100, maxPerItem: 10 });
    assert.equal(out[0], light);
  });

  it('samples a heavy user down to about the cap, reproducibly', () => {
    const first = downsampleRows([light, heavy], 1000, { maxPerUser: 100, seed: 3 });
    const again = downsampleRows([light, heavy], 1000, { maxPerUser: 100, seed: 3 });
    assert.ok(first[1].length > 60 && first[1].length < 140, `kept ${first[1].length}`);
    assert.deepEqual(first[1], again[1]);
    assert.ok(
      first[1].every((item, k) => k === 0 || item > first[1][k - 1]),
      'rows stay sorted',
    );
  });

  it('samples a very popular item down in every row', () => {
    const rows = Array.from({ length: 400 }, () => Int32Array.from([0, 1]));
    const out = downsampleRows(rows, 2, { maxPerItem: 100, maxPerUser: 500 });
    const kept = out.filter((row) => row.includes(0)).length;
    assert.ok(kept > 60 && kept < 140, `item kept in ${kept} rows`);
  });
});
