import assert from 'node:assert/strict';
import { cooccurrenceLlr, logLikelihoodRatio, rootLogLikelihoodRatio } from '../../../../ranking/cf/llr';

/** Textbook G² = 2 Σ O·ln(O / E), an independent formula to check the entropy form against. */
function gSquared(k11: number, k12: number, k21: number, k22: number): number {
  const n = k11 + k12 + k21 + k22;
  const cells = [
    [k11, k11 + k12, k11 + k21],
    [k12, k11 + k12, k12 + k22],
    [k21, k21 + k22, k11 + k21],
    [k22, k21 + k22, k12 + k22],
  ];
  return (
    2 *
    cells.reduce((sum, [observed, row, column]) => (observed === 0 ? sum : sum + observed * Math.log((observed * n) / (row * column))), 0)
  );
}

describe('ranking/cf/llr', () => {
  it("matches Mahout's LogLikelihoodTest reference values", () => {
    const cases: Array<[number, number, number, number, number, number]> = [
      [1, 0, 0, 1, 2.772589, 1e-6],
      [10, 0, 0, 10, 27.72589, 1e-5],
      [5, 1995, 0, 100000, 39.33052, 1e-5],
      [1000, 1995, 1000, 100000, 4730.737, 1e-3],
      [1000, 1000, 1000, 100000, 5734.343, 1e-3],
      [1000, 1000, 1000, 99000, 5714.932, 1e-3],
    ];
    for (const [k11, k12, k21, k22, expected, tolerance] of cases) {
      const llr = logLikelihoodRatio(k11, k12, k21, k22);
      assert.ok(Math.abs(llr - expected) < tolerance, `LLR(${k11},${k12},${k21},${k22}) = ${llr}, expected ${expected}`);
    }
  });

  it('equals 2·Σ O·ln(O/E) and 4·n·ln 2 for a perfectly diagonal table', () => {
    for (const [k11, k12, k21, k22] of [
      [7, 3, 2, 40],
      [1, 9, 30, 500],
      [13, 0, 4, 0],
      [3, 3, 3, 3],
    ]) {
      assert.ok(Math.abs(logLikelihoodRatio(k11, k12, k21, k22) - gSquared(k11, k12, k21, k22)) < 1e-9);
    }
    // k11 = k22 = 10, k12 = k21 = 0: 2 · 20 · ln 2.
    assert.ok(Math.abs(logLikelihoodRatio(10, 0, 0, 10) - 40 * Math.log(2)) < 1e-12);
  });

  it('is zero for independence and symmetric under transposing the table', () => {
    assert.ok(logLikelihoodRatio(10, 20, 30, 60) < 1e-9);
    assert.equal(logLikelihoodRatio(0, 0, 0, 0), 0);
    assert.ok(Math.abs(logLikelihoodRatio(5, 1995, 0, 100000) - logLikelihoodRatio(5, 0, 1995, 100000)) < 1e-9);
  });

  it('signs the root by the direction of association, as Mahout does', () => {
    assert.ok(rootLogLikelihoodRatio(904, 21060, 1144, 283012) > 0);
    assert.ok(rootLogLikelihoodRatio(36, 21928, 60280, 623876) < 0);
    assert.ok(Math.abs(rootLogLikelihoodRatio(1, 0, 0, 1) - Math.sqrt(2.772589)) < 1e-6);
    assert.ok(Math.abs(rootLogLikelihoodRatio(0, 1, 1, 0) + Math.sqrt(2.772589)) < 1e-6);
  });

  it('scores co-occurrences from row counts and drops negative associations', () => {
    // 10 of 100 users have A, 10 have B, 8 have both.
    assert.ok(Math.abs(cooccurrenceLlr(8, 10, 10, 100) - logLikelihoodRatio(8, 2, 2, 88)) < 1e-12);
    // A and B are each in half the rows but together in only one: strong G², wrong direction.
    assert.ok(logLikelihoodRatio(1, 49, 49, 1) > 100);
    assert.equal(cooccurrenceLlr(1, 50, 50, 100), 0);
  });
});
