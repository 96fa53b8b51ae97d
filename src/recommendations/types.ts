import type { ProductTile } from '../search/shape-response';

/**
 * What the recommendation endpoints answer. Every item says which source
 * served it and why it is there, so a storefront can label it and a reader
 * can tell collaborative filtering from a cold-start fallback.
 */
export type RecommendationSource =
  /** Purchase co-occurrence indicators: buyers of the product also bought these. */
  | 'also_bought'
  /** Same-order co-occurrence. */
  | 'bought_together'
  /** Content similarity blended with collaborative filtering. */
  | 'similar'
  /** The shopper's history matched against the indicator fields. */
  | 'for_you'
  /** More-like-this on title, brand and attributes within the category (cold start). */
  | 'content'
  /** Time-decayed activity within a category. */
  | 'category_trending'
  /** Time-decayed activity across the catalogue. */
  | 'trending'
  /** Long-run popularity: products no recent activity ranks. */
  | 'popular';

export type ReasonCode = 'also_bought' | 'bought_together' | 'similar' | 'viewed' | 'carted' | 'purchased' | 'trending' | 'popular';

export interface Reason {
  code: ReasonCode;
  /** Ready to show, e.g. "Often bought with Voltix X15". */
  text: string;
  /** The product the reason refers to (the one viewed, bought or looked at). */
  productId?: string;
  categoryId?: string;
}

/** A product as a recommendation widget shows it: the search tile without the search-only fields. */
export type RecommendedProduct = Omit<ProductTile, 'highlightedTitle' | 'score' | 'pinned'>;

export interface RecommendedItem {
  product: RecommendedProduct;
  source: RecommendationSource;
  reason: Reason;
  /** The source's own score (Elasticsearch's, a blend, or a list rank); comparable only within one source. */
  score: number | null;
}

export interface RecommendationResponse {
  items: RecommendedItem[];
  /** The source of the first item; null when nothing matched at all. */
  source: RecommendationSource | null;
  /** Every source that contributed, in the order they were asked. */
  sources: RecommendationSource[];
  /** True when items come from a fallback rather than what was asked for (cold start, unknown shopper). */
  fallback: boolean;
  tookMs: number;
}

/** Several product-page lists in one answer (`types=`), in the order asked, no product in two of them. */
export interface ProductWidgetsResponse {
  lists: Array<{ type: 'also_bought' | 'bought_together' | 'similar' } & Omit<RecommendationResponse, 'tookMs'>>;
  tookMs: number;
}
