import type { estypes } from '@elastic/elasticsearch';
import type { HistoryKind, ShopperHistory } from './history';
import { defaultRecommendationSettings } from './settings';

type Query = estypes.QueryDslQueryContainer;

/**
 * The indicator field each kind of history is matched against (the
 * Universal Recommender's query): a product whose `also_bought` holds
 * something the shopper bought, whose `viewed_indicators` holds something
 * they viewed, and so on, is one they are likely to buy.
 */
export const indicatorFields: Readonly<Record<HistoryKind, string>> = Object.freeze({
  purchased: 'recommendations.also_bought',
  carted: 'recommendations.carted_indicators',
  viewed: 'recommendations.viewed_indicators',
});

export interface PersonalizationOptions {
  /** History items per kind, most recent first. @default 30 purchased, 10 carted, 20 viewed */
  limits?: Partial<Record<HistoryKind, number>>;
  /** Relative weight of each kind; the strongest matching kind sets the boost. @default purchased 1, carted 1, viewed 0.6 */
  kindWeights?: Partial<Record<HistoryKind, number>>;
}

// The same history limits "for you" uses, so search and recommendations read a history alike.
const defaultLimits: Record<HistoryKind, number> = {
  purchased: defaultRecommendationSettings.queryPurchased,
  carted: defaultRecommendationSettings.queryCarted,
  viewed: defaultRecommendationSettings.queryViewed,
};
// Search's own: "for you" weighs views as purchases since its validation split said so (issue 16), which measured
// recommendations, not search; here a view still counts for less than a purchase until a search evaluation says otherwise.
const defaultKindWeights: Record<HistoryKind, number> = { purchased: 1, carted: 1, viewed: 0.6 };

/**
 * A clause for personalised search: products matching the shopper's
 * indicators gain up to `weight` (a `should` clause adds its score). One
 * `terms` query per kind scores a constant (its boost) when any history item
 * matches, and `dis_max` keeps the strongest kind, so the boost is bounded:
 * `weight` × the best matching kind's weight, whatever the history's length.
 * Null when the history is empty or the weight is not positive, so callers
 * add nothing. Pure.
 */
export function personalizationClause(history: ShopperHistory, weight: number, options: PersonalizationOptions = {}): Query | null {
  if (!(weight > 0)) return null;
  const limits = { ...defaultLimits, ...options.limits };
  const weights = { ...defaultKindWeights, ...options.kindWeights };
  const queries: Query[] = [];
  for (const kind of ['purchased', 'carted', 'viewed'] as const) {
    const ids = history[kind].slice(0, limits[kind]);
    if (ids.length > 0 && weights[kind] > 0) queries.push({ terms: { [indicatorFields[kind]]: ids, boost: weights[kind] } });
  }
  if (queries.length === 0) return null;
  return { dis_max: { queries, tie_breaker: 0, boost: weight } };
}
