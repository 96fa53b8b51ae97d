import type { Knex } from 'knex';

export interface OutboxBacklog {
  /** Changes committed but not yet written to Elasticsearch. */
  depth: number;
  /** Age of the oldest of them; 0 when there are none. */
  oldestPendingAgeSeconds: number;
}

/** Pending rows include those a relay has claimed and not yet settled. */
export async function outboxBacklog(db: Knex): Promise<OutboxBacklog> {
  const { rows } = await db.raw<{ rows: Array<{ depth: string; age: string | null }> }>(
    'select count(*) as depth, extract(epoch from clock_timestamp() - min(created_at)) as age from search_outbox where processed_at is null',
  );
  const row = rows[0];
  return { depth: Number(row?.depth ?? 0), oldestPendingAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
}
