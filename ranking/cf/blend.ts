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
  const blended = new Map<string, number>();
  const add = (list: readonly ScoredItem[], weight: number) => {
    const top = list.reduce((max, item) => Math.max(max, item.score), 0);
    if (top === 0 || weight === 0) return;
    for (const { itemId, score } of list) {
      blended.set(itemId, (blended.get(itemId) ?? 0) + (weight * Math.max(0, score)) / top);
    }
  };
  for (const { itemId } of [...cf, ...content]) blended.set(itemId, 0);
  add(cf, cfWeight);
  add(content, 1 - cfWeight);
  return [...blended]
    .map(([itemId, score]) => ({ itemId, score }))
    .sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .slice(0, options.limit ?? 20);
}
