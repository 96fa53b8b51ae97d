import { evaluateModel, type ModelEvaluation } from '../../../../ranking/eval/evaluate';
import { alsModel } from '../../../../ranking/eval/models/als';
import { easeModel } from '../../../../ranking/eval/models/ease-model';
import { hybridModel } from '../../../../ranking/eval/models/hybrid';
import { indicatorModel } from '../../../../ranking/eval/models/indicators';
import { popularityModel } from '../../../../ranking/eval/models/popularity';
import type { ModelSpec } from '../../../../ranking/eval/recommender';
import type { TestUser } from '../../../../ranking/eval/temporal-split';
import type { TrainingData } from '../../../../ranking/eval/training-data';
import { resolveTrainParams } from '../../../../jobs/recommendations/options';

/** EASE's share in the offline fusion: the weight benchmarks/recs chose on the Online Retail validation month. */
const FUSION_EASE_WEIGHT = 0.25;

export const OFFLINE_MODELS = ['popularity', 'llr', 'ease', 'als', 'fusion'] as const;
export type OfflineModel = (typeof OFFLINE_MODELS)[number];

/**
 * The raw offline models of ranking/eval, with the training run's own
 * hyper-parameters (indicators per item, EASE's items, λ and neighbours)
 * so the comparison with the served lists is like for like. "fusion" is
 * LLR + sparse EASE fused per user as "for you" intends to serve them.
 */
export function offlineModelSpec(name: OfflineModel): ModelSpec {
  const params = resolveTrainParams();
  const ease = { maxItems: params.easeItems, lambda: params.easeLambda };
  switch (name) {
    case 'popularity':
      return popularityModel;
    case 'llr':
      return indicatorModel({ maxIndicatorsPerItem: params.indicatorsPerItem });
    case 'ease':
      return easeModel(ease);
    case 'als':
      return alsModel();
    case 'fusion':
      return hybridModel({
        indicators: { maxIndicatorsPerItem: params.indicatorsPerItem },
        ease: { ...ease, neighbors: params.easeNeighbors },
        easeWeight: FUSION_EASE_WEIGHT,
      });
  }
}

/**
 * Each model trained on the training side and scored on the same customers; every list excludes the customer's
 * training purchases and the products the service cannot show (`unavailable`).
 */
export function evaluateOffline(
  models: readonly OfflineModel[],
  data: TrainingData,
  users: readonly TestUser[],
  k: number,
  unavailable: ReadonlySet<string> = new Set(),
): ModelEvaluation[] {
  return models.map((name) => evaluateModel(offlineModelSpec(name), data, users, { k, unavailable }));
}
