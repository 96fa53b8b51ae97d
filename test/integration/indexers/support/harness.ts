import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { createLogger, type Logger } from '../../../../src/core/logger';
import { createProgress } from '../../../../src/core/progress';
import { productsAlias, productsIndexPattern } from '../../../../src/core/product-index';
import { createIndexingElasticsearch } from '../../../../src/core/clients';
import { reindex, type ReindexSummary } from '../../../../indexers/reindex/reindex';
import { startOutboxListener, type OutboxListener, type OutboxListenerOptions } from '../../../../jobs/outbox';
import { createQueue, type AgoraQueue } from '../../../../jobs/queue/create-queue';
import { runJob } from '../../../../jobs/register';
import { createTestEnvironment, type TestEnvironment } from '../../../support/environment';
import { pendingOutbox, waitFor } from './catalog';

/**
 * A test environment plus what indexing needs around it: a logger, the
 * products alias, an in-process worker (Bull queue, job dispatch and the
 * outbox listener, wired like the worker entry) and index cleanup.
 */
export interface IndexingHarness {
  env: TestEnvironment;
  logger: Logger;
  alias: string;
  queue: AgoraQueue;
  startWorker(options?: OutboxListenerOptions): Promise<void>;
  stopWorker(): Promise<void>;
  reindex(options?: { batchSize?: number; concurrency?: number; reuseStoredDocuments?: boolean }): Promise<ReindexSummary>;
  /** Waits until the outbox is empty, then refreshes so everything relayed is searchable. */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `overrides`: environment settings of this harness's test environment. */
export async function createIndexingHarness(overrides: NodeJS.ProcessEnv = {}): Promise<IndexingHarness> {
  const env = await createTestEnvironment(overrides);
  const logger = createLogger(env.config, 'indexing-test');
  const alias = productsAlias(env.config.indexPrefix);
  const queue = createQueue(env.config);
  // Writers get a client with a long timeout, as the worker entry gives them.
  const es = createIndexingElasticsearch(env.config);
  const deps = { config: env.config, logger, es, db: env.db, queue };
  let listener: OutboxListener | undefined;
  let worker: AgoraQueue | undefined;

  const harness: IndexingHarness = {
    env,
    logger,
    alias,
    queue,
    async startWorker(options = {}) {
      // A queue object of its own, as a separate worker process would have.
      worker = createQueue(env.config);
      void worker.process(2, (job) => runJob(job.data, deps, job));
      listener = await startOutboxListener({ db: env.db, queue, logger }, options);
    },
    async stopWorker() {
      await listener?.stop();
      await worker?.close();
      listener = undefined;
      worker = undefined;
    },
    reindex(options = {}) {
      return reindex(
        { db: env.db, es, config: env.config, logger },
        { ...options, progress: (total) => createProgress({ label: 'reindex', total, write: () => undefined }) },
      );
    },
    async drain(timeoutMs = 20_000) {
      await waitFor('the outbox to drain', async () => ((await pendingOutbox(env.db)) === 0 ? true : undefined), timeoutMs);
      await env.es.indices.refresh({ index: alias });
    },
    async close() {
      await harness.stopWorker();
      await queue.close();
      await deleteIndexes(env.es, env.config.indexPrefix);
      await es.close();
      await env.cleanup();
    },
  };
  return harness;
}

/** The cluster refuses wildcard deletes, so the test's indexes are listed and deleted by name. */
export async function deleteIndexes(es: ElasticsearchClient, indexPrefix: string): Promise<void> {
  const names = Object.keys(await es.indices.get({ index: productsIndexPattern(indexPrefix), allow_no_indices: true }));
  if (names.length > 0) await es.indices.delete({ index: names });
}
