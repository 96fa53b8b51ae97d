/**
 * Weights of the ranking formula. The text score is multiplied by
 * (1 + Σ weightᵢ · signalᵢ), so a weight of 0 switches a signal off and text
 * relevance always leads: signals reorder close matches, they do not pull in
 * poor ones.
 */
export interface RankingWeights {
  /** Multiplier of text relevance. @default 1 */
  text: number;
  /** log1p(time-decayed sales and views). @default 0.4 */
  popularity: number;
  /** Newer products, decaying over ~90 days. @default 0.1 */
  recency: number;
  /** Product rating / 5. @default 0.2 */
  rating: number;
  /** In stock at all. @default 0.5 */
  stock: number;
  /** Merchant rating / 5. @default 0.1 */
  merchantRating: number;
  /**
   * Most a product can gain from matching the shopper's recommendation
   * indicators (added to the score when a customer or session is given). @default 0.5
   */
  personalization: number;
  /**
   * Products of the kind the query names (a category's name: "laptops" asks
   * for Laptops, not for laptop bags that mention them). @default 1
   */
  productType: number;
}

export const defaultRankingWeights: Readonly<RankingWeights> = Object.freeze({
  text: 1,
  popularity: 0.4,
  recency: 0.1,
  rating: 0.2,
  stock: 0.5,
  merchantRating: 0.1,
  personalization: 0.5,
  productType: 3,
});

/**
 * The shape of each signal before its weight: ratings are scaled to 0-1 and
 * recency halves every `recencyScaleDays`. Scoring (body/scoring.ts) and the
 * preview's score components (score-components.ts) both read these.
 */
export const signalShapes = Object.freeze({
  // Popularity needs no constant: it enters as log10(1 + popularity), field_value_factor's log1p.
  ratingFactor: 0.2,
  merchantRatingFactor: 0.2,
  recencyScaleDays: 90,
  recencyDecay: 0.5,
});

/** Field weights: title above brand and category, above attributes, above description. */
export const fieldBoosts = Object.freeze({
  titleExact: 8,
  titlePhrase: 4,
  title: 3,
  brand: 2,
  category: 2,
  attributes: 1.5,
  description: 0.5,
  fuzzyPenalty: 0.5,
  prefix: 1,
  /** A title matched only with the words glued or split differently ("deadspace", "rock smith"): a constant, below real title matches. */
  titleJoined: 1.5,
});
