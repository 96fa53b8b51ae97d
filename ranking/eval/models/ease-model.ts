import { easeNeighbors, easeScores, trainEase } from '../../cf/ease';
import { mostInteractedItems } from '../../cf/interactions';
import { scoreByNeighbors } from '../../cf/neighbors';
import type { TrainingData } from '../training-data';
import type { UserScorer } from './indicators';
import type { ModelSpec, Recommender } from '../recommender';
import { backfill, bestScored } from '../recommender';
import { popularityRanking } from './popularity';

export interface EaseModelOptions {
  /** Items the dense model covers, most bought first. @default 3000 */
  maxItems?: number;
  /** @default 400 (see EaseOptions) */
  lambda?: number;
  /**
   * Score with only each item's k largest positive weights (easeNeighbors),
   * the form the serving side stores on product documents, instead of the
   * dense matrix. @default dense
   */
  neighbors?: number;
  /**
   * Score a user's purchases and add-to-carts (when the source has carts),
   * as "for you" reads a live history; the model is trained on purchases
   * either way. @default false
   */
  scoreCarts?: boolean;
}

export interface EaseScorer {
  /** Every catalogue item's score for a user (items outside the head and the user's own history: -Infinity, not candidates). */
  scoresOf: UserScorer;
  /** How many of the user's history items the head covers: 0 means EASE has nothing to go on. */
  historyInHead(user: number): number;
}

/**
 * EASE trained on the catalogue's head, scoring every catalogue item. Rows
 * of B are already "history item → items it speaks for": no transpose.
 */
export function trainEaseScorer(data: TrainingData, options: EaseModelOptions = {}): EaseScorer {
  const subset = mostInteractedItems(data.purchases, data.items.size, options.maxItems ?? 3000);
  const model = trainEase(subset.rows, subset.items.length, { lambda: options.lambda ?? 400 });
  const sparse = options.neighbors === undefined ? null : easeNeighbors(model, options.neighbors);
  const histories = options.scoreCarts && data.carts !== null ? withCarts(subset, data.carts, data.items.size) : subset.rows;
  const scoresOf: UserScorer = (user) => {
    const history = histories[user] ?? new Int32Array(0);
    const local = sparse === null ? easeScores(model, history) : scoreByNeighbors(sparse, history, new Float64Array(subset.items.length));
    // Items outside the head, and the history itself (B's diagonal is 0), are not candidates at all.
    const scores = new Float64Array(data.items.size).fill(-Infinity);
    for (let column = 0; column < local.length; column++) scores[subset.items[column]!] = local[column]!;
    for (const column of history) scores[subset.items[column]!] = -Infinity;
    return scores;
  };
  return { scoresOf, historyInHead: (user) => histories[user]?.length ?? 0 };
}

/** Each user's purchases and carts, in the head's local columns. */
function withCarts(subset: ReturnType<typeof mostInteractedItems>, carts: readonly Int32Array[], nItems: number): Int32Array[] {
  const local = new Int32Array(nItems).fill(-1);
  subset.items.forEach((item, column) => (local[item] = column));
  return subset.rows.map((row, user) => {
    const columns = new Set(row);
    for (const item of carts[user] ?? []) if (local[item]! >= 0) columns.add(local[item]!);
    return Int32Array.from(columns).sort();
  });
}

/** EASE on the catalogue's head; users with no history there get popularity. */
export function easeModel(options: EaseModelOptions = {}): ModelSpec {
  const maxItems = options.maxItems ?? 3000;
  const lambda = options.lambda ?? 400;
  return {
    name: `EASE (λ=${lambda}, ≤${maxItems} items${options.neighbors === undefined ? '' : `, top ${options.neighbors} per item`})`,
    train(data): Recommender {
      const ease = trainEaseScorer(data, options);
      const fallback = popularityRanking(data);
      return {
        recommend(user, n, exclude) {
          // Nothing bought among the head: EASE has nothing to go on (dense scores would all be 0).
          if (ease.historyInHead(user) === 0) return backfill([], fallback, n, exclude);
          // Sparse weights: 0 means "no evidence", better backfilled than filled at random.
          return backfill(bestScored(ease.scoresOf(user), n, exclude, options.neighbors !== undefined), fallback, n, exclude);
        },
      };
    },
  };
}
