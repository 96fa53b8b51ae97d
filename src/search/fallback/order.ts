/**
 * What the search may change about a query that found nothing, in the order
 * it tries: the first attempt that finds products is shown.
 *
 * The rule: change as little of what the shopper meant as possible. Fixing
 * spelling keeps every word's meaning, so the corrected query with all its
 * words comes first; dropping words loses some of the meaning but keeps the
 * shopper's own words, so the relaxed original comes next; both together
 * (fewer words, spelling fixed) change the most and come last. Relaxing
 * needs at least two words: a one-word query has nothing to drop.
 */
export interface Fallback {
  /** Search the spelling-corrected query instead of the one typed. */
  corrected: boolean;
  /** Require about half of the words rather than all of them. */
  relaxed: boolean;
}

export function fallbackOrder(options: { typedWords: number; correctedWords: number | null }): Fallback[] {
  const order: Fallback[] = [];
  if (options.correctedWords !== null) order.push({ corrected: true, relaxed: false });
  if (options.typedWords > 1) order.push({ corrected: false, relaxed: true });
  if (options.correctedWords !== null && options.correctedWords > 1) order.push({ corrected: true, relaxed: true });
  return order;
}
