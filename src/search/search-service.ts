import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import { expandQuery } from '../../ranking/synonyms/expand';
import type { CatalogDirectory } from './catalog/catalog-directory';
import { viewedCategory } from './catalog/viewed-category';
import type { SearchRequest } from './request/params';
import { analyzeQuery, type AnalyzedQuery } from '../../ranking/query/query-text';
import { detectProductType, type ProductTypes } from '../../ranking/query/product-type';
import { normalize } from '../core/text';
import type { ResultCache } from './result-cache';
import type { SearchLogWriter } from './search-log';
import type { RankingWeights } from '../../ranking/weights/ranking-settings';
import {
  prepareSearch as prepareFor,
  staticMerchandising,
  type MerchandisingSnapshot,
  type MerchandisingSource,
  type PreparedSearch,
} from './merchandising';
import { executeSearch, type SearchRun } from './execute';
import type { SearchResult } from './shape-response';
import type { StaleSource } from '../core/last-good-value';
import type { ExperimentSource, ExperimentTag } from './experiment-source';

export interface SearchServiceDeps {
  es: ElasticsearchClient;
  /** The products alias searches read. */
  index: string;
  categories: CatalogDirectory;
  /** Rules, synonyms and ranking weights, current in this process. @default none: no rules, default weights */
  merchandising?: MerchandisingSource;
  /**
   * Fixed weights for every search instead of the merchandisers' per-category
   * ones: relevance benchmarks compare weight variants with this.
   * @default the snapshot's weights
   */
  weights?: () => RankingWeights;
  cache: ResultCache | null;
  searchLog: SearchLogWriter | null;
  /**
   * The clause that lifts products matching the shopper's recommendation
   * indicators (customer or session on the request), at most `weight`.
   * @default none: searches are not personalised
   */
  personalize?: (request: SearchRequest, weight: number) => Promise<estypes.QueryDslQueryContainer | null>;
  /** Running A/B experiments: a search in one is served its variant's snapshot. @default none */
  experiments?: ExperimentSource;
  /** Measures latency and stamps the search log. @default Date.now */
  now?: () => number;
  /** The wall clock rules' time windows are judged by; tests set it. @default Date.now */
  clock?: () => number;
}

export interface SearchContext {
  requestId?: string;
  /** The client's address as the rate limiter counts it (`clientAddressKey`), for the search log's searcher count. */
  clientAddress?: string;
  /** Told of each source this answer was served from stale (or without), because Postgres could not be read; `cause`: the failure. */
  onStale?: (source: StaleSource, cause?: unknown) => void;
}

/** A search under a given snapshot, with what the preview explains. */
export interface ExplainedSearch extends SearchRun {
  prepared: PreparedSearch;
}

/** A storefront answer, naming the experiment variant that served it (null outside experiments). */
export type ServedSearch = SearchResult & { experiment: ExperimentTag | null };

export interface SearchService {
  search(request: SearchRequest, context?: SearchContext): Promise<ServedSearch>;
  /**
   * The same search path without cache or log, under any snapshot (live or draft): what the preview compares.
   * `pageSize`: the shopper's page size when the request reads deeper than one page (execute.ts, ExecuteOptions).
   */
  explain(request: SearchRequest, snapshot: MerchandisingSnapshot, options?: { at?: number; pageSize?: number }): Promise<ExplainedSearch>;
}

/**
 * A storefront search: rules matched and resolved in memory, the result cache
 * asked under a key naming everything that shapes the results, then one
 * Elasticsearch round trip (executeSearch) on a miss.
 */
export function createSearchService(deps: SearchServiceDeps): SearchService {
  const now = deps.now ?? Date.now;
  const clock = deps.clock ?? Date.now;
  const merchandising = deps.merchandising ?? staticMerchandising();
  const prepareSearch = (
    request: SearchRequest,
    snapshot: MerchandisingSnapshot,
    paths: string[][],
    at: number,
    types: ProductTypes,
    noResults = false,
  ): PreparedSearch => {
    const prepared = prepareFor(request, snapshot, paths, at, noResults);
    const typed = { ...prepared, query: prepared.query && withProductType(prepared.query, types) };
    return deps.weights ? { ...typed, weights: { weights: deps.weights(), sources: ['fixed'] } } : typed;
  };

  const categoryPaths = async (request: SearchRequest): Promise<string[][]> =>
    Promise.all(request.filters.categoryIds.map(async (id) => (await deps.categories.get(id))?.path ?? [id]));

  /**
   * The personalisation clause. With `onStale` (a storefront search), a shopper's history that cannot be read
   * (Postgres away) leaves the search unpersonalised, and says so, rather than failing it.
   */
  const personalization = async (request: SearchRequest, weight: number, onStale: SearchContext['onStale']) => {
    if (!deps.personalize || weight <= 0 || (request.customerId === null && request.sessionId === null)) return null;
    if (!onStale) return deps.personalize(request, weight);
    try {
      return await deps.personalize(request, weight);
    } catch (error) {
      onStale('personalization', error);
      return null;
    }
  };

  /**
   * The search under the rules matched before it ran; when it finds nothing
   * and rules with the noResults condition then match, the search again
   * under those rules too (their redirect, rewrite or banner), before the
   * fallbacks the first run tried: a merchandiser's answer beats a guess.
   */
  const run = async (
    request: SearchRequest,
    snapshot: MerchandisingSnapshot,
    prepared: PreparedSearch,
    types: ProductTypes,
    started: number,
    paths: string[][],
    at: number,
    onStale?: SearchContext['onStale'],
    pageSize?: number,
  ): Promise<ExplainedSearch> => {
    const searched = { ...(await runPrepared(request, snapshot, prepared, types, started, onStale, pageSize)), prepared };
    if (!searched.foundNothing || snapshot.rules.noResults === 0) return searched;
    const again = prepareSearch(request, snapshot, paths, at, types, true);
    if (!again.matches.some((m) => m.rule.conditions.noResults)) return searched;
    return { ...(await runPrepared(request, snapshot, again, types, started, onStale, pageSize)), prepared: again };
  };

  const runPrepared = async (
    request: SearchRequest,
    snapshot: MerchandisingSnapshot,
    prepared: PreparedSearch,
    types: ProductTypes,
    started: number,
    onStale?: SearchContext['onStale'],
    pageSize?: number,
  ): Promise<SearchRun> => {
    const [attributeKeys, clause, category] = await Promise.all([
      request.filters.categoryIds.length === 1 ? deps.categories.facetAttributes(request.filters.categoryIds[0]!) : [],
      personalization(request, prepared.weights.weights.personalization, onStale),
      viewedCategory(deps.categories, request.filters.categoryIds),
    ]);
    const searched = await executeSearch(request, prepared, {
      es: deps.es,
      index: deps.index,
      attributeKeys,
      personalization: clause,
      analyze: (q) => withProductType(expandQuery(analyzeQuery(q), snapshot.synonyms), types),
      elapsedMs: () => now() - started,
      pageSize,
    });
    searched.result.category = category;
    return searched;
  };

  return {
    async search(request, context = {}) {
      const started = now();
      const [live, types] = await Promise.all([merchandising.snapshot(), deps.categories.productTypes()]);
      const paths = await categoryPaths(request);
      const at = clock();
      const assigned = deps.experiments ? await deps.experiments.assign(request, paths, at) : null;
      const experiment = assigned?.experiment ?? null;
      const snapshot = assigned?.snapshot ?? live;
      const prepared = prepareSearch(request, snapshot, paths, at, types);
      if (merchandising.isStale?.()) context.onStale?.('merchandising');
      if (request.filters.categoryIds.length > 0 && deps.categories.isStale()) context.onStale?.('categories');
      // The matched rules are in the key, not only the version: a rule whose time window opens changes results without any write.
      // v: the answer's shape; a new field is a new version, so an answer cached without it (before a deploy, or by an
      // instance not yet upgraded) is never served as this version's (v5: partialMatches).
      const cacheKey = {
        v: 5,
        request,
        merchandising: snapshot.version,
        rules: prepared.matches.map((m) => m.rule.id),
        weights: deps.weights?.(),
        // Undefined outside experiments, so those keys are unchanged; the variant's snapshot version is in `merchandising` too.
        experiment: experiment ?? undefined,
      };
      // A personalised answer follows the shopper's latest events, so it is never served from the cache.
      const personalised = deps.personalize !== undefined && (request.customerId !== null || request.sessionId !== null);
      const cached = deps.cache && !personalised ? await deps.cache.lookup<SearchResult>(cacheKey) : null;
      if (cached?.value) {
        record(request, cached.value, now() - started, context, experiment);
        return { ...cached.value, tookMs: now() - started, experiment };
      }
      const { result } = await run(request, snapshot, prepared, types, started, paths, at, context.onStale);
      // Not awaited: the answer need not wait for Redis to file it. This process's next lookup follows the store on the same
      // connection, so it still finds it; a store that fails or stalls costs only a later miss (result-cache.ts).
      void cached?.store(result);
      record(request, result, result.tookMs, context, experiment);
      return { ...result, experiment };
    },

    async explain(request, snapshot, options = {}) {
      const started = now();
      const [paths, at, types] = [await categoryPaths(request), options.at ?? clock(), await deps.categories.productTypes()];
      return run(
        request,
        snapshot,
        prepareSearch(request, snapshot, paths, at, types),
        types,
        started,
        paths,
        at,
        undefined,
        options.pageSize,
      );
    },
  };

  function record(
    request: SearchRequest,
    result: SearchResult,
    latencyMs: number,
    context: SearchContext,
    experiment: ExperimentTag | null,
  ): void {
    deps.searchLog?.record({
      query: request.q,
      // The same folding the analysis applies, without segmenting and stemming the query a second time.
      normalizedQuery: request.q === null ? null : normalize(request.q),
      filters: { ...request.filters, sort: request.sort, page: request.page },
      sort: request.sort,
      resultCount: result.total.value,
      corrected: result.showingCorrected,
      redirected: result.redirect !== null,
      latencyMs,
      customerId: request.customerId,
      sessionId: request.sessionId,
      requestId: context.requestId ?? null,
      clientAddress: context.clientAddress ?? null,
      context: request.context,
      experiment,
      createdAt: new Date(now()),
    });
  }
}

/** The query with the kind of product it names, if any: the body lifts products of that kind (body/scoring.ts). */
function withProductType(query: AnalyzedQuery, types: ProductTypes): AnalyzedQuery {
  const productType = detectProductType(query, types);
  return productType === null ? query : { ...query, productType };
}
