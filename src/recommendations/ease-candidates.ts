import type { HistoryClause } from './bodies';

/** A history product's row of the EASE model, as its document stores it. */
export interface EaseRow {
  items: readonly string[];
  weights: readonly number[];
}

/** A product the EASE model proposes for a history, and the history item that spoke for it most. */
export interface EaseCandidate {
  productId: string;
  score: number;
  because: HistoryClause;
}

/**
 * EASE's score of every product for the shopper's live history: Σ over
 * history items of (the item's weight by kind and recency) × B[item][product],
 * with B's rows read from the history products' documents. A product counted
 * under several kinds (viewed, then bought) counts once, with its strongest
 * clause: EASE's input is "interacted or not". Products in `exclude` are left
 * out; the rest come best first (ties by id), at most `limit`. Pure.
 */
export function easeCandidates(
  clauses: readonly HistoryClause[],
  rows: ReadonlyMap<string, EaseRow>,
  options: { limit: number; exclude: ReadonlySet<string> },
): EaseCandidate[] {
  const strongest = new Map<string, HistoryClause>();
  for (const clause of clauses) {
    const known = strongest.get(clause.productId);
    if (known === undefined || clause.boost > known.boost) strongest.set(clause.productId, clause);
  }
  const scores = new Map<string, { score: number; because: HistoryClause; best: number }>();
  for (const clause of strongest.values()) {
    const row = rows.get(clause.productId);
    if (row === undefined) continue;
    row.items.forEach((productId, k) => {
      const contribution = clause.boost * (row.weights[k] ?? 0);
      if (!(contribution > 0) || options.exclude.has(productId)) return;
      const entry = scores.get(productId);
      if (entry === undefined) scores.set(productId, { score: contribution, because: clause, best: contribution });
      else {
        entry.score += contribution;
        if (contribution > entry.best) Object.assign(entry, { because: clause, best: contribution });
      }
    });
  }
  return [...scores]
    .map(([productId, { score, because }]) => ({ productId, score, because }))
    .sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .slice(0, options.limit);
}
