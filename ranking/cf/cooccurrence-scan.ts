import type { ItemRows } from './interactions';

/**
 * Called once per primary item with the secondary items that co-occur with
 * it: `counts[touched[t]]` for t < `nTouched` is the number of rows holding
 * both. The arrays are scratch space, valid only during the call.
 */
export type CooccurrenceVisitor = (item: number, touched: Int32Array, nTouched: number, counts: Int32Array) => void;

/**
 * Counts co-occurrences item by item: for primary item i, walk the rows that
 * hold i (`primaryColumns[i]`) and count every secondary item in those rows.
 * One dense counter of the secondary catalogue's size is reused for every i,
 * so the work is Σ_rows |primary row|·|secondary row| increments with no
 * hash map, and memory stays O(items) however many pairs there are.
 */
export function scanCooccurrences(
  primaryColumns: readonly Int32Array[],
  secondaryRows: ItemRows,
  nSecondaryItems: number,
  visit: CooccurrenceVisitor,
): void {
  const counts = new Int32Array(nSecondaryItems);
  const touched = new Int32Array(nSecondaryItems);
  primaryColumns.forEach((rowsWithItem, item) => {
    let nTouched = 0;
    for (const row of rowsWithItem) {
      const secondary = secondaryRows[row];
      if (secondary === undefined) continue;
      for (const j of secondary) {
        if (counts[j]++ === 0) touched[nTouched++] = j;
      }
    }
    visit(item, touched, nTouched, counts);
    for (let t = 0; t < nTouched; t++) counts[touched[t]] = 0;
  });
}
