import type Queue from 'bull';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Config } from '../src/core/config';
import type { Logger } from '../src/core/logger';
import { createProgress } from '../src/core/progress';
import { cleanupOutbox, relayOutbox } from '../indexers/outbox';
import { reconcile } from '../indexers/reconcile/reconcile';
import { LockBusyError } from '../src/core/advisory-lock';
import { reindex } from '../indexers/reindex/reindex';
import { recomputeSignals } from '../indexers/signals/signals';
import { getIndexingStatus } from '../indexers/status/indexing-status';
import { enqueueRelay, relayStarting } from './outbox';
import { trainJob } from './recommendations/job';
import { refreshPopularQueries } from './popular-queries';
import type { AgoraQueue } from './queue/create-queue';
import { assertNever } from '../src/core/assert-never';
import type { AgoraJob } from './queue/agora-job';

/** The narrow set of dependencies job handlers may use. */
export interface JobDeps {
  config: Config;
  logger: Logger;
  es: ElasticsearchClient;
  db: Knex;
  queue: AgoraQueue;
  /** Called after a job changed what searches see; the API's result cache keys on it. */
  onIndexChanged?: () => Promise<void>;
}

/** Changes older than this still waiting for the relay are worth a warning in the logs. */
const OUTBOX_AGE_WARNING_SECONDS = 30;

/**
 * Job types earlier versions scheduled and this one no longer runs. An install
 * upgraded in place may still hold them in Redis (a repeatable schedule, a job
 * already waiting): they complete as no-ops, and scheduleRepeatableJobs
 * removes their schedules.
 * - `outbox.sweep`: a second fallback wake-up of the relay; the outbox listener's poll covers it.
 */
const RETIRED_JOB_TYPES: ReadonlySet<string> = new Set(['outbox.sweep']);

/** Every job type and its handler, in one place. */
export async function runJob(job: AgoraJob, deps: JobDeps, bullJob?: Queue.Job<AgoraJob>): Promise<unknown> {
  if (RETIRED_JOB_TYPES.has(job.type)) return { skipped: `${job.type} is no longer a job type` };
  switch (job.type) {
    case 'outbox.relay': {
      await relayStarting(deps.queue);
      const summary = await relayOutbox(deps);
      if (summary.written > 0) await deps.onIndexChanged?.();
      // A relay stops after a bounded number of passes so other jobs get a turn; the rest is queued.
      // After a failed pass (or a paused run) nothing is queued: the rows wait out their backoff and the listener's poll wakes a relay.
      if (summary.more) await enqueueRelay(deps.queue);
      return summary;
    }
    case 'outbox.cleanup':
      return { deleted: await cleanupOutbox(deps.db) };
    case 'index.reindex':
      return reindexJob(deps, job.rebuildDocuments === true, bullJob);
    case 'index.signals':
      return recomputeSignals(deps.db, { asOf: deps.config.dataClock ?? null });
    case 'index.reconcile':
      return reconcile(deps, { repair: job.repair });
    case 'index.status': {
      const status = await getIndexingStatus(deps);
      deps.logger.info({ indexing: status }, 'indexing status');
      if (status.oldestPendingAgeSeconds > OUTBOX_AGE_WARNING_SECONDS) {
        deps.logger.warn(
          { outboxDepth: status.outboxDepth, oldestPendingAgeSeconds: status.oldestPendingAgeSeconds },
          'search outbox is falling behind',
        );
      }
      return status;
    }
    case 'search.popular-queries':
      return refreshPopularQueries(deps.db, { windowDays: deps.config.suggestWindowDays });
    case 'recs.train':
      return trainJob(deps, job, bullJob);
    default:
      return assertNever(job);
  }
}

async function reindexJob(deps: JobDeps, rebuildDocuments: boolean, bullJob?: Queue.Job<AgoraJob>): Promise<unknown> {
  try {
    const summary = await reindex(deps, {
      reuseStoredDocuments: !rebuildDocuments,
      progress: (total) => {
        const lines = createProgress({
          label: 'reindex',
          total,
          unit: 'docs',
          intervalMs: 10_000,
          write: (line) => deps.logger.info(line),
        });
        let count = 0;
        return {
          tick(n = 1) {
            count += n;
            lines.tick(n);
            void bullJob?.progress(total > 0 ? Math.floor((count / total) * 100) : 100).catch(() => undefined);
          },
          done: () => lines.done(),
        };
      },
    });
    await deps.onIndexChanged?.();
    return summary;
  } catch (error) {
    // Another reindex holds the lock: this request is already being served.
    if (error instanceof LockBusyError) return { skipped: 'a reindex is already running' };
    throw error;
  }
}

/** The repeatable jobs and their intervals; each schedule's Bull job id is its type. */
const repeatableJobs: ReadonlyArray<{ job: AgoraJob; everyMs: number }> = [
  { job: { type: 'outbox.cleanup' }, everyMs: 60 * 60_000 },
  { job: { type: 'index.signals' }, everyMs: 15 * 60_000 },
  { job: { type: 'index.status' }, everyMs: 60_000 },
  // Hourly; a run finding no new order or event since the last model returns at once.
  { job: { type: 'recs.train' }, everyMs: 60 * 60_000 },
  { job: { type: 'search.popular-queries' }, everyMs: 60_000 },
];

/** Repeatable jobs, registered idempotently at worker start (Bull keys them by name and schedule). */
export async function scheduleRepeatableJobs(queue: AgoraQueue): Promise<void> {
  // Schedules of retired job types, left by an earlier version; removing one also removes its next delayed run.
  for (const repeatable of await queue.getRepeatableJobs()) {
    if (repeatable.id != null && RETIRED_JOB_TYPES.has(repeatable.id)) await queue.removeRepeatableByKey(repeatable.key);
  }
  for (const { job, everyMs } of repeatableJobs)
    await queue.add(job, { repeat: { every: everyMs }, jobId: job.type, removeOnComplete: true, removeOnFail: 50 });
}

/** Repeatable job types whose schedule is not in Redis (an emptied or replaced Redis loses them all). */
export async function missingRepeatableJobs(queue: AgoraQueue): Promise<string[]> {
  const registered = new Set((await queue.getRepeatableJobs()).map((repeatable) => repeatable.id));
  return repeatableJobs.map(({ job }) => job.type).filter((type) => !registered.has(type));
}
