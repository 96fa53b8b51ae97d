import type { estypes } from '@elastic/elasticsearch';
import type { ProductDocument } from '../core/product-index';
import type { SearchRequest } from './request/params';
import { shapeFacets } from './facets/shape';
import type { SearchFacets } from './facets/registry';
import { encodeCursor } from './body/sort';
import type { AppliedRule } from '../../ranking/rules/resolve';
import type { Banner } from '../../ranking/rules/types';
import type { ViewedCategory } from './catalog/viewed-category';

export interface ProductTile {
  id: string;
  title: string;
  titleEn: string | null;
  titleZh: string | null;
  /** The title with matched words in <em>; the rest HTML-escaped. */
  highlightedTitle: string | null;
  price: number;
  currency: string;
  inStock: boolean;
  rating: number | null;
  reviewCount: number;
  imageUrl: string | null;
  brand: { id: string; name: string } | null;
  merchant: { id: string; name: string };
  category: { id: string; name: string };
  score: number | null;
  /** Placed here by a merchandising rule rather than by ranking. */
  pinned: boolean;
}

export interface SearchResult {
  query: string | null;
  total: { value: number; exact: boolean };
  page: number | null;
  size: number;
  nextCursor: string | null;
  hits: ProductTile[];
  facets: SearchFacets;
  /** The one category the search is filtered to, with its breadcrumbs (search-service.ts fills it); null otherwise. */
  category: ViewedCategory | null;
  appliedFilters: SearchRequest['filters'];
  sort: SearchRequest['sort'];
  /** Set when the answer has no hits: related categories and trending products, so the page is no dead end. */
  noResults: NoResults | null;
  /**
   * What the search read out of the query's words: a price said in it
   * ("shoes under 50") became this price filter on `query`, the other words.
   * To take it back, search `query` (or the whole query with a price filter
   * of one's own). Null when nothing was interpreted.
   */
  interpretedFilters: { price: { gte?: number; lte?: number }; query: string | null } | null;
  /**
   * The one did-you-mean notice: the corrected query, and whether these
   * results are its results (`applied`: "Showing results for …; search
   * instead for …") or it is only offered ("Did you mean …?"). Null when
   * nothing is corrected. The same as correctedQuery and showingCorrected,
   * which stay for existing clients.
   */
  didYouMean: { query: string; applied: boolean } | null;
  /** Set when a spelling correction is offered (did you mean) or was applied. */
  correctedQuery: string | null;
  /** The original query found nothing and these are the corrected query's results. */
  showingCorrected: boolean;
  /** No result required every word; these results match fewer of them. */
  relaxed: boolean;
  /**
   * Products that match some of the words but not all, for the storefront to show after `hits` when these fill less
   * than a page (first page, relevance order, two words or more, a glued model code or a phrase with synonyms counting
   * as one): "black yoga mats" finds the one black yoga mat, then the other yoga mats. Never counted in `total` or the
   * facets; empty otherwise.
   */
  partialMatches: ProductTile[];
  tookMs: number;
  /** Merchandising rules that changed this response, in the order they took effect. */
  rules: AppliedRule[];
  /** A rule sends the shopper to this URL instead of showing results (hits are then empty). */
  redirect: string | null;
  /** What was searched when a rule rewrote the query; null otherwise. */
  rewrittenQuery: string | null;
  banners: Banner[];
  /** Custom data from rules, for the storefront. */
  data: Record<string, unknown>;
}

/** What a page with no results offers instead (src/search/no-results.ts). */
export interface NoResults {
  /** Leaf categories of products matching any one of the words (typed or corrected), most products first. */
  categories: Array<{ id: string; name: string; count: number }>;
  /** The catalog's trending products (the recommendations' trending order: recent activity, then popularity). */
  trending: ProductTile[];
}

export type MerchandisingFields = Pick<SearchResult, 'rules' | 'redirect' | 'rewrittenQuery' | 'banners' | 'data'>;

export type Tile = Pick<
  ProductDocument,
  'id' | 'title_en' | 'title_zh' | 'price' | 'currency' | 'in_stock' | 'rating' | 'review_count' | 'image_url' | 'brand'
> & {
  merchant: { id: string; name: string };
  category: { id: string; ids: string[]; names_en: string[]; names_zh: string[] };
};

/** A hit as the storefront shows it; the product lookup (src/search/product) shapes its tile here too. */
export function toTile(hit: estypes.SearchHit<Tile>): ProductTile {
  const s = hit._source!;
  const leaf = s.category.ids.length - 1;
  const highlighted = hit.highlight?.title_en?.[0] ?? hit.highlight?.title_zh?.[0] ?? null;
  return {
    id: s.id,
    title: s.title_en ?? s.title_zh ?? s.id,
    titleEn: s.title_en,
    titleZh: s.title_zh,
    highlightedTitle: highlighted,
    price: s.price,
    currency: s.currency,
    inStock: s.in_stock,
    rating: s.rating,
    reviewCount: s.review_count,
    imageUrl: s.image_url,
    brand: s.brand,
    merchant: { id: s.merchant.id, name: s.merchant.name },
    category: { id: s.category.id, name: s.category.names_en[leaf] ?? s.category.names_zh[leaf] ?? s.category.id },
    score: hit._score ?? null,
    pinned: false,
  };
}

export interface ShapeContext extends MerchandisingFields {
  /** @default null: nothing interpreted */
  interpretedFilters?: SearchResult['interpretedFilters'];
  correctedQuery: string | null;
  showingCorrected: boolean;
  relaxed: boolean;
  tookMs: number;
}

/** The shopper's filters as the request gave them: a customer key's restriction is the key's, not the shopper's, and is not echoed. */
export function appliedFilters(filters: SearchRequest['filters']): SearchRequest['filters'] {
  if (filters.restriction === undefined) return filters;
  const { restriction: _restriction, ...shopper } = filters;
  return shopper;
}

export function shapeResponse(request: SearchRequest, response: estypes.SearchResponse<Tile>, context: ShapeContext): SearchResult {
  const total = response.hits.total;
  const totalValue = typeof total === 'number' ? total : (total?.value ?? 0);
  const exact = typeof total === 'number' || total?.relation !== 'gte';
  const hits = response.hits.hits;
  const last = hits[hits.length - 1];
  const more = hits.length === request.size && (request.cursor !== null || request.page * request.size < totalValue || !exact);
  return {
    query: request.q,
    total: { value: totalValue, exact },
    page: request.cursor === null ? request.page : null,
    size: request.size,
    nextCursor: more && last?.sort ? encodeCursor(request.sort, last.sort as Array<string | number | null>) : null,
    hits: hits.map(toTile),
    facets: shapeFacets(request.facets, request.filters, response.aggregations),
    category: null,
    appliedFilters: appliedFilters(request.filters),
    sort: request.sort,
    noResults: null,
    interpretedFilters: context.interpretedFilters ?? null,
    didYouMean: didYouMean(context.correctedQuery, context.showingCorrected),
    correctedQuery: context.correctedQuery,
    showingCorrected: context.showingCorrected,
    relaxed: context.relaxed,
    partialMatches: [],
    tookMs: context.tookMs,
    rules: context.rules,
    redirect: context.redirect,
    rewrittenQuery: context.rewrittenQuery,
    banners: context.banners,
    data: context.data,
  };
}

export function didYouMean(correctedQuery: string | null, showingCorrected: boolean): SearchResult['didYouMean'] {
  return correctedQuery === null ? null : { query: correctedQuery, applied: showingCorrected };
}

/** The corrected query from the term suggester: each unknown word replaced by its best catalog word. */
export function correctedQueryFrom(response: estypes.SearchResponse<unknown>): string | null {
  const entries = (response.suggest?.spelling ?? []) as Array<{ text: string; options: Array<{ text: string }> | { text: string } }>;
  let changed = false;
  const words = entries.map((entry) => {
    const options = Array.isArray(entry.options) ? entry.options : [entry.options];
    const best = options[0]?.text;
    if (best && best !== entry.text) {
      changed = true;
      return best;
    }
    return entry.text;
  });
  return changed ? words.join(' ') : null;
}
