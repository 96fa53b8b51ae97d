import { errors as esErrors, type Client as ElasticsearchClient, type estypes } from '@elastic/elasticsearch';
import { validationError } from '../core/errors';
import { mergePinned, organicWindow } from '../../ranking/rules/pins';
import { newestEditionsFirst } from '../../ranking/editions/newest-first';
import type { ProductDocument } from '../core/product-index';
import type { SearchRequest } from './request/params';
import type { AnalyzedQuery, QueryWord } from '../../ranking/query/query-text';
import { relatedCategoriesBody, shapeNoResults, trendingProductsBody, withoutEmptyFacets } from './no-results';
import type { PreparedSearch } from './merchandising';
import { buildPinnedBody, buildSearchBody } from './body/build-body';
import { encodeCursor } from './body/sort';
import { searchPreference } from './preference';
import type { BodyMerchandising } from './body/rules';
import { mayBeInitials, type WordRequirement } from './body/text-query';
import { mayFillWithPartialMatches, partialMatchTiles } from './partial-matches';
import { fallbackOrder } from './fallback/order';
import { catalogWordsBody, correctQuery, suggestedWords, withoutCatalogWords, wordsInCatalog, wordsToLookUp } from './fallback/correction';
import { englishLexicon } from './fallback/lexicon';
import { parsePriceExpression } from './interpret/price-expression';
import {
  appliedFilters,
  correctedQueryFrom,
  shapeResponse,
  type MerchandisingFields,
  type NoResults,
  type ProductTile,
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
  /** The search found nothing before any fallback (correction, fewer words): what rules with the noResults condition wait for. */
  foundNothing: boolean;
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
  /**
   * The size of the shopper's pages, when this request reads several at once (the preview's live side): editions are
   * ordered within each of them, as the shopper's own pages show them. @default the request's size
   */
  pageSize?: number;
}

type Response = estypes.SearchResponse<HitSource>;

export function totalOf(response: estypes.SearchResponse<unknown>): number {
  const total = response.hits.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/**
 * One search, prepared (rules resolved, query analysed): usually one
 * Elasticsearch call, plus a fetch of pinned products beside it. Only when the
 * query finds nothing does it try the fallbacks of fallback/order.ts: the
 * spelling correction the first call already brought back, a relaxed query
 * that needs fewer words, and both together.
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
  if (plan.redirect !== null) return { result: redirected(request, fields, options.elapsedMs()), hits: new Map(), foundNothing: false };

  const pinnedIds = plan.pins.map((p) => p.productId);
  const merchandising: BodyMerchandising = { excludedIds: plan.hiddenIds, pinnedIds, filters: plan.filters, boosts: plan.boosts };
  // With a cursor the page's offset is unknown: pins stay out of the organic list but are not spliced.
  const offset = (request.page - 1) * request.size;
  const window = pinnedIds.length > 0 && request.cursor === null ? organicWindow(plan.pins, offset, request.size) : undefined;
  // Every call of one listing's pages reads the same shard copies (replicas agree on the order).
  const preference = searchPreference(request);
  const run = (
    req: SearchRequest,
    query: AnalyzedQuery | null,
    requirement: WordRequirement,
    suggest: boolean,
    // null: from the top, whatever the pins' window.
    slice: { from: number; size: number } | null = window ?? null,
  ) =>
    rejectedAsInput(
      options.es.search({
        ...buildSearchBody(req, query, {
          index: options.index,
          weights: prepared.weights.weights,
          attributeKeys: options.attributeKeys,
          requirement,
          suggest,
          merchandising,
          window: slice ?? undefined,
          personalization: options.personalization,
        }),
        preference,
      }) as Promise<Response>,
    );

  // A price said in the query ("shoes under 50") filters the other words when they name products at all, so an empty
  // answer then says the price emptied it; words that name nothing are searched as typed. A rule's rewrite is taken as written.
  const interpretation = prepared.rewrittenQuery === null && request.q !== null ? parsePriceExpression(request.q) : null;
  let searched = request;
  let query = prepared.query;
  let interpretedFilters: SearchResult['interpretedFilters'] = null;
  let interpretedResponse: Response | null = null;
  if (interpretation !== null) {
    const priced = withPrice(request, interpretation.price);
    const words = interpretation.remaining === null ? null : options.analyze(interpretation.remaining);
    const found = await run(priced, words, 'all', words !== null);
    if (totalOf(found) > 0 || words === null || totalOf(await run(request, words, 'all', false)) > 0) {
      [searched, query, interpretedResponse] = [priced, words, found];
      interpretedFilters = { price: interpretation.price, query: interpretation.remaining };
    }
  }

  const [first, pinned] = await Promise.all([
    interpretedResponse ?? run(searched, query, 'all', query !== null),
    // Fetched with a cursor too: the pins are not spliced there, but they are in the facet counts and so in the total.
    pinnedIds.length > 0
      ? (options.es.search({
          ...buildPinnedBody(searched, pinnedIds, { index: options.index, merchandising }),
          preference,
        }) as Promise<Response>)
      : null,
  ]);
  const foundNothing = totalOf(first) === 0;
  let response = first;
  let correctedQuery = correctedQueryFrom(response);
  let showingCorrected = false;
  let relaxed = false;
  let shownRequest = searched;
  let correctedAnalysis: AnalyzedQuery | null = null;
  if (query !== null && totalOf(response) === 0 && mayBeInitials(query)) {
    // Short words that found nothing may be a name's initials ("cod mw3"): still the words as typed, so read first and
    // on every page (the other fallbacks change the query, which the next page then carries).
    query = { ...query, initials: true };
    const found = await run(searched, query, 'all', false);
    if (totalOf(found) > 0) response = found;
  }
  // Results were found: a did-you-mean is only offered, and never for a word the catalog has (a brand named in no title).
  if (correctedQuery !== null && query !== null && totalOf(response) > 0) correctedQuery = await offeredCorrection(query, first, options);
  if (query !== null && totalOf(response) === 0 && request.cursor === null && request.page === 1) {
    correctedQuery = await correctionOf(query, response, options);
    correctedAnalysis = correctedQuery === null ? null : { ...options.analyze(correctedQuery), initials: query.initials };
    // correct=false: the words as typed are searched, never their correction, which is still offered (didYouMean, applied false).
    const order = fallbackOrder({
      typedWords: query.words.length,
      correctedWords: request.correct ? (correctedAnalysis?.words.length ?? null) : null,
    });
    for (const attempt of order) {
      const tried = attempt.corrected ? { ...searched, q: correctedQuery } : searched;
      const found = await run(tried, attempt.corrected ? correctedAnalysis : query, attempt.relaxed ? 'relaxed' : 'all', false);
      if (totalOf(found) === 0) continue;
      [response, shownRequest, showingCorrected, relaxed] = [found, tried, attempt.corrected, attempt.relaxed];
      break;
    }
  }

  const context = { correctedQuery, showingCorrected, relaxed, interpretedFilters, tookMs: 0, ...fields };
  const result =
    window && pinned
      ? withPins(shownRequest, response, pinned, plan.pins, window.from, context)
      : shapeResponse(shownRequest, withPinnedTotal(response, pinned), context);
  if (shownRequest.sort === 'relevance' && query !== null && shownRequest.q !== null)
    result.hits = withNewestEditionsFirst(result.hits, shownRequest.q, options.pageSize ?? request.size);
  result.query = request.q;
  // The shopper's own filters: an interpreted price is reported apart (interpretedFilters), so taking it back is a new query.
  result.appliedFilters = appliedFilters(request.filters);
  if (result.total.value === 0) {
    const words = uniqueWords([...(query?.words ?? []), ...(correctedAnalysis?.words ?? [])]);
    result.noResults = await noResultsFor(searched, words, plan.hiddenIds, options);
    result.facets = withoutEmptyFacets(result.facets);
  }
  const shownQuery = showingCorrected ? correctedAnalysis : query;
  // Beside pins too (a pin must not cost the page its partial matches): read from the top, not at the pins' window,
  // the pinned products kept out of the hits as in every organic read.
  const partial =
    shownQuery !== null && !relaxed && totalOf(response) > 0 && mayFillWithPartialMatches(shownRequest, shownQuery, result.total.value)
      ? await run({ ...shownRequest, facets: [], size: shownRequest.size + totalOf(response) }, shownQuery, 'relaxed', false, null)
      : null;
  if (partial !== null && shownQuery !== null)
    result.partialMatches = partialMatchTiles(partial.hits.hits, result.hits, shownRequest.size, shownQuery.productType?.categoryIds ?? []);
  result.tookMs = options.elapsedMs();
  const shown = new Set([...result.hits, ...result.partialMatches].map((h) => h.id));
  const hits = new Map<string, { source: HitSource; score: number | null }>();
  // The partial matches' run last, and only for what it alone brought: it finds the results too, scored by the
  // fewer-words query (which also looks for joined words misspelt), not as they were shown.
  for (const hit of [...response.hits.hits, ...(pinned?.hits.hits ?? []), ...(partial?.hits.hits ?? [])])
    if (hit._source && shown.has(hit._source.id) && !hits.has(hit._source.id))
      hits.set(hit._source.id, { source: hit._source, score: hit._score ?? null });
  return { result, hits, foundNothing };
}

/**
 * The tiles with the editions of a series newest first (ranking/editions/newest-first.ts), among the organic tiles of
 * each page of `pageSize`, pins keeping their slots. Applied to the page as cut, after its cursor was taken from the last
 * hit in relevance order: ordered before, a window read wider than the page (pins push organic results down; the
 * preview's live side reads 100) swapped a product of the next page into this one, and a cursor taken from the tile
 * shown last repeated the products ranked after it.
 */
function withNewestEditionsFirst(tiles: readonly ProductTile[], query: string, pageSize: number): ProductTile[] {
  const out = [...tiles];
  for (let from = 0; from < tiles.length; from += Math.max(1, pageSize)) {
    const slots: number[] = [];
    for (let at = from; at < Math.min(from + pageSize, tiles.length); at++) if (!tiles[at]!.pinned) slots.push(at);
    const ordered = newestEditionsFirst(
      slots.map((at) => tiles[at]!),
      (tile) => ({ title: tile.titleEn ?? tile.titleZh, inStock: tile.inStock }),
      query,
    );
    slots.forEach((at, i) => (out[at] = ordered[i]!));
  }
  return out;
}

function uniqueWords(words: QueryWord[]): QueryWord[] {
  const seen = new Set<string>();
  return words.filter((w) => !seen.has(w.word) && seen.add(w.word));
}

/** Related categories (when there are words) and trending products, fetched together. */
async function noResultsFor(
  request: SearchRequest,
  words: QueryWord[],
  hiddenIds: readonly string[],
  options: ExecuteOptions,
): Promise<NoResults> {
  const [categories, trending] = await Promise.all([
    words.length === 0 ? null : options.es.search(relatedCategoriesBody(options.index, request, words, hiddenIds)),
    options.es.search(trendingProductsBody(options.index, request, hiddenIds)) as Promise<Response>,
  ]);
  return shapeNoResults(categories, trending);
}

/** The request narrowed to a price the query stated, within any price band the shopper chose. */
function withPrice(request: SearchRequest, price: { gte?: number; lte?: number }): SearchRequest {
  const { priceMin, priceMax } = request.filters;
  return {
    ...request,
    filters: {
      ...request.filters,
      priceMin: price.gte === undefined ? priceMin : Math.max(priceMin ?? price.gte, price.gte),
      priceMax: price.lte === undefined ? priceMax : Math.min(priceMax ?? price.lte, price.lte),
    },
  };
}

/** Every word of a query that found nothing corrected (fallback/correction.ts), asking the catalog about words with no suggestion. */
async function correctionOf(query: AnalyzedQuery, first: Response, options: ExecuteOptions): Promise<string | null> {
  const suggested = suggestedWords(first);
  const lexicon = englishLexicon();
  const lookUp = wordsToLookUp(query.words, suggested, lexicon);
  const inCatalog =
    lookUp.length === 0 ? new Set<string>() : wordsInCatalog(await options.es.search(catalogWordsBody(options.index, lookUp)));
  return correctQuery(query.words, suggested, inCatalog, lexicon);
}

/** The suggester's did-you-mean beside results, without corrections of words the catalog has; null when nothing is left to offer. */
async function offeredCorrection(query: AnalyzedQuery, first: Response, options: ExecuteOptions): Promise<string | null> {
  const suggested = suggestedWords(first);
  const lookUp = query.words.filter((w) => suggested.has(w.word));
  const inCatalog =
    lookUp.length === 0 ? new Set<string>() : wordsInCatalog(await options.es.search(catalogWordsBody(options.index, lookUp)));
  const offered = withoutCatalogWords(suggested, inCatalog);
  return offered.size === 0 ? null : query.words.map((w) => offered.get(w.word) ?? w.word).join(' ');
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

/** A page without spliced pins (a cursor page) still counts the pins that passed the filters, as the first page did. */
function withPinnedTotal(response: Response, pinned: Response | null): Response {
  const eligible = pinned?.hits.hits.filter((h) => h._source).length ?? 0;
  if (eligible === 0) return response;
  const value = totalOf(response) + eligible;
  return {
    ...response,
    hits: { ...response.hits, total: typeof response.hits.total === 'object' ? { ...response.hits.total, value } : value },
  };
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
    category: null,
    appliedFilters: request.filters,
    sort: request.sort,
    noResults: null,
    interpretedFilters: null,
    didYouMean: null,
    correctedQuery: null,
    showingCorrected: false,
    relaxed: false,
    partialMatches: [],
    tookMs,
    ...fields,
  };
}
