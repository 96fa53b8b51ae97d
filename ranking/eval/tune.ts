import type { MetricRow } from './evaluate';

/** One candidate's validation result. */
export interface TuningTrial<S> {
  settings: S;
  validation: MetricRow;
}

/**
 * The candidate to serve: the highest validation Recall@k (new items); on a
 * tie the earlier candidate, so listing the current defaults first keeps
 * them unless something beats them.
 */
export function chooseTrial<S>(trials: ReadonlyArray<TuningTrial<S>>): TuningTrial<S> {
  if (trials.length === 0) throw new RangeError('no candidate settings to choose from');
  return trials.reduce((best, trial) => (trial.validation.recall > best.validation.recall ? trial : best));
}

const DAY_MS = 86_400_000;

/**
 * The validation split inside the training period: the last `testMs` before
 * the cut validate (the same length as the test window, rounded up to whole
 * UTC days), what came before trains. Returns the validation cut.
 */
export function validationCut(cut: number, testMs: number, firstPurchase: number): number {
  const at = Math.floor((cut - testMs) / DAY_MS) * DAY_MS;
  if (!(at > firstPurchase))
    throw new RangeError('the training period is shorter than the test window: nothing left to train on for validation');
  return at;
}
