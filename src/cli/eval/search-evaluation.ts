import type { QueryJudgments } from '../../../ranking/eval/judgments';
import { scoreSearchAnswer, summarizeSearch, type SearchOutcome, type SearchSummary } from '../../../ranking/eval/search-scores';
import type { SearchSystem, SystemAnswer } from './search-systems';

export interface EvaluatedSystem {
  name: string;
  answers: SystemAnswer[];
  outcomes: SearchOutcome[];
  summary: SearchSummary;
}

/** Queries each system answers once, untimed, before the timed pass: JIT, caches and Elasticsearch's file cache warm alike. */
const WARM_UP_QUERIES = 50;

/**
 * Asks every system every judged query, one at a time (one client, as a
 * shopper would), and scores the answers. Systems take turns over the whole
 * set so no one system runs on a warmer cache than another.
 */
export async function evaluateSearchSystems(
  systems: readonly SearchSystem[],
  judgments: readonly QueryJudgments[],
  onProgress: (system: string, done: number) => void = () => undefined,
): Promise<EvaluatedSystem[]> {
  const results: EvaluatedSystem[] = [];
  for (const system of systems) {
    for (const j of judgments.slice(0, WARM_UP_QUERIES)) await system.search(j.query);
    const answers: SystemAnswer[] = [];
    const outcomes: SearchOutcome[] = [];
    for (const [i, j] of judgments.entries()) {
      const started = process.hrtime.bigint();
      const answer = await system.search(j.query);
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      answers.push(answer);
      outcomes.push(scoreSearchAnswer(j, answer, latencyMs));
      if ((i + 1) % 100 === 0) onProgress(system.name, i + 1);
    }
    results.push({ name: system.name, answers, outcomes, summary: summarizeSearch(outcomes) });
  }
  return results;
}

export interface QueryLoss {
  query: string;
  ndcg: number;
  baselineNdcg: number;
  /** Agora's first result, and the judged product with the highest gain. */
  agoraFirst: string | null;
  bestJudged: string | null;
  correctedQuery: string | null;
}

/** The queries where Agora's NDCG falls furthest below the baseline's, worst first. */
export function biggestLosses(
  judgments: readonly QueryJudgments[],
  agora: EvaluatedSystem,
  baseline: EvaluatedSystem,
  limit: number,
): QueryLoss[] {
  return judgments
    .map((j, i) => ({ j, i, delta: agora.outcomes[i]!.ndcg - baseline.outcomes[i]!.ndcg }))
    .filter((row) => row.delta < 0)
    .sort((a, b) => a.delta - b.delta)
    .slice(0, limit)
    .map(({ j, i }) => ({
      query: j.query,
      ndcg: agora.outcomes[i]!.ndcg,
      baselineNdcg: baseline.outcomes[i]!.ndcg,
      agoraFirst: agora.answers[i]!.ids[0] ?? null,
      bestJudged: [...j.gains].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
      correctedQuery: agora.answers[i]!.showingCorrected ? agora.answers[i]!.correctedQuery : null,
    }));
}
