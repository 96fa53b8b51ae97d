/**
 * The binary user × item matrix every algorithm here starts from, kept as
 * rows: `rows[u]` is the sorted, distinct item indices user u interacted
 * with. Plain Int32Arrays, so a worker thread or child process can receive
 * them by structured clone (or transfer) without any conversion.
 */
export type ItemRows = readonly Int32Array[];

/** Rows from (user, item) index pairs; repeats collapse, because only "did interact" counts. */
export function rowsFromPairs(pairs: Iterable<readonly [user: number, item: number]>, nUsers: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: nUsers }, () => []);
  for (const [user, item] of pairs) {
    const list = lists[user];
    if (list === undefined) throw new RangeError(`user index ${user} out of range (${nUsers} users)`);
    list.push(item);
  }
  return lists.map(sortedDistinct);
}

export function sortedDistinct(items: ArrayLike<number>): Int32Array {
  const sorted = Int32Array.from(items).sort();
  let length = 0;
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[length++] = sorted[k];
  }
  return sorted.slice(0, length);
}

/** The transpose: for each item, the sorted users who interacted with it. */
export function invertRows(rows: ItemRows, nItems: number): Int32Array[] {
  const counts = itemCounts(rows, nItems);
  const columns = Array.from(counts, (count) => new Int32Array(count));
  const fill = new Int32Array(nItems);
  rows.forEach((row, user) => {
    for (const item of row) columns[item][fill[item]++] = user;
  });
  return columns;
}

/** How many rows contain each item. */
export function itemCounts(rows: ItemRows, nItems: number): Int32Array {
  const counts = new Int32Array(nItems);
  for (const row of rows) for (const item of row) counts[item]++;
  return counts;
}

export interface ItemSubset {
  /** Global item index of each local column, most interacted first. */
  items: Int32Array;
  /** The rows re-indexed to local columns; items outside the subset dropped. */
  rows: Int32Array[];
}

/**
 * Keeps the `maxItems` items found in the most rows. Dense models (EASE is
 * an items × items matrix) are trained on such a head of the catalogue; the
 * long tail is left to co-occurrence and content similarity. Ties go to the
 * lower index so the subset is reproducible.
 */
export function mostInteractedItems(rows: ItemRows, nItems: number, maxItems: number): ItemSubset {
  const counts = itemCounts(rows, nItems);
  const order = Array.from({ length: nItems }, (_, i) => i)
    .filter((i) => counts[i] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, maxItems);
  const local = new Int32Array(nItems).fill(-1);
  order.forEach((item, column) => {
    local[item] = column;
  });
  const subsetRows = rows.map((row) => {
    const kept: number[] = [];
    for (const item of row) if (local[item] >= 0) kept.push(local[item]);
    return sortedDistinct(kept);
  });
  return { items: Int32Array.from(order), rows: subsetRows };
}
