/**
 * The next-basket protocol for item-to-item lists ("also bought", "bought
 * together"): for a test order, show the list of one of its products (the
 * anchor, the order's first line) and count how many of the order's other
 * products are in its top k. An order with fewer than two distinct
 * products cannot be scored and is left out.
 */

import { spreadEvenly } from './spread';

export interface Basket {
  orderId: string;
  /** Product ids in line order; repeats allowed (they are counted once). */
  items: readonly string[];
}

export interface BasketCase {
  orderId: string;
  anchor: string;
  /** The other distinct products of the order: what the anchor's list should find. */
  others: string[];
}

/**
 * One case per scorable basket, at most `limit` of them spread evenly over
 * the input (spreadEvenly), so that a long test window costs a bounded
 * number of requests and the choice is reproducible.
 */
export function basketCases(baskets: readonly Basket[], limit = Number.POSITIVE_INFINITY): BasketCase[] {
  const scorable: BasketCase[] = [];
  for (const basket of baskets) {
    const distinct = [...new Set(basket.items)];
    if (distinct.length < 2) continue;
    scorable.push({ orderId: basket.orderId, anchor: distinct[0]!, others: distinct.slice(1) });
  }
  return spreadEvenly(scorable, limit);
}

/**
 * Plain co-occurrence counts as a baseline list: the products that share
 * the most groups (orders, or customers) with the anchor in the training
 * data, most first, ties by product id so the list is reproducible. Built
 * from an inverted index, so only the anchors asked for are counted.
 */
export function createCooccurrenceCounter(
  groups: Iterable<readonly string[]>,
  unavailable: ReadonlySet<string> = new Set(),
): (anchor: string, k: number) => string[] {
  const members: string[][] = [];
  const groupsOf = new Map<string, number[]>();
  for (const group of groups) {
    const distinct = [...new Set(group)];
    const index = members.push(distinct) - 1;
    for (const item of distinct) {
      let list = groupsOf.get(item);
      if (list === undefined) groupsOf.set(item, (list = []));
      list.push(index);
    }
  }
  return (anchor, k) => {
    const counts = new Map<string, number>();
    for (const index of groupsOf.get(anchor) ?? []) {
      for (const item of members[index]!) if (item !== anchor && !unavailable.has(item)) counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, k)
      .map(([item]) => item);
  };
}
