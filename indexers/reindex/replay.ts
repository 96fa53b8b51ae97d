import type { Knex } from 'knex';
import type { ProductChange, SyncTarget } from '../sync';
import { syncProducts } from '../sync';

/**
 * Where the outbox stood at an instant. Outbox ids follow insert order, not
 * commit order, so a highest id alone cannot say which changes an earlier
 * read saw; the transaction snapshot can: a change is "after" the position
 * exactly when its transaction was not visible in the snapshot.
 */
export interface OutboxPosition {
  maxId: string;
  snapshot: string;
  /** Database clock when the snapshot was taken; rows processed before it were committed before it. */
  clock: Date;
}

export async function captureOutboxPosition(db: Knex): Promise<OutboxPosition> {
  const { rows } = await db.raw<{ rows: Array<{ max_id: string; snapshot: string; clock: Date }> }>(
    'select coalesce(max(id), 0) as max_id, pg_current_snapshot()::text as snapshot, clock_timestamp() as clock from search_outbox',
  );
  const row = rows[0];
  if (row === undefined) throw new Error('could not read the outbox position');
  return { maxId: String(row.max_id), snapshot: row.snapshot, clock: row.clock };
}

/**
 * Changes committed after `position`, newest version per product. A row the
 * snapshot could not see was committed after it, so it was processed (if at
 * all) after the snapshot's clock: the processed_at test only narrows the
 * scan to recent rows.
 */
export async function changesSince(db: Knex, position: OutboxPosition): Promise<ProductChange[]> {
  const { rows } = await db.raw<{ rows: Array<{ product_id: string; version: string }> }>(
    `select product_id, max(version) as version from search_outbox
     where (processed_at is null or processed_at >= ?) and not pg_visible_in_snapshot(xact_id, ?::pg_snapshot)
     group by product_id order by product_id`,
    [position.clock, position.snapshot],
  );
  return rows.map((r) => ({ productId: r.product_id, version: Number(r.version) }));
}

export interface ReplaySummary {
  products: number;
  rejected: number;
  /** Position taken before reading the changes; what committed later is for the next replay. */
  position: OutboxPosition;
}

/**
 * Writes the current state of every product changed since `since` into the
 * target index. Run after the bulk load and again after the alias swap:
 * together with the relay (which writes to the alias) no change is lost.
 */
export async function replayChanges(target: SyncTarget, since: OutboxPosition, chunkSize = 500): Promise<ReplaySummary> {
  const position = await captureOutboxPosition(target.db);
  const changes = await changesSince(target.db, since);
  let rejected = 0;
  for (let i = 0; i < changes.length; i += chunkSize) {
    const result = await syncProducts(target, changes.slice(i, i + chunkSize));
    rejected += result.rejected.filter((r) => r.op === 'index').length;
  }
  return { products: changes.length, rejected, position };
}

/**
 * Hands the replay over to the relay: marks every change committed since
 * `since` as not yet delivered, so the relay writes it again to whatever the
 * alias points at. The fallback when a replay after the alias swap fails.
 */
export async function requeueChangesSince(db: Knex, since: OutboxPosition): Promise<number> {
  const { rowCount } = await db.raw<{ rowCount: number }>(
    `update search_outbox set processed_at = null
     where processed_at >= ? and not pg_visible_in_snapshot(xact_id, ?::pg_snapshot)`,
    [since.clock, since.snapshot],
  );
  return rowCount;
}
