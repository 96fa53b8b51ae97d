/**
 * Top-k ranking metrics with binary relevance, one user at a time.
 * `recommended` is best first and may be shorter than k (a short list is
 * not padded with hits: precision still divides by k).
 */

export function hitsAtK<T>(recommended: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  let hits = 0;
  for (let r = 0; r < Math.min(k, recommended.length); r++) if (relevant.has(recommended[r])) hits++;
  return hits;
}

/** Hits / k. */
export function precisionAtK<T>(recommended: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  return hitsAtK(recommended, relevant, k) / k;
}

/** Hits / |relevant|: the share of what the user went on to buy that the list found. 0 when nothing is relevant. */
export function recallAtK<T>(recommended: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  return relevant.size === 0 ? 0 : hitsAtK(recommended, relevant, k) / relevant.size;
}

/** 1 when at least one of the first k is relevant. */
export function hitRateAtK<T>(recommended: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  return hitsAtK(recommended, relevant, k) > 0 ? 1 : 0;
}

/**
 * DCG / ideal DCG with gains 1/log2(rank + 1), rank from 1. The ideal list
 * puts min(k, |relevant|) hits first, so a user with three relevant items
 * and all three at the top scores 1 however long the list is.
 */
export function ndcgAtK<T>(recommended: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, recommended.length); r++) {
    if (relevant.has(recommended[r])) dcg += 1 / Math.log2(r + 2);
  }
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Distinct items recommended to anyone (first k of each list), over the catalogue's size. */
export function catalogueCoverage<T>(lists: Iterable<readonly T[]>, catalogueSize: number, k: number): number {
  const seen = new Set<T>();
  for (const list of lists) for (let r = 0; r < Math.min(k, list.length); r++) seen.add(list[r]);
  return catalogueSize === 0 ? 0 : seen.size / catalogueSize;
}

/**
 * Graded NDCG: DCG of the first k with the judged gain of each result and
 * discount 1/log2(rank + 1), over the DCG of the best possible order of the
 * judged gains. Unjudged results gain 0. 0 when nothing has a gain.
 */
export function gradedNdcgAtK<T>(ranked: readonly T[], gains: ReadonlyMap<T, number>, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) dcg += (gains.get(ranked[r]!) ?? 0) / Math.log2(r + 2);
  const ideal = [...gains.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, r) => sum + g / Math.log2(r + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** 1 / rank (from 1) of the first relevant result within the first k, 0 when none is there. */
export function reciprocalRankAtK<T>(ranked: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) return 1 / (r + 1);
  return 0;
}
