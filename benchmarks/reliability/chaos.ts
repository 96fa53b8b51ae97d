import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { loadConfig } from '../../src/core/config';
import { createIndexingElasticsearch } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { createProgress } from '../../src/core/progress';
import { productsAlias } from '../../src/core/product-index';
import { createApiKey } from '../../src/auth/api-keys';
import { createScratchWorkspace } from '../../src/cli/eval/scratch-workspace';
import { reindex } from '../../indexers/reindex/reindex';
import { formatTable, percentiles } from '../support/stats';
import { startPrivateServices, type PrivateServices, type ServiceName } from './private-services';
import { manageProcess, type ManagedProcess } from './processes';
import { startLoad, type PhaseCounts } from './load';
import { checkConsistency } from './oracle';

/**
 * Chaos run (issue 22): an API and a worker process under a seeded write and
 * search load while the worker, Elasticsearch, Redis and Postgres are killed
 * with SIGKILL in turn and started again, then an oracle that checks every
 * acknowledged write and compares Postgres with Elasticsearch. See chaos.md.
 */
const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    faults: { type: 'string' },
    products: { type: 'string', default: '2000' },
    writes: { type: 'string' },
    searches: { type: 'string' },
    seed: { type: 'string', default: '42' },
    baseline: { type: 'string' },
    down: { type: 'string' },
    phase: { type: 'string' },
    'es-port': { type: 'string', default: '9350' },
    'pg-port': { type: 'string', default: '54349' },
    'redis-port': { type: 'string', default: '63819' },
    'api-port': { type: 'string' },
    'es-heap': { type: 'string', default: '512m' },
    'keep-services': { type: 'boolean', default: false },
  },
});

const faultNames = ['worker', 'elasticsearch', 'redis', 'postgres'] as const;
type Fault = (typeof faultNames)[number];
const short = args.short!;
const faults = (args.faults ?? (short ? 'worker' : faultNames.join(','))).split(',').map((f) => {
  if (!(faultNames as readonly string[]).includes(f)) throw new Error(`--faults: unknown fault ${f} (one of ${faultNames.join(', ')})`);
  return f as Fault;
});
const seconds = (value: string | undefined, fallback: number) => Number(value ?? fallback) * 1000;
const baselineMs = seconds(args.baseline, short ? 4 : 10);
const downMs = seconds(args.down, short ? 3 : 5);
const phaseMs = seconds(args.phase, short ? 12 : 30);
// The short run (CI) asks less of a shared machine: its point is the oracle, not the failure counts.
const writesPerSecond = Number(args.writes ?? (short ? 20 : 50));
const searchesPerSecond = Number(args.searches ?? (short ? 5 : 10));
const repoRoot = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[chaos] ${line}\n`);

/** What to undo, newest first: run once, at the end, on an error or on Ctrl-C, so no service or process is left behind. */
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | null = null;
const cleanUp = (): Promise<void> =>
  (cleaning ??= (async () => {
    for (let undo = cleanups.pop(); undo; undo = cleanups.pop()) await undo().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  // Killing a service needs a private set; the worker alone can be killed on any services (e.g. those of npm test).
  const needsPrivate = faults.some((f) => f !== 'worker');
  const envServices = Boolean(process.env.ELASTICSEARCH_URL && process.env.DATABASE_URL && process.env.REDIS_URL);
  let services: PrivateServices | null = null;
  let urls = { elasticsearchUrl: process.env.ELASTICSEARCH_URL, databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL };
  if (needsPrivate || !envServices) {
    log(`starting private services (ES ${args['es-port']}, Postgres ${args['pg-port']}, Redis ${args['redis-port']})`);
    services = await startPrivateServices({
      repoRoot,
      stateRoot: path.join(repoRoot, '.agora', 'chaos'),
      ports: { elasticsearch: Number(args['es-port']), postgres: Number(args['pg-port']), redis: Number(args['redis-port']) },
      esHeap: args['es-heap']!,
    });
    urls = services.urls;
    const started = services;
    if (!args['keep-services']) {
      cleanups.push(async () => {
        log('stopping the private services');
        await started.down();
      });
    }
  }
  const logDir = path.join(repoRoot, '.agora', 'chaos', 'logs');
  await mkdir(logDir, { recursive: true });

  const config = loadConfig({
    ...process.env,
    ELASTICSEARCH_URL: urls.elasticsearchUrl,
    DATABASE_URL: urls.databaseUrl,
    REDIS_URL: urls.redisUrl,
    LOG_LEVEL: 'warn',
  });
  const workspace = await createScratchWorkspace({ label: 'chaos', config });
  // Its Redis client is used only for cleanup; while Redis is down it reconnects quietly.
  workspace.redis.on('error', () => undefined);
  cleanups.push(() => workspace.cleanup());
  const processes: ManagedProcess[] = [];
  cleanups.push(async () => {
    for (const child of processes) await child.stop();
  });
  const { db } = workspace;
  const alias = productsAlias(workspace.config.indexPrefix);
  const productIds = await seedCatalog(db, Number(args.products));
  const es = createIndexingElasticsearch(workspace.config);
  cleanups.push(() => es.close());
  await reindex(
    { db, es, config: workspace.config, logger: createLogger(workspace.config, 'chaos') },
    { progress: (total) => createProgress({ label: 'reindex', total, write: () => undefined }) },
  );
  const adminKey = (await createApiKey(db, { role: 'admin', label: 'chaos' })).key;
  const searchKey = (await createApiKey(db, { role: 'public', label: 'chaos' })).key;

  // The children find the run's schema in the connection string, as a deployment passes any setting.
  const databaseUrl = new URL(workspace.config.databaseUrl);
  databaseUrl.searchParams.set('options', `-csearch_path=${workspace.schema}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELASTICSEARCH_URL: workspace.config.elasticsearchUrl,
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: workspace.config.redisUrl,
    INDEX_PREFIX: workspace.config.indexPrefix,
    QUEUE_PREFIX: workspace.config.queuePrefix,
    REINDEX_SNAPSHOT_DIR: workspace.config.reindexSnapshotDir,
    API_HOST: '127.0.0.1',
    RATE_LIMIT_DISABLED: 'true',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  };
  const apiPort = args['api-port'] ?? String(await freePort());
  env.API_PORT = apiPort;
  const api = manageProcess({ role: 'api', repoRoot, env, logFile: path.join(logDir, 'api.log') });
  const worker = manageProcess({ role: 'worker', repoRoot, env, logFile: path.join(logDir, 'worker.log') });
  processes.push(api, worker);
  api.start();
  worker.start();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitUntil('the API to answer /healthz', async () => (await fetch(`${apiUrl}/healthz`).catch(() => null))?.ok === true, 60_000);
  // Warm-up outside the measured phases: the first search and write load code and fill the API's caches.
  await waitUntil(
    'a first search and write',
    async () => {
      const search = await fetch(`${apiUrl}/v1/search?q=pan`, { headers: { authorization: `Bearer ${searchKey}` } });
      const write = await fetch(`${apiUrl}/v1/admin/products/warm-up`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ merchantId: 'm1', categoryId: 'cookware', titleEn: 'Warm-up pan', price: 1 }),
      });
      return search.ok && write.ok;
    },
    60_000,
  );

  log(`load: ${writesPerSecond} writes/s, ${searchesPerSecond} searches/s, seed ${args.seed}; faults: ${faults.join(', ')}`);
  const load = startLoad({
    apiUrl,
    adminKey,
    searchKey,
    es: workspace.es,
    alias,
    productIds,
    merchantIds: ['m1', 'm2'],
    categoryIds: ['cookware', 'knives'],
    writesPerSecond,
    searchesPerSecond,
    seed: Number(args.seed),
    requestTimeoutMs: 10_000,
  });
  const notes = new Map<PhaseCounts, { restartMs: number | null; crashes: number }>();
  const crashes = () => api.crashes + worker.crashes;

  let phase = load.phase('baseline');
  let crashesBefore = crashes();
  await sleep(baselineMs);
  notes.set(phase, { restartMs: null, crashes: crashes() - crashesBefore });

  for (const fault of faults) {
    phase = load.phase(`kill -9 ${fault}`);
    crashesBefore = crashes();
    log(`kill -9 ${fault}`);
    if (fault === 'worker') await worker.kill();
    else await services!.kill(fault satisfies ServiceName);
    await sleep(downMs);
    const restartStarted = performance.now();
    if (fault === 'worker') worker.start();
    else await services!.restart();
    const restartMs = performance.now() - restartStarted;
    log(`${fault} back after ${Math.round(restartMs)} ms`);
    await sleep(Math.max(0, phaseMs - (performance.now() - phase.startedAt)));
    notes.set(phase, { restartMs: downMs + restartMs, crashes: crashes() - crashesBefore });
  }

  load.phase('settle');
  log('stopping the load; waiting for the outbox to drain');
  await load.stop(30_000);
  const settleStarted = performance.now();
  await waitUntil(
    'the outbox to drain',
    async () =>
      Number((await db('search_outbox').whereNull('processed_at').count<Array<{ count: string }>>({ count: '*' }))[0]?.count) === 0,
    180_000,
  );
  const settleMs = performance.now() - settleStarted;
  const result = await checkConsistency(db, workspace.es, alias, load.ledger);

  const fmt = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const rows = load.phases
    .filter((p) => p.name !== 'setup' && p.name !== 'settle')
    .map((p) => {
      const lag = percentiles(p.lagMs);
      const note = notes.get(p);
      return [
        p.name,
        p.writesOk,
        p.writesFailed,
        p.searchesOk,
        p.searchesFailed,
        fmt(note?.restartMs ?? null),
        fmt(p.lastWriteFailureMs),
        fmt(p.lastSearchFailureMs),
        p.lagMs.length ? `${Math.round(lag.p50)} ms` : '-',
        p.lagMs.length ? `${Math.round(lag.p99)} ms` : '-',
        note?.crashes ?? 0,
      ];
    });
  process.stdout.write(
    `\n${formatTable(
      [
        'phase',
        'writes ok',
        'writes failed',
        'searches ok',
        'searches failed',
        'down for',
        'writes back after',
        'searches back after',
        'lag p50',
        'lag p99',
        'crashes',
      ],
      rows,
    )}\n\n`,
  );
  for (const p of load.phases.filter((x) => x.failures.size > 0)) {
    process.stdout.write(`${p.name}: ${[...p.failures].map(([kind, count]) => `${count} × ${kind}`).join(', ')}\n`);
  }
  const acked = [...load.ledger.values()].filter((e) => e.acked).length;
  process.stdout.write(
    `\noracle: ${acked} products with acknowledged writes (${result.uncertain} with a failed write after), ${result.products} products in Postgres; ` +
      `lost acknowledged writes ${result.lostAcks.length}, drift ${result.drift.length}, extra documents ${result.extraDocuments}; ` +
      `outbox drained ${fmt(settleMs)} after the load stopped\n`,
  );
  for (const line of [...result.lostAcks, ...result.drift].slice(0, 20)) process.stdout.write(`  ${line}\n`);
  return result.lostAcks.length + result.drift.length + result.extraDocuments === 0 ? 0 : 1;
}

/** Two merchants, a small category tree, two brands and `count` active products, written with SQL so the outbox triggers fire. */
async function seedCatalog(db: Knex, count: number): Promise<string[]> {
  await db('merchants').insert([
    { id: 'm1', name: 'Harbour Goods', rating: 4.5 },
    { id: 'm2', name: 'Lantern Supply', rating: 3.9 },
  ]);
  for (const category of [
    { id: 'home', parent_id: null, name_en: 'Home' },
    { id: 'kitchen', parent_id: 'home', name_en: 'Kitchen' },
    { id: 'cookware', parent_id: 'kitchen', name_en: 'Cookware' },
    { id: 'knives', parent_id: 'kitchen', name_en: 'Knives' },
  ]) {
    await db('categories').insert({ ...category, facet_attributes: ['colour'] });
  }
  await db('brands').insert([
    { id: 'b1', name: 'Ironleaf' },
    { id: 'b2', name: 'Copperline' },
  ]);
  const colours = ['red', 'blue', 'green', 'black'];
  const rows = Array.from({ length: count }, (_, n) => ({
    id: `p-${String(n).padStart(6, '0')}`,
    merchant_id: n % 2 === 0 ? 'm1' : 'm2',
    category_id: n % 3 === 0 ? 'knives' : 'cookware',
    brand_id: n % 2 === 0 ? 'b1' : 'b2',
    title_en: `Cast Iron Pan ${n} ${colours[n % 4]}`,
    description_en: `A sturdy pan number ${n}, seasoned and ready for cooking.`,
    attributes: JSON.stringify({ colour: colours[n % 4] }),
    price: (10 + (n % 90) + 0.99).toFixed(2),
    stock: n % 7,
  }));
  for (let i = 0; i < rows.length; i += 500) await db('products').insert(rows.slice(i, i + 500));
  return rows.map((r) => r.id);
}

/** A port nothing listens on now (runs side by side, e.g. two `npm test`, must not share one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await cleanUp();
    process.exit(2);
  },
);
