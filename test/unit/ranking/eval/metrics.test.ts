import assert from 'node:assert/strict';
import {
  catalogueCoverage,
  gradedNdcgAtK,
  hitRateAtK,
  ndcgAtK,
  precisionAtK,
  recallAtK,
  reciprocalRankAtK,
} from '../../../../ranking/eval/metrics';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('ranking/eval/metrics', () => {
  // Hits at ranks 1 and 3 of 5; 4 relevant items, two never recommended.
  const list = ['a', 'x', 'b', 'y', 'z'];
  const relevant = new Set(['a', 'b', 'c', 'd']);

  it('computes precision and recall at k', () => {
    close(precisionAtK(list, relevant, 5), 2 / 5);
    close(precisionAtK(list, relevant, 2), 1 / 2);
    close(recallAtK(list, relevant, 5), 2 / 4);
    close(recallAtK(list, relevant, 1), 1 / 4);
    // A short list is not padded: precision still divides by k.
    close(precisionAtK(['a'], relevant, 10), 1 / 10);
    close(recallAtK(list, new Set(), 5), 0);
  });

  it('computes NDCG against the ideal ordering', () => {
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal with 4 relevant in 5 slots = 1 + 1/log2 3 + 1/2 + 1/log2 5.
    close(ndcgAtK(list, relevant, 5), 1.5 / (1 + 1 / Math.log2(3) + 0.5 + 1 / Math.log2(5)));
    // One relevant item at rank 2: (1/log2 3) / 1.
    close(ndcgAtK(['x', 'a'], new Set(['a']), 10), 1 / Math.log2(3));
    // All relevant items at the top: 1, however short the relevant set.
    close(ndcgAtK(['a', 'b', 'x'], new Set(['a', 'b']), 10), 1);
    close(ndcgAtK(['x'], new Set(), 10), 0);
  });

  it('computes hit rate and catalogue coverage', () => {
    assert.equal(hitRateAtK(list, relevant, 5), 1);
    assert.equal(hitRateAtK(list, relevant, 2 - 1), 1);
    assert.equal(hitRateAtK(['x', 'y'], relevant, 10), 0);
    // Distinct items in the first 2 of each list: a, x, b → 3 of 10.
    close(
      catalogueCoverage(
        [
          ['a', 'x', 'q'],
          ['x', 'b'],
        ],
        10,
        2,
      ),
      0.3,
    );
  });

  it('computes graded NDCG with the judged gains, unjudged results gaining 0', () => {
    const gains = new Map([
      ['a', 7],
      ['b', 3],
      ['c', 1],
      ['z', 0],
    ]);
    // Ranked b, x, a: DCG = 3/1 + 0 + 7/2; ideal a, b, c = 7 + 3/log2 3 + 1/2.
    close(gradedNdcgAtK(['b', 'x', 'a'], gains, 3), (3 + 7 / 2) / (7 + 3 / Math.log2(3) + 0.5));
    close(gradedNdcgAtK(['a', 'b', 'c'], gains, 3), 1);
    // k cuts both the list and the ideal.
    close(gradedNdcgAtK(['a', 'c'], gains, 1), 1);
    close(gradedNdcgAtK(['z', 'x'], gains, 10), 0);
    close(gradedNdcgAtK(['a'], new Map([['a', 0]]), 10), 0);
  });

  it('computes the reciprocal rank of the first relevant result within k', () => {
    close(reciprocalRankAtK(['x', 'y', 'a'], new Set(['a', 'b']), 10), 1 / 3);
    close(reciprocalRankAtK(['x', 'y', 'a'], new Set(['a']), 2), 0);
    close(reciprocalRankAtK([], new Set(['a']), 10), 0);
  });
});
