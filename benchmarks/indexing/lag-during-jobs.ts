/**
 * Catalog edits while the background jobs rewrite the catalog (#22 goal: a
 * training or signals run on the 100k fixture keeps commit-to-searchable p99
 * of catalog edits ≤ 2 s and never blocks a catalog write more than 1 s).
 * A real worker process relays the outbox; a writer commits `--rate` stock
 * updates per second and times each commit and its arrival in search
 * (lag.ts), first with nothing else running, then during `agora train
 * --force`, then during `agora index signals`, each run as its own process as an
 * operator would. The benchmark's schema loses its stored model and signals
 * first (the runs then rewrite every product they score; the runs put them back). Needs a seeded, trained and indexed schema (README.md here).
 *
 *   npx tsx benchmarks/indexing/lag-during-jobs.ts --schema bench_100k --index-prefix bench-100k [--rate 20] [--seconds 30]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/core/config';
import { closeClients, createClients } from '../../src/core/clients';
import { productsAlias } from '../../src/core/product-index';
import { countElasticsearchWork } from '../support/elasticsearch-work';
import { formatTable, percentiles } from '../support/stats';
import { manageProcess } from '../reliability/processes';
import { measureLag } from './lag';
import { outboxPriority, useBackgroundLane } from '../../indexers/outbox';

const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};

/** Runs `agora <args>` in its own process; resolves when it exits (rejects on failure). */
function agora(args: string[], env: NodeJS.ProcessEnv, repoRoot: string): { done: Promise<void>; running: () => boolean } {
  let running = true;
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/agora.cjs'), ...args], { cwd: repoRoot, env, stdio: 'ignore' });
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => {
      running = false;
      if (code === 0) resolve();
      else reject(new Error(`agora ${args.join(' ')} exited with ${code}`));
    }),
  );
  return { done, running: () => running };
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../..');
  const schema = option('schema', 'bench_100k');
  const rate = Number(option('rate', '20'));
  const seconds = Number(option('seconds', '30'));
  const base = process.env.DATABASE_URL ?? '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `${base}${base.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`,
    INDEX_PREFIX: option('index-prefix', schema.replace(/_/g, '-')),
    // A queue of its own: no other worker takes these jobs, and this worker no one else's.
    QUEUE_PREFIX: `lag-bench-${process.pid}`,
    LOG_LEVEL: option('log-level', 'warn'),
  };
  const config = loadConfig(env);
  const clients = createClients(config);
  const alias = productsAlias(config.indexPrefix);
  const productIds = (await clients.db('products').where({ status: 'active' }).orderByRaw('md5(id)').limit(5000).pluck('id')) as string[];

  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'agora-lag-')), 'worker.log');
  const worker = manageProcess({ role: 'worker', repoRoot, env, logFile });
  worker.start();
  // Until the worker relays (it starts, and delivers what was queued before): a change committed now is searchable.
  for (let attempt = 1; ; attempt++) {
    const warm = await measureLag({ db: clients.db, es: clients.es, alias, productIds, rate: 5, seconds: 2 });
    if (warm.unseen === 0) break;
    if (attempt === 10) throw new Error(`the worker relays nothing (log: ${logFile})`);
  }

  const rows: Array<Array<string | number>> = [];
  /**
   * Clears a derived table as background work would (its triggers touch every product it held), then waits until the
   * relay has delivered that, so the run that follows starts from an empty outbox, as a first run on a catalog does.
   */
  const clearThenSettle = async (table: string) => {
    await clients.db.transaction(async (trx) => {
      await useBackgroundLane(trx);
      await trx(table).delete();
    });
    for (const started = Date.now(); Date.now() - started < 600_000; await new Promise((r) => setTimeout(r, 1000))) {
      const [{ n }] = (await clients.db('search_outbox').whereNull('processed_at').count({ n: '*' })) as Array<{ n: string }>;
      if (Number(n) === 0) return;
    }
    throw new Error(`the outbox did not drain after clearing ${table}`);
  };
  const outboxTop = async () => Number((await clients.db('search_outbox').max({ id: 'id' }))[0]?.id ?? 0);
  const phase = async (name: string, start?: () => { done: Promise<void>; running: () => boolean }) => {
    const firstRow = await outboxTop();
    const work = await countElasticsearchWork(clients.es, alias);
    const run = start?.();
    const started = performance.now();
    // Edits go on while the run runs and then while the relay delivers what it queued: both are the run's load.
    let backgroundLeft = true;
    const watchBackground = setInterval(() => {
      void clients
        .db('search_outbox')
        .whereNull('processed_at')
        .where({ priority: outboxPriority.background })
        .count({ n: '*' })
        .then((r) => (backgroundLeft = Number(r[0]?.n ?? 0) > 0))
        .catch(() => undefined);
    }, 500);
    const keepWriting = run && (() => run.running() || backgroundLeft);
    const lag = await measureLag({ db: clients.db, es: clients.es, alias, productIds, rate, seconds, keepWriting }).finally(() =>
      clearInterval(watchBackground),
    );
    await run?.done;
    const es = await work.stop();
    // What the run gave the relay to do besides the edits: its products' outbox rows (background lane).
    const queued = await clients
      .db('search_outbox')
      .where('id', '>', firstRow)
      .where({ priority: outboxPriority.background })
      .count({ n: '*' });
    const l = percentiles(lag.samples);
    const w = percentiles(lag.writeMs);
    rows.push([
      name,
      Number(queued[0]?.n ?? 0),
      ((performance.now() - started) / 1000).toFixed(0),
      lag.committed,
      l.p50,
      l.p99,
      Math.round(Math.max(...lag.samples)),
      w.p50,
      w.p99,
      Math.round(Math.max(...lag.writeMs)),
      lag.unseen,
      es.indexed,
      es.refreshes,
      es.refreshAvgMs.toFixed(0),
      es.indexMsPerDoc.toFixed(2),
      es.mergeSeconds.toFixed(0),
      es.throttledSeconds.toFixed(0),
      `${(es.gcYoungMs / 1000).toFixed(1)}/${(es.gcOldMs / 1000).toFixed(1)}`,
    ]);
  };
  try {
    await phase('nothing else running');
    // Without their stored results, the runs rewrite every product they score, as the first run on a new catalog does
    // (#22 measured 79k and 80k products rewritten); a run right after another would change almost nothing.
    await clearThenSettle('product_recommendations');
    await phase('agora train --force (model cleared first)', () => agora(['train', '--force'], env, repoRoot));
    await clearThenSettle('product_signals');
    await phase('agora index signals (signals cleared first)', () => agora(['index', 'signals'], env, repoRoot));
  } finally {
    await worker.stop();
    console.log(
      `${productIds.length} products edited at ${rate}/s in ${schema}; worker log ${logFile}; load average after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      formatTable(
        [
          'while',
          'products it re-indexed',
          's',
          'edits',
          'lag p50 ms',
          'lag p99 ms',
          'lag max ms',
          'write p50 ms',
          'write p99 ms',
          'write max ms',
          'never seen',
          'ES indexed',
          'ES refreshes',
          'refresh avg ms',
          'index ms/doc',
          'merging s',
          'throttled s',
          'GC young/old s',
        ],
        rows,
      ),
    );
  }
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
