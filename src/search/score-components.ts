import { productFilterMatches } from '../../ranking/rules/product-filter';
import type { Boost } from '../../ranking/rules/resolve';
import { signalShapes, type RankingWeights } from '../../ranking/weights/ranking-settings';
import type { HitSource } from './execute';

/**
 * One hit's score taken apart, for the preview: score = text × textWeight ×
 * (1 + Σ weighted signals) × Π rule factors (body/scoring.ts and body/rules.ts).
 *
 * The signals and rule factors are recomputed from the hit's source with
 * the same constants the body uses; text relevance is what remains of
 * Elasticsearch's score once they are divided out. That is exact up to float
 * rounding and the milliseconds between Elasticsearch's "now" and ours,
 * and far easier to read (and to keep working) than parsing `explain` trees.
 */
export interface ScoreComponents {
  /** Elasticsearch's _score. */
  score: number;
  /** Text relevance alone (1 when browsing without a query). */
  text: number;
  textWeight: number;
  /** Each signal's weighted contribution wᵢ·signalᵢ; `base` is the 1 every product gets. */
  signals: {
    base: number;
    popularity: number;
    recency: number;
    rating: number;
    stock: number;
    merchantRating: number;
    /** The product is of the kind the query names (0 when the query names none). */
    productType: number;
  };
  /** 1 + Σ signals. */
  signalFactor: number;
  rules: Array<{ ruleId: string; factor: number }>;
  /** Π rule factors (1 when no boost or bury touched the hit). */
  ruleFactor: number;
}

const dayMs = 86_400_000;

export function scoreComponents(
  source: HitSource,
  score: number,
  weights: RankingWeights,
  boosts: readonly Boost[],
  now: number,
  productType: { categoryIds: readonly string[] } | null = null,
): ScoreComponents {
  const ageMs = Math.abs(now - Date.parse(source.created_at));
  const scaleMs = signalShapes.recencyScaleDays * dayMs;
  const signals = {
    base: 1,
    popularity: weights.popularity > 0 ? weights.popularity * Math.log10(1 + (source.popularity ?? 0)) : 0,
    // Elasticsearch's gauss decay: decay ^ ((distance / scale)²).
    recency: weights.recency > 0 ? weights.recency * signalShapes.recencyDecay ** ((ageMs / scaleMs) ** 2) : 0,
    rating: weights.rating > 0 ? weights.rating * signalShapes.ratingFactor * (source.rating ?? 0) : 0,
    stock: weights.stock > 0 && source.in_stock ? weights.stock : 0,
    merchantRating:
      weights.merchantRating > 0 ? weights.merchantRating * signalShapes.merchantRatingFactor * (source.merchant.rating ?? 0) : 0,
    productType:
      weights.productType > 0 && productType !== null && source.category.ids.some((id) => productType.categoryIds.includes(id))
        ? weights.productType
        : 0,
  };
  const signalFactor = Object.values(signals).reduce((sum, v) => sum + v, 0);
  const rules = boosts.filter((b) => productFilterMatches(b.filter, source)).map((b) => ({ ruleId: b.ruleId, factor: b.factor }));
  const ruleFactor = rules.reduce((product, r) => product * r.factor, 1);
  const divisor = weights.text * signalFactor * ruleFactor;
  return { score, text: divisor === 0 ? 0 : score / divisor, textWeight: weights.text, signals, signalFactor, rules, ruleFactor };
}
