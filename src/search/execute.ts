import { errors as esErrors, type Client as ElasticsearchClient, type estypes } from '@elastic/elasticsearch';
import { validationError } from '../core/errors';
import { mergePinned, organicWindow } from '../../ranking/rules/pins';
import type { ProductDocument } from '../core/product-index';
import type { SearchRequest } from './request/params';
import type { AnalyzedQuery } from '../../ranking/query/query-text';
import type { PreparedSearch } from './merchandising';
import { buildPinnedBody, buildSearchBody } from './body/build-body';
import { encodeCursor } from './body/sort';
import { searchPreference } from './preference';
import type { BodyMerchandising } from './body/rules';
import type { WordRequirement } from './body/text-query';
import {
  correctedQueryFrom,
  shapeResponse,
  type MerchandisingFields,
  type SearchResult,
  type ShapeContext,
  type Tile,
} from './shape-response';

/** What a hit's source holds (tileSourceFields): the tile, plus what the preview's score components read. */
export type HitSource = Tile & Pick<ProductDocument, 'popularity' | 'created_at' | 'attributes'> & { merchant: { rating: number | null } };

export interface SearchRun {
  result: SearchResult;
  /** Each shown hit's source and score by product id, for the preview's explanations. */
  hits: Map<string, { source: HitSource; score: number | null }>;
}

export interface ExecuteOptions {
  es: ElasticsearchClient;
  index: string;
  attributeKeys: string[];
  /** The shopper's personalization clause, when a customer or session was given. */
  personalization?: estypes.QueryDslQueryContainer | null;
  /** Analyses a did-you-mean correction the way the original query was (synonyms included). */
  analyze(q: string): AnalyzedQuery;
  elapsedMs(): number;
}

type Response = estypes.SearchResponse<HitSource>;

export function totalOf(response: estypes.SearchResponse<unknown>): number {
  const total = response.hits.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/**
 * One search, prepared (rules resolved, query analysed): usually one
 * Elasticsearch call, plus a fetch of pinned products beside it. Only when the
 * query finds nothing does it try the spelling correction the first call
 * already brought back, and then a relaxed query that needs fewer words.
 */
export async function executeSearch(request: SearchRequest, prepared: PreparedSearch, options: ExecuteOptions): Promise<SearchRun> {
  const { plan } = prepared;
  const fields: MerchandisingFields = {
    rules: plan.applied,
    redirect: plan.redirect,
    rewrittenQuery: prepared.rewrittenQuery,
    banners: plan.banners,
    data: plan.data,
  };
  if (plan.redirect !== null) return { result: redirected(request, fields, options.elapsedMs()), hits: new Map() };

  const pinnedIds = plan.pins.map((p) => p.productId);
  const merchandising: BodyMerchandising = { excludedIds: [...plan.hiddenIds, ...pinnedIds], filters: plan.filters, boosts: plan.boosts };
  // With a cursor the page's offset is unknown: pins stay out of the organic list but are not spliced.
  const offset = (request.page - 1) * request.size;
  const window = pinnedIds.length > 0 && request.cursor === null ? organicWindow(plan.pins, offset, request.size) : undefined;
  // Every call of one listing's pages reads the same shard copies (replicas agree on the order).
  const preference = searchPreference(request);
  const run = (req: SearchRequest, query: AnalyzedQuery | null, requirement: WordRequirement, suggest: boolean) =>
    rejectedAsInput(
      options.es.search({
        ...buildSearchBody(req, query, {
          index: options.index,
          weights: prepared.weights.weights,
          attributeKeys: options.attributeKeys,
          requirement,
          suggest,
          merchandising,
          window,
          personalization: options.personalization,
        }),
        preference,
      }) as Promise<Response>,
    );

  const query = prepared.query;
  const [first, pinned] = await Promise.all([
    run(request, query, 'all', query !== null),
    window
      ? (options.es.search({
          ...buildPinnedBody(request, pinnedIds, { index: options.index, merchandising }),
          preference,
        }) as Promise<Response>)
      : null,
  ]);
  let response = first;
  const correctedQuery = correctedQueryFrom(response);
  let showingCorrected = false;
  let relaxed = false;
  let shownRequest = request;
  if (query !== null && totalOf(response) === 0 && request.cursor === null && request.page === 1) {
    if (correctedQuery !== null) {
      const corrected = { ...request, q: correctedQuery };
      const correctedResponse = await run(corrected, options.analyze(correctedQuery), 'all', false);
      if (totalOf(correctedResponse) > 0) [response, shownRequest, showingCorrected] = [correctedResponse, corrected, true];
    }
    if (!showingCorrected && query.words.length > 1) {
      const relaxedResponse = await run(request, query, 'relaxed', false);
      if (totalOf(relaxedResponse) > 0) [response, relaxed] = [relaxedResponse, true];
    }
  }

  const context = { correctedQuery, showingCorrected, relaxed, tookMs: 0, ...fields };
  const result =
    window && pinned
      ? withPins(shownRequest, response, pinned, plan.pins, window.from, context)
      : shapeResponse(shownRequest, response, context);
  result.query = request.q;
  result.tookMs = options.elapsedMs();
  const shown = new Set(result.hits.map((h) => h.id));
  const hits = new Map<string, { source: HitSource; score: number | null }>();
  for (const hit of [...response.hits.hits, ...(pinned?.hits.hits ?? [])])
    if (hit._source && shown.has(hit._source.id)) hits.set(hit._source.id, { source: hit._source, score: hit._score ?? null });
  return { result, hits };
}

/**
 * Elasticsearch's 400 for a search_after it cannot read is the cursor's fault: a 400 naming `cursor`. Cursors are checked
 * against their sort's types before (request/cursor.ts); this keeps a forged one a 400 should that check ever fall behind the
 * mapping. Any other 400 becomes the error middleware's SEARCH_REJECTED.
 */
async function rejectedAsInput(search: Promise<Response>): Promise<Response> {
  try {
    return await search;
  } catch (error) {
    if (error instanceof esErrors.ResponseError && error.statusCode === 400 && JSON.stringify(error.body ?? '').includes('search_after')) {
      throw validationError('cursor', 'Not a cursor from a previous response; start again from page 1.');
    }
    throw error;
  }
}

/** The page with pinned products spliced in at their positions (only those that passed the filters). */
function withPins(
  request: SearchRequest,
  response: Response,
  pinned: Response,
  pins: PreparedSearch['plan']['pins'],
  organicFrom: number,
  context: ShapeContext,
): SearchResult {
  const found = new Map(pinned.hits.hits.filter((h) => h._source).map((h) => [h._source!.id, h]));
  const eligible = pins
    .filter((p) => found.has(p.productId))
    .map((p) => ({ position: p.position, item: { ...found.get(p.productId)!, _score: null } }));
  const organicTotal = totalOf(response);
  const offset = (request.page - 1) * request.size;
  const slots = mergePinned({ pins: eligible, organic: response.hits.hits, organicFrom, organicTotal, offset, size: request.size });
  const total =
    typeof response.hits.total === 'object'
      ? { ...response.hits.total, value: organicTotal + eligible.length }
      : organicTotal + eligible.length;
  const result = shapeResponse(request, { ...response, hits: { ...response.hits, total, hits: slots.map((s) => s.item) } }, context);
  slots.forEach((slot, i) => (result.hits[i]!.pinned = slot.pinned));
  // The cursor continues after the last organic hit shown; pins never repeat because they stay excluded.
  const lastOrganic = [...slots].reverse().find((s) => !s.pinned);
  const more = !result.total.exact || organicTotal + eligible.length > offset + request.size;
  result.nextCursor =
    more && lastOrganic?.item.sort ? encodeCursor(request.sort, lastOrganic.item.sort as Array<string | number | null>) : null;
  return result;
}

function redirected(request: SearchRequest, fields: MerchandisingFields, tookMs: number): SearchResult {
  return {
    query: request.q,
    total: { value: 0, exact: true },
    page: request.cursor === null ? request.page : null,
    size: request.size,
    nextCursor: null,
    hits: [],
    facets: {},
    appliedFilters: request.filters,
    sort: request.sort,
    correctedQuery: null,
    showingCorrected: false,
    relaxed: false,
    tookMs,
    ...fields,
  };
}
