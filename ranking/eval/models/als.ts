import { alsScores, alsUserVector, trainAls, type AlsOptions } from '../../cf/als';
import type { ModelSpec, Recommender } from '../recommender';
import { backfill, bestScored } from '../recommender';
import { popularityRanking } from './popularity';

/** Implicit ALS over every purchased item; scores are user · item factor dot products. */
export function alsModel(options: AlsOptions = {}): ModelSpec {
  const factors = options.factors ?? 64;
  return {
    name: `ALS (k=${factors}, α=${options.alpha ?? 1}, λ=${options.regularization ?? 5})`,
    train(data): Recommender {
      const model = trainAls(data.purchases, data.items.size, options);
      const fallback = popularityRanking(data);
      return {
        recommend(user, n, exclude) {
          if ((data.purchases[user]?.length ?? 0) === 0) return backfill([], fallback, n, exclude);
          return backfill(bestScored(alsScores(model, alsUserVector(model, user)), n, exclude, false), fallback, n, exclude);
        },
      };
    },
  };
}
