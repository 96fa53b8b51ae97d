import type { Knex } from 'knex';
import type { PoolClient } from 'pg';

export class LockBusyError extends Error {
  constructor(readonly lockName: string) {
    super(`${lockName} is already running`);
    this.name = 'LockBusyError';
  }
}

/**
 * Runs `work` while holding a Postgres session advisory lock, so two workers
 * (or a worker and the CLI) never run it at once. The lock lives on one
 * pooled connection held for the duration, not in a transaction: a
 * transaction open for the length of a reindex would hold back vacuum. The
 * key includes the schema, so installs sharing a database do not block each
 * other. If the process dies the connection closes and the lock is released.
 */
export async function withAdvisoryLock<T>(db: Knex, lockName: string, work: () => Promise<T>): Promise<T> {
  const connection = (await db.client.acquireConnection()) as PoolClient;
  try {
    const { rows } = await connection.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) as locked',
      [lockName],
    );
    if (rows[0]?.locked !== true) throw new LockBusyError(lockName);
    try {
      return await work();
    } finally {
      await connection.query('select pg_advisory_unlock(hashtext(current_schema()), hashtext($1))', [lockName]);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
