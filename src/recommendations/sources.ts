import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import { blendScores, fuseScores } from '../../ranking/cf/blend';
import type { ScoredItem } from '../../ranking/cf/trending';
import {
  contentBody,
  easeBody,
  forYouBody,
  listBody,
  similarCfBody,
  trendingBody,
  type Anchor,
  type HistoryClause,
  type HistoryQuerySettings,
} from './bodies';
import type { Candidate, Step } from './collect';
import { easeCandidates, type EaseRow } from './ease-candidates';
import type { ShopperHistory } from './history';
import type { RecommendationFilters } from './params';
import { historyReason, listReason, similarReason, trendingReason, type Named } from './reasons';
import type { RecommendationSettings } from './settings';
import { categoryName, type ProductSource } from './shape';
import type { RecommendationSource } from './types';

/**
 * The recommendation sources as steps for `collect`: each runs one
 * Elasticsearch request built by ./bodies and turns hits into candidates
 * with their reason.
 */
export interface SourceContext {
  es: ElasticsearchClient;
  index: string;
  filters: RecommendationFilters;
}

type Hit = estypes.SearchHit<ProductSource>;

async function search(context: SourceContext, body: estypes.SearchRequest): Promise<Hit[]> {
  const response = await context.es.search<ProductSource>(body);
  return response.hits.hits.filter((hit) => hit._source !== undefined);
}

/** A stored list (also bought, bought together): filtered by Elasticsearch, put back in the list's order here. */
export function listStep(context: SourceContext, type: 'also_bought' | 'bought_together', anchor: Named, ids: readonly string[]): Step {
  return {
    async fetch(exclude) {
      if (ids.length === 0) return [];
      const hits = await search(context, listBody(ids, { ...context, exclude, size: ids.length }));
      const rank = new Map(ids.map((id, position) => [id, position]));
      return hits
        .map((hit) => ({ doc: hit._source!, rank: rank.get(hit._source!.id) ?? ids.length }))
        .sort((a, b) => a.rank - b.rank)
        .map(({ doc, rank: position }) => ({
          doc,
          source: type,
          reason: listReason(type, anchor),
          score: Math.round((1 - position / ids.length) * 1000) / 1000,
        }));
    },
  };
}

/** More-like-this within the anchor's category: the cold-start fallback of the list sources. */
export function contentStep(context: SourceContext, anchor: Named & { categoryId: string }): Step {
  return {
    async fetch(exclude, size) {
      const hits = await search(context, contentBody(anchor, { ...context, exclude, size }));
      return hits.map((hit) => ({ doc: hit._source!, source: 'content', reason: similarReason(anchor), score: hit._score ?? null }));
    },
  };
}

/**
 * "Similar": content similarity and the CF side fetched side by side, then
 * blended by ranking/cf blendScores; CF's share grows with how many
 * customers bought the anchor.
 */
export function similarStep(context: SourceContext, anchor: Anchor & Named, purchasers: number, blendK: number): Step {
  return {
    async fetch(exclude, size) {
      const [content, cf] = await Promise.all([
        search(context, contentBody(anchor, { ...context, exclude, size })),
        search(context, similarCfBody(anchor, { ...context, exclude, size })),
      ]);
      const docs = new Map([...content, ...cf].map((hit) => [hit._source!.id, hit._source!]));
      const scored = (hits: Hit[]): ScoredItem[] => hits.map((hit) => ({ itemId: hit._source!.id, score: hit._score ?? 0 }));
      const fromCf = new Set(cf.map((hit) => hit._source!.id));
      const blended = blendScores(scored(cf), scored(content), { historySize: purchasers, k: blendK, limit: size });
      return blended.map(({ itemId, score }): Candidate => ({
        doc: docs.get(itemId)!,
        source: fromCf.has(itemId) && purchasers > 0 ? 'similar' : 'content',
        reason: similarReason(anchor),
        score,
      }));
    },
  };
}

/**
 * Trending, within `categoryId`'s subtree when given. Products with no
 * recent activity come after, by popularity, and say so (source `popular`).
 */
export function trendingStep(context: SourceContext, categoryId: string | null, label: 'trending' | 'category_trending'): Step {
  return {
    async fetch(exclude, size) {
      const hits = await search(context, trendingBody({ ...context, exclude, size }, categoryId));
      return hits.map((hit) => {
        const doc = hit._source!;
        const trending = typeof doc.recommendations?.trending === 'number';
        const source: RecommendationSource = trending ? label : 'popular';
        const category = categoryId === null ? null : { id: categoryId, name: categoryName(doc, categoryId) };
        return { doc, source, reason: trendingReason(trending, category), score: doc.recommendations?.trending ?? null };
      });
    },
  };
}

/** What "for you" fuses besides the indicator query: the EASE rows of the history products, and EASE's share. */
export interface ForYouOptions {
  history: ShopperHistory;
  /** The history items with their weights; the indicator query is built from them. */
  clauses: readonly HistoryClause[];
  settings: HistoryQuerySettings & Pick<RecommendationSettings, 'easeWeight' | 'easeCandidates'>;
  /** History products' EASE rows and titles, from the one mget the service makes. */
  historyDocs: Promise<{ easeRows: ReadonlyMap<string, EaseRow>; titles: ReadonlyMap<string, string> }>;
}

/** EASE models purchases: it reads the history's purchases and carts (strong intent), not views, as it was evaluated. */
const EASE_KINDS: ReadonlySet<HistoryClause['kind']> = new Set(['purchased', 'carted']);

/**
 * "For you": two models of the shopper's live history, fused. The LLR
 * indicators are matched by Elasticsearch (the Universal Recommender's
 * query; the matched clause names give the reason); EASE's scores are summed
 * here from the rows stored on the history products, and Elasticsearch
 * filters its candidates and keeps the best `size` of those that pass. Each
 * side is divided by its best score and weighted (ranking/cf/blend
 * fuseScores), the rule benchmarks/recs evaluated. The reason is the
 * history item with the strongest clause among those that found the product.
 */
export function forYouStep(context: SourceContext, options: ForYouOptions): Step {
  const { history, clauses, settings } = options;
  const byName = new Map(clauses.map((clause) => [clause.name, clause]));
  const easeClauses = clauses.filter((clause) => EASE_KINDS.has(clause.kind));
  return {
    async fetch(exclude, size) {
      const easeSide = async () => {
        const { easeRows } = await options.historyDocs;
        const candidates =
          settings.easeWeight > 0
            ? easeCandidates(easeClauses, easeRows, { limit: Math.max(size, settings.easeCandidates), exclude: new Set(exclude) })
            : [];
        const hits = candidates.length === 0 ? [] : await search(context, easeBody(candidates, { ...context, exclude, size }));
        return { candidates, hits };
      };
      // One Promise.all: whichever request fails, no other rejection is left unobserved.
      const [llrHits, ease, { titles }] = await Promise.all([
        search(context, forYouBody(history, { ...context, exclude, size }, settings)),
        easeSide(),
        options.historyDocs,
      ]);
      const docs = new Map([...llrHits, ...ease.hits].map((hit) => [hit._source!.id, hit._source!]));
      const matched = new Map(
        llrHits.map((hit) => [
          hit._source!.id,
          ((hit.matched_queries as string[] | undefined) ?? []).flatMap((name) => byName.get(name) ?? []),
        ]),
      );
      const because = new Map(ease.candidates.map((candidate) => [candidate.productId, candidate]));
      const fused = fuseScores(
        [
          { items: llrHits.map((hit) => ({ itemId: hit._source!.id, score: hit._score ?? 0 })), weight: 1 },
          // Only candidates that passed the filters, scored by EASE itself (Elasticsearch only ordered them).
          {
            items: ease.hits.map((hit) => ({ itemId: hit._source!.id, score: because.get(hit._source!.id)!.score })),
            weight: settings.easeWeight,
          },
        ],
        size,
      );
      return fused.flatMap(({ itemId, score }): Candidate[] => {
        const fromEase = because.get(itemId);
        const reason = historyReason(itemId, [...(matched.get(itemId) ?? []), ...(fromEase ? [fromEase.because] : [])], titles);
        return reason === null ? [] : [{ doc: docs.get(itemId)!, source: 'for_you', reason, score: Math.round(score * 10_000) / 10_000 }];
      });
    },
  };
}
