/**
 * Node loss in a multi-node Elasticsearch cluster, under searches and writes through Agora.
 *
 *   eval "$(bash scripts/es-cluster.sh up)"           # 3 local nodes, ELASTICSEARCH_URL lists them
 *   export DATABASE_URL=… REDIS_URL=…                  # Postgres and Redis as for the tests
 *   npx tsx benchmarks/reliability/es-node-failover.ts [--kill 1,2,3] [--fault-seconds 30] [--searchers 4] [--writers 2] [--write-rate 20]
 *   bash scripts/es-cluster.sh down
 *
 * An isolated slice of the services (own schema, index prefix and queue, as a test file gets) with
 * ELASTICSEARCH_REPLICAS=1: the demo search catalog indexed, the real API on a loopback port and an
 * in-process worker (Bull queue, outbox listener, relay). Searchers and writers run through the API the
 * whole time. For each node in --kill, in turn: steady load, `kill -9` of the node (node 1 is the first
 * URL every client tries), --fault-seconds of load without it, restart, load until the index is green
 * again, then --after-seconds of steady load. At the end the outbox is drained and Postgres is
 * compared with Elasticsearch by id and version (indexers/reconcile). Prints one row per kill.
 */
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { createApiKey } from '../../src/auth/api-keys';
import { createIndexingElasticsearch, createElasticsearch } from '../../src/core/clients';
import { nodeUrlList } from '../../src/core/config';
import { bumpIndexGeneration } from '../../src/core/index-generation';
import { createLogger } from '../../src/core/logger';
import { productsAlias, productsIndexPattern } from '../../src/core/product-index';
import { reconcile } from '../../indexers/reconcile/reconcile';
import { startOutboxListener } from '../../jobs/outbox';
import { createQueue } from '../../jobs/queue/create-queue';
import { runJob } from '../../jobs/register';
import { createTestEnvironment } from '../../test/support/environment';
import { startTestApi } from '../../test/support/http';
import { loadSearchCatalog } from '../../test/support/search-catalog';
import { formatTable, percentiles } from '../support/stats';

const { values: args } = parseArgs({
  options: {
    kill: { type: 'string', default: '1,2,3' },
    'fault-seconds': { type: 'string', default: '30' },
    'steady-seconds': { type: 'string', default: '20' },
    'after-seconds': { type: 'string', default: '10' },
    searchers: { type: 'string', default: '4' },
    writers: { type: 'string', default: '2' },
    'write-rate': { type: 'string', default: '20' },
    'green-timeout-seconds': { type: 'string', default: '300' },
  },
});

const CLUSTER_SCRIPT = 'scripts/es-cluster.sh';
const execFileAsync = promisify(execFile);
const WORDS = ['shoes', 'running', 'trail', 'skillet', 'pan', 'lamp', 'red', 'light', 'jacket', 'bench', 'steel', 'cotton'];

interface Outcome {
  at: number;
  kind: 'search' | 'write';
  ok: boolean;
  /** The status and the error code of the answer (`503 SEARCH_UNAVAILABLE`), or `0 <cause>` when no answer came. */
  detail: string;
  ms: number;
}

/** What a failed request got, in a few words. */
function describe(response: { status: number; body: unknown }): string {
  if (response.status === 0) return `0 ${String(response.body).slice(0, 60)}`;
  const code = (response.body as { error?: { code?: string } } | undefined)?.error?.code;
  return `${response.status}${code ? ` ${code}` : ''}`;
}

async function call(run: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await run().catch((error: unknown) => ({
    status: 0,
    body:
      error instanceof Error
        ? `${error.message}${error.cause ? `: ${String((error.cause as Error).message ?? error.cause)}` : ''}`
        : String(error),
  }));
  return { ...response, ms: performance.now() - started };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const urls = nodeUrlList(process.env.ELASTICSEARCH_URL ?? '');
  if (urls.length < 2) throw new Error('ELASTICSEARCH_URL must list the cluster’s nodes (eval "$(bash scripts/es-cluster.sh up)")');
  const kills = args.kill.split(',').map(Number);
  for (const n of kills) if (!(n >= 1 && n <= urls.length)) throw new Error(`--kill: node ${n} is not one of 1..${urls.length}`);
  // The index every path builds gets one replica: each shard has a copy on a second node.
  process.env.ELASTICSEARCH_REPLICAS = '1';
  process.env.RATE_LIMIT_DISABLED = 'true';

  const env = await createTestEnvironment({ ELASTICSEARCH_REPLICAS: '1', RATE_LIMIT_DISABLED: 'true' });
  const logger = createLogger(env.config, 'failover-bench');
  const alias = productsAlias(env.config.indexPrefix);
  await loadSearchCatalog(env.db, createIndexingElasticsearch(env.config), env.config.indexPrefix);
  const api = await startTestApi(env);
  const admin = (await createApiKey(env.db, { role: 'admin' })).key;
  const shopper = (await createApiKey(env.db, { role: 'public' })).key;

  // The worker, wired as jobs/worker.ts wires it, in this process.
  const queue = createQueue(env.config);
  const workerEs = createIndexingElasticsearch(env.config);
  const deps = {
    config: env.config,
    logger,
    es: workerEs,
    db: env.db,
    queue,
    onIndexChanged: () => bumpIndexGeneration(env.redis, env.config.indexPrefix),
  };
  void queue.process(2, (job) => runJob(job.data, deps, job));
  const listener = await startOutboxListener({ db: env.db, queue, logger });

  // An observer of its own (all nodes listed, short timeout) for cluster health.
  const observer = createElasticsearch({ elasticsearchUrl: urls.join(','), elasticsearchTimeoutMs: 2000 });
  const health = async () => {
    try {
      const h = await observer.cluster.health({ index: alias });
      return h.status;
    } catch {
      return 'unknown';
    }
  };

  const outcomes: Outcome[] = [];
  let running = true;
  let writeSeq = 0;
  const acked = new Map<string, number>();

  const searcher = async (s: number) => {
    for (let i = 0; running; i++) {
      const q = WORDS[(i * 7 + s * 3) % WORDS.length]!;
      // A varying price floor keeps most searches off the result cache: each goes to Elasticsearch.
      const path = `/v1/search?q=${q}&session=bench-${s}&price_min=${(i * 13) % 50}&page=${1 + (i % 2)}&size=5&facets=brand`;
      const response = await call(() => api.request('GET', path, { key: shopper }));
      outcomes.push({ at: Date.now(), kind: 'search', ok: response.status === 200, detail: describe(response), ms: response.ms });
    }
  };
  const writer = async (w: number, perSecond: number) => {
    const interval = 1000 / perSecond;
    for (let next = Date.now(); running; next += interval) {
      const n = writeSeq++;
      const id = `bench-${w}-${n % 200}`;
      const body = {
        merchantId: 'm-run',
        categoryId: 'running-shoes',
        brandId: 'nimbus',
        titleEn: `Bench ${WORDS[n % WORDS.length]} ${id}`,
        price: 10 + (n % 90),
        stock: n % 7,
      };
      const response = await call(() => api.request('PUT', `/v1/admin/products/${id}`, { key: admin, body }));
      const ok = response.status >= 200 && response.status < 300;
      if (ok) acked.set(id, n);
      outcomes.push({ at: Date.now(), kind: 'write', ok, detail: describe(response), ms: response.ms });
      await sleep(Math.max(0, next + interval - Date.now()));
    }
  };

  const searchers = Number(args.searchers);
  const writers = Number(args.writers);
  const perWriter = Number(args['write-rate']) / writers;
  const load = [
    ...Array.from({ length: searchers }, (_, s) => searcher(s)),
    ...Array.from({ length: writers }, (_, w) => writer(w, perWriter)),
  ];

  const rows: Array<Array<string | number>> = [];
  const failures: string[] = [];
  const window = (from: number, to: number, kind: Outcome['kind']) => {
    const inWindow = outcomes.filter((o) => o.kind === kind && o.at >= from && o.at < to);
    return { total: inWindow.length, failed: inWindow.filter((o) => !o.ok), p95: percentiles(inWindow.map((o) => o.ms)).p95 };
  };
  // Asynchronous: the API and the worker run in this process, and a node start takes tens of seconds.
  const cluster = (...command: string[]) => execFileAsync('bash', [CLUSTER_SCRIPT, ...command]);

  try {
    await sleep(Number(args['steady-seconds']) * 1000);
    // The same load with every node up: what this machine fails anyway, to read the rows below against.
    const steadySearches = window(0, Date.now(), 'search');
    const steadyWrites = window(0, Date.now(), 'write');
    for (const o of [...steadySearches.failed, ...steadyWrites.failed])
      failures.push(`no fault: ${o.kind}: ${o.detail} (${Math.round(o.ms)} ms)`);
    rows.push([
      'none (all nodes up)',
      `${steadySearches.failed.length} / ${steadySearches.total}`,
      steadySearches.total > 0 ? `${((steadySearches.failed.length / steadySearches.total) * 100).toFixed(2)}%` : '-',
      `${steadyWrites.failed.length} / ${steadyWrites.total}`,
      '-',
      `${Math.round(steadySearches.p95)}`,
      await health(),
      '-',
      '-',
    ]);

    for (const node of kills) {
      const killedAt = Date.now();
      await cluster('kill', String(node));
      process.stderr.write(`[bench] node ${node} (${urls[node - 1]}) killed\n`);
      await sleep(Number(args['fault-seconds']) * 1000);
      const statusWithout = await health();
      const restartAt = Date.now();
      await cluster('start', String(node));
      const greenBy = Date.now() + Number(args['green-timeout-seconds']) * 1000;
      while ((await health()) !== 'green' && Date.now() < greenBy) await sleep(500);
      const greenAt = Date.now();
      process.stderr.write(`[bench] node ${node} back; index green after ${seconds(greenAt - restartAt)} s\n`);
      await sleep(Number(args['after-seconds']) * 1000);
      const afterAt = greenAt;
      const end = Date.now();

      const faultSearches = window(killedAt, afterAt, 'search');
      const faultWrites = window(killedAt, afterAt, 'write');
      const afterSearches = window(afterAt, end, 'search');
      const afterWrites = window(afterAt, end, 'write');
      const lastFailure = Math.max(killedAt, ...[...faultSearches.failed, ...faultWrites.failed].map((o) => o.at));
      for (const o of [...faultSearches.failed, ...faultWrites.failed, ...afterSearches.failed, ...afterWrites.failed])
        failures.push(`node ${node}: ${o.kind} at +${seconds(o.at - killedAt)} s after the kill: ${o.detail} (${Math.round(o.ms)} ms)`);
      rows.push([
        `node ${node}${node === 1 ? ' (first URL)' : ''}`,
        `${faultSearches.failed.length} / ${faultSearches.total}`,
        faultSearches.total > 0 ? `${((faultSearches.failed.length / faultSearches.total) * 100).toFixed(2)}%` : '-',
        `${faultWrites.failed.length} / ${faultWrites.total}`,
        seconds(lastFailure - killedAt),
        `${Math.round(faultSearches.p95)} / ${Math.round(afterSearches.p95)}`,
        statusWithout,
        seconds(greenAt - restartAt),
        `${afterSearches.failed.length + afterWrites.failed.length} / ${afterSearches.total + afterWrites.total}`,
      ]);
    }
  } finally {
    running = false;
    await Promise.allSettled(load);
  }

  // Everything acknowledged must reach Elasticsearch: drain the outbox, then compare by id and version.
  const drainBy = Date.now() + 60_000;
  while (Date.now() < drainBy) {
    const [{ n }] = await env.db('search_outbox').whereNull('processed_at').count<Array<{ n: string }>>({ n: '*' });
    if (Number(n) === 0) break;
    await sleep(250);
  }
  await workerEs.indices.refresh({ index: alias });
  const report = await reconcile({ db: env.db, es: workerEs, config: env.config });

  await listener.stop();
  await queue.close();
  await api.close();
  const indexes = Object.keys(await workerEs.indices.get({ index: productsIndexPattern(env.config.indexPrefix) }));
  if (indexes.length > 0) await workerEs.indices.delete({ index: indexes });
  await Promise.allSettled([observer.close(), workerEs.close()]);
  await env.cleanup();

  const searchTotal = outcomes.filter((o) => o.kind === 'search').length;
  const writeTotal = outcomes.filter((o) => o.kind === 'write').length;
  process.stdout.write(
    `\nElasticsearch node loss: ${urls.length} nodes, 1 shard × 2 copies (ELASTICSEARCH_REPLICAS=1), ` +
      `${searchers} searchers and ${args['write-rate']} writes/s through the API, kill -9 then ${args['fault-seconds']} s without the node\n\n`,
  );
  process.stdout.write(
    formatTable(
      [
        'killed',
        'failed searches (kill→green)',
        'search failure rate',
        'failed writes',
        'last failure after kill (s)',
        'search p95 ms (fault / after)',
        'index while down',
        'green after restart (s)',
        'failures after green',
      ],
      rows,
    ),
  );
  process.stdout.write(
    `\n${searchTotal} searches, ${writeTotal} writes in all; ${acked.size} products with acknowledged writes.\n` +
      `Drift after draining (Postgres ${report.postgres} indexable vs Elasticsearch ${report.elasticsearch}): ` +
      `missing ${report.drift.missing}, extra ${report.drift.extra}, stale ${report.drift.stale}, ahead ${report.drift.ahead}, in flight ${report.inFlight}\n`,
  );
  if (failures.length > 0) process.stdout.write(`\nFailures:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
