import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knex from 'knex';
import { loadConfig } from '../../src/core/config';
import { createIndexingElasticsearch } from '../../src/core/clients';
import { formatCount } from '../../src/core/progress';
import { productsAlias } from '../../src/core/product-index';
import { outboxBacklog } from '../../indexers/outbox/backlog';
import { formatTable, percentiles } from '../support/stats';
import { measureLag } from './lag';
import { prepareBulkBodies, sendRawBulk, waitForQuietElasticsearch } from './raw-bulk';

/**
 * Indexing benchmark, printed as tables (not a timed test):
 *   1. full reindex (`reindex()` in a process of its own, for its peak memory)
 *      beside a raw _bulk of the same prepared documents, alternating rounds:
 *      each round rebuilds every document (as after a change of the builder),
 *      sends the raw bodies, then reindexes again reusing the documents the
 *      first run stored (as for any other reindex);
 *   2. commit-to-searchable lag under a steady stream of changes, with a
 *      worker process (Bull + outbox listener) and the configured refresh
 *      (ELASTICSEARCH_REFRESH_INTERVAL, 500ms by default).
 *
 *   npx tsx benchmarks/indexing/reindex.ts --schema bench_100k [--rounds 2] [--concurrency 2] [--rate 200] [--seconds 60] [--skip-lag]
 *
 * The schema must hold a seeded catalog, e.g.
 *   DATABASE_URL='postgres://agora@127.0.0.1:54329/agora?options=-csearch_path%3Dbench_100k' agora migrate && … agora seed --size 100k
 * Indexes are named after the schema (INDEX_PREFIX=bench-<schema>) and deleted at the end.
 */
const { values: args } = parseArgs({
  options: {
    schema: { type: 'string', default: 'bench_100k' },
    rounds: { type: 'string', default: '2' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'skip-lag': { type: 'boolean', default: false },
    'skip-raw': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
  },
});

const root = path.join(__dirname, '../..');
const base = loadConfig();
const url = new URL(base.databaseUrl);
url.searchParams.set('options', `-csearch_path=${args.schema}`);
const env = {
  ...process.env,
  DATABASE_URL: url.toString(),
  INDEX_PREFIX: `bench-${args.schema!.replace(/_/g, '-')}`,
  QUEUE_PREFIX: `bench-${args.schema}`,
  LOG_LEVEL: 'warn',
};
const config = loadConfig(env);
const alias = productsAlias(config.indexPrefix);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

interface ChildReindex {
  documents: number;
  loadMachineCpuMs: number | null;
  reused: number;
  fromSnapshot: number;
  built: number;
  docsPerSecond: number;
  loadMs: number;
  durationMs: number;
  replayed: number;
  startRss: number;
  peakRss: number;
}

function runNode(
  script: string,
  onStdout?: (line: string) => void,
  scriptArgs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): { done: Promise<string>; kill: () => void } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, script), ...scriptArgs], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line !== '') onStdout?.(line);
  });
  const done = new Promise<string>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 || child.signalCode === 'SIGTERM' ? resolve(out) : reject(new Error(`${script} exited with ${code}`)),
    ),
  );
  return { done, kill: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const db = knex({ client: 'pg', connection: base.databaseUrl, searchPath: [args.schema!], pool: { min: 0, max: 10 } });
  const es = createIndexingElasticsearch(config);
  try {
    const [{ count }] = (await db.raw("select count(*)::int as count from products where status <> 'deleted'")).rows;
    if (count === 0) throw new Error(`schema ${args.schema} has no products; seed it first (see the comment at the top)`);
    process.stderr.write(`benchmarking ${formatCount(count)} products in schema ${args.schema}\n`);

    // The raw bodies are prepared once, before any timing, and reused every round.
    const rawIndex = (round: number) => `${config.indexPrefix}-rawbulk-${round}`;
    const prepareStart = performance.now();
    const prepared = args['skip-raw'] ? null : await prepareBulkBodies(db, 1000);
    const prepareMs = performance.now() - prepareStart;
    const rows: Array<Array<string | number>> = [];
    // What the indexer alone costs: read, analyse and serialise, with no Elasticsearch.
    if (prepared)
      rows.push([
        'prepare only (no ES)',
        prepared.documents,
        '-',
        (prepareMs / 1000).toFixed(1),
        Math.round(prepared.documents / (prepareMs / 1000)),
        '-',
        '-',
        '-',
      ]);
    type Mode = 'built' | 'reused' | 'postgres';
    const ratios: Record<Mode, number[]> = { built: [], reused: [], postgres: [] };
    /** Machine CPU µs per document during the load phase, per kind of run. */
    const cpu: Record<Mode | 'raw', Array<number | null>> = { built: [], reused: [], postgres: [], raw: [] };
    const usPerDoc = (value: number | null) => (value === null ? '-' : Math.round(value));
    const labels: Record<Mode, string> = { built: 'documents built', reused: 'stored reused', postgres: 'stored, no snapshot' };
    const agora = async (round: number, mode: Mode): Promise<number> => {
      await waitForQuietElasticsearch(es);
      const flags = ['--concurrency', args.concurrency!, ...(mode === 'built' ? ['--rebuild-documents'] : [])];
      // 'postgres': every stored document read from product_documents, as when the last reindex ran elsewhere.
      const child = JSON.parse(
        (await runNode('reindex-child.ts', undefined, flags, mode === 'postgres' ? { REINDEX_SNAPSHOT_DIR: 'off' } : {}).done)
          .trim()
          .split('\n')
          .pop()!,
      ) as ChildReindex;
      const cpuPerDoc = child.loadMachineCpuMs === null ? null : (child.loadMachineCpuMs * 1000) / child.documents;
      rows.push([
        `agora, ${labels[mode]} #${round}`,
        child.documents,
        `${child.built}/${child.reused} (${child.fromSnapshot})`,
        (child.loadMs / 1000).toFixed(1),
        child.docsPerSecond,
        usPerDoc(cpuPerDoc),
        (child.durationMs / 1000).toFixed(1),
        mb(child.peakRss),
      ]);
      cpu[mode].push(cpuPerDoc);
      return child.docsPerSecond;
    };
    for (let round = 1; round <= Number(args.rounds); round += 1) {
      const built = await agora(round, 'built');
      // The rebuild rewrote every stored document: clean up now rather than
      // have autovacuum compete with the next timed runs, which a rebuild
      // followed at once by more reindexes would not meet in production.
      await db.raw('vacuum (analyze) product_documents');
      if (prepared) {
        const index = rawIndex(round);
        // Bytes, as the reindex sends stored documents: no encoding inside the timed part.
        const bodies = prepared.bodies.map((b) => Buffer.from(b));
        await waitForQuietElasticsearch(es);
        const raw = await sendRawBulk(es, index, bodies, Number(args.concurrency));
        await es.indices.delete({ index });
        const rate = Math.round(prepared.documents / (raw.ms / 1000));
        const cpuPerDoc = raw.machineCpuMs === null ? null : (raw.machineCpuMs * 1000) / prepared.documents;
        cpu.raw.push(cpuPerDoc);
        rows.push([`raw _bulk #${round}`, prepared.documents, '-', (raw.ms / 1000).toFixed(1), rate, usPerDoc(cpuPerDoc), '-', '-']);
        if (raw.errors > 0) process.stderr.write(`raw _bulk: ${raw.errors} item errors\n`);
        ratios.built.push(built / rate);
        ratios.reused.push((await agora(round, 'reused')) / rate);
        ratios.postgres.push((await agora(round, 'postgres')) / rate);
      } else {
        await agora(round, 'reused');
        await agora(round, 'postgres');
      }
    }
    process.stdout.write(
      `\nFull reindex of ${formatCount(count)} products (batch 1000, ${args.concurrency} _bulk in flight, refresh off, 0 replicas)\n`,
    );
    process.stdout.write(
      `${formatTable(['run', 'docs', 'built/reused (snapshot)', 'load s', 'docs/s', 'machine CPU µs/doc', 'total s', 'peak RSS'], rows)}\n`,
    );
    if (prepared) {
      const list = (values: number[]) => values.map((r) => r.toFixed(2)).join(', ');
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const each = (mode: Mode) => `${list(ratios[mode])} (mean ${mean(ratios[mode]).toFixed(2)})`;
      process.stdout.write(
        `agora / raw docs/s, stored documents reused: ${each('reused')}; stored, no snapshot: ${each('postgres')}; every document built: ${each('built')}; goal ≥ 0.90\n`,
      );
      const known = (values: Array<number | null>) => values.filter((v): v is number => v !== null);
      if (known(cpu.raw).length > 0 && known(cpu.reused).length > 0) {
        // On a machine whose cores are all busy, throughput is the inverse of CPU per document.
        const efficiency = (mode: Mode) => (mean(known(cpu.raw)) / mean(known(cpu[mode]))).toFixed(2);
        process.stdout.write(
          `raw / agora machine CPU per document (all processes, load phase): stored documents reused ${efficiency('reused')}, stored with no snapshot ${efficiency('postgres')}, every document built ${efficiency('built')}\n`,
        );
      }
    }

    if (!args['skip-lag']) {
      const ids = (await db('products').whereNot('status', 'deleted').select('id')).map((r: { id: string }) => r.id);
      let ready: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (ready = resolve));
      const worker = runNode('worker.ts', (line) => line === 'ready' && ready());
      await started;
      // The seed left every product in the outbox; the worker drains that backlog first.
      const backlog = (await outboxBacklog(db)).depth;
      const drainStart = performance.now();
      while ((await outboxBacklog(db)).depth > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      if (backlog > 0)
        process.stdout.write(
          `\nRelay drained a backlog of ${formatCount(backlog)} outbox rows at ${formatCount(backlog / ((performance.now() - drainStart) / 1000))} rows/s\n`,
        );
      const lag = await measureLag({ db, es, alias, productIds: ids, rate: Number(args.rate), seconds: Number(args.seconds) });
      worker.kill();
      await worker.done;
      const p = percentiles(lag.samples);
      process.stdout.write(
        `\nCommit-to-searchable lag, ${args.rate} changes/s for ${args.seconds} s, refresh_interval ${config.elasticsearchRefreshInterval}, one worker (2 jobs in parallel)\n`,
      );
      process.stdout.write(
        `${formatTable(
          ['changes', 'achieved/s', 'seen', 'unseen', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
          [
            [
              lag.committed,
              Math.round(lag.committed / (lag.elapsedMs / 1000)),
              p.n,
              lag.unseen,
              Math.round(p.p50),
              Math.round(p.p95),
              Math.round(p.p99),
              Math.round(Math.max(...lag.samples)),
            ],
          ],
        )}\n`,
      );
    }
  } finally {
    const names = Object.keys(await es.indices.get({ index: `${config.indexPrefix}-*`, allow_no_indices: true }));
    if (names.length > 0) await es.indices.delete({ index: names });
    await Promise.allSettled([db.destroy(), es.close()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
