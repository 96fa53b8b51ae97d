import type { estypes } from '@elastic/elasticsearch';
import { keyFilterClauses } from '../auth/key-filters';
import type { HistoryKind, ShopperHistory } from './history';
import type { RecommendationFilters } from './params';
import { indicatorFields } from './personalization';
import type { RecommendationSettings } from './settings';
import { productSourceFields } from './shape';

type Query = estypes.QueryDslQueryContainer;
type Body = estypes.SearchRequest;

/**
 * Pure builders of the Elasticsearch requests behind each recommendation
 * source. Every body is assembled from the same fragments: the business
 * filters, the exclusions, the page; one request per source.
 */
export interface BodyContext {
  index: string;
  filters: RecommendationFilters;
  /** Products never to return: the anchor product, purchases, the request's exclude list, items already chosen. */
  exclude: readonly string[];
  /** Hits to fetch (already over-fetched for filters and diversity). */
  size: number;
}

/** The product a product page's recommendations are about. */
export interface Anchor {
  id: string;
  /** Its leaf category: content similarity stays within it. */
  categoryId: string;
  alsoBought: readonly string[];
}

/** Visible products only, then the customer key's filters and the request's; several values of a filter are OR-ed. */
export function filterClauses(filters: RecommendationFilters): Query[] {
  // Every body's filter is this one: a key's filters reach every source and fallback.
  const clauses: Query[] = [{ term: { visible: true } }, ...keyFilterClauses(filters.restriction)];
  // A product carries every ancestor's id: a category includes its descendants.
  if (filters.categoryIds.length > 0) clauses.push({ terms: { 'category.ids': filters.categoryIds } });
  if (filters.brandIds.length > 0) clauses.push({ terms: { 'brand.id': filters.brandIds } });
  if (filters.merchantIds.length > 0) clauses.push({ terms: { 'merchant.id': filters.merchantIds } });
  if (filters.priceMin !== null || filters.priceMax !== null) {
    clauses.push({
      range: {
        price: {
          ...(filters.priceMin === null ? {} : { gte: filters.priceMin }),
          ...(filters.priceMax === null ? {} : { lte: filters.priceMax }),
        },
      },
    });
  }
  if (filters.inStock) clauses.push({ term: { in_stock: true } });
  return clauses;
}

function mustNot(exclude: readonly string[]): { must_not?: Query[] } {
  return exclude.length === 0 ? {} : { must_not: [{ ids: { values: [...exclude] } }] };
}

function page(context: BodyContext): Pick<Body, 'index' | 'size' | 'track_total_hits' | '_source'> {
  return { index: context.index, size: context.size, track_total_hits: false, _source: [...productSourceFields] };
}

/** Score, then the better seller, then id: equal scores come back in the same order every time. */
const byScore: estypes.SortCombinations[] = [{ _score: { order: 'desc' } }, { popularity: { order: 'desc' } }, { id: { order: 'asc' } }];

/**
 * The products of a stored list (also bought, bought together) that pass
 * the filters. Elasticsearch only filters; the caller puts them back in the
 * list's order.
 */
export function listBody(ids: readonly string[], context: BodyContext): Body {
  return {
    ...page(context),
    query: { bool: { filter: [{ ids: { values: [...ids] } }, ...filterClauses(context.filters)], ...mustNot(context.exclude) } },
  };
}

/**
 * Content similarity: more-like-this on the anchor's title terms, brand and
 * attribute pairs, within its category. The thresholds are low because a
 * marketplace category holds few products sharing any one word.
 */
export function contentBody(anchor: Pick<Anchor, 'id' | 'categoryId'>, context: BodyContext): Body {
  return {
    ...page(context),
    query: {
      bool: {
        must: [
          {
            more_like_this: {
              fields: ['title_terms', 'brand.name', 'attribute_pairs'],
              like: [{ _id: anchor.id }],
              min_term_freq: 1,
              min_doc_freq: 1,
              max_query_terms: 25,
              minimum_should_match: '30%',
            },
          },
        ],
        filter: [{ term: { 'category.id': anchor.categoryId } }, ...filterClauses(context.filters)],
        ...mustNot(context.exclude),
      },
    },
    sort: byScore,
  };
}

/**
 * The collaborative side of "similar", in the anchor's category: products
 * bought with it (scored by their rank in its list) and products bought by
 * people who viewed it (its id in their view indicators).
 */
export function similarCfBody(anchor: Anchor, context: BodyContext): Body {
  const n = anchor.alsoBought.length;
  const should: Query[] = anchor.alsoBought.map((id, rank) => ({
    constant_score: { filter: { term: { id } }, boost: round(1 - rank / n) },
  }));
  should.push({ constant_score: { filter: { term: { [indicatorFields.viewed]: anchor.id } }, boost: 1 } });
  return {
    ...page(context),
    query: {
      bool: {
        should,
        minimum_should_match: 1,
        filter: [{ term: { 'category.id': anchor.categoryId } }, ...filterClauses(context.filters)],
        ...mustNot(context.exclude),
      },
    },
    sort: byScore,
  };
}

/**
 * "For you"'s candidates (scored in Agora from the history's rows) that pass
 * the filters, best first: each is a constant-score clause boosted by its
 * score relative to the best, so Elasticsearch only filters and returns the
 * best `size` that pass.
 */
export function candidatesBody(candidates: ReadonlyArray<{ productId: string; score: number }>, context: BodyContext): Body {
  const best = candidates.reduce((max, candidate) => Math.max(max, candidate.score), 0);
  const should: Query[] = candidates.map(({ productId, score }) => ({
    constant_score: { filter: { term: { id: productId } }, boost: best > 0 ? round(score / best) : 0 },
  }));
  return {
    ...page(context),
    query: { bool: { should, minimum_should_match: 1, filter: filterClauses(context.filters), ...mustNot(context.exclude) } },
    sort: byScore,
  };
}

export type HistoryQuerySettings = Pick<
  RecommendationSettings,
  'boosts' | 'recencyHalfLife' | 'queryPurchased' | 'queryCarted' | 'queryViewed'
>;

export interface HistoryClause {
  kind: HistoryKind;
  productId: string;
  boost: number;
  name: string;
}

/**
 * The history items "for you" scores, with their weights by kind and, when
 * a half-life is set, by recency (the newest item of a kind weighs most).
 */
export function historyClauses(history: ShopperHistory, settings: HistoryQuerySettings): HistoryClause[] {
  const limits: Record<HistoryKind, number> = {
    purchased: settings.queryPurchased,
    carted: settings.queryCarted,
    viewed: settings.queryViewed,
  };
  return (['purchased', 'carted', 'viewed'] as const).flatMap((kind) =>
    history[kind].slice(0, limits[kind]).map((productId, position) => ({
      kind,
      productId,
      boost: round(settings.boosts[kind] * (settings.recencyHalfLife === null ? 1 : Math.pow(2, -position / settings.recencyHalfLife))),
      name: historyQueryName(kind, productId),
    })),
  );
}

export function historyQueryName(kind: HistoryKind, productId: string): string {
  return `${kind}:${productId}`;
}

/**
 * Trending: the highest time-decayed activity first (the training run's
 * anchored score, as of the newest order or event), then popularity, then
 * how many customers ever bought it, so an untrained or quiet catalogue
 * still answers with its best sellers, never in id order. A category narrows it to that subtree.
 */
export function trendingBody(context: BodyContext, categoryId: string | null = null): Body {
  const filter = filterClauses(context.filters);
  if (categoryId !== null) filter.push({ term: { 'category.ids': categoryId } });
  return {
    ...page(context),
    _source: [...productSourceFields, 'recommendations.trending'],
    query: { bool: { filter, ...mustNot(context.exclude) } },
    // unmapped_type: an index built before the field existed sorts instead of failing.
    sort: [
      { 'recommendations.trending': { order: 'desc', missing: '_last', unmapped_type: 'double' } },
      { popularity: { order: 'desc' } },
      // Never id order among products with no recent activity: those bought by more customers first.
      { 'recommendations.purchasers': { order: 'desc', missing: '_last', unmapped_type: 'integer' } },
      { review_count: { order: 'desc' } },
      { id: { order: 'asc' } },
    ],
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
