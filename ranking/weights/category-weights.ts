import { defaultRankingWeights, type RankingWeights } from './ranking-settings';

/** Weights a scope sets; the rest come from the scope above it. */
export type WeightOverrides = Partial<RankingWeights>;

/** The ranking formula's weights as merchandisers set them: globally and per category. */
export interface WeightTable {
  global: WeightOverrides;
  categories: ReadonlyMap<string, WeightOverrides>;
}

export const emptyWeightTable: WeightTable = { global: {}, categories: new Map() };

export interface ResolvedWeights {
  weights: RankingWeights;
  /** Scopes that contributed, general to specific: "default", "global", then category ids. */
  sources: string[];
}

/**
 * The weights for a page: defaults, then the global settings, then each
 * category on the path from the root down to the one viewed. A category
 * inherits what its ancestors set and overrides only what it sets itself.
 */
export function weightsFor(table: WeightTable, categoryPath: readonly string[] | null): ResolvedWeights {
  let weights: RankingWeights = { ...defaultRankingWeights, ...table.global };
  const sources = ['default', ...(Object.keys(table.global).length > 0 ? ['global'] : [])];
  for (const id of categoryPath ?? []) {
    const own = table.categories.get(id);
    if (!own) continue;
    weights = { ...weights, ...own };
    sources.push(id);
  }
  return { weights, sources };
}
