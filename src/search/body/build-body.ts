import type { estypes } from '@elastic/elasticsearch';
import type { SearchRequest } from '../request/params';
import type { AnalyzedQuery } from '../../../ranking/query/query-text';
import type { RankingWeights } from '../../../ranking/weights/ranking-settings';
import { facetAggregations } from './aggs';
import { filterClauses, postFilter } from './filters';
import { scoredQuery } from './scoring';
import { decodeCursor, sortClause } from './sort';
import { orProductId, textQuery, type WordRequirement } from './text-query';
import {
  noBodyMerchandising,
  pinnedHitExclusion,
  ruleBoosted,
  ruleExclusions,
  ruleFilters,
  withPinnedCounted,
  type BodyMerchandising,
} from './rules';
import { normalize } from '../../core/text';

/** What a product tile needs, and nothing more. */
export const tileSourceFields = [
  'id',
  'title_en',
  'title_zh',
  'price',
  'currency',
  'in_stock',
  'rating',
  'review_count',
  'image_url',
  'brand',
  'merchant.id',
  'merchant.name',
  'merchant.rating',
  'category.id',
  'category.ids',
  'category.names_en',
  'category.names_zh',
  'attributes',
  'popularity',
  'created_at',
];

/** Exact totals up to here; beyond it the total is a flagged lower bound (counting millions exactly costs every request). */
export const exactTotalUpTo = 10_000;

export interface BuildSearchOptions {
  index: string;
  weights: RankingWeights;
  /** The shopper's indicator clause (src/recommendations/personalization): a scoring signal, never a filter. */
  personalization?: estypes.QueryDslQueryContainer | null;
  /** Attribute facet keys chosen for the category being viewed. */
  attributeKeys: string[];
  /** `relaxed` is the no-results fallback: fewer words required. */
  requirement: WordRequirement;
  /** Ask Elasticsearch for spelling suggestions alongside the results. */
  suggest: boolean;
  /** What matching merchandising rules ask of this search. @default none */
  merchandising?: BodyMerchandising;
  /** The organic slice to fetch when pins take slots of the page (ranking/rules/pins.ts). @default the request's page */
  window?: { from: number; size: number };
}

/**
 * The whole Elasticsearch request for a storefront search, built from parsed
 * input without I/O: text query, filters, scoring, facets, sort, paging,
 * highlighting and spelling suggestions. User text only ever reaches
 * Elasticsearch as values of term/match queries, never as query syntax.
 */
export function buildSearchBody(request: SearchRequest, query: AnalyzedQuery | null, options: BuildSearchOptions): estypes.SearchRequest {
  const clauses = filterClauses(request.filters);
  const hasText = query !== null && query.words.length > 0;
  const rules = options.merchandising ?? noBodyMerchandising;
  const pinnedIds = rules.pinnedIds ?? [];
  const post = hitsOnly(postFilter(clauses.facet), pinnedHitExclusion(pinnedIds));
  const aggs = facetAggregations(request.filters, clauses, {
    facets: request.facets,
    size: request.facetSize,
    attributeKeys: options.attributeKeys,
  });
  const scored = scoredQuery(
    hasText ? orProductId(textQuery(query, options.requirement), query.raw) : { match_all: {} },
    options.weights,
    options.personalization ?? null,
    hasText ? (query.productType ?? null) : null,
  );
  return {
    index: options.index,
    query: {
      bool: {
        must: [withPinnedCounted(ruleBoosted(scored, rules.boosts), pinnedIds)],
        filter: [...clauses.base, ...ruleFilters(rules.filters)],
        ...ruleExclusions(rules.excludedIds),
      },
    },
    ...(post === undefined ? {} : { post_filter: post }),
    ...(Object.keys(aggs).length === 0 ? {} : { aggs }),
    sort: sortClause(request.sort),
    ...page(request, options.window),
    track_total_hits: exactTotalUpTo,
    // Sorting by a field still reports relevance, which the preview and explanations show.
    track_scores: true,
    _source: { includes: tileSourceFields },
    ...(hasText ? { highlight: highlight(query) } : {}),
    ...(hasText && options.suggest ? { suggest: spellingSuggest(query) } : {}),
  };
}

/** The post_filter: the facet selections and the pinned products' exclusion, whichever there are. */
function hitsOnly(...parts: Array<estypes.QueryDslQueryContainer | undefined>): estypes.QueryDslQueryContainer | undefined {
  const present = parts.filter((p) => p !== undefined);
  if (present.length <= 1) return present[0];
  return { bool: { filter: present } };
}

function page(request: SearchRequest, window: BuildSearchOptions['window']): Pick<estypes.SearchRequest, 'size' | 'from' | 'search_after'> {
  if (request.cursor !== null) return { size: request.size, search_after: decodeCursor(request.cursor, request.sort) };
  return window ? { size: window.size, from: window.from } : { size: request.size, from: (request.page - 1) * request.size };
}

/**
 * Pinned products, fetched by id beside the search: they must pass every
 * filter the shopper and the rules set (a pin never shows a product the
 * shopper filtered out), but need not match the words.
 */
export function buildPinnedBody(
  request: SearchRequest,
  productIds: string[],
  options: Pick<BuildSearchOptions, 'index' | 'merchandising'>,
): estypes.SearchRequest {
  const clauses = filterClauses(request.filters);
  const post = postFilter(clauses.facet);
  return {
    index: options.index,
    query: {
      bool: {
        filter: [
          { ids: { values: productIds } },
          ...clauses.base,
          ...ruleFilters(options.merchandising?.filters ?? []),
          ...(post === undefined ? [] : [post]),
        ],
      },
    },
    size: productIds.length,
    track_total_hits: false,
    _source: { includes: tileSourceFields },
  };
}

function highlight(query: AnalyzedQuery): estypes.SearchHighlight {
  return {
    pre_tags: ['<em>'],
    post_tags: ['</em>'],
    encoder: 'html',
    fields: { title_en: { number_of_fragments: 0 }, title_zh: { number_of_fragments: 0 } },
    // Synonyms that matched are highlighted too: the shopper should see why a product is there.
    highlight_query: {
      multi_match: {
        query: [query.normalized, ...(query.synonyms ?? []).flatMap((s) => s.alternatives.map((a) => normalize(a.text)))].join(' '),
        fields: ['title_en', 'title_zh'],
        type: 'best_fields',
      },
    },
  };
}

/** One suggestion per word that the catalog does not contain, from the catalog's own title words. */
function spellingSuggest(query: AnalyzedQuery): estypes.SearchSuggester {
  return {
    text: query.words.map((w) => w.word).join(' '),
    spelling: {
      term: { field: 'title_words', suggest_mode: 'missing', sort: 'score', min_word_length: 4, prefix_length: 1, max_edits: 2, size: 3 },
    },
  };
}
