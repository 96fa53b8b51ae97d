import assert from 'node:assert/strict';
import { assignVariant, bucketOf, splitProblem, variantForBucket } from '../../../../ranking/experiments/assignment';

describe('ranking/experiments/assignment', () => {
  it('puts the same shopper in the same bucket every time, and experiments independently', () => {
    assert.equal(bucketOf('7', 'session-1'), bucketOf('7', 'session-1'));
    // The first 32 bits of SHA-256("7:session-1") mod 10 000, computed apart: a changed hash would move live shoppers.
    assert.equal(bucketOf('7', 'session-1'), 9303);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (bucketOf('1', `s${i}`) === bucketOf('2', `s${i}`)) same++;
    assert.ok(same < 5, `${same} shoppers share a bucket across experiments`);
  });

  it('honours the traffic split (10/90 and 50/50 over 20 000 shoppers, within 4 standard deviations)', () => {
    for (const split of [
      [10, 90],
      [50, 50],
      [20, 30, 50],
    ]) {
      const counts = split.map(() => 0);
      const n = 20_000;
      for (let i = 0; i < n; i++) counts[assignVariant('exp-1', `shopper-${i}`, split)]! += 1;
      split.forEach((share, v) => {
        const p = share / 100;
        const sd = Math.sqrt(n * p * (1 - p));
        assert.ok(Math.abs(counts[v]! - n * p) < 4 * sd, `${split}: variant ${v} got ${counts[v]}`);
      });
    }
  });

  it('maps buckets to variants by cumulative shares', () => {
    assert.equal(variantForBucket(0, [10, 90]), 0);
    assert.equal(variantForBucket(999, [10, 90]), 0);
    assert.equal(variantForBucket(1000, [10, 90]), 1);
    assert.equal(variantForBucket(9999, [33.33, 33.33, 33.34]), 2);
  });

  it('refuses splits that do not sum to 100 or leave a variant out', () => {
    assert.equal(splitProblem([50, 50]), null);
    assert.equal(splitProblem([33.33, 33.33, 33.34]), null);
    assert.match(splitProblem([50, 40])!, /sum to 90/);
    assert.match(splitProblem([100, 0])!, /above 0/);
  });
});
