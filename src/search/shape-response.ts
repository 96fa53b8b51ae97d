import type { estypes } from '@elastic/elasticsearch';
import type { ProductDocument } from '../core/product-index';
import type { FacetName, SearchRequest } from './params';
import { encodeCursor } from './body/sort';
import type { AppliedRule } from '../../ranking/rules/resolve';
import type { Banner } from '../../ranking/rules/types';

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

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface SearchFacets {
  category?: FacetValue[];
  brand?: FacetValue[];
  merchant?: FacetValue[];
  price?: { min: number | null; max: number | null; ranges: FacetValue[] };
  rating?: FacetValue[];
  attributes?: Record<string, FacetValue[]>;
}

export interface SearchResult {
  query: string | null;
  total: { value: number; exact: boolean };
  page: number | null;
  size: number;
  nextCursor: string | null;
  hits: ProductTile[];
  facets: SearchFacets;
  appliedFilters: SearchRequest['filters'];
  sort: SearchRequest['sort'];
  /** Set when a spelling correction is offered (did you mean) or was applied. */
  correctedQuery: string | null;
  /** The original query found nothing and these are the corrected query's results. */
  showingCorrected: boolean;
  /** No result required every word; these results match fewer of them. */
  relaxed: boolean;
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

export type MerchandisingFields = Pick<SearchResult, 'rules' | 'redirect' | 'rewrittenQuery' | 'banners' | 'data'>;

export type Tile = Pick<ProductDocument, 'id' | 'title_en' | 'title_zh' | 'price' | 'currency' | 'in_stock' | 'rating' | 'review_count' | 'image_url' | 'brand'> & {
  merchant: { id: string; name: string };
  category: { id: string; ids: string[]; names_en: string[]; names_zh: string[] };
};

function toTile(hit: estypes.SearchHit<Tile>): ProductTile {
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

type Bucket = { key: string | number; doc_count: number; label?: { hits: { hits: Array<{ _source?: any }> } } };
type Agg = { values?: { buckets: Bucket[] }; bands?: { buckets: Array<{ key: string; doc_count: number }> }; stats?: { min: number | null; max: number | null } };

function termValues(agg: Agg | undefined, selected: string[], label: (bucket: Bucket) => string): FacetValue[] {
  return (agg?.values?.buckets ?? []).map((b) => ({ value: String(b.key), label: label(b), count: b.doc_count, selected: selected.includes(String(b.key)) }));
}

function categoryLabel(bucket: Bucket): string {
  const id = String(bucket.key).split('>').pop()!;
  const category = bucket.label?.hits.hits[0]?._source?.category as { ids: string[]; names_en: string[]; names_zh: string[] } | undefined;
  const at = category?.ids.indexOf(id) ?? -1;
  return (at >= 0 ? category!.names_en[at] ?? category!.names_zh[at] : undefined) ?? id;
}

export function shapeFacets(request: SearchRequest, aggregations: Record<string, unknown> | undefined): SearchFacets {
  const aggs = (aggregations ?? {}) as Record<string, Agg>;
  const facets: SearchFacets = {};
  const f = request.filters;
  const want = new Set<FacetName>(request.facets);
  if (want.has('category')) {
    facets.category = termValues(aggs.category, [], categoryLabel).map((v) => ({ ...v, value: v.value.split('>').pop()!, selected: f.categoryIds.includes(v.value.split('>').pop()!) }));
  }
  if (want.has('brand')) facets.brand = termValues(aggs.brand, f.brandIds, (b) => b.label?.hits.hits[0]?._source?.brand?.name ?? String(b.key));
  if (want.has('merchant')) facets.merchant = termValues(aggs.merchant, f.merchantIds, (b) => b.label?.hits.hits[0]?._source?.merchant?.name ?? String(b.key));
  if (want.has('price')) {
    facets.price = {
      min: aggs.price?.stats?.min ?? null,
      max: aggs.price?.stats?.max ?? null,
      ranges: (aggs.price?.bands?.buckets ?? []).filter((b) => b.doc_count > 0).map((b) => ({ value: b.key, label: b.key, count: b.doc_count, selected: false })),
    };
  }
  if (want.has('rating')) {
    facets.rating = (aggs.rating?.bands?.buckets ?? []).map((b) => ({ value: b.key, label: `${b.key.replace('+', '')} stars & up`, count: b.doc_count, selected: f.ratingMin !== null && `${f.ratingMin}+` === b.key }));
  }
  if (want.has('attributes')) {
    const attributes: Record<string, FacetValue[]> = {};
    for (const [name, agg] of Object.entries(aggs)) {
      if (!name.startsWith('attr.')) continue;
      const key = name.slice(5);
      const chosen = (f.attributes[key] ?? []).map((v) => v.toLowerCase());
      attributes[key] = termValues(agg, [], (b) => String(b.key)).map((v) => ({ ...v, selected: chosen.includes(v.value.toLowerCase()) }));
    }
    for (const bucket of aggs.attribute_pairs?.values?.buckets ?? []) {
      const [key, ...rest] = String(bucket.key).split('=');
      const value = rest.join('=');
      (attributes[key!] ??= []).push({ value, label: value, count: bucket.doc_count, selected: false });
    }
    facets.attributes = attributes;
  }
  return facets;
}

export interface ShapeContext extends MerchandisingFields {
  correctedQuery: string | null;
  showingCorrected: boolean;
  relaxed: boolean;
  tookMs: number;
}

export function shapeResponse(request: SearchRequest, response: estypes.SearchResponse<Tile>, context: ShapeContext): SearchResult {
  const total = response.hits.total;
  const totalValue = typeof total === 'number' ? total : total?.value ?? 0;
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
    facets: shapeFacets(request, response.aggregations),
    appliedFilters: request.filters,
    sort: request.sort,
    correctedQuery: context.correctedQuery,
    showingCorrected: context.showingCorrected,
    relaxed: context.relaxed,
    tookMs: context.tookMs,
    rules: context.rules,
    redirect: context.redirect,
    rewrittenQuery: context.rewrittenQuery,
    banners: context.banners,
    data: context.data,
  };
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
