import { TopK } from './top-k';

export interface TrendingEvent {
  itemId: string;
  /** null when the item has no category; it still counts globally. */
  categoryId: string | null;
  /** Epoch milliseconds. */
  at: number;
  /** e.g. 1 for a view, 3 for an add to cart, 5 for a purchase. @default 1 */
  weight?: number;
}

export interface TrendingOptions {
  /** The moment scores are computed for, epoch ms. */
  now: number;
  /** An event this old counts half as much as one happening now. @default 7 days */
  halfLifeMs?: number;
  /** Items kept per list. @default 50 */
  limit?: number;
}

export interface ScoredItem {
  itemId: string;
  score: number;
}

export interface TrendingLists {
  global: ScoredItem[];
  byCategory: Array<{ categoryId: string; items: ScoredItem[] }>;
}

const DAY_MS = 86_400_000;

/**
 * Time-decayed counts: score(item) = Σ weight · 2^(−age / halfLife). The
 * sum decays as a whole, so a job can also keep running totals and update
 * them as score·2^(−Δt / halfLife) + new events without rereading history.
 * Events from the future (clock skew between producers) count as age 0
 * rather than being amplified.
 */
export function trendingScores(events: Iterable<TrendingEvent>, options: TrendingOptions): TrendingLists {
  const halfLifeMs = options.halfLifeMs ?? 7 * DAY_MS;
  if (!(halfLifeMs > 0)) throw new RangeError(`halfLifeMs must be positive, got ${halfLifeMs}`);
  const limit = options.limit ?? 50;
  const global = new Map<string, number>();
  const byCategory = new Map<string, Map<string, number>>();
  for (const event of events) {
    const score = (event.weight ?? 1) * decayFactor(options.now - event.at, halfLifeMs);
    global.set(event.itemId, (global.get(event.itemId) ?? 0) + score);
    if (event.categoryId === null) continue;
    let category = byCategory.get(event.categoryId);
    if (category === undefined) byCategory.set(event.categoryId, (category = new Map()));
    category.set(event.itemId, (category.get(event.itemId) ?? 0) + score);
  }
  return {
    global: best(global, limit),
    byCategory: [...byCategory]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([categoryId, scores]) => ({ categoryId, items: best(scores, limit) })),
  };
}

/** The weight of an event `ageMs` old: 1 now, 0.5 one half-life ago. */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  return Math.pow(2, -Math.max(0, ageMs) / halfLifeMs);
}

/** Highest scores first; ties in id order so the lists are stable between runs. */
function best(scores: Map<string, number>, limit: number): ScoredItem[] {
  const ids = [...scores.keys()].sort();
  const top = new TopK(limit);
  ids.forEach((id, index) => top.push(index, scores.get(id) ?? 0));
  const { indices, scores: values } = top.drain();
  return Array.from(indices, (index, k) => ({ itemId: ids[index], score: values[k] }));
}
