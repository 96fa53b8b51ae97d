import type { Pin } from './types';

/**
 * Pinning without a `pinned` query (this server has none): the search leaves
 * pinned products out of the organic results, fetches them by id, and
 * splices them in at their positions. Pages stay consistent: page 2 shows
 * exactly what follows page 1 in the merged list.
 */

/**
 * The organic results a page needs. Pins at or before the page's first slot
 * push organic results down; which of them survive the shopper's filters is
 * known only after the search, so this asks for enough to cover any outcome
 * (at most one extra hit per such pin).
 */
export function organicWindow(pins: readonly Pin[], offset: number, size: number): { from: number; size: number } {
  const before = pins.filter((p) => p.position <= offset).length;
  const from = Math.max(0, offset - before);
  return { from, size: size + (offset - from) };
}

export interface Slot<T> {
  item: T;
  pinned: boolean;
  /** Absolute index in the organic list; null for pins. */
  organicIndex: number | null;
}

export interface MergeInput<T> {
  /** Pins whose products passed the request's filters, sorted by position. */
  pins: ReadonlyArray<{ position: number; item: T }>;
  /** Organic results fetched from `organicFrom` on (see organicWindow). */
  organic: readonly T[];
  organicFrom: number;
  /** All organic results (pins excluded). */
  organicTotal: number;
  offset: number;
  size: number;
}

/**
 * The page [offset, offset + size) of the merged list. A pin takes its
 * position; when the organic results run out before it, pins close up
 * behind the last organic result instead of leaving gaps.
 */
export function mergePinned<T>(input: MergeInput<T>): Array<Slot<T>> {
  const page: Array<Slot<T>> = [];
  const available = Math.min(input.organicTotal, input.organicFrom + input.organic.length);
  let pin = 0;
  let organic = 0;
  for (let at = 0; at < input.offset + input.size; at++) {
    const nextPin = input.pins[pin];
    if (nextPin && (nextPin.position - 1 <= at || organic >= input.organicTotal)) {
      if (at >= input.offset) page.push({ item: nextPin.item, pinned: true, organicIndex: null });
      pin++;
      continue;
    }
    if (organic >= input.organicTotal) break;
    if (at >= input.offset) {
      // Fewer organic hits came back than the total promised (a lower-bound total): the page ends here.
      if (organic < input.organicFrom || organic >= available) break;
      page.push({ item: input.organic[organic - input.organicFrom]!, pinned: false, organicIndex: organic });
    }
    organic++;
  }
  return page;
}
