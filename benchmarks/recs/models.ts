import { alsModel } from '../../ranking/eval/models/als';
import { easeModel } from '../../ranking/eval/models/ease-model';
import { hybridModel } from '../../ranking/eval/models/hybrid';
import { indicatorModel } from '../../ranking/eval/models/indicators';
import { popularityModel } from '../../ranking/eval/models/popularity';
import type { ModelSpec } from '../../ranking/eval/recommender';
import { trendingModel } from '../../ranking/eval/models/trending-model';
import type { BenchmarkOptions, ModelName } from './options';

/** The models the benchmark can run, configured from the command line. */
export function modelSpec(name: ModelName, options: BenchmarkOptions): ModelSpec {
  switch (name) {
    case 'popularity':
      return popularityModel;
    case 'trending':
      return trendingModel({ halfLifeDays: options.halfLifeDays });
    case 'llr':
      return indicatorModel({ maxIndicatorsPerItem: options.indicators });
    case 'ease':
      return easeModel({ maxItems: options.easeItems, lambda: options.easeLambda });
    case 'ease-sparse':
      return easeModel({ maxItems: options.easeItems, lambda: options.easeLambda, neighbors: options.easeNeighbors });
    case 'hybrid':
      return hybridModel({
        indicators: { maxIndicatorsPerItem: options.indicators },
        ease: { maxItems: options.easeItems, lambda: options.easeLambda, neighbors: options.easeNeighbors },
        easeWeight: options.hybridEaseWeight,
      });
    case 'als':
      return alsModel({
        factors: options.alsFactors,
        iterations: options.alsIterations,
        alpha: options.alsAlpha,
        regularization: options.alsRegularization,
      });
  }
}
