import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../../../src/core/config';
import { createDatabase } from '../../../../src/core/clients';
import { createIndexingElasticsearch } from '../../../../src/core/clients';
import { createLogger } from '../../../../src/core/logger';
import { startOutboxListener } from '../../../../jobs/outbox';
import { createQueue } from '../../../../jobs/queue/create-queue';
import { runJob } from '../../../../jobs/register';

/**
 * A worker process for the crash test, composed like jobs/worker.ts plus the
 * outbox listener. Everything comes from the environment (DATABASE_URL with
 * a search_path option, INDEX_PREFIX, QUEUE_PREFIX). `--bulk-delay-ms=N`
 * holds each relay batch for N ms after Elasticsearch accepted its writes
 * and before Postgres commits, and prints "bulk-written", so the test can
 * kill the process at exactly that point.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'crash-test-worker');
  const db = createDatabase(config);
  const es = createIndexingElasticsearch(config);
  const delayArg = process.argv.find((a) => a.startsWith('--bulk-delay-ms='));
  const delayMs = delayArg ? Number(delayArg.split('=')[1]) : 0;
  if (delayMs > 0) {
    // writeBulk sends prepared NDJSON through the transport: hook _bulk there.
    const transport = es.transport as unknown as { request: (params: { path?: string }, ...rest: unknown[]) => Promise<unknown> };
    const request = transport.request.bind(transport);
    transport.request = async (params, ...rest) => {
      const response = await request(params, ...rest);
      if (params.path?.endsWith('/_bulk')) {
        process.stdout.write('bulk-written\n');
        await sleep(delayMs);
      }
      return response;
    };
  }
  const queue = createQueue(config);
  const deps = { config, logger, es, db, queue };
  void queue.process(2, (job) => runJob(job.data, deps, job));
  await startOutboxListener({ db, queue, logger });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`worker-process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
