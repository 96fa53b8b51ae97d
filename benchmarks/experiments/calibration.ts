import { analyzeExperiment, type ExperimentPlan } from '../../ranking/experiments/analysis';
import { assignVariant } from '../../ranking/experiments/assignment';
import { createRandom, type Random } from '../../ranking/cf/random';
import { normalCdf, normalQuantile } from '../../ranking/experiments/normal';
import { addShopper, emptyTotals, proportion, sampleSizePerVariant, type VariantTotals } from '../../ranking/experiments/statistics';

/**
 * Synthetic shoppers whose purchase probabilities the generator knows, put
 * through the real assignment (the SHA-256 buckets) and the real analysis
 * (analyzeExperiment, what the results endpoint answers), once per seed.
 */
export interface Scenario {
  name: string;
  /** Relative lift of every treatment's true purchase probability over the control's (0 for A/A). */
  trueLift: number;
  variants: number;
  aa: boolean;
  /** Analyse every `peekEvery` shoppers per variant and stop at the first "significant" look: what the verdict refuses to do. */
  peekEvery?: number;
}

export interface ScenarioOutcome {
  scenario: Scenario;
  seeds: number;
  plannedPerVariant: number;
  meanPerVariant: number;
  /** Runs whose verdict named a treatment the winner (or, in A/A, failed the check). */
  declared: number;
  /** What theory says that share should be: alpha for A/A, the power at the shoppers reached otherwise. */
  expected: number;
  srmFlags: number;
}

/** Two segments of shoppers (bargain hunters and loyal buyers), with a mean purchase probability of `baseline`. */
function shopper(
  random: Random,
  baseline: number,
  lift: number,
): { searches: number; clicks: number; carted: boolean; purchased: boolean; revenue: number } {
  const propensity = (random() < 0.5 ? 0.5 : 1.5) * baseline * (1 + lift);
  const searches = 1 + Math.floor(-Math.log(1 - random()) * 1.5);
  let clicks = 0;
  for (let i = 0; i < searches; i++) if (random() < 0.35 * (1 + lift)) clicks++;
  const purchased = random() < propensity;
  const carted = purchased || random() < propensity;
  return { searches, clicks, carted, purchased, revenue: purchased ? 20 + Math.floor(random() * 80) : 0 };
}

/** The power of the two-sided two-proportion z-test with n shoppers per variant. */
export function theoreticalPower(p1: number, p2: number, n: number, alpha: number): number {
  const mean = (p1 + p2) / 2;
  const z = normalQuantile(1 - alpha / 2);
  return normalCdf((Math.abs(p2 - p1) - z * Math.sqrt((2 * mean * (1 - mean)) / n)) / Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n));
}

export function runScenario(scenario: Scenario, seeds: number, baseline: number, plannedLift: number): ScenarioOutcome {
  const names = Array.from({ length: scenario.variants }, (_, i) => String.fromCharCode(65 + i));
  const split = names.map((_, i) =>
    i === 0 ? 100 - Math.floor(100 / scenario.variants) * (scenario.variants - 1) : Math.floor(100 / scenario.variants),
  );
  const plan: ExperimentPlan = {
    variants: names,
    split,
    primaryMetric: 'purchase_conversion',
    baselineRate: baseline,
    minimumDetectableEffect: plannedLift,
    aa: scenario.aa,
  };
  const comparisons = scenario.variants - 1;
  const needed = sampleSizePerVariant({ baselineRate: baseline, minimumDetectableEffect: plannedLift, comparisons });
  let declared = 0;
  let srmFlags = 0;
  let reached = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const random = createRandom(seed * 7919 + scenario.variants * 31 + Math.round(scenario.trueLift * 1000));
    const experimentId = `sim-${scenario.name}-${seed}`;
    const totals: VariantTotals[] = names.map(emptyTotals);
    let nextPeek = scenario.peekEvery ?? Infinity;
    let stopped = false;
    for (let i = 0; !stopped; i++) {
      const variant = assignVariant(experimentId, `shopper-${i}`, split);
      addShopper(totals[variant]!, shopper(random, baseline, variant === 0 ? 0 : scenario.trueLift));
      const fewest = Math.min(...totals.map((t) => t.users));
      if (fewest >= nextPeek && fewest < needed) {
        nextPeek += scenario.peekEvery!;
        // Judged as an impatient reader would: the p-value alone, ignoring the verdict's "not yet".
        const peek = analyzeExperiment(plan, totals);
        if (peek.variants.slice(1).some((v) => v.versusControl!.significant)) {
          declared++;
          stopped = true;
        }
      }
      if (!stopped && fewest >= needed) {
        const result = analyzeExperiment(plan, totals);
        if (result.sampleRatio.mismatch) srmFlags++;
        if (result.verdict.status === (scenario.aa ? 'aa_failed' : 'winner')) declared++;
        stopped = true;
      }
    }
    reached += totals.reduce((sum, t) => sum + t.users, 0) / scenario.variants;
  }
  const meanPerVariant = reached / seeds;
  const alpha = 0.05 / comparisons;
  // A/A: the stated false-positive rate (with several variants Bonferroni keeps the chance of any false winner at or below it).
  // Peeking has no stated rate: that is the point. A/B: the power of the test at the shoppers reached.
  const expected =
    scenario.trueLift === 0
      ? scenario.peekEvery === undefined
        ? 0.05
        : Number.NaN
      : theoreticalPower(baseline, baseline * (1 + scenario.trueLift), meanPerVariant, alpha);
  return { scenario, seeds, plannedPerVariant: needed, meanPerVariant, declared, expected, srmFlags };
}

export const interval = (count: number, n: number) => {
  const p = proportion(count, n);
  return `${(p.rate * 100).toFixed(1)} % (${(p.interval.low * 100).toFixed(1)}–${(p.interval.high * 100).toFixed(1)})`;
};
