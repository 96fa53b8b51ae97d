import { InvalidArgumentError, type Command } from 'commander';
import { defaultCandidates, readCandidates } from '../eval/recs/candidates';
import { OFFLINE_MODELS, type OfflineModel } from '../eval/recs/offline';
import { formatEvalReport } from '../eval/recs/report';
import { runRecommendationEval, type EvalOptions } from '../eval/recs/run';
import type { CliContext } from './context';

interface EvalRecsFlags {
  orders?: string;
  database?: boolean;
  cut: number;
  until?: number;
  k: number;
  models: OfflineModel[];
  baskets: number;
  customers: number;
  tune?: boolean;
  candidates?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `agora eval recs`: scores the recommendations the API serves on a
 * temporal split, beside the offline models. The report goes to stdout,
 * progress to stderr.
 */
export function registerRecommendationEvaluation(evaluate: Command, context: CliContext): void {
  evaluate
    .command('recs')
    .description(
      'train on orders before --cut in a scratch schema and index, ask the served recommendation service for every returning customer, and score its lists (Recall/NDCG/HitRate, coverage, latency) beside popularity, LLR, EASE and ALS',
    )
    .option('--orders <file>', 'orders CSV in the Online Retail layout (plain or gzip)')
    .option('--database', 'copy the catalogue, orders and events of the configured database (DATABASE_URL) instead')
    .requiredOption('--cut <date>', 'first day of the test window (YYYY-MM-DD, UTC midnight)', parseDay)
    .option('--until <date>', 'end of the test window, exclusive (default: end of data)', parseDay)
    .option('--k <n>', 'list length', positiveInt, 10)
    .option('--models <names>', `offline models beside the served lists, of ${OFFLINE_MODELS.join(', ')}`, parseModels, [...OFFLINE_MODELS])
    .option('--baskets <n>', 'test orders scored for also-bought and bought-together (spread evenly; 0 skips)', nonNegativeInt, 1000)
    .option(
      '--customers <n>',
      'score at most n returning customers (test and validation), spread evenly in first-seen order, for a large store (0: all)',
      nonNegativeInt,
      0,
    )
    .option('--tune', 'choose the serving settings on a validation split before the cut, then test with them')
    .option('--candidates <file>', 'JSON array of settings objects for --tune (default: a grid of fusion weight × recency)')
    .option('--json', 'print the report as JSON')
    .option('--quiet', 'no progress lines on stderr')
    .action(async (flags: EvalRecsFlags) => {
      if ((flags.orders === undefined) === (flags.database !== true)) throw new Error('give either --orders <file> or --database');
      if (flags.until !== undefined && !(flags.until > flags.cut)) throw new Error('--until must be after --cut');
      const options: EvalOptions = {
        source: flags.orders === undefined ? { kind: 'database' } : { kind: 'csv', path: flags.orders },
        cut: flags.cut,
        until: flags.until ?? null,
        k: flags.k,
        models: flags.models,
        baskets: flags.baskets,
        customers: flags.customers,
        candidates: flags.tune ? (flags.candidates === undefined ? defaultCandidates() : readCandidates(flags.candidates)) : null,
        quiet: flags.quiet === true,
      };
      const progress = (line: string) => {
        if (!options.quiet) process.stderr.write(`${line}\n`);
      };
      const report = await runRecommendationEval(context.config, options, progress);
      process.stdout.write(
        `${flags.json ? JSON.stringify(report, null, 2) : formatEvalReport(report, { onlineRetail: options.source.kind === 'csv' })}\n`,
      );
    });
}

function parseDay(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return ms;
}

function parseModels(value: string): OfflineModel[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const unknown = names.filter((n) => !(OFFLINE_MODELS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown model(s) ${unknown.join(', ')}; known: ${OFFLINE_MODELS.join(', ')}`);
  return names as OfflineModel[];
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^\d{1,6}$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}
