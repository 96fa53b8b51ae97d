import type { QueryJudgments } from './judgments';
import { gradedNdcgAtK, precisionAtK, recallAtK, reciprocalRankAtK } from './metrics';
import { percentiles } from './percentiles';

/** The cut-offs `agora eval search` reports: NDCG, P and MRR at 10, recall at 50. */
export const searchCutoffs = { k: 10, recallDepth: 50 } as const;

/** How one system did on one judged query. */
export interface SearchOutcome {
  ndcg: number;
  precision: number;
  reciprocalRank: number;
  recall: number;
  /** The system found nothing at all. */
  zero: boolean;
  latencyMs: number;
}

export interface SearchSummary {
  queries: number;
  ndcg: number;
  /** Standard error of the mean NDCG over queries. */
  ndcgStandardError: number;
  precision: number;
  mrr: number;
  recall: number;
  zeroRate: number;
  p50Ms: number;
  p95Ms: number;
}

/** Scores one answer (ids best first, at least `recallDepth` long when the system has that many). */
export function scoreSearchAnswer(
  judged: QueryJudgments,
  answer: { ids: readonly string[]; total: number },
  latencyMs: number,
  cutoffs: { k: number; recallDepth: number } = searchCutoffs,
): SearchOutcome {
  return {
    ndcg: gradedNdcgAtK(answer.ids, judged.gains, cutoffs.k),
    precision: precisionAtK(answer.ids, judged.relevant, cutoffs.k),
    reciprocalRank: reciprocalRankAtK(answer.ids, judged.relevant, cutoffs.k),
    recall: recallAtK(answer.ids, judged.relevant, cutoffs.recallDepth),
    zero: answer.total === 0,
    latencyMs,
  };
}

export function summarizeSearch(outcomes: readonly SearchOutcome[]): SearchSummary {
  const n = outcomes.length;
  const mean = (f: (o: SearchOutcome) => number) => (n === 0 ? NaN : outcomes.reduce((sum, o) => sum + f(o), 0) / n);
  const ndcg = mean((o) => o.ndcg);
  const variance = n < 2 ? NaN : outcomes.reduce((sum, o) => sum + (o.ndcg - ndcg) ** 2, 0) / (n - 1);
  const latency = percentiles(outcomes.map((o) => o.latencyMs));
  return {
    queries: n,
    ndcg,
    ndcgStandardError: Math.sqrt(variance / n),
    precision: mean((o) => o.precision),
    mrr: mean((o) => o.reciprocalRank),
    recall: mean((o) => o.recall),
    zeroRate: mean((o) => (o.zero ? 1 : 0)),
    p50Ms: latency.p50,
    p95Ms: latency.p95,
  };
}
