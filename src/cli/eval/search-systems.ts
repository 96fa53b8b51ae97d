import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import type { CatalogDirectory } from '../../search/catalog/catalog-directory';
import type { MerchandisingSource } from '../../search/merchandising';
import { parseSearchRequest } from '../../search/request/params';
import { createSearchService } from '../../search/search-service';
import type { RankingWeights } from '../../../ranking/weights/ranking-settings';

/** What one system answered for one query. */
export interface SystemAnswer {
  ids: string[];
  total: number;
  /** Agora only: the did-you-mean it offered, whether it showed it, whether it relaxed the query. */
  correctedQuery: string | null;
  showingCorrected: boolean;
  relaxed: boolean;
}

/** Something that answers a query with ranked product ids: Agora's search service, or a baseline. */
export interface SearchSystem {
  name: string;
  search(q: string): Promise<SystemAnswer>;
}

export interface SystemDeps {
  es: ElasticsearchClient;
  /** The products alias. */
  index: string;
  categories: CatalogDirectory;
  /** Results asked for per query. */
  size: number;
}

export interface AgoraVariant {
  name: string;
  /** Rules, synonyms and weights as the API serves them. @default none: no rules, default weights */
  merchandising?: MerchandisingSource;
  /** Fixed weights instead of the merchandising snapshot's (what-if comparisons). */
  weights?: RankingWeights;
}

/**
 * The search service the API calls (typo tolerance, did-you-mean, corrected
 * and relaxed fallbacks, rules and synonyms when a merchandising source is
 * given), with no result cache and no search log, so evaluation neither
 * reads stale answers nor pollutes the analytics.
 */
export function agoraSystem(deps: SystemDeps, variant: AgoraVariant = { name: 'Agora' }): SearchSystem {
  const weights = variant.weights;
  const service = createSearchService({
    es: deps.es,
    index: deps.index,
    categories: deps.categories,
    ...(variant.merchandising ? { merchandising: variant.merchandising } : {}),
    ...(weights ? { weights: () => weights } : {}),
    cache: null,
    searchLog: null,
  });
  return {
    name: variant.name,
    async search(q) {
      const result = await service.search(parseSearchRequest({ q, size: String(deps.size) }));
      return {
        // As the storefront shows them: the results, then the partial matches that fill the rest of a short page.
        ids: [...result.hits, ...result.partialMatches].map((h) => h.id),
        total: result.total.value,
        correctedQuery: result.correctedQuery,
        showingCorrected: result.showingCorrected,
        relaxed: result.relaxed,
      };
    },
  };
}

/**
 * What a naive integration sends: the raw text as one BM25 `multi_match` over
 * the original titles and descriptions (Elasticsearch's standard analyzer),
 * visible products only.
 */
export function baselineBody(index: string, q: string, size: number): estypes.SearchRequest {
  return {
    index,
    query: {
      bool: {
        must: [{ multi_match: { query: q, fields: ['title_en^3', 'title_zh^3', 'description_en', 'description_zh'] } }],
        filter: [{ term: { visible: true } }],
      },
    },
    size,
    _source: ['id'],
  };
}

export function bm25Baseline(deps: SystemDeps): SearchSystem {
  return {
    name: 'baseline: BM25 multi_match',
    async search(q) {
      return answerOf((await deps.es.search(baselineBody(deps.index, q, deps.size))) as estypes.SearchResponse<{ id: string }>);
    },
  };
}

export function answerOf(response: estypes.SearchResponse<{ id: string }>): SystemAnswer {
  const total = response.hits.total;
  return {
    ids: response.hits.hits.map((h) => h._source?.id ?? h._id!),
    total: typeof total === 'number' ? total : (total?.value ?? 0),
    correctedQuery: null,
    showingCorrected: false,
    relaxed: false,
  };
}
