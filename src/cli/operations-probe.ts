import type { Knex } from 'knex';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { OperationsProbe } from '../core/metrics';
import type { AgoraQueue } from '../../jobs/queue/create-queue';
import { getIndexingStatus } from '../../indexers/status/indexing-status';

/**
 * The operations gauges' reading (src/core/metrics.ts), from the indexers' status, the outbox rows
 * processed in the last minute, the last training run and the queue's counts: a few indexed
 * queries per scrape.
 */
export function createOperationsProbe(deps: {
  db: Knex;
  es: ElasticsearchClient;
  queue: AgoraQueue;
  config: { indexPrefix: string };
}): OperationsProbe {
  return async () => {
    const [status, lag, training, queue] = await Promise.all([
      getIndexingStatus(deps),
      deps.db
        .raw<{ rows: Array<{ p50: number | null; p99: number | null; n: string }> }>(
          `select percentile_cont(0.5) within group (order by extract(epoch from processed_at - created_at)) as p50,
                  percentile_cont(0.99) within group (order by extract(epoch from processed_at - created_at)) as p99,
                  count(*) as n
             from search_outbox where processed_at > now() - interval '1 minute'`,
        )
        .then((r) => r.rows[0]),
      deps
        .db('recommendation_models')
        .where({ status: 'succeeded' })
        .whereNotNull('finished_at')
        .orderBy('id', 'desc')
        .first(deps.db.raw('extract(epoch from finished_at - created_at) as seconds'))
        .then((row: { seconds: string | number } | undefined) => (row ? Number(row.seconds) : null)),
      deps.queue.getJobCounts().catch(() => null),
    ]);
    return {
      outboxDepth: status.outboxDepth,
      oldestPendingAgeSeconds: status.oldestPendingAgeSeconds,
      recentLag: lag && Number(lag.n) > 0 ? { p50: Number(lag.p50), p99: Number(lag.p99), count: Number(lag.n) } : null,
      lastReindexSeconds: status.lastReindex?.durationMs != null ? status.lastReindex.durationMs / 1000 : null,
      lastTrainingSeconds: training,
      queue: queue ? { ...queue } : null,
    };
  };
}
