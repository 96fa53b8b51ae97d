import assert from 'node:assert/strict';
import { analyzeExperiment, type ExperimentPlan } from '../../../../ranking/experiments/analysis';
import { emptyTotals, type VariantTotals } from '../../../../ranking/experiments/statistics';

const plan: ExperimentPlan = {
  variants: ['control', 'boost'],
  split: [50, 50],
  primaryMetric: 'purchase_conversion',
  baselineRate: 0.1,
  minimumDetectableEffect: 0.2,
};

/** Shoppers with one search each: what the conversion tests look at. */
function totals(users: number, purchased: number): VariantTotals {
  return { ...emptyTotals(), users, searches: users, searchesSq: users, purchased, carted: purchased };
}

describe('ranking/experiments/analysis', () => {
  it('refuses to name a winner before the planned sample, however significant it looks', () => {
    // 100/1000 vs 150/1000 is p ≈ 0.0007, but 1000 < 3841 shoppers per variant were planned.
    const early = analyzeExperiment(plan, [totals(1000, 100), totals(1000, 150)]);
    assert.equal(early.sampleSizePerVariant, 3841);
    assert.ok(early.variants[1]!.versusControl!.purchaseConversion.pValue < 0.001);
    assert.equal(early.verdict.status, 'collecting');
    assert.equal(early.verdict.winner, null);
    assert.match(early.verdict.message, /1000 of the 3841/);
  });

  it('names the winner once the sample is reached and the difference is significant', () => {
    const done = analyzeExperiment(plan, [totals(4000, 400), totals(4000, 480)]);
    assert.equal(done.verdict.status, 'winner');
    assert.equal(done.verdict.winner, 'boost');
    assert.match(done.verdict.message, /boost sells better/);
    const none = analyzeExperiment(plan, [totals(4000, 400), totals(4000, 410)]);
    assert.equal(none.verdict.status, 'no_difference');
    const worse = analyzeExperiment(plan, [totals(4000, 400), totals(4000, 320)]);
    assert.equal(worse.verdict.status, 'control_better');
  });

  it('puts a broken split before everything else', () => {
    const skewed = analyzeExperiment(plan, [totals(4000, 400), totals(4600, 600)]);
    assert.ok(skewed.sampleRatio.mismatch);
    assert.equal(skewed.verdict.status, 'sample_ratio_mismatch');
  });

  it('splits alpha among several treatments (Bonferroni)', () => {
    const three = analyzeExperiment({ ...plan, variants: ['a', 'b', 'c'], split: [34, 33, 33] }, [
      totals(5000, 500),
      totals(4900, 490),
      totals(4900, 490),
    ]);
    assert.equal(three.alphaPerComparison, 0.025);
    assert.ok(three.sampleSizePerVariant > 3841);
  });

  it('in A/A mode reports a passed or failed check, never a winner', () => {
    const aa = { ...plan, variants: ['a', 'a2'], aa: true };
    assert.equal(analyzeExperiment(aa, [totals(4000, 400), totals(4000, 405)]).verdict.status, 'aa_passed');
    const failed = analyzeExperiment(aa, [totals(4000, 400), totals(4000, 500)]);
    assert.equal(failed.verdict.status, 'aa_failed');
    assert.equal(failed.verdict.winner, null);
  });
});
