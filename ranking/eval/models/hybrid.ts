import type { IndicatorOptions } from '../../cf/indicators';
import { trainEaseScorer, type EaseModelOptions } from './ease-model';
import { trainIndicatorScorer } from './indicators';
import type { ModelSpec, Recommender } from '../recommender';
import { backfill, bestScored } from '../recommender';
import { popularityRanking } from './popularity';

export interface HybridModelOptions {
  indicators?: IndicatorOptions;
  /** The EASE side; `neighbors` as the serving side stores it. */
  ease?: EaseModelOptions;
  /** EASE's share against LLR's 1, after each is divided by the user's best score. @default 1 */
  easeWeight?: number;
}

/**
 * What "for you" serves: LLR indicators and EASE fused per user (purchases
 * and carts scored by EASE; serving also weighs recency, this does not). The two
 * scales have nothing in common, so each side's scores are divided by that
 * user's best positive score before they are added (as ranking/cf/blend
 * does for CF and content); non-positive scores add nothing.
 */
export function hybridModel(options: HybridModelOptions = {}): ModelSpec {
  const weight = options.easeWeight ?? 1;
  const neighbors = options.ease?.neighbors;
  return {
    name: `LLR + EASE (×${weight}${neighbors === undefined ? '' : `, top ${neighbors} per item`})`,
    train(data): Recommender {
      const llr = trainIndicatorScorer(data, options.indicators);
      // Purchases and carts feed EASE, as "for you" serves it.
      const ease = trainEaseScorer(data, { ...options.ease, scoreCarts: true }).scoresOf;
      const fallback = popularityRanking(data);
      return {
        recommend(user, n, exclude) {
          const fused = fuseByBest([llr(user), ease(user)], [1, weight]);
          return backfill(bestScored(fused, n, exclude, true), fallback, n, exclude);
        },
      };
    },
  };
}

/**
 * Σ weight × max(0, score) / best positive score, per item; a side with no
 * positive score adds nothing. The dense-array twin of ranking/cf/blend
 * fuseScores, which "for you" uses on Elasticsearch's hits.
 */
export function fuseByBest(sides: readonly Float64Array[], weights: readonly number[]): Float64Array {
  const fused = new Float64Array(sides[0]?.length ?? 0);
  sides.forEach((scores, side) => {
    let best = 0;
    for (const score of scores) if (score > best) best = score;
    if (best === 0) return;
    const scale = weights[side]! / best;
    for (let i = 0; i < scores.length; i++) if (scores[i]! > 0) fused[i] += scores[i]! * scale;
  });
  return fused;
}
