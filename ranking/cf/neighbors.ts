import type { IdIndex } from './id-index';

/**
 * An item's related items, best first: the one output shape of indicators,
 * bought-together and EASE neighbours, typed arrays so it crosses a worker
 * boundary cheaply. `indices` point into the related items' index space,
 * which for cross-occurrence is not the same space as the item's own.
 */
export interface Neighbors {
  indices: Int32Array;
  scores: Float64Array;
}

/** For every item (by index), its neighbours. */
export type ItemNeighbors = readonly Neighbors[];

export interface RelatedItems {
  itemId: string;
  related: Array<{ itemId: string; score: number }>;
}

/**
 * The id form the serving side stores (one Elasticsearch field per
 * indicator type, or a bought-together list per product). Items without any
 * neighbour are left out.
 */
export function neighborsToIds(neighbors: ItemNeighbors, items: IdIndex, relatedItems: IdIndex = items): RelatedItems[] {
  const out: RelatedItems[] = [];
  neighbors.forEach((list, item) => {
    if (list.indices.length === 0) return;
    const related = Array.from(list.indices, (index, k) => ({ itemId: relatedItems.idAt(index), score: list.scores[k] }));
    out.push({ itemId: items.idAt(item), related });
  });
  return out;
}

/**
 * Scores of every item for a user, Σ over the user's history of the weight
 * that links each history item to it: the offline stand-in for the
 * Elasticsearch query that matches a user's history against indicator
 * fields. `neighbors[i]` must list items related *to* i, in the space of
 * `history`'s items. Adds into `into` so several indicator types (purchase,
 * view, cart) can accumulate into one vector.
 */
export function scoreByNeighbors(neighbors: ItemNeighbors, history: ArrayLike<number>, into: Float64Array): Float64Array {
  for (let h = 0; h < history.length; h++) {
    const list = neighbors[history[h]];
    if (list === undefined) continue;
    for (let k = 0; k < list.indices.length; k++) into[list.indices[k]] += list.scores[k];
  }
  return into;
}

/** Flips "i → its indicators" into "indicator j → items it points at", keeping the scores. */
export function transposeNeighbors(neighbors: ItemNeighbors, nRelated: number): Neighbors[] {
  const counts = new Int32Array(nRelated);
  for (const list of neighbors) for (const j of list.indices) counts[j]++;
  const out = Array.from(counts, (count) => ({ indices: new Int32Array(count), scores: new Float64Array(count) }));
  const fill = new Int32Array(nRelated);
  neighbors.forEach((list, item) => {
    for (let k = 0; k < list.indices.length; k++) {
      const j = list.indices[k];
      out[j].indices[fill[j]] = item;
      out[j].scores[fill[j]++] = list.scores[k];
    }
  });
  return out;
}
