import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/core/config';
import { createDatabase } from '../../src/core/clients';
import { createIndexingElasticsearch } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { createProgress } from '../../src/core/progress';
import { reindex } from '../../indexers/reindex/reindex';
import { startMachineCpu } from '../support/machine-cpu';

/**
 * One `reindex()` in a process of its own, so its peak memory is the
 * indexer's alone. Prints one JSON line on stdout; progress goes to stderr.
 */
const { values: args } = parseArgs({
  options: {
    'batch-size': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '2' },
    'rebuild-documents': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config);
  const es = createIndexingElasticsearch(config);
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  let loadMs = 0;
  /** What the whole machine spent during the load phase (see benchmarks/support/machine-cpu.ts). */
  let loadMachineCpuMs: number | null = null;
  const cpuStart = process.cpuUsage();
  try {
    const summary = await reindex(
      { db, es, config, logger: createLogger(config, 'bench-reindex') },
      {
        batchSize: Number(args['batch-size']),
        concurrency: Number(args.concurrency),
        reuseStoredDocuments: !args['rebuild-documents'],
        progress: (total) => {
          const bar = createProgress({ label: 'agora reindex', total, unit: 'docs', intervalMs: 5000 });
          const machineCpu = startMachineCpu();
          return {
            tick: (n) => bar.tick(n),
            done: () => {
              loadMs = bar.done().elapsedMs;
              loadMachineCpuMs = machineCpu();
              return { count: 0, elapsedMs: loadMs };
            },
          };
        },
      },
    );
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuStart);
    process.stdout.write(
      `${JSON.stringify({ ...summary, loadMs, loadMachineCpuMs, cpuMs: (cpu.user + cpu.system) / 1000, startRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
    );
  } finally {
    clearInterval(sampler);
    await Promise.allSettled([db.destroy(), es.close()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reindex-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
