import { IdIndex } from '../cf/id-index';
import { rowsFromPairs } from '../cf/interactions';
import type { Interaction, Purchase } from './temporal-split';

/**
 * The training side of a split in index space, built once and shared by
 * every model so they all see the same users, items and rows. Views and
 * carts share the purchases' user and item indices (cross-occurrence needs
 * that); they are null when the source has none (Online Retail).
 */
export interface TrainingData {
  users: IdIndex;
  items: IdIndex;
  /** rows[u] = sorted distinct items user u bought. */
  purchases: Int32Array[];
  views: Int32Array[] | null;
  carts: Int32Array[] | null;
  /** Every purchase line (for time-aware models such as trending). */
  purchaseEvents: Array<{ item: number; at: number }>;
  /** Items bought in training: the catalogue for coverage, what a purchase-based model could ever recommend. */
  purchasedItems: number;
  /** The cutoff: "now" for the models. */
  now: number;
}

export interface TrainingInput {
  purchases: readonly Purchase[];
  views?: readonly Interaction[];
  carts?: readonly Interaction[];
  now: number;
}

export function buildTrainingData(input: TrainingInput): TrainingData {
  const users = new IdIndex();
  const items = new IdIndex();
  const purchasePairs: Array<[number, number]> = [];
  const purchaseEvents: Array<{ item: number; at: number }> = [];
  for (const purchase of input.purchases) {
    const pair: [number, number] = [users.intern(purchase.userId), items.intern(purchase.itemId)];
    purchasePairs.push(pair);
    purchaseEvents.push({ item: pair[1], at: purchase.at });
  }
  const purchasedItems = items.size;
  // Only users who bought something are scored; views of others still shape item–item links.
  const toPairs = (events: readonly Interaction[] | undefined) =>
    events?.map((event): [number, number] => [users.intern(event.userId), items.intern(event.itemId)]);
  const viewPairs = toPairs(input.views);
  const cartPairs = toPairs(input.carts);
  return {
    users,
    items,
    purchases: rowsFromPairs(purchasePairs, users.size),
    views: viewPairs === undefined || viewPairs.length === 0 ? null : rowsFromPairs(viewPairs, users.size),
    carts: cartPairs === undefined || cartPairs.length === 0 ? null : rowsFromPairs(cartPairs, users.size),
    purchaseEvents,
    purchasedItems,
    now: input.now,
  };
}
