import type { estypes } from '@elastic/elasticsearch';
import { signalShapes, type RankingWeights } from '../../../ranking/weights/ranking-settings';

type Query = estypes.QueryDslQueryContainer;

/**
 * Soft signals on top of text relevance: score = text × (1 + Σ wᵢ·signalᵢ).
 * Only core features: field_value_factor and decay functions (no scripts,
 * no rank_feature on this server).
 */
export function scoringFunctions(weights: RankingWeights): estypes.QueryDslFunctionScoreContainer[] {
  const functions: estypes.QueryDslFunctionScoreContainer[] = [{ filter: { match_all: {} }, weight: 1 }];
  if (weights.popularity > 0)
    functions.push({ field_value_factor: { field: 'popularity', modifier: 'log1p', missing: 0 }, weight: weights.popularity });
  if (weights.stock > 0) functions.push({ filter: { term: { in_stock: true } }, weight: weights.stock });
  if (weights.rating > 0)
    functions.push({ field_value_factor: { field: 'rating', factor: signalShapes.ratingFactor, missing: 0 }, weight: weights.rating });
  if (weights.merchantRating > 0)
    functions.push({
      field_value_factor: { field: 'merchant.rating', factor: signalShapes.merchantRatingFactor, missing: 0 },
      weight: weights.merchantRating,
    });
  if (weights.recency > 0)
    functions.push({
      gauss: { created_at: { origin: 'now', scale: `${signalShapes.recencyScaleDays}d`, decay: signalShapes.recencyDecay } },
      weight: weights.recency,
    });
  return functions;
}

/**
 * `productType` names the categories the query asks for (ranking/query/
 * product-type.ts); their products gain `weights.productType`.
 *
 * `personalization` matches the products the shopper's history points to
 * (their recommendation indicators); they gain `weights.personalization`
 * like any other signal, multiplying the text score rather than adding to it.
 */
export function scoredQuery(
  query: Query,
  weights: RankingWeights,
  personalization: Query | null = null,
  productType: { categoryIds: readonly string[] } | null = null,
): Query {
  const personal = personalization && weights.personalization > 0 ? [{ filter: personalization, weight: weights.personalization }] : [];
  // category.ids holds every ancestor, so a product filed anywhere below the named category is of that type.
  const typed =
    productType && weights.productType > 0
      ? [{ filter: { terms: { 'category.ids': [...productType.categoryIds] } }, weight: weights.productType }]
      : [];
  return {
    function_score: {
      query,
      functions: [...scoringFunctions(weights), ...personal, ...typed],
      score_mode: 'sum',
      boost_mode: 'multiply',
      boost: weights.text,
    },
  };
}
