import { loadConfig } from '../src/core/config';
import { createLogger } from '../src/core/logger';
import { closeClients, createDatabase, createRedis } from '../src/core/clients';
import { createIndexingElasticsearch } from '../src/core/clients';
import { createQueue } from './queue/create-queue';
import { runJob, scheduleRepeatableJobs } from './register';
import { startOutboxListener } from './outbox';
import { keepRepeatableJobsRegistered } from './repeatable-watch';
import { bumpIndexGeneration } from '../src/core/index-generation';
import { runMain, stopGracefullyOnSignals } from '../src/core/process-lifecycle';
import { productsAlias } from '../src/core/product-index';
import { ensureProductMapping } from '../indexers/mapping';

/**
 * The worker process: the composition root of background work. Any number of
 * workers may run against the same services; Bull hands each job to one.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'agora-worker');
  // Writers get the long-timeout client: a large _bulk or a refresh outlasts the API's search timeout.
  const clients = { es: createIndexingElasticsearch(config), db: createDatabase(config), redis: createRedis(config) };
  const queue = createQueue(config);
  const deps = {
    config,
    logger,
    es: clients.es,
    db: clients.db,
    queue,
    onIndexChanged: () => bumpIndexGeneration(clients.redis, config.indexPrefix),
  };

  // An index built by older code lacks newer fields (recommendations, title_joined), and its strict mapping would
  // refuse every document the relay writes until the next training run or reindex adds them.
  await ensureProductMapping(clients.es, productsAlias(config.indexPrefix)).catch((error: unknown) =>
    logger.warn(
      { err: error },
      'could not add the current fields to the serving index; documents carrying them will be rejected until `agora reindex`',
    ),
  );
  await scheduleRepeatableJobs(queue);
  const repeatables = keepRepeatableJobsRegistered({ queue, logger, intervalMs: config.repeatableJobsCheckMs });
  void queue.process(2, async (job) => {
    const started = Date.now();
    const result = await runJob(job.data, deps, job);
    // Relays run many times a second under load; only the rarer jobs deserve an info line.
    const level = job.data.type === 'outbox.relay' ? 'debug' : 'info';
    logger[level]({ job: job.data.type, id: job.id, ms: Date.now() - started }, 'job done');
    return result;
  });
  // Commits reach the relay through Postgres NOTIFY; the listener's poll is the one fallback.
  const listener = await startOutboxListener({ db: clients.db, queue, logger });
  queue.on('failed', (job, error) => logger.warn({ job: job.data.type, id: job.id, attempt: job.attemptsMade, err: error }, 'job failed'));
  logger.info('worker started');

  stopGracefullyOnSignals({
    name: 'worker',
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    async close() {
      repeatables.stop();
      await listener.stop();
      // close() waits for the active jobs to finish, so nothing is cut mid-batch on a normal stop.
      await queue.close();
      await closeClients(clients);
    },
  });
}

runMain('agora-worker', main);
