import type { Knex } from 'knex';

export interface CleanupOptions {
  /** Delivered rows are kept this long, for replays and for looking into what happened. @default 24 */
  retentionHours?: number;
  /** Rows deleted per statement, keeping each transaction short. @default 10000 */
  chunkSize?: number;
}

/**
 * Deletes delivered outbox rows past retention, but never those a running
 * reindex may still replay (processed after it started).
 */
export async function cleanupOutbox(db: Knex, options: CleanupOptions = {}): Promise<number> {
  const retentionHours = options.retentionHours ?? 24;
  const chunkSize = options.chunkSize ?? 10_000;
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.raw<{ rowCount: number }>(
      `delete from search_outbox where id in (
         select id from search_outbox
         where processed_at < now() - make_interval(hours => ?)
           and processed_at < coalesce((select min(started_at) from search_reindex_runs where status = 'running'), 'infinity')
         limit ?)`,
      [retentionHours, chunkSize],
    );
    deleted += rowCount;
    if (rowCount < chunkSize) return deleted;
  }
}
