import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Logger } from '../../src/core/logger';
import { createProgress, type Progress } from '../../src/core/progress';
import {
  PRODUCT_INDEX_VERSION,
  createProductIndexRequest,
  indexTopology,
  liveIndexSettings,
  productsAlias,
  productsIndexName,
} from '../../src/core/product-index';
import { documentBuilderId } from '../documents/builder';
import { countIndexableProducts } from '../documents/rows';
import { forgetDocumentsOfGoneProducts } from '../documents/stored';
import type { SyncTarget } from '../sync';
import { pruneOldIndexes, swapAlias } from './aliases';
import { assertClusterCanHold, waitForAllCopies } from './topology';
import type { Config } from '../../src/core/config';
import { bulkLoad } from './load';
import { commitReindexSnapshot, openReindexSnapshot, reindexSnapshotDirectory, type ReindexSnapshot } from './trusted-snapshot';
import { withAdvisoryLock } from '../../src/core/advisory-lock';
import { captureOutboxPosition, changesSince, replayChanges, requeueChangesSince, type OutboxPosition } from './replay';

export interface ReindexDeps {
  db: Knex;
  /** A client with a long timeout (createIndexingElasticsearch): bulk requests and refreshes are slow on a busy cluster. */
  es: ElasticsearchClient;
  config: {
    indexPrefix: string;
    /** Where the last reindex's bodies are kept for the next (reindex/snapshot.ts); 'off': nowhere. */
    reindexSnapshotDir: string;
  } & Pick<Config, 'elasticsearchShards' | 'elasticsearchReplicas' | 'elasticsearchRefreshInterval' | 'elasticsearchReplicaWaitSeconds'>;
  logger: Logger;
}

export interface ReindexOptions {
  /** Products per page and per _bulk request. @default 1000 */
  batchSize?: number;
  /** _bulk requests in flight. @default 2 */
  concurrency?: number;
  /** Send current documents from the snapshot or product_documents instead of building them again (indexers/README.md). @default true */
  reuseStoredDocuments?: boolean;
  /** Replicas of the new index once it serves, instead of ELASTICSEARCH_REPLICAS (agora reindex --replicas). @default config */
  replicas?: number;
  /** Progress reporter for the bulk load. @default lines on stderr */
  progress?: (total: number) => Progress;
  /** Clock for the index name. @default () => new Date() */
  now?: () => Date;
}

export interface ReindexSummary {
  index: string;
  /** The index the alias pointed at before; kept for a manual swap back. */
  previous: string[];
  deleted: string[];
  documents: number;
  /** Of the documents, how many were sent as stored and how many were built. */
  reused: number;
  /** Of those sent as stored, how many came from the last reindex's snapshot. */
  fromSnapshot: number;
  built: number;
  rejected: number;
  replayed: number;
  durationMs: number;
  docsPerSecond: number;
}

/** Name of the advisory lock that keeps reindexes one at a time. */
export const REINDEX_LOCK = 'agora.reindex';

/**
 * Builds a fresh products index from Postgres and swaps the alias onto it.
 * Searches keep using the old index until the atomic swap. Changes committed
 * during the build reach the new index by replay: the outbox position is
 * taken before the first product is read, and everything committed after it
 * is written again from current state, once before the swap and once after
 * (the relay writes to the alias, which meanwhile still meant the old index).
 */
export async function reindex(deps: ReindexDeps, options: ReindexOptions = {}): Promise<ReindexSummary> {
  return withAdvisoryLock(deps.db, REINDEX_LOCK, () => buildAndSwap(deps, options));
}

async function buildAndSwap(deps: ReindexDeps, options: ReindexOptions): Promise<ReindexSummary> {
  const { db, es, logger } = deps;
  const started = performance.now();
  const alias = productsAlias(deps.config.indexPrefix);
  const index = productsIndexName(deps.config.indexPrefix, (options.now ?? (() => new Date()))());
  const topology = { ...indexTopology(deps.config), ...(options.replicas !== undefined ? { replicas: options.replicas } : {}) };
  await assertClusterCanHold(es, topology);
  // We hold the lock, so any run still marked running died without saying so.
  await db('search_reindex_runs').where({ status: 'running' }).update({ status: 'failed', finished_at: db.fn.now(), error: 'interrupted' });

  const position = await captureOutboxPosition(db);
  const [run] = await db('search_reindex_runs')
    .insert({
      index_name: index,
      index_version: PRODUCT_INDEX_VERSION,
      outbox_position: position.maxId,
      outbox_snapshot: position.snapshot,
      started_at: position.clock,
    })
    .returning<Array<{ id: string }>>('id');
  const target: SyncTarget = { db, es, index, requireAlias: false };
  let swapped = false;
  const onSnapshotError = (error: unknown) => logger.warn({ err: error }, 'reindex snapshot unusable; documents come from Postgres');
  let snapshot: ReindexSnapshot | undefined;
  try {
    if (deps.config.reindexSnapshotDir !== 'off') {
      const dir = await reindexSnapshotDirectory(db, deps.config.reindexSnapshotDir, alias);
      snapshot = await openReindexSnapshot(db, dir, documentBuilderId(), options.reuseStoredDocuments ?? true, onSnapshotError);
    }
    await es.indices.create(createProductIndexRequest(index, topology));
    const total = await countIndexableProducts(db);
    logger.info({ index, total, outboxPosition: position.maxId }, 'reindex started');
    const progress = (options.progress ?? ((n) => createProgress({ label: 'reindex', total: n, unit: 'docs' })))(total);
    const loaded = await bulkLoad(db, es, index, {
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      reuseStoredDocuments: options.reuseStoredDocuments,
      snapshot,
      onBatch: (n) => progress.tick(n),
      onSnapshotError,
    });
    const loadedIn = progress.done();
    if (loaded.unstored > 0)
      logger.warn(
        { unstored: loaded.unstored, error: loaded.storeError },
        'some built documents were not stored for reuse; the next reindex builds them again',
      );
    await forgetDocumentsOfGoneProducts(db).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not drop stored documents of deleted products'),
    );

    const firstReplay = await replayChanges(target, position);
    await es.indices.putSettings({ index, settings: liveIndexSettings(topology) });
    await es.indices.refresh({ index });
    await verifyCount(db, es, index, firstReplay.position, loaded.rejected + firstReplay.rejected);
    // The alias moves only onto an index whose every copy is active: one node loss must not take it red.
    await waitForAllCopies(es, index, topology, deps.config.elasticsearchReplicaWaitSeconds);

    const previous = await swapAlias(es, alias, index);
    swapped = true;
    const secondReplay = await replayChanges(target, position);
    const deleted = await pruneOldIndexes(es, deps.config.indexPrefix, index, previous);

    const durationMs = Math.round(performance.now() - started);
    const summary: ReindexSummary = {
      index,
      previous,
      deleted,
      documents: loaded.documents,
      reused: loaded.reused,
      fromSnapshot: loaded.fromSnapshot,
      built: loaded.built,
      rejected: loaded.rejected + firstReplay.rejected + secondReplay.rejected,
      replayed: firstReplay.products + secondReplay.products,
      durationMs,
      docsPerSecond: loadedIn.elapsedMs > 0 ? Math.round((loaded.documents / loadedIn.elapsedMs) * 1000) : 0,
    };
    await db('search_reindex_runs').where({ id: run!.id }).update({
      status: 'succeeded',
      finished_at: db.fn.now(),
      documents: summary.documents,
      rejected: summary.rejected,
      replayed: summary.replayed,
      duration_ms: durationMs,
    });
    // Only now: a reindex that failed after loading leaves the last good snapshot.
    const committing = snapshot?.writer ?? null;
    snapshot = undefined;
    await commitReindexSnapshot(db, run!.id, committing, onSnapshotError);
    logger.info(summary, 'reindex done');
    return summary;
  } catch (error) {
    await snapshot?.writer?.abort();
    // Before the swap nothing reads the new index: drop it. After, it is
    // serving and stays, and the relay takes over the replay that failed.
    if (!swapped) await es.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
    else
      await requeueChangesSince(db, position).catch((requeueError: unknown) =>
        logger.error({ err: requeueError }, 'could not requeue changes; run agora reconcile --repair'),
      );
    await db('search_reindex_runs')
      .where({ id: run!.id })
      .update({
        status: 'failed',
        finished_at: db.fn.now(),
        duration_ms: Math.round(performance.now() - started),
        error: String(error).slice(0, 2000),
      });
    throw error;
  }
}

export class ReindexCountMismatchError extends Error {}

/**
 * The last guard before the swap: the new index must hold every indexable
 * product. Counts are taken at slightly different moments while writes go on,
 * so each change committed after the last replay may explain one document of
 * difference, and each rejected document one more; anything beyond is a bug
 * worth refusing the swap for.
 */
async function verifyCount(db: Knex, es: ElasticsearchClient, index: string, since: OutboxPosition, rejected: number): Promise<void> {
  const [postgres, elasticsearch] = await Promise.all([countIndexableProducts(db), es.count({ index }).then((r) => r.count)]);
  const difference = Math.abs(postgres - elasticsearch);
  if (difference === 0) return;
  const inFlight = (await changesSince(db, since)).length;
  if (difference > inFlight + rejected) {
    throw new ReindexCountMismatchError(
      `new index ${index} holds ${elasticsearch} documents but Postgres has ${postgres} indexable products (${inFlight} changes in flight, ${rejected} rejected); alias not swapped`,
    );
  }
}
