import { crossOccurrenceIndicators, cooccurrenceIndicators, type IndicatorOptions } from '../../cf/indicators';
import { scoreByNeighbors, transposeNeighbors, type Neighbors } from '../../cf/neighbors';
import type { TrainingData } from '../training-data';
import type { ModelSpec, Recommender } from '../recommender';
import { backfill, bestScored } from '../recommender';
import { popularityRanking } from './popularity';

/** A user's score for every catalogue item (index space of TrainingData.items). */
export type UserScorer = (user: number) => Float64Array;

/**
 * The Universal Recommender's query, offline: an item's score is the sum of
 * the LLRs of its indicators found in the user's history (purchases against
 * purchase indicators, and, when the source has them, views and carts
 * against their cross-occurrence indicators).
 */
export function trainIndicatorScorer(data: TrainingData, options: IndicatorOptions = {}): UserScorer {
  const nItems = data.items.size;
  const purchases = { rows: data.purchases, nItems };
  // Indexed by history item: "items this one is an indicator for".
  const byHistoryItem: Array<{ rows: Int32Array[]; neighbors: Neighbors[] }> = [
    { rows: data.purchases, neighbors: transposeNeighbors(cooccurrenceIndicators(data.purchases, nItems, options), nItems) },
  ];
  for (const secondary of [data.views, data.carts]) {
    if (secondary === null) continue;
    const indicators = crossOccurrenceIndicators(purchases, { rows: secondary, nItems }, options);
    byHistoryItem.push({ rows: secondary, neighbors: transposeNeighbors(indicators, nItems) });
  }
  return (user) => {
    const scores = new Float64Array(nItems);
    for (const { rows, neighbors } of byHistoryItem) scoreByNeighbors(neighbors, rows[user] ?? [], scores);
    return scores;
  };
}

/** LLR indicators as a model; short lists are backfilled by popularity, as the serving side does. */
export function indicatorModel(options: IndicatorOptions = {}): ModelSpec {
  return {
    name: 'LLR item-item',
    train(data): Recommender {
      const scoresOf = trainIndicatorScorer(data, options);
      const fallback = popularityRanking(data);
      return { recommend: (user, n, exclude) => backfill(bestScored(scoresOf(user), n, exclude, true), fallback, n, exclude) };
    },
  };
}
