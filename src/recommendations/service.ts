import { errors, type Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { productPassesKeyFilters } from '../auth/key-filters';
import { LruCache } from '../auth/lru';
import { AppError, notFound } from '../core/errors';
import { historyClauses, type HistoryClause } from './bodies';
import { collect, respond, type Candidate, type Step } from './collect';
import { emptyHistory, historySize, loadShopperHistory, type Shopper, type ShopperHistory } from './history';
import type { ProductRecommendationRequest, ProductRecommendationType, RecommendationFilters, RecommendationRequest } from './params';
import { historyRowFields, type HistoryRows } from './for-you-scores';
import { anchorSourceFields, titleOf, type AnchorSource, type ProductSource } from './shape';
import { contentStep, forYouStep, listStep, similarStep, trendingStep, type SourceContext } from './sources';
import { recommendationSettings, type RecommendationSettings } from './settings';
import type { ProductWidgetsResponse, RecommendationResponse, RecommendationSource } from './types';

export interface RecommendationServiceDeps {
  es: ElasticsearchClient;
  db: Knex;
  /** The products alias. */
  index: string;
  settings?: Partial<RecommendationSettings>;
  /** Measures tookMs and the age of cached history rows. @default performance.now */
  now?: () => number;
}

/** What "for you" reads of the shopper's history products. */
type HistorySource = Pick<ProductSource, 'id' | 'title_en' | 'title_zh'> & {
  category: { id: string };
  recommendations?: HistoryRows;
};

export interface RecommendationService {
  /** Also bought, bought together or similar products (`request.type`); 404 NOT_FOUND for an unknown or hidden product. */
  forProduct(productId: string, request: ProductRecommendationRequest): Promise<RecommendationResponse>;
  /**
   * Several product-page lists at once (`request.types`, in that order), none
   * repeating a product an earlier list holds, each with its own fallbacks and
   * reasons; 404 NOT_FOUND as forProduct.
   */
  forProductWidgets(productId: string, request: ProductRecommendationRequest): Promise<ProductWidgetsResponse>;
  /** "For you" from the shopper's latest history; a shopper with none gets trending/popular items with `fallback: true`. */
  forShopper(request: RecommendationRequest): Promise<RecommendationResponse>;
  trending(request: RecommendationRequest): Promise<RecommendationResponse>;
}

/**
 * Recommendations served from the product documents: the lists and
 * indicator fields the training run wrote, matched and filtered by
 * Elasticsearch in one request per source, with the cold-start fallbacks
 * (content similarity, category trending, global trending or popular)
 * asked only when the list is still short.
 */
export function createRecommendationService(deps: RecommendationServiceDeps): RecommendationService {
  const settings = recommendationSettings(deps.settings);
  const now = deps.now ?? (() => performance.now());
  const historyLimits = { events: settings.historyEvents, purchases: settings.historyPurchases };
  const shopperOf = (request: RecommendationRequest): Shopper => ({ customerId: request.customerId, sessionId: request.sessionId });
  const hasShopper = (request: RecommendationRequest) => request.customerId !== null || request.sessionId !== null;

  const collectOptions = (request: RecommendationRequest, exclude: string[]) => ({
    size: request.size,
    exclude,
    maxPerBrand: request.maxPerBrand,
    maxPerMerchant: request.maxPerMerchant,
    overFetch: settings.overFetch,
    maxFetch: settings.maxFetch,
  });
  const run = async (request: RecommendationRequest, steps: Step[], exclude: string[], primary: RecommendationSource[], started: number) =>
    respond(await collect(steps, collectOptions(request, exclude)), primary, now() - started);

  /** Purchases to leave out: only when asked to and the shopper is known. */
  const purchasedBy = async (request: RecommendationRequest): Promise<string[]> =>
    request.excludePurchased && hasShopper(request) ? (await loadShopperHistory(deps.db, shopperOf(request), historyLimits)).purchased : [];

  /** The anchor product; a hidden one, or one the customer key's filters exclude, is unknown (404). */
  const getAnchor = async (productId: string, filters: RecommendationFilters): Promise<AnchorSource> => {
    try {
      const doc = await deps.es.get<AnchorSource>({ index: deps.index, id: productId, _source_includes: [...anchorSourceFields] });
      if (doc._source?.visible === true && productPassesKeyFilters(doc._source, filters.restriction)) return doc._source;
    } catch (error) {
      if (!(error instanceof errors.ResponseError && error.statusCode === 404)) throw error;
      // A missing index is an outage, not an unknown product.
      if ((error.body as { found?: boolean } | undefined)?.found !== false) throw new AppError('SEARCH_UNAVAILABLE');
    }
    throw notFound('Product');
  };

  /** A history document as read with some of its rows (null: not in the index), and when it was read. */
  const rowCache = new LruCache<string, { doc: HistorySource | null; readAt: number }>(settings.historyRowsCacheSize);
  /**
   * Titles and categories of the history items (for reasons and the category fallback), and the model rows "for you"
   * scores: from the cache when read within its TTL, the rest in one mget.
   */
  const historyDocs = async (clauses: readonly HistoryClause[]): Promise<Map<string, HistorySource>> => {
    const found = new Map<string, HistorySource>();
    const missing: Array<{ id: string; fields: string[]; key: string }> = [];
    const at = now();
    for (const [id, fields] of historyRowFields(clauses, settings)) {
      const key = `${id}\u0000${[...fields].sort().join(',')}`;
      const cached = rowCache.get(key);
      if (cached === undefined || !(at - cached.readAt < settings.historyRowsCacheTtlMs)) missing.push({ id, fields, key });
      else if (cached.doc !== null) found.set(id, cached.doc);
    }
    if (missing.length === 0) return found;
    const response = await deps.es.mget<HistorySource>({
      index: deps.index,
      docs: missing.map(({ id, fields }) => ({ _id: id, _source: { includes: ['id', 'title_en', 'title_zh', 'category.id', ...fields] } })),
    });
    response.docs.forEach((doc, i) => {
      const source = 'found' in doc && doc.found && doc._source ? doc._source : null;
      rowCache.set(missing[i]!.key, { doc: source, readAt: at });
      if (source !== null) found.set(missing[i]!.id, source);
    });
    return found;
  };

  /** A product-page list's steps: its own source, and the cold-start fallbacks that top it up. */
  const productSteps = (doc: AnchorSource, type: ProductRecommendationType, request: RecommendationRequest) => {
    const context: SourceContext = { es: deps.es, index: deps.index, filters: request.filters };
    const anchor = { id: doc.id, title: titleOf(doc), categoryId: doc.category.id, alsoBought: doc.recommendations?.also_bought ?? [] };
    const fallbacks = [trendingStep(context, doc.category.id, 'category_trending'), trendingStep(context, null, 'trending')];
    const own: Step[] =
      type === 'similar'
        ? [similarStep(context, anchor, doc.recommendations?.purchasers ?? 0, settings.blendK)]
        : [listStep(context, type, anchor, type === 'also_bought' ? anchor.alsoBought : (doc.recommendations?.bought_together ?? []))];
    const primary: RecommendationSource[] = type === 'similar' ? ['similar', 'content'] : [type];
    return { own, fallbacks: type === 'similar' ? fallbacks : [contentStep(context, anchor), ...fallbacks], primary };
  };

  return {
    async forProduct(productId, request) {
      const started = now();
      const [doc, purchased] = await Promise.all([getAnchor(productId, request.filters), purchasedBy(request)]);
      const { own, fallbacks, primary } = productSteps(doc, request.type, request);
      return run(request, [...own, ...fallbacks], [productId, ...request.exclude, ...purchased], primary, started);
    },

    async forProductWidgets(productId, request) {
      const started = now();
      const [doc, purchased] = await Promise.all([getAnchor(productId, request.filters), purchasedBy(request)]);
      const excluded = [productId, ...request.exclude, ...purchased];
      const types = (request.types ?? [request.type]).map((type) => ({ type, ...productSteps(doc, type, request) }));
      const taken = new Set<string>();
      const fill = async (steps: Step[], initial: Candidate[] = []) => {
        const chosen = await collect(steps, collectOptions(request, [...excluded, ...taken]), initial);
        for (const candidate of chosen) taken.add(candidate.doc.id);
        return chosen;
      };
      // Each list's own source first, in the order asked (an earlier list has first pick), then the
      // fallbacks top up the short ones: a fallback never takes what another list's own source found,
      // and no product is in two lists.
      const own: Candidate[][] = [];
      for (const { own: steps } of types) own.push(await fill(steps));
      const lists: ProductWidgetsResponse['lists'] = [];
      for (const [k, { type, fallbacks, primary }] of types.entries()) {
        const chosen = own[k]!.length < request.size ? await fill(fallbacks, own[k]) : own[k]!;
        const { items, source, sources, fallback } = respond(chosen, primary, 0);
        lists.push({ type, items, source, sources, fallback });
      }
      return { lists, tookMs: now() - started };
    },

    async forShopper(request) {
      const started = now();
      const history: ShopperHistory = hasShopper(request)
        ? await loadShopperHistory(deps.db, shopperOf(request), historyLimits)
        : emptyHistory;
      const context: SourceContext = { es: deps.es, index: deps.index, filters: request.filters };
      const exclude = [...request.exclude, ...(request.excludePurchased ? history.purchased : [])];
      // Nothing to go on (a new or unknown shopper): what is hot, flagged as a fallback.
      if (historySize(history) === 0) return run(request, [trendingStep(context, null, 'trending')], exclude, ['for_you'], started);

      const clauses = historyClauses(history, settings);
      const docs = historyDocs(clauses);
      const historyModel = docs.then((found) => ({
        titles: new Map([...found].map(([id, doc]) => [id, titleOf(doc)])),
        rows: new Map([...found].map(([id, doc]) => [id, doc.recommendations ?? {}])),
      }));
      const latest = history.viewed[0] ?? history.carted[0] ?? history.purchased[0]!;
      const latestCategory: Step = {
        async fetch(excluded, size) {
          const categoryId = (await docs).get(latest)?.category.id;
          return categoryId === undefined ? [] : trendingStep(context, categoryId, 'category_trending').fetch(excluded, size);
        },
      };
      const steps = [
        forYouStep(context, { clauses, settings, historyDocs: historyModel }),
        latestCategory,
        trendingStep(context, null, 'trending'),
      ];
      return run(request, steps, exclude, ['for_you'], started);
    },

    async trending(request) {
      const started = now();
      const purchased = await purchasedBy(request);
      const context: SourceContext = { es: deps.es, index: deps.index, filters: request.filters };
      // With one category the reasons name it ("Trending in Phones"); the filter narrows the list either way.
      const categoryId = request.filters.categoryIds.length === 1 ? request.filters.categoryIds[0]! : null;
      const label = categoryId === null ? 'trending' : 'category_trending';
      return run(request, [trendingStep(context, categoryId, label)], [...request.exclude, ...purchased], [label], started);
    },
  };
}
