import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import type { CatalogDirectory } from './catalog-directory';
import type { SearchRequest } from './params';
import { analyzeQuery, type AnalyzedQuery } from './query-text';
import type { RankingWeights } from './ranking-settings';
import type { ResultCache } from './result-cache';
import type { SearchLogWriter } from './search-log';
import { buildSearchBody } from './build-body';
import { correctedQueryFrom, shapeResponse, type SearchResult } from './shape-response';
import type { WordRequirement } from './body/text-query';

export interface SearchServiceDeps {
  es: ElasticsearchClient;
  /** The products alias searches read. */
  index: string;
  categories: CatalogDirectory;
  weights: () => RankingWeights;
  cache: ResultCache | null;
  searchLog: SearchLogWriter | null;
  now?: () => number;
}

export interface SearchContext {
  requestId?: string;
}

export interface SearchService {
  search(request: SearchRequest, context?: SearchContext): Promise<SearchResult>;
}

/**
 * A storefront search: usually one Elasticsearch call. Only when the query
 * finds nothing does it try the spelling correction the first call already
 * brought back, and then a relaxed query that needs fewer of the words.
 */
export function createSearchService(deps: SearchServiceDeps): SearchService {
  const now = deps.now ?? Date.now;

  const run = async (request: SearchRequest, query: AnalyzedQuery | null, attributeKeys: string[], requirement: WordRequirement, suggest: boolean) => {
    const body = buildSearchBody(request, query, { index: deps.index, weights: deps.weights(), attributeKeys, requirement, suggest });
    return deps.es.search(body) as Promise<estypes.SearchResponse<never>>;
  };

  return {
    async search(request, context = {}) {
      const started = now();
      const cacheKey = { v: 1, request, weights: deps.weights() };
      const cached = deps.cache ? await deps.cache.lookup<SearchResult>(cacheKey) : null;
      if (cached?.value) {
        record(request, cached.value, now() - started, context);
        return { ...cached.value, tookMs: now() - started };
      }

      const attributeKeys = request.filters.categoryIds.length === 1 ? await deps.categories.facetAttributes(request.filters.categoryIds[0]!) : [];
      const query = request.q === null ? null : analyzeQuery(request.q);
      let response = await run(request, query, attributeKeys, 'all', query !== null);
      const correctedQuery = correctedQueryFrom(response);
      let showingCorrected = false;
      let relaxed = false;
      let shownRequest = request;

      if (query !== null && totalOf(response) === 0 && request.cursor === null && request.page === 1) {
        if (correctedQuery !== null) {
          const corrected = { ...request, q: correctedQuery };
          const correctedResponse = await run(corrected, analyzeQuery(correctedQuery), attributeKeys, 'all', false);
          if (totalOf(correctedResponse) > 0) {
            response = correctedResponse;
            shownRequest = corrected;
            showingCorrected = true;
          }
        }
        if (!showingCorrected && query.words.length > 1) {
          const relaxedResponse = await run(request, query, attributeKeys, 'relaxed', false);
          if (totalOf(relaxedResponse) > 0) {
            response = relaxedResponse;
            relaxed = true;
          }
        }
      }

      const result = shapeResponse(shownRequest, response, { correctedQuery, showingCorrected, relaxed, tookMs: now() - started });
      result.query = request.q;
      await cached?.store(result);
      record(request, result, result.tookMs, context);
      return result;
    },
  };

  function record(request: SearchRequest, result: SearchResult, latencyMs: number, context: SearchContext): void {
    deps.searchLog?.record({
      query: request.q,
      normalizedQuery: request.q === null ? null : analyzeQuery(request.q).normalized,
      filters: { ...request.filters, sort: request.sort, page: request.page },
      sort: request.sort,
      resultCount: result.total.value,
      corrected: result.showingCorrected,
      latencyMs,
      customerId: request.customerId,
      sessionId: request.sessionId,
      requestId: context.requestId ?? null,
      createdAt: new Date(now()),
    });
  }
}

function totalOf(response: estypes.SearchResponse<unknown>): number {
  const total = response.hits.total;
  return typeof total === 'number' ? total : total?.value ?? 0;
}
