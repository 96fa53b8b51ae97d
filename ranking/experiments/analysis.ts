import {
  ratioTest,
  sampleRatioTest,
  sampleSizePerVariant,
  twoProportionTest,
  variantMetrics,
  type Comparison,
  type VariantMetrics,
  type VariantTotals,
} from './statistics';

/** What decides the experiment, fixed before it starts: the test is planned, not chosen after looking. */
export interface ExperimentPlan {
  variants: readonly string[];
  /** Percent per variant, in order; the first variant is the control. */
  split: readonly number[];
  primaryMetric: 'purchase_conversion' | 'add_to_cart_conversion';
  baselineRate: number;
  minimumDetectableEffect: number;
  /** @default 0.05 */
  alpha?: number;
  /** @default 0.8 */
  power?: number;
  /** Every variant serves the same configuration: a check of the machinery, where any "winner" is a false positive. */
  aa?: boolean;
}

/** Below this p-value the split is judged broken (the usual SRM threshold: a real mismatch, not bad luck). */
export const srmThreshold = 0.001;

export type VerdictStatus =
  'collecting' | 'sample_ratio_mismatch' | 'winner' | 'control_better' | 'no_difference' | 'aa_passed' | 'aa_failed';

export interface Verdict {
  status: VerdictStatus;
  /** The variant to promote; only with status `winner`. */
  winner: string | null;
  message: string;
}

export interface VariantAnalysis extends VariantMetrics {
  name: string;
  /** Against the control; null for the control itself. */
  versusControl: null | {
    clickThroughRate: Comparison;
    addToCartConversion: Comparison;
    purchaseConversion: Comparison;
    revenuePerSearch: Comparison;
    /** The primary metric's p-value is judged against this (alpha / comparisons). */
    significant: boolean;
  };
}

export interface ExperimentAnalysis {
  test: string;
  primaryMetric: ExperimentPlan['primaryMetric'];
  alpha: number;
  /** Alpha per comparison with the control (Bonferroni). */
  alphaPerComparison: number;
  power: number;
  sampleSizePerVariant: number;
  sampleRatio: { chiSquare: number; pValue: number; mismatch: boolean };
  variants: VariantAnalysis[];
  verdict: Verdict;
}

const percent = (x: number) => `${(x * 100).toFixed(Math.abs(x) < 0.01 ? 2 : 1)} %`;

/** Results and a verdict from the variants' totals, under the plan. Pure: the results endpoint and the simulation both call it. */
export function analyzeExperiment(plan: ExperimentPlan, totals: readonly VariantTotals[]): ExperimentAnalysis {
  const alpha = plan.alpha ?? 0.05;
  const power = plan.power ?? 0.8;
  const comparisons = Math.max(1, plan.variants.length - 1);
  const alphaPerComparison = alpha / comparisons;
  const confidence = 1 - alphaPerComparison;
  const needed = sampleSizePerVariant({
    baselineRate: plan.baselineRate,
    minimumDetectableEffect: plan.minimumDetectableEffect,
    alpha,
    power,
    comparisons,
  });
  const metrics = totals.map((t) => variantMetrics(t, confidence));
  const control = metrics[0]!;
  const primary = plan.primaryMetric === 'purchase_conversion' ? 'purchaseConversion' : 'addToCartConversion';
  const variants: VariantAnalysis[] = metrics.map((m, i) => {
    if (i === 0) return { name: plan.variants[0]!, ...m, versusControl: null };
    const versus = {
      clickThroughRate: ratioTest(control.clickThroughRate, m.clickThroughRate, confidence),
      addToCartConversion: twoProportionTest(control.addToCartConversion, m.addToCartConversion, confidence),
      purchaseConversion: twoProportionTest(control.purchaseConversion, m.purchaseConversion, confidence),
      revenuePerSearch: ratioTest(control.revenuePerSearch, m.revenuePerSearch, confidence),
    };
    return { name: plan.variants[i]!, ...m, versusControl: { ...versus, significant: versus[primary].pValue < alphaPerComparison } };
  });
  const srm = sampleRatioTest(
    totals.map((t) => t.users),
    plan.split,
  );
  const sampleRatio = { ...srm, mismatch: srm.pValue < srmThreshold };
  return {
    test: `Two-proportion z-test on ${plan.primaryMetric.replace(/_/g, ' ')} with shoppers (sessions or customers) as units, two-sided, alpha ${alpha}${comparisons > 1 ? ` split over ${comparisons} comparisons with the control (Bonferroni)` : ''}; per-search ratios by the delta method; sample ratio by a chi-square test (mismatch below p ${srmThreshold}).`,
    primaryMetric: plan.primaryMetric,
    alpha,
    alphaPerComparison,
    power,
    sampleSizePerVariant: needed,
    sampleRatio,
    variants,
    verdict: verdictOf(plan, variants, primary, needed, sampleRatio, alphaPerComparison),
  };
}

function verdictOf(
  plan: ExperimentPlan,
  variants: VariantAnalysis[],
  primary: 'purchaseConversion' | 'addToCartConversion',
  needed: number,
  sampleRatio: { pValue: number; mismatch: boolean },
  alphaPerComparison: number,
): Verdict {
  const metricName = plan.primaryMetric === 'purchase_conversion' ? 'purchase conversion' : 'add-to-cart conversion';
  if (sampleRatio.mismatch) {
    const counts = variants.map((v) => `${v.name} ${v.users}`).join(', ');
    return {
      status: 'sample_ratio_mismatch',
      winner: null,
      message: `The shoppers did not split as planned (${counts} for a ${plan.split.join('/')} split; chi-square p = ${sampleRatio.pValue.toExponential(1)}). Something other than chance decides who is counted where (assignment, targeting or logging), so these numbers cannot be trusted; no winner is declared.`,
    };
  }
  const short = variants.filter((v) => v.users < needed);
  if (short.length > 0) {
    const fewest = Math.min(...variants.map((v) => v.users));
    return {
      status: 'collecting',
      winner: null,
      message: `Not enough shoppers yet: ${fewest} of the ${needed} per variant planned to detect a ${percent(plan.minimumDetectableEffect)} change in ${metricName}. No winner is declared before then: stopping at the first significant-looking moment would turn chance differences into false winners far more often than ${percent(plan.alpha ?? 0.05)} of the time.`,
    };
  }
  const treatments = variants.slice(1);
  const better = treatments.filter((v) => v.versusControl!.significant && v.versusControl![primary].difference > 0);
  const worse = treatments.filter((v) => v.versusControl!.significant && v.versusControl![primary].difference < 0);
  if (plan.aa) {
    const differing = [...better, ...worse];
    return differing.length === 0
      ? {
          status: 'aa_passed',
          winner: null,
          message: `A/A check passed: the identical variants do not differ significantly in ${metricName}, as expected.`,
        }
      : {
          status: 'aa_failed',
          winner: null,
          message: `A/A check: identical variants differ significantly in ${metricName} (${differing.map((v) => v.name).join(', ')}). Chance alone does this in ${percent(plan.alpha ?? 0.05)} of A/A tests; if it happens again, assignment or attribution is biased.`,
        };
  }
  if (better.length > 0) {
    const best = better.reduce((a, b) => (b[primary].rate > a[primary].rate ? b : a));
    const c = best.versusControl![primary];
    return {
      status: 'winner',
      winner: best.name,
      message: `${best.name} sells better: ${metricName} ${percent(best[primary].rate)} against ${percent(variants[0]![primary].rate)} for ${variants[0]!.name} (${c.relativeDifference === null ? '' : `${c.relativeDifference > 0 ? '+' : ''}${percent(c.relativeDifference)}, `}difference between ${percent(c.interval.low)} and ${percent(c.interval.high)} with ${percent(1 - alphaPerComparison)} confidence, p = ${c.pValue.toPrecision(2)}).`,
    };
  }
  if (worse.length === treatments.length) {
    return {
      status: 'control_better',
      winner: null,
      message: `${variants[0]!.name} (the control) sells better than ${worse.map((v) => v.name).join(', ')}: keep the live configuration.`,
    };
  }
  return {
    status: 'no_difference',
    winner: null,
    message: `No significant difference in ${metricName} after the planned ${needed} shoppers per variant. A real change of ${percent(plan.minimumDetectableEffect)} or more would have been found ${percent(plan.power ?? 0.8)} of the time; a smaller one may exist. Keep the live configuration unless another reason favours a variant.`,
  };
}
