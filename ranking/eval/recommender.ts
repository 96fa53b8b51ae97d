import { TopK } from '../cf/top-k';
import type { TrainingData } from './training-data';

/**
 * What the evaluation asks of a trained model: up to n item indices for a
 * user, best first, none of them in `exclude` (the user's past purchases).
 */
export interface Recommender {
  recommend(user: number, n: number, exclude: ReadonlySet<number>): number[];
}

/** A named way to train a Recommender on a split's training side. */
export interface ModelSpec {
  name: string;
  train(data: TrainingData): Recommender;
}

/**
 * The n best-scoring items not excluded. With `positiveOnly`, items scoring
 * 0 or less are not recommended at all (for co-occurrence a 0 means "no
 * evidence", and the list is better backfilled than filled at random).
 */
export function bestScored(scores: ArrayLike<number>, n: number, exclude: ReadonlySet<number>, positiveOnly: boolean): number[] {
  const top = new TopK(n);
  for (let i = 0; i < scores.length; i++) {
    // -Infinity (and NaN) mark items that are no candidate at all.
    if (!(scores[i] > (positiveOnly ? 0 : -Infinity)) || exclude.has(i)) continue;
    top.push(i, scores[i]);
  }
  return Array.from(top.drain().indices);
}

/**
 * Tops a personalised list up from a fallback ranking (popularity) when it
 * is short: a user whose history the model knows nothing about still gets n
 * items, as the serving side would show them.
 */
export function backfill(list: number[], fallback: ArrayLike<number>, n: number, exclude: ReadonlySet<number>): number[] {
  const out = list.slice(0, n);
  const taken = new Set(out);
  for (let r = 0; r < fallback.length && out.length < n; r++) {
    const item = fallback[r];
    if (!taken.has(item) && !exclude.has(item)) {
      out.push(item);
      taken.add(item);
    }
  }
  return out;
}
