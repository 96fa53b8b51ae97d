import { compileRuleIndex, matchRules, queryTerms, type RuleIndex } from '../../ranking/rules/matcher';
import { resolveRules, type MerchandisingPlan } from '../../ranking/rules/resolve';
import type { RuleMatch } from '../../ranking/rules/types';
import type { SynonymDictionary } from '../../ranking/synonyms/dictionary';
import { shippedSynonyms } from '../../ranking/synonyms/retail-equivalents';
import { expandQuery } from '../../ranking/synonyms/expand';
import { emptyWeightTable, weightsFor, type ResolvedWeights, type WeightTable } from '../../ranking/weights/category-weights';
import type { SearchRequest } from './request/params';
import { analyzeQuery, type AnalyzedQuery } from '../../ranking/query/query-text';

/**
 * What merchandisers configured, compiled for serving: one immutable value
 * per version, swapped whole when anything changes (src/merchandising/store.ts),
 * so a search never sees half of an update.
 */
export interface MerchandisingSnapshot {
  /** Changes with every change to rules, synonyms or weights: part of the result cache key. */
  version: string;
  rules: RuleIndex;
  synonyms: SynonymDictionary;
  weights: WeightTable;
}

export interface MerchandisingSource {
  snapshot(): Promise<MerchandisingSnapshot>;
  /** Whether the snapshot served may be behind Postgres: its version could not be checked lately. @default never */
  isStale?(): boolean;
}

export const noMerchandising: MerchandisingSnapshot = {
  version: 'none',
  rules: compileRuleIndex([]),
  // No merchandisers' synonyms, but the shipped retail equivalents: they are part of search, not of merchandising data.
  synonyms: shippedSynonyms,
  weights: emptyWeightTable,
};

/** A fixed snapshot: benchmarks, and tools that search without the store. */
export function staticMerchandising(snapshot: MerchandisingSnapshot = noMerchandising): MerchandisingSource {
  return { snapshot: async () => snapshot };
}

/** Everything decided before Elasticsearch is asked. */
export interface PreparedSearch {
  matches: RuleMatch[];
  plan: MerchandisingPlan;
  /** The query searched: after a rewrite, analysed, with synonyms. Null when browsing. */
  query: AnalyzedQuery | null;
  rewrittenQuery: string | null;
  weights: ResolvedWeights;
}

/**
 * Pins hold in the page's default order: relevance for a query, and the
 * best-selling order of a category page. A sort the shopper picks (price,
 * newest, rating) makes them yield.
 */
export function pinsApply(request: Pick<SearchRequest, 'q' | 'sort'>): boolean {
  return request.sort === 'relevance' || (request.q === null && request.sort === 'best_selling');
}

/**
 * Matches rules on what the shopper typed (a rewrite does not re-match),
 * resolves them, applies a rewrite, expands synonyms and picks the weights
 * of the category viewed. Pure: the clock and category paths come in.
 */
export function prepareSearch(
  request: SearchRequest,
  snapshot: MerchandisingSnapshot,
  categoryPaths: string[][],
  now: number,
  /** The search already ran and found nothing: rules with the noResults condition may match too. @default false */
  noResults = false,
): PreparedSearch {
  const matches =
    snapshot.rules.size === 0
      ? []
      : matchRules(snapshot.rules, {
          queryTerms: request.q === null ? null : queryTerms(request.q),
          categoryPaths,
          context: request.context,
          noResults,
          now,
        });
  const plan = resolveRules(matches, { pinsApply: pinsApply(request) });
  const q = plan.rewrite ?? request.q;
  return {
    matches,
    plan,
    query: q === null ? null : expandQuery(analyzeQuery(q), snapshot.synonyms),
    rewrittenQuery: plan.rewrite,
    weights: weightsFor(snapshot.weights, categoryPaths.length === 1 ? categoryPaths[0]! : null),
  };
}
