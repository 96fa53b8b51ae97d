import { easeNeighbors, easeScores, trainEase } from '../../cf/ease';
import { mostInteractedItems } from '../../cf/interactions';
import { scoreByNeighbors } from '../../cf/neighbors';
import type { ModelSpec, Recommender } from './recommender';
import { backfill, bestScored } from './recommender';
import { popularityRanking } from './popularity';

export interface EaseModelOptions {
  /** Items the dense model covers, most bought first. @default 3000 */
  maxItems?: number;
  /** @default 400 (see EaseOptions) */
  lambda?: number;
  /**
   * Score with only each item's k largest positive weights (easeNeighbors),
   * the form the serving side can store on product documents, instead of
   * the dense matrix. @default dense
   */
  neighbors?: number;
}

/** EASE on the catalogue's head; users with no history there get popularity. */
export function easeModel(options: EaseModelOptions = {}): ModelSpec {
  const maxItems = options.maxItems ?? 3000;
  const lambda = options.lambda ?? 400;
  return {
    name: `EASE (λ=${lambda}, ≤${maxItems} items${options.neighbors === undefined ? '' : `, top ${options.neighbors} per item`})`,
    train(data): Recommender {
      const subset = mostInteractedItems(data.purchases, data.items.size, maxItems);
      const model = trainEase(subset.rows, subset.items.length, { lambda });
      const sparse = options.neighbors === undefined ? null : easeNeighbors(model, options.neighbors);
      // Rows of B are already "history item → items it speaks for": no transpose.
      const scoresOf = (history: Int32Array) =>
        sparse === null ? easeScores(model, history) : scoreByNeighbors(sparse, history, new Float64Array(subset.items.length));
      const fallback = popularityRanking(data);
      return {
        recommend(user, n, exclude) {
          const history = subset.rows[user];
          if (history === undefined || history.length === 0) return backfill([], fallback, n, exclude);
          // The user's purchases inside the subset are `history`; anything else in `exclude`
          // is caught after mapping local columns back to catalogue indices.
          const columns = bestScored(scoresOf(history), n + exclude.size, new Set(history), sparse !== null);
          const global = columns.map((column) => subset.items[column]).filter((item) => !exclude.has(item));
          return backfill(global.slice(0, n), fallback, n, exclude);
        },
      };
    },
  };
}
