import { InvalidArgumentError, type Command } from 'commander';
import { createDatabase } from '../../core/clients';
import { createIndexingElasticsearch } from '../../core/clients';
import { LockBusyError } from '../../core/advisory-lock';
import { trainRecommendations, type TrainMetrics, type TrainProgress } from '../../../jobs/recommendations/train';
import { createProgress, formatCount, formatDuration } from '../../core/progress';
import type { CliContext } from './context';

/**
 * `agora train`: the recommendation training run in this process (the model
 * parts still compute in child processes). Results go to stdout, progress
 * to stderr.
 */
export function registerRecommendationCommands(program: Command, context: CliContext): void {
  program
    .command('train')
    .description(
      'train the recommendation model (indicators, bought together, trending) from orders and events; changed products are re-indexed through the outbox',
    )
    .option('--force', 'train even when no order or event changed since the last model')
    .option('--indicators <n>', 'indicators kept per product', positiveInt)
    .option('--half-life-days <n>', 'trending half-life in days', positiveNumber)
    .option('--min-support <n>', 'orders a bought-together pair must share', positiveInt)
    .option('--json', 'print the result as JSON')
    .action(async (options: { force?: boolean; indicators?: number; halfLifeDays?: number; minSupport?: number; json?: boolean }) => {
      const db = createDatabase(context.config);
      const es = createIndexingElasticsearch(context.config);
      try {
        const params = {
          ...(options.indicators === undefined ? {} : { indicatorsPerItem: options.indicators }),
          ...(options.halfLifeDays === undefined ? {} : { trendingHalfLifeDays: options.halfLifeDays }),
          ...(options.minSupport === undefined ? {} : { boughtTogetherMinSupport: options.minSupport }),
        };
        const result = await trainRecommendations(
          { db, es, config: context.config, logger: context.logger },
          { params, force: options.force === true, progress: lineProgress },
        );
        if (options.json) print(JSON.stringify(result, null, 2));
        else if (result.status === 'skipped') print(`not trained: ${result.reason} (use --force to train anyway)`);
        else print(formatMetrics(result.modelVersion, result.metrics));
      } catch (error) {
        if (error instanceof LockBusyError) throw new Error('another training run is in progress', { cause: error });
        throw error;
      } finally {
        await Promise.allSettled([es.close(), db.destroy()]);
      }
    });
}

const lineProgress: TrainProgress = {
  stage(stage, total, unit) {
    const progress = createProgress({ label: `train ${stage}`, total, unit });
    return { tick: (n) => progress.tick(n), done: () => void progress.done() };
  },
};

export function formatMetrics(version: number, m: TrainMetrics): string {
  const mb = (n: number) => `${Math.round(n)} MB`;
  const rows: string[][] = [
    [
      'load history',
      formatDuration(m.load.ms),
      mb(m.load.rssMb),
      `${formatCount(m.load.orderLines)} order lines, ${formatCount(m.load.viewEvents)} views, ${formatCount(m.load.cartEvents)} carts`,
    ],
    ...m.parts.map((p) => [
      p.part,
      formatDuration(p.ms),
      mb(p.peakRssMb),
      `${formatCount(p.items)} products (child ${formatDuration(p.wallMs)} wall, ${mb(p.inputRssMb)} with input)`,
    ]),
    [
      'write',
      formatDuration(m.write.ms),
      '',
      `${formatCount(m.write.changed)} changed, ${formatCount(m.write.cleared)} cleared, ${formatCount(m.write.touched)} queued for re-indexing`,
    ],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return [
    `trained model ${version} in ${formatDuration(m.totalMs)}: ${formatCount(m.load.items)} products, ${formatCount(m.load.customers)} customers, ${formatCount(m.load.sessions)} sessions, ${formatCount(m.load.orders)} orders`,
    `  ${'part'.padEnd(widths[0]!)}  ${'time'.padStart(widths[1]!)}  ${'peak RSS'.padStart(widths[2]!)}`,
    ...rows.map((r) => `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.padStart(Math.max(widths[2]!, 8))}  ${r[3]}`),
  ].join('\n');
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}
