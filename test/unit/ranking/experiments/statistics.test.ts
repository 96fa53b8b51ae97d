import assert from 'node:assert/strict';
import { chiSquareUpperTail, normalCdf, normalQuantile } from '../../../../ranking/experiments/normal';
import {
  proportion,
  ratio,
  sampleRatioTest,
  sampleSizePerVariant,
  totalsByVariant,
  twoProportionTest,
  variantMetrics,
} from '../../../../ranking/experiments/statistics';

const close = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not within ${tolerance} of ${expected}`);

describe('ranking/experiments/statistics', () => {
  it('computes the normal and chi-square distributions to table precision', () => {
    close(normalCdf(1.959964), 0.975, 1e-6, 'Φ(1.96)');
    close(normalCdf(-1), 0.158655, 1e-6, 'Φ(-1)');
    close(normalQuantile(0.975), 1.959964, 1e-6, 'z 0.975');
    close(normalQuantile(0.8), 0.841621, 1e-6, 'z 0.8');
    close(normalQuantile(0.001), -3.090232, 1e-5, 'z 0.001');
    // Critical values from chi-square tables.
    close(chiSquareUpperTail(3.841459, 1), 0.05, 1e-6, 'χ²₁ 5 %');
    close(chiSquareUpperTail(5.991465, 2), 0.05, 1e-6, 'χ²₂ 5 %');
    close(chiSquareUpperTail(10.827566, 1), 0.001, 1e-6, 'χ²₁ 0.1 %');
    close(chiSquareUpperTail(16.266236, 3), 0.001, 1e-6, 'χ²₃ 0.1 %');
  });

  it('tests two proportions like prop.test without continuity correction (200/1000 vs 250/1000)', () => {
    const c = twoProportionTest(proportion(200, 1000), proportion(250, 1000));
    // Pooled p = 0.225: z = 0.05 / √(0.225·0.775·2/1000) = 2.6774; R's prop.test: X² = 7.1685, p = 0.007419.
    close(c.z, 2.6774, 1e-4, 'z');
    close(c.pValue, 0.007419, 1e-5, 'p');
    // Unpooled SE √(0.2·0.8/1000 + 0.25·0.75/1000) = 0.018641: 0.05 ± 1.96·SE.
    close(c.interval.low, 0.013464, 1e-5, 'low');
    close(c.interval.high, 0.086536, 1e-5, 'high');
    close(c.relativeDifference!, 0.25, 1e-12, 'relative');
  });

  it('gives Wilson intervals for a conversion rate', () => {
    // By hand: centre (0.2 + z²/2000) / (1 + z²/1000) = 0.201148, half z·√(0.00016 + z²/4·10⁶) / (1 + z²/1000) = 0.024771.
    const p = proportion(200, 1000);
    close(p.interval.low, 0.176377, 1e-5, 'low');
    close(p.interval.high, 0.225919, 1e-5, 'high');
    assert.deepEqual(proportion(0, 0).interval, { low: 0, high: 1 });
  });

  it('estimates the variance of a ratio of per-shopper sums by the delta method', () => {
    // Searches 1, 2, 3 and clicks 1, 0, 2: R = 0.5, s²x = 1, s²y = 1, sxy = 0.5, so Var = (1 − 0.5 + 0.25) / (3·2²) = 0.0625.
    const r = ratio(3, { x: 6, y: 3, xx: 14, yy: 5, xy: 7 });
    assert.equal(r.value, 0.5);
    close(r.variance, 0.0625, 1e-12, 'variance');
    close(r.interval.high, 0.5 + 1.959964 * 0.25, 1e-5, 'high');
    const totals = totalsByVariant(
      [
        { variant: 0, searches: 1, clicks: 1, carted: true, purchased: false, revenue: 0 },
        { variant: 0, searches: 2, clicks: 0, carted: false, purchased: false, revenue: 0 },
        { variant: 0, searches: 3, clicks: 2, carted: true, purchased: true, revenue: 30 },
      ],
      2,
    );
    const m = variantMetrics(totals[0]!);
    close(m.clickThroughRate.variance, 0.0625, 1e-12, 'from shoppers');
    assert.equal(m.addToCartConversion.rate, 2 / 3);
    assert.equal(m.revenuePerSearch.value, 5);
    assert.equal(totals[1]!.users, 0);
  });

  it('flags a sample ratio mismatch only when the split is off beyond chance', () => {
    const mild = sampleRatioTest([5000, 5200], [50, 50]);
    close(mild.chiSquare, 20000 / 5100, 1e-9, 'χ²');
    close(mild.pValue, 0.04767, 1e-4, 'p');
    assert.ok(sampleRatioTest([5000, 5400], [50, 50]).pValue < 0.001);
    close(sampleRatioTest([1000, 9000], [10, 90]).chiSquare, 0, 1e-12, 'exact 10/90');
  });

  it('plans the shoppers per variant for a minimum detectable effect (alpha 0.05, power 0.8)', () => {
    // p₁ 0.10, p₂ 0.12: (1.95996·√(2·0.11·0.89) + 0.84162·√(0.09 + 0.1056))² / 0.02² = 3840.4 → 3841.
    assert.equal(sampleSizePerVariant({ baselineRate: 0.1, minimumDetectableEffect: 0.2 }), 3841);
    // Halving the effect roughly quadruples the sample.
    const quarter = sampleSizePerVariant({ baselineRate: 0.1, minimumDetectableEffect: 0.1 });
    assert.ok(quarter > 3.7 * 3841 && quarter < 4.1 * 3841, String(quarter));
    // Two treatments: alpha 0.025 per comparison needs more.
    assert.ok(sampleSizePerVariant({ baselineRate: 0.1, minimumDetectableEffect: 0.2, comparisons: 2 }) > 3841);
    assert.throws(() => sampleSizePerVariant({ baselineRate: 0.9, minimumDetectableEffect: 0.2 }), RangeError);
  });
});
