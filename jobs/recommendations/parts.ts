import { boughtTogether, type BoughtTogetherOptions } from '../../ranking/cf/bought-together';
import { cooccurrenceIndicators, crossOccurrenceIndicators, type IndicatorOptions } from '../../ranking/cf/indicators';
import { easeHeadNeighbors, type EaseHeadOptions } from '../../ranking/cf/ease';
import { csrFromNeighbors, csrRows, weightedCsrFromNeighbors, type Csr, type WeightedCsr } from './csr';
import { anchoredTrending, type AnchoredTrendingOptions, type TrendingInput } from './anchored-trending';
import { assertNever } from '../../src/core/assert-never';

/**
 * The model parts a training run computes, each a pure function of typed
 * arrays so it can run in a child process of its own: the result crosses
 * back by structured clone, and the child's peak RSS is that part's.
 */
export type PartTask =
  /** Purchase co-occurrence indicators (the Universal Recommender's primary indicator). */
  | { part: 'also_bought'; purchases: Csr; nItems: number; options: IndicatorOptions }
  /** Cross-occurrence of views (or carts) with purchases. Both matrices share one customer index. */
  | { part: 'viewed_indicators' | 'carted_indicators'; purchases: Csr; secondary: Csr; nItems: number; options: IndicatorOptions }
  /** Same-order co-occurrence; rows are orders. */
  | { part: 'bought_together'; baskets: Csr; nItems: number; options: BoughtTogetherOptions }
  | { part: 'trending'; events: TrendingInput; nItems: number; options: AnchoredTrendingOptions }
  /** The personalised model (EASE, closed form) on the most bought products; rows are customers' purchases. */
  | { part: 'ease'; purchases: Csr; nItems: number; options: EaseHeadOptions };

export type PartName = PartTask['part'];

export const partNames: readonly PartName[] = [
  'also_bought',
  'viewed_indicators',
  'carted_indicators',
  'bought_together',
  'trending',
  'ease',
];

export type PartResult =
  /** Per item, its related items' indices, best first. */
  | { kind: 'lists'; lists: Csr }
  /** Per item, a score (NaN: none). */
  | { kind: 'scores'; scores: Float64Array }
  /** Per item, its related items' indices and weights, best first. */
  | { kind: 'weighted'; lists: WeightedCsr };

export function computePart(task: PartTask): PartResult {
  switch (task.part) {
    // Indicators keep their LLR strengths: "for you" sums them (jobs/recommendations/store.ts stores them per history item).
    case 'also_bought':
      return {
        kind: 'weighted',
        lists: weightedCsrFromNeighbors(cooccurrenceIndicators(csrRows(task.purchases), task.nItems, task.options)),
      };
    case 'viewed_indicators':
    case 'carted_indicators': {
      const primary = { rows: csrRows(task.purchases), nItems: task.nItems };
      const secondary = { rows: csrRows(task.secondary), nItems: task.nItems };
      return { kind: 'weighted', lists: weightedCsrFromNeighbors(crossOccurrenceIndicators(primary, secondary, task.options)) };
    }
    case 'bought_together':
      return { kind: 'lists', lists: csrFromNeighbors(boughtTogether(csrRows(task.baskets), task.nItems, task.options)) };
    case 'trending':
      return { kind: 'scores', scores: anchoredTrending(task.events, task.nItems, task.options) };
    case 'ease':
      return { kind: 'weighted', lists: weightedCsrFromNeighbors(easeHeadNeighbors(csrRows(task.purchases), task.nItems, task.options)) };
    default:
      return assertNever(task);
  }
}
