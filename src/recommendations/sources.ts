import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import { blendScores } from '../../ranking/cf/blend';
import type { ScoredItem } from '../../ranking/cf/trending';
import { candidatesBody, contentBody, listBody, similarCfBody, trendingBody, type Anchor, type HistoryClause } from './bodies';
import type { Candidate, Step } from './collect';
import { forYouCandidates, type HistoryRows } from './for-you-scores';
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

/** What "for you" scores: the history items with their weights, and the model rows of their documents. */
export interface ForYouOptions {
  clauses: readonly HistoryClause[];
  settings: Pick<RecommendationSettings, 'llrWeight' | 'easeWeight' | 'forYouCandidates'>;
  /** History products' model rows and titles, from the one mget the service makes. */
  historyDocs: Promise<{ rows: ReadonlyMap<string, HistoryRows>; titles: ReadonlyMap<string, string> }>;
}

/**
 * "For you": the LLR indicators and EASE, scored and fused here from the rows
 * stored on the shopper's history products (./for-you-scores, the rule
 * ranking/eval evaluated); Elasticsearch only filters the best candidates
 * and returns the best `size` of those that pass, which come back in the
 * fused order. The reason is the history item that added most to the
 * product's score.
 */
export function forYouStep(context: SourceContext, options: ForYouOptions): Step {
  const { clauses, settings } = options;
  return {
    async fetch(exclude, size) {
      const { rows, titles } = await options.historyDocs;
      const candidates = forYouCandidates(clauses, rows, {
        llrWeight: settings.llrWeight,
        easeWeight: settings.easeWeight,
        limit: Math.max(size, settings.forYouCandidates),
        exclude: new Set(exclude),
      });
      if (candidates.length === 0) return [];
      const hits = await search(context, candidatesBody(candidates, { ...context, exclude, size }));
      const byId = new Map(candidates.map((candidate) => [candidate.productId, candidate]));
      return hits
        .map((hit) => ({ doc: hit._source!, candidate: byId.get(hit._source!.id)! }))
        .filter(({ candidate }) => candidate !== undefined)
        .sort((a, b) => b.candidate.score - a.candidate.score || (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0))
        .flatMap(({ doc, candidate }): Candidate[] => {
          const reason = historyReason(doc.id, [candidate.because], titles);
          return reason === null ? [] : [{ doc, source: 'for_you', reason, score: Math.round(candidate.score * 10_000) / 10_000 }];
        });
    },
  };
}
