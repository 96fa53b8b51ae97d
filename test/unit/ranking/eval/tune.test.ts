import assert from 'node:assert/strict';
import type { MetricRow } from '../../../../ranking/eval/evaluate';
import { percentile, summariseLatency } from '../../../../ranking/eval/latency';
import { chooseTrial, validationCut } from '../../../../ranking/eval/tune';

const row = (recall: number): MetricRow => ({
  users: 10,
  precision: 0,
  recall,
  recallStandardError: 0.01,
  ndcg: 0,
  hitRate: 0,
  coverage: 0,
});

describe('ranking/eval/tune', () => {
  it('chooses the best validation recall, the earlier candidate on a tie', () => {
    const trials = [
      { settings: { name: 'defaults' }, validation: row(0.05) },
      { settings: { name: 'b' }, validation: row(0.07) },
      { settings: { name: 'c' }, validation: row(0.07) },
    ];
    assert.equal(chooseTrial(trials).settings.name, 'b');
    assert.equal(chooseTrial([trials[0]!]).settings.name, 'defaults');
    assert.throws(() => chooseTrial([]), RangeError);
  });

  it('validates on the stretch before the cut as long as the test window', () => {
    const day = 86_400_000;
    assert.equal(validationCut(100 * day, 30 * day, 0), 70 * day);
    // A test window of 30 days and an hour validates on 31 whole days.
    assert.equal(validationCut(100 * day, 30 * day + 3_600_000, 0), 69 * day);
    assert.throws(() => validationCut(100 * day, 30 * day, 80 * day), /shorter than the test window/);
  });
});

describe('ranking/eval/latency', () => {
  it('takes nearest-rank percentiles', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    assert.equal(percentile(values, 50), 5);
    assert.equal(percentile(values, 95), 10);
    assert.equal(percentile([], 50), 0);
    assert.deepEqual(summariseLatency([2, 1]), { n: 2, p50: 1, p95: 2 });
  });
});
