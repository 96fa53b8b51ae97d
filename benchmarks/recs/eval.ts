/**
 * Offline evaluation of the recommenders on order history: a temporal
 * split, Precision/Recall/NDCG/HitRate@k and catalogue coverage for each
 * model beside popularity, with training time and peak RSS. Each model is
 * trained in a child process of its own (the way a job would run it, and so
 * that peak RSS is the model's and not the sum of all of them).
 *
 *   npx tsx benchmarks/recs/eval.ts [--source csv|postgres] [--data PATH] …  (--help)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createDatabase } from '../../src/core/clients';
import { loadConfig } from '../../src/core/config';
import { evaluateModel } from '../../ranking/eval/evaluate';
import { before, temporalSplit, type TemporalSplit } from '../../ranking/eval/temporal-split';
import { buildTrainingData, type TrainingData } from '../../ranking/eval/training-data';
import { readOnlineRetailCsv } from './csv-source';
import type { OrderHistory } from '../../src/cli/eval/recs/order-history';
import { readPostgresHistory } from '../../src/cli/eval/recs/postgres-history';
import { itemToItemReport } from './item-to-item';
import { modelSpec } from './models';
import { parseOptions, UsageError, type BenchmarkOptions, type ModelName } from './options';
import { renderTable, seconds, type ModelRun } from './table';

const DAY_MS = 86_400_000;
const ATTRIBUTION =
  'Data: UCI Machine Learning Repository, "Online Retail" (id 352), Dr Daqing Chen, London South Bank University, CC BY 4.0; ' +
  'Chen, Sain & Guo (2012), J. Database Marketing & Customer Strategy Management 19(3):197-208, doi:10.1057/dbm.2012.17.';

class SourceUnavailable extends Error {}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const loadStart = performance.now();
  const { history, close } = await openHistory(options);
  try {
    const { split, data } = prepare(history, options);
    const loadMs = performance.now() - loadStart;
    if (options.only !== null) {
      process.stdout.write(`${JSON.stringify(runModel(options.only, options, split, data))}\n`);
      return;
    }
    const log = (line = '') => process.stdout.write(`${line}\n`);
    log(`# Recommendation offline evaluation`);
    log(`source: ${history.source}`);
    if (options.source === 'csv') log(ATTRIBUTION);
    log(
      `read in ${seconds(loadMs)}: ${Object.entries(history.counts)
        .map(([what, n]) => `${n} ${what}`)
        .join(', ')}`,
    );
    log(
      `purchases kept: ${history.purchases.length} lines, ${new Set(history.purchases.map((p) => p.userId)).size} customers, ${new Set(history.purchases.map((p) => p.itemId)).size} items`,
    );
    log();
    for (const line of describeSplit(split, data, options)) log(line);
    log();
    log('## Item-to-item lists on the whole history (timed, not evaluated)');
    for (const line of await itemToItemReport(history, options)) log(line);
    log();
    const runs: ModelRun[] = [];
    for (const name of options.models) {
      process.stderr.write(`[eval] ${name}…\n`);
      runs.push(options.inProcess ? runModel(name, options, split, data) : runInChild(name, argv));
    }
    log(`## "For you": relevant = items new to the customer (primary; past purchases are never recommended)`);
    log(renderTable(runs, 'newItems'));
    log();
    log(`## Same lists, relevant = every test purchase including repurchases (lower bound: repurchases cannot be hit)`);
    log(renderTable(runs, 'allItems'));
    log();
    log(
      `train = model fitting on the training side (single thread); peak RSS = max resident set of the ${options.inProcess ? 'whole process (cumulative, --in-process)' : "model's own process"}, data included (${runs.map((r) => Math.round(r.rssAfterLoadMb)).reduce((a, b) => Math.max(a, b), 0)} MB after loading).`,
    );
    log(`coverage = distinct items in anyone's top ${options.k} / ${data.purchasedItems} items bought in training.`);
  } finally {
    await close();
  }
}

async function openHistory(options: BenchmarkOptions): Promise<{ history: OrderHistory; close: () => Promise<void> }> {
  if (options.source === 'csv') {
    if (!existsSync(options.data)) {
      throw new SourceUnavailable(
        `order history not found at ${options.data}\n` +
          'Pass --data PATH to a CSV (or .csv.gz) in the UCI Online Retail layout, or use --source postgres.',
      );
    }
    return { history: await readOnlineRetailCsv(options.data), close: async () => {} };
  }
  const config = loadConfig();
  const db = createDatabase(config);
  try {
    const orders = await db('orders').count<Array<{ count: string }>>('* as count');
    if (Number(orders[0]?.count ?? 0) === 0) {
      throw new SourceUnavailable(
        `no orders in ${config.databaseUrl}: run \`npx agora migrate\` and \`npx agora seed\` (or \`import orders\`) first`,
      );
    }
  } catch (error) {
    await db.destroy();
    if (error instanceof SourceUnavailable) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceUnavailable(
      `cannot read orders from ${config.databaseUrl} (${reason}); is it migrated and seeded? (npx agora migrate; npx agora seed)`,
    );
  }
  return { history: await readPostgresHistory(db), close: () => db.destroy() };
}

function prepare(history: OrderHistory, options: BenchmarkOptions): { split: TemporalSplit; data: TrainingData } {
  if (history.purchases.length === 0) throw new SourceUnavailable(`${history.source} holds no usable purchases`);
  const latest = history.purchases.reduce((max, p) => Math.max(max, p.at), 0);
  // Default: the last `testDays` whole days are the test window.
  const cutoff = options.cutoff ?? Math.floor(latest / DAY_MS) * DAY_MS - (options.testDays - 1) * DAY_MS;
  const split = temporalSplit(history.purchases, { cutoff, until: options.until ?? undefined });
  const data = buildTrainingData({
    purchases: split.train,
    views: options.purchasesOnly ? [] : before(history.views, cutoff),
    carts: options.purchasesOnly ? [] : before(history.carts, cutoff),
    now: cutoff,
  });
  return { split, data };
}

function describeSplit(split: TemporalSplit, data: TrainingData, options: BenchmarkOptions): string[] {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const pairs = split.test.reduce((n, user) => n + user.allItems.length, 0);
  const fresh = split.test.reduce((n, user) => n + user.newItems.length, 0);
  const unseen = split.test.reduce((n, user) => n + user.newItems.filter((item) => data.items.get(item) === undefined).length, 0);
  return [
    `## Temporal split at ${day(split.cutoff)}${options.until === null ? '' : ` (test window ends ${day(options.until)})`}`,
    `train: ${split.train.length} purchase lines before the cutoff, ${data.users.size} customers, ${data.purchasedItems} items` +
      (data.views === null ? '' : `, plus views/carts of ${data.users.size} customers`),
    `test: ${split.test.length} customers who bought before and after the cutoff (${split.coldUsers} new customers not evaluated)`,
    `test (customer, item) pairs: ${pairs}; ${pairs - fresh} repurchases (${((100 * (pairs - fresh)) / Math.max(1, pairs)).toFixed(1)}%), ` +
      `${fresh} new to the customer, of which ${unseen} are items nobody bought in training (no model can find them)`,
  ];
}

function runModel(name: ModelName, options: BenchmarkOptions, split: TemporalSplit, data: TrainingData): ModelRun {
  const rssAfterLoadMb = process.resourceUsage().maxRSS / 1024;
  const evaluation = evaluateModel(modelSpec(name, options), data, split.test, { k: options.k });
  return { evaluation, peakRssMb: process.resourceUsage().maxRSS / 1024, rssAfterLoadMb };
}

/** Runs this script again with --model NAME; its last stdout line is the ModelRun as JSON. */
function runInChild(name: ModelName, argv: string[]): ModelRun {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...argv, '--model', name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`model ${name} failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(last) as ModelRun;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof SourceUnavailable) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  throw error;
});
