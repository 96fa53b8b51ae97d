import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import { buildSearchBody } from '../../../src/search/body/build-body';
import type { CatalogDirectory } from '../../../src/search/catalog/catalog-directory';
import { parseSearchRequest } from '../../../src/search/request/params';
import { analyzeQuery, type AnalyzedQuery } from '../../../ranking/query/query-text';
import { defaultRankingWeights, type RankingWeights } from '../../../ranking/weights/ranking-settings';
import { createSearchService } from '../../../src/search/search-service';

/** What one system answered for one query. */
export interface SystemAnswer {
  ids: string[];
  total: number;
  /** Agora only: the did-you-mean it offered, whether it showed it, whether it relaxed the query. */
  correctedQuery: string | null;
  showingCorrected: boolean;
  relaxed: boolean;
}

export interface SearchSystem {
  name: string;
  search(q: string): Promise<SystemAnswer>;
}

export interface SystemDeps {
  es: ElasticsearchClient;
  index: string;
  categories: CatalogDirectory;
  size: number;
}

type IdHit = estypes.SearchResponse<{ id: string }>;

function answerOf(response: IdHit): SystemAnswer {
  const total = response.hits.total;
  return {
    ids: response.hits.hits.map((h) => h._source?.id ?? h._id!),
    total: typeof total === 'number' ? total : (total?.value ?? 0),
    correctedQuery: null,
    showingCorrected: false,
    relaxed: false,
  };
}

/** The real search service: typo tolerance, did-you-mean, corrected and relaxed fallbacks. No cache, no search log. */
export function agora(
  deps: SystemDeps,
  variant: { name: string; weights: RankingWeights } = { name: 'Agora', weights: defaultRankingWeights },
): SearchSystem {
  const service = createSearchService({
    es: deps.es,
    index: deps.index,
    categories: deps.categories,
    weights: () => variant.weights,
    cache: null,
    searchLog: null,
  });
  return {
    name: variant.name,
    async search(q) {
      const result = await service.search(parseSearchRequest({ q, size: String(deps.size) }));
      return {
        ids: result.hits.map((h) => h.id),
        total: result.total.value,
        correctedQuery: result.correctedQuery,
        showingCorrected: result.showingCorrected,
        relaxed: result.relaxed,
      };
    },
  };
}

/** Agora's query with every word exact: the same body as the service's first call, minus fuzzy clauses, suggestions and fallbacks. */
export function exactWordsOnly(q: string): AnalyzedQuery {
  const analyzed = analyzeQuery(q);
  return { ...analyzed, words: analyzed.words.map((w) => ({ ...w, fuzziness: 0 })) };
}

export function agoraExactWords(deps: SystemDeps): SearchSystem {
  return {
    name: 'Agora, exact words only',
    async search(q) {
      const request = parseSearchRequest({ q, size: String(deps.size) });
      const body = buildSearchBody(request, exactWordsOnly(q), {
        index: deps.index,
        weights: defaultRankingWeights,
        attributeKeys: [],
        requirement: 'all',
        suggest: false,
      });
      return answerOf((await deps.es.search(body)) as IdHit);
    },
  };
}

/** What a naive integration sends: the raw text as one multi_match over title and description (standard analyzer). */
export function baselineBody(index: string, q: string, size: number): estypes.SearchRequest {
  return {
    index,
    query: {
      bool: { must: [{ multi_match: { query: q, fields: ['title_en^3', 'description_en'] } }], filter: [{ term: { visible: true } }] },
    },
    size,
    _source: ['id'],
  };
}

export function baseline(deps: SystemDeps): SearchSystem {
  return {
    name: 'baseline: ES multi_match',
    async search(q) {
      return answerOf((await deps.es.search(baselineBody(deps.index, q, deps.size))) as IdHit);
    },
  };
}
