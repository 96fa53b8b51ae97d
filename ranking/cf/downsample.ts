import type { ItemRows } from './interactions';
import { itemCounts } from './interactions';
import { createRandom } from './random';

export interface DownsampleOptions {
  /** Interactions kept per user, in expectation. @default 500 */
  maxPerUser?: number;
  /** Interactions kept per item, in expectation. @default 500 */
  maxPerItem?: number;
  /** @default 1 */
  seed?: number;
}

/**
 * Mahout's `sampleDownAndBinarize`: each interaction is kept with
 * probability min(maxPerUser / |user|, maxPerItem / |item|, 1). A reseller
 * who bought 2000 products adds 4 million pairs to co-occurrence counting
 * and says little about which products go together; a best seller would
 * otherwise co-occur with everything. Light users and tail items are never
 * touched, which is where the signal is scarce.
 */
export function downsampleRows(rows: ItemRows, nItems: number, options: DownsampleOptions = {}): Int32Array[] {
  const maxPerUser = options.maxPerUser ?? 500;
  const maxPerItem = options.maxPerItem ?? 500;
  const random = createRandom(options.seed ?? 1);
  const counts = itemCounts(rows, nItems);
  return rows.map((row) => {
    const userRate = Math.min(1, maxPerUser / row.length);
    if (userRate === 1 && !row.some((item) => counts[item] > maxPerItem)) return row;
    const kept: number[] = [];
    for (const item of row) {
      const rate = Math.min(userRate, maxPerItem / counts[item]);
      if (rate >= 1 || random() < rate) kept.push(item);
    }
    return Int32Array.from(kept);
  });
}
