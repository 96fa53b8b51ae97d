import type { Command } from 'commander';
import type { CliContext } from './context';
import { registerRecommendationEvaluation } from './eval-recs';
import { registerSearchEvaluation } from './eval-search';

/** `agora eval search|recs`: the quality of what Agora serves, measured through the code the API runs. */
export function registerEvaluationCommands(program: Command, context: CliContext): void {
  const evaluate = program
    .command('eval')
    .description('measure the quality of what Agora serves: search on judged queries, recommendations on held-out orders');
  registerSearchEvaluation(evaluate, context);
  registerRecommendationEvaluation(evaluate, context);
}
