import { buildSearchBody } from '../../../src/search/body/build-body';
import { parseSearchRequest } from '../../../src/search/request/params';
import { analyzeQuery, type AnalyzedQuery } from '../../../ranking/query/query-text';
import { defaultRankingWeights, type RankingWeights } from '../../../ranking/weights/ranking-settings';
import {
  agoraSystem,
  answerOf,
  bm25Baseline,
  type SearchSystem,
  type SystemAnswer,
  type SystemDeps,
} from '../../../src/cli/eval/search-systems';

export type { SearchSystem, SystemAnswer, SystemDeps };

/** The real search service with fixed weights (what-if variants change them). */
export function agora(
  deps: SystemDeps,
  variant: { name: string; weights: RankingWeights } = { name: 'Agora', weights: defaultRankingWeights },
): SearchSystem {
  return agoraSystem(deps, variant);
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
      return answerOf((await deps.es.search(body)) as Parameters<typeof answerOf>[0]);
    },
  };
}

export const baseline = bm25Baseline;
