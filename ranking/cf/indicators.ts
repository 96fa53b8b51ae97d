import { scanCooccurrences } from './cooccurrence-scan';
import { downsampleRows } from './downsample';
import { invertRows, itemCounts, type ItemRows } from './interactions';
import { cooccurrenceLlr } from './llr';
import type { Neighbors } from './neighbors';
import { TopK } from './top-k';

export interface IndicatorOptions {
  /** Indicators kept per item, best LLR first (Mahout's maxInterestingItemsPerThing). @default 50 */
  maxIndicatorsPerItem?: number;
  /** Pairs need a G² above this; 0 keeps every positively associated pair. @default 0 */
  minLlr?: number;
  /** Pairs must co-occur in at least this many users, so one shared customer is never evidence. @default 2 */
  minCooccurrence?: number;
  /** Downsampling of heavy users, per action matrix (see downsampleRows). @default 500 */
  maxInteractionsPerUser?: number;
  /** Downsampling of very popular items, per action matrix. @default 500 */
  maxInteractionsPerItem?: number;
  /** @default 1 */
  seed?: number;
}

/**
 * Purchase ("conversion") co-occurrence indicators: for each item, the items
 * whose buyers also bought it far more often than chance, scored by
 * log-likelihood ratio. `rows[u]` is user u's distinct purchased items.
 */
export function cooccurrenceIndicators(rows: ItemRows, nItems: number, options: IndicatorOptions = {}): Neighbors[] {
  return crossOccurrenceIndicators({ rows, nItems }, { rows, nItems }, options);
}

/**
 * Cross-occurrence indicators (the Universal Recommender's A'B): for each
 * item i of the primary action (purchase), the items j of a secondary
 * action (view, add to cart) such that users who did j went on to do i more
 * often than chance. Both row lists must share one user index; the number of
 * users N is the longer list's length (users with no action of a kind have
 * an empty or missing row). For a recommendation, a user's secondary history
 * is matched against these lists (see scoreByNeighbors after transposing).
 *
 * When primary and secondary are the same rows the item is not its own
 * indicator.
 */
export function crossOccurrenceIndicators(
  primary: { rows: ItemRows; nItems: number },
  secondary: { rows: ItemRows; nItems: number },
  options: IndicatorOptions = {},
): Neighbors[] {
  const k = options.maxIndicatorsPerItem ?? 50;
  const minLlr = options.minLlr ?? 0;
  const minCooccurrence = options.minCooccurrence ?? 2;
  const sampling = { maxPerUser: options.maxInteractionsPerUser, maxPerItem: options.maxInteractionsPerItem, seed: options.seed };
  const same = primary.rows === secondary.rows && primary.nItems === secondary.nItems;
  const a = downsampleRows(primary.rows, primary.nItems, sampling);
  const b = same ? a : downsampleRows(secondary.rows, secondary.nItems, { ...sampling, seed: (options.seed ?? 1) + 1 });
  // Counts come from the downsampled rows, like Mahout, so the 2×2 table stays consistent.
  const withA = itemCounts(a, primary.nItems);
  const withB = same ? withA : itemCounts(b, secondary.nItems);
  const users = Math.max(a.length, b.length);

  const out: Neighbors[] = [];
  scanCooccurrences(invertRows(a, primary.nItems), b, secondary.nItems, (item, touched, nTouched, counts) => {
    const top = new TopK(k);
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t];
      const both = counts[j];
      if ((same && j === item) || both < minCooccurrence) continue;
      const llr = cooccurrenceLlr(both, withA[item], withB[j], users);
      if (llr > minLlr) top.push(j, llr);
    }
    out.push(top.drain());
  });
  return out;
}
