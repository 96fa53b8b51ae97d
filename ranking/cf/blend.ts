import type { ScoredItem } from './trending';

export interface BlendOptions {
  /** How many items the user has interacted with (the evidence CF rests on). */
  historySize: number;
  /**
   * The history size at which CF and content weigh the same: CF's weight is
   * n / (n + k). With k = 5, one purchase gives CF 1/6, twenty give it 0.8. @default 5
   */
  k?: number;
  /** Items returned. @default 20 */
  limit?: number;
}

/**
 * Blends collaborative-filtering scores with content-similarity scores
 * (Elasticsearch more-like-this). The two scales have nothing in common (LLR
 * sums or EASE weights versus BM25), so each list is first divided by its
 * own best score; negative scores count as 0. An item found by only one side
 * gets only that side's share. Result: best first, ties by id.
 */
export function blendScores(cf: readonly ScoredItem[], content: readonly ScoredItem[], options: BlendOptions): ScoredItem[] {
  const k = options.k ?? 5;
  if (!(k >= 0) || !(options.historySize >= 0)) throw new RangeError('historySize and k must be non-negative');
  const n = options.historySize;
  // No history and k = 0 would be 0/0: with nothing to go on, content decides.
  const cfWeight = n + k === 0 ? 0 : n / (n + k);
  return fuseScores(
    [
      { items: cf, weight: cfWeight },
      { items: content, weight: 1 - cfWeight },
    ],
    options.limit ?? 20,
  );
}

/**
 * Adds up several scored lists whose scales have nothing in common: each is
 * divided by its own best score, then weighted; negative scores count as 0.
 * Every item listed by any side is kept (with 0 if no side scores it above
 * 0). Result: best first, ties by id, at most `limit`.
 */
export function fuseScores(sides: ReadonlyArray<{ items: readonly ScoredItem[]; weight: number }>, limit: number): ScoredItem[] {
  const fused = new Map<string, number>();
  for (const { items } of sides) for (const { itemId } of items) fused.set(itemId, 0);
  for (const { items, weight } of sides) {
    const top = items.reduce((max, item) => Math.max(max, item.score), 0);
    if (top === 0 || weight === 0) continue;
    for (const { itemId, score } of items) fused.set(itemId, fused.get(itemId)! + (weight * Math.max(0, score)) / top);
  }
  return [...fused]
    .map(([itemId, score]) => ({ itemId, score }))
    .sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .slice(0, limit);
}
