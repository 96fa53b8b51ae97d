import { decayFactor } from '../../ranking/cf/trending';

/** Interactions for trending, one entry per event in parallel typed arrays. */
export interface TrendingInput {
  items: Int32Array;
  /** Epoch milliseconds. */
  at: Float64Array;
  weights: Float32Array;
}

export interface AnchoredTrendingOptions {
  now: number;
  halfLifeMs: number;
  /** The fixed instant scores are expressed at. */
  epochMs: number;
}

/**
 * Time-decayed counts, Σ weight · 2^(−age / halfLife), the score of
 * ranking/cf `trendingScores` at `now`, but stored as
 * log2(score) + (now − epoch) / halfLife = log2 Σ weight · 2^((at − epoch) / halfLife).
 *
 * Decay lowers every product's count by the same factor, so the order
 * between products only changes when new events arrive. In this anchored
 * form a product's value changes only when its own events do: a training run
 * rewrites the documents of products with new activity, not all of them, and
 * Elasticsearch can still sort a category by it (per-category trending is
 * the global score restricted to the category, the same order
 * `trendingScores.byCategory` gives). Products without events are NaN.
 */
export function anchoredTrending(input: TrendingInput, nItems: number, options: AnchoredTrendingOptions): Float64Array {
  if (!(options.halfLifeMs > 0)) throw new RangeError(`halfLifeMs must be positive, got ${options.halfLifeMs}`);
  const sums = new Float64Array(nItems);
  for (let k = 0; k < input.items.length; k++) {
    sums[input.items[k]] += input.weights[k] * decayFactor(options.now - input.at[k], options.halfLifeMs);
  }
  const shift = (options.now - options.epochMs) / options.halfLifeMs;
  return sums.map((sum) => (sum > 0 ? Math.log2(sum) + shift : Number.NaN));
}
