import { scanCooccurrences } from './cooccurrence-scan';
import { downsampleRows } from './downsample';
import { invertRows, itemCounts, type ItemRows } from './interactions';
import { cooccurrenceLlr } from './llr';
import type { Neighbors } from './neighbors';
import { TopK } from './top-k';

export type AssociationMeasure = 'llr' | 'lift';

export interface BoughtTogetherOptions {
  /** Orders that must hold both items. @default 3 */
  minSupport?: number;
  /** Related items kept per item. @default 10 */
  maxPerItem?: number;
  /**
   * 'llr' ranks by evidence (favours pairs seen often); 'lift' by strength
   * (P(a,b) / P(a)P(b), favours rare pairs, so keep minSupport up). @default 'llr'
   */
  measure?: AssociationMeasure;
  /**
   * Lines kept per order, in expectation: wholesale and bulk orders with
   * hundreds of lines pair everything with everything. @default 50
   */
  maxItemsPerOrder?: number;
  /** @default 1 */
  seed?: number;
}

/**
 * Frequently bought together: same-order co-occurrence. `orders[o]` is the
 * distinct items of order o; N is the number of orders (single-item orders
 * included: they are evidence that items sell alone). Only pairs bought
 * together more often than chance are kept, whatever the measure.
 */
export function boughtTogether(orders: ItemRows, nItems: number, options: BoughtTogetherOptions = {}): Neighbors[] {
  const minSupport = options.minSupport ?? 3;
  const measure = options.measure ?? 'llr';
  const baskets = downsampleRows(orders, nItems, {
    maxPerUser: options.maxItemsPerOrder ?? 50,
    maxPerItem: Number.POSITIVE_INFINITY,
    seed: options.seed,
  });
  const counts = itemCounts(baskets, nItems);
  const total = baskets.length;
  const out: Neighbors[] = [];
  scanCooccurrences(invertRows(baskets, nItems), baskets, nItems, (item, touched, nTouched, both) => {
    const top = new TopK(options.maxPerItem ?? 10);
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t];
      const support = both[j];
      if (j === item || support < minSupport) continue;
      const lift = (support * total) / (counts[item] * counts[j]);
      if (lift <= 1) continue;
      top.push(j, measure === 'lift' ? lift : cooccurrenceLlr(support, counts[item], counts[j], total));
    }
    out.push(top.drain());
  });
  return out;
}
