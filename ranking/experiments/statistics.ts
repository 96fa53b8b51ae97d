import { chiSquareUpperTail, normalQuantile, twoSidedP } from './normal';

/**
 * The statistics of an A/B test on shoppers. The unit is the shopper (the
 * session or customer the assignment hashed), never the search: a shopper's
 * searches are not independent of each other, so tests treating searches as
 * independent trials would be overconfident.
 *
 * - Conversions (add to cart, purchase) are proportions of shoppers: a
 *   two-proportion z-test (pooled standard error under H0) for the p-value,
 *   the unpooled (Wald) interval for the difference, Wilson intervals per variant.
 * - Per-search ratios (click-through rate, revenue per search) are a ratio of
 *   two per-shopper sums; their variance comes from the delta method over
 *   shoppers (Deng et al., "Applying the Delta Method in Metric Analytics", 2018),
 *   so the clustering of searches within a shopper is accounted for.
 */

/** One shopper's totals while in the experiment. */
export interface ShopperTotals {
  variant: number;
  searches: number;
  clicks: number;
  carted: boolean;
  purchased: boolean;
  revenue: number;
}

/** Sufficient statistics of one variant: sums over its shoppers. */
export interface VariantTotals {
  users: number;
  searches: number;
  clicks: number;
  carted: number;
  purchased: number;
  revenue: number;
  searchesSq: number;
  clicksSq: number;
  clicksXSearches: number;
  revenueSq: number;
  revenueXSearches: number;
}

export const emptyTotals = (): VariantTotals => ({
  users: 0,
  searches: 0,
  clicks: 0,
  carted: 0,
  purchased: 0,
  revenue: 0,
  searchesSq: 0,
  clicksSq: 0,
  clicksXSearches: 0,
  revenueSq: 0,
  revenueXSearches: 0,
});

export function addShopper(totals: VariantTotals, s: Omit<ShopperTotals, 'variant'>): void {
  totals.users += 1;
  totals.searches += s.searches;
  totals.clicks += s.clicks;
  totals.carted += s.carted ? 1 : 0;
  totals.purchased += s.purchased ? 1 : 0;
  totals.revenue += s.revenue;
  totals.searchesSq += s.searches * s.searches;
  totals.clicksSq += s.clicks * s.clicks;
  totals.clicksXSearches += s.clicks * s.searches;
  totals.revenueSq += s.revenue * s.revenue;
  totals.revenueXSearches += s.revenue * s.searches;
}

export function totalsByVariant(shoppers: Iterable<ShopperTotals>, variants: number): VariantTotals[] {
  const totals = Array.from({ length: variants }, emptyTotals);
  for (const { variant, ...rest } of shoppers) if (variant >= 0 && variant < variants) addShopper(totals[variant]!, rest);
  return totals;
}

export interface Interval {
  low: number;
  high: number;
}

/** A proportion of shoppers, with its Wilson score interval. */
export interface Proportion {
  count: number;
  users: number;
  rate: number;
  interval: Interval;
}

/** A ratio of per-shopper sums, with its delta-method interval. */
export interface Ratio {
  numerator: number;
  denominator: number;
  value: number;
  /** The delta-method variance of `value`. */
  variance: number;
  interval: Interval;
}

export const zFor = (confidence: number): number => normalQuantile(1 - (1 - confidence) / 2);

export function proportion(count: number, users: number, confidence = 0.95): Proportion {
  if (users === 0) return { count, users, rate: 0, interval: { low: 0, high: 1 } };
  const z = zFor(confidence);
  const p = count / users;
  const denominator = 1 + (z * z) / users;
  const centre = (p + (z * z) / (2 * users)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / users + (z * z) / (4 * users * users))) / denominator;
  return { count, users, rate: p, interval: { low: Math.max(0, centre - half), high: Math.min(1, centre + half) } };
}

/**
 * R = Σy / Σx over n shoppers. Var(R) ≈ (s²_y − 2R·s_xy + R²·s²_x) / (n·x̄²), with
 * the sample (co)variances of the per-shopper x and y.
 */
export function ratio(n: number, sums: { x: number; y: number; xx: number; yy: number; xy: number }, confidence = 0.95): Ratio {
  // With fewer than two shoppers the value stands but its variance is unknown.
  if (n < 2 || sums.x === 0)
    return {
      numerator: sums.y,
      denominator: sums.x,
      value: sums.x === 0 ? 0 : sums.y / sums.x,
      variance: Number.NaN,
      interval: { low: Number.NaN, high: Number.NaN },
    };
  const r = sums.y / sums.x;
  const mx = sums.x / n;
  const my = sums.y / n;
  const sxx = (sums.xx - n * mx * mx) / (n - 1);
  const syy = (sums.yy - n * my * my) / (n - 1);
  const sxy = (sums.xy - n * mx * my) / (n - 1);
  const variance = Math.max(0, (syy - 2 * r * sxy + r * r * sxx) / (n * mx * mx));
  const half = zFor(confidence) * Math.sqrt(variance);
  return { numerator: sums.y, denominator: sums.x, value: r, variance, interval: { low: r - half, high: r + half } };
}

export interface VariantMetrics {
  users: number;
  searches: number;
  clickThroughRate: Ratio;
  addToCartConversion: Proportion;
  purchaseConversion: Proportion;
  revenuePerSearch: Ratio;
}

export function variantMetrics(t: VariantTotals, confidence = 0.95): VariantMetrics {
  return {
    users: t.users,
    searches: t.searches,
    clickThroughRate: ratio(t.users, { x: t.searches, y: t.clicks, xx: t.searchesSq, yy: t.clicksSq, xy: t.clicksXSearches }, confidence),
    addToCartConversion: proportion(t.carted, t.users, confidence),
    purchaseConversion: proportion(t.purchased, t.users, confidence),
    revenuePerSearch: ratio(
      t.users,
      { x: t.searches, y: t.revenue, xx: t.searchesSq, yy: t.revenueSq, xy: t.revenueXSearches },
      confidence,
    ),
  };
}

/** A variant against the control. */
export interface Comparison {
  /** Treatment minus control. */
  difference: number;
  /** Difference relative to the control's value; null when the control's is 0. */
  relativeDifference: number | null;
  interval: Interval;
  z: number;
  pValue: number;
}

/**
 * Two-proportion z-test of H0: p_control = p_treatment, shoppers as units. The
 * statistic uses the pooled proportion (its variance under H0); the interval for
 * the difference uses the unpooled standard error.
 */
export function twoProportionTest(control: Proportion, treatment: Proportion, confidence = 0.95): Comparison {
  const { count: x1, users: n1 } = control;
  const { count: x2, users: n2 } = treatment;
  const p1 = n1 === 0 ? 0 : x1 / n1;
  const p2 = n2 === 0 ? 0 : x2 / n2;
  const pooled = n1 + n2 === 0 ? 0 : (x1 + x2) / (n1 + n2);
  const pooledSe = n1 === 0 || n2 === 0 ? 0 : Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const se = n1 === 0 || n2 === 0 ? 0 : Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const z = pooledSe === 0 ? 0 : (p2 - p1) / pooledSe;
  const half = zFor(confidence) * se;
  return {
    difference: p2 - p1,
    relativeDifference: p1 === 0 ? null : (p2 - p1) / p1,
    interval: { low: p2 - p1 - half, high: p2 - p1 + half },
    z,
    pValue: pooledSe === 0 ? 1 : twoSidedP(z),
  };
}

/** Welch-style z-test of two independent delta-method ratios. */
export function ratioTest(control: Ratio, treatment: Ratio, confidence = 0.95): Comparison {
  const se = Math.sqrt(control.variance + treatment.variance);
  const difference = treatment.value - control.value;
  const valid = Number.isFinite(se) && se > 0;
  const z = valid ? difference / se : 0;
  const half = valid ? zFor(confidence) * se : Number.NaN;
  return {
    difference,
    relativeDifference: control.value === 0 ? null : difference / control.value,
    interval: { low: difference - half, high: difference + half },
    z,
    pValue: valid ? twoSidedP(z) : 1,
  };
}

/** Chi-square goodness of fit of the shoppers per variant against the planned split (percent). */
export function sampleRatioTest(users: readonly number[], split: readonly number[]): { chiSquare: number; pValue: number } {
  const total = users.reduce((a, b) => a + b, 0);
  const shares = split.reduce((a, b) => a + b, 0);
  if (total === 0) return { chiSquare: 0, pValue: 1 };
  let chiSquare = 0;
  users.forEach((observed, i) => {
    const expected = (total * split[i]!) / shares;
    chiSquare += ((observed - expected) * (observed - expected)) / expected;
  });
  return { chiSquare, pValue: chiSquareUpperTail(chiSquare, users.length - 1) };
}

export interface SampleSizePlan {
  /** The control's expected conversion rate, 0–1. */
  baselineRate: number;
  /** The smallest relative lift worth detecting (0.1 = +10 %). */
  minimumDetectableEffect: number;
  /** Two-sided significance level of one comparison, before the Bonferroni split. @default 0.05 */
  alpha?: number;
  /** @default 0.8 */
  power?: number;
  /** Treatments compared with the control; alpha is divided among them (Bonferroni). @default 1 */
  comparisons?: number;
}

/**
 * Shoppers needed per variant for the two-proportion z-test to detect the lift
 * with the given power: n = (z₁₋α/₂·√(2p̄(1−p̄)) + z₁₋β·√(p₁(1−p₁)+p₂(1−p₂)))² / (p₂−p₁)².
 */
export function sampleSizePerVariant(plan: SampleSizePlan): number {
  const alpha = (plan.alpha ?? 0.05) / (plan.comparisons ?? 1);
  const power = plan.power ?? 0.8;
  const p1 = plan.baselineRate;
  const p2 = p1 * (1 + plan.minimumDetectableEffect);
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p2 !== p1))
    throw new RangeError('The baseline and the lift must give two different rates between 0 and 1.');
  const mean = (p1 + p2) / 2;
  const a = normalQuantile(1 - alpha / 2) * Math.sqrt(2 * mean * (1 - mean));
  const b = normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(((a + b) * (a + b)) / ((p2 - p1) * (p2 - p1)));
}
