import { loadConfig } from '../../src/core/config';
import { createDatabase } from '../../src/core/clients';
import { createIndexingElasticsearch } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { startOutboxListener } from '../../jobs/outbox';
import { createQueue } from '../../jobs/queue/create-queue';
import { runJob } from '../../jobs/register';

/** A worker as production runs it (Bull + outbox listener), in its own process for the lag benchmark. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'bench-worker');
  const db = createDatabase(config);
  const es = createIndexingElasticsearch(config);
  const queue = createQueue(config);
  void queue.process(2, (job) => runJob(job.data, { config, logger, es, db, queue }, job));
  const listener = await startOutboxListener({ db, queue, logger });
  process.on('SIGTERM', () => {
    void (async () => {
      await listener.stop();
      await queue.close();
      await Promise.allSettled([db.destroy(), es.close()]);
      process.exit(0);
    })();
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
