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
  /**
   * Fill a list the pairs with `minSupport` leave short from thinner pairs
   * (at least one shared order), ranked by a lower confidence bound on their
   * lift (wilsonLiftLowerBound) and kept only when even that bound is above
   * 1. Most products with orders then have a list, and the thin pairs come
   * after every well-supported one. @default true
   */
  thinSupport?: boolean;
  /** @default 1 */
  seed?: number;
}

/** z of a one-sided 97.5% bound (two-sided 95%). */
const Z = 1.96;

/**
 * A lower bound on lift(a → b) = P(b | a) / P(b): the Wilson score interval's
 * lower end for P(b | a) (`support` of the `withA` orders holding a also hold
 * b), divided by b's share of all orders. One shared order out of one is
 * weak evidence (bound 0.21 for P(b | a)), the same ratio out of twenty
 * strong (0.84), so thin pairs rank by how sure the data is, not by the raw
 * ratio that favours rarities.
 */
export function wilsonLiftLowerBound(support: number, withA: number, withB: number, total: number): number {
  if (withA === 0 || withB === 0 || total === 0) return 0;
  const p = support / withA;
  const z2 = Z * Z;
  const lower = (p + z2 / (2 * withA) - Z * Math.sqrt((p * (1 - p)) / withA + z2 / (4 * withA * withA))) / (1 + z2 / withA);
  return lower / (withB / total);
}

/**
 * Frequently bought together: same-order co-occurrence. `orders[o]` is the
 * distinct items of order o; N is the number of orders (single-item orders
 * included: they are evidence that items sell alone). Only pairs bought
 * together more often than chance are kept, whatever the measure: pairs
 * with `minSupport` orders first, by the measure, then (thinSupport) thinner
 * pairs whose lift is above 1 even at its lower confidence bound.
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
  const maxPerItem = options.maxPerItem ?? 10;
  const thinSupport = options.thinSupport ?? true;
  scanCooccurrences(invertRows(baskets, nItems), baskets, nItems, (item, touched, nTouched, both) => {
    const top = new TopK(maxPerItem);
    const thin = new TopK(thinSupport ? maxPerItem : 0);
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t];
      const support = both[j];
      if (j === item || support < 1) continue;
      if (support < minSupport) {
        const bound = wilsonLiftLowerBound(support, counts[item], counts[j], total);
        if (bound > 1) thin.push(j, bound);
        continue;
      }
      const lift = (support * total) / (counts[item] * counts[j]);
      if (lift <= 1) continue;
      top.push(j, measure === 'lift' ? lift : cooccurrenceLlr(support, counts[item], counts[j], total));
    }
    const strong = top.drain();
    const room = maxPerItem - strong.indices.length;
    if (room <= 0 || thin.size === 0) return void out.push(strong);
    const weak = thin.drain();
    const n = Math.min(room, weak.indices.length);
    const indices = new Int32Array(strong.indices.length + n);
    const scores = new Float64Array(indices.length);
    indices.set(strong.indices);
    indices.set(weak.indices.subarray(0, n), strong.indices.length);
    scores.set(strong.scores);
    scores.set(weak.scores.subarray(0, n), strong.indices.length);
    out.push({ indices, scores });
  });
  return out;
}
