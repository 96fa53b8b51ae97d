import type { Knex } from 'knex';
import type { Config } from './config';

/**
 * What a process does with Postgres decides how long it may wait: an API
 * request must fail fast (a 503 in about a second beats holding a pooled
 * connection for a minute), a worker's batch may take longer but must never
 * hang on a lock or leave a transaction open for ever.
 */
export type DatabaseUse = 'api' | 'background';

export type DatabaseSettings = Pick<
  Config,
  | 'databaseUrl'
  | 'databasePoolMax'
  | 'databaseStatementTimeoutMs'
  | 'databaseLockTimeoutMs'
  | 'databaseIdleInTransactionTimeoutMs'
  | 'databaseAcquireTimeoutMs'
  | 'backgroundStatementTimeoutMs'
  | 'backgroundLockTimeoutMs'
  | 'backgroundIdleInTransactionTimeoutMs'
  | 'backgroundAcquireTimeoutMs'
>;

export interface SessionTimeouts {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  acquireTimeoutMs: number;
}

export function sessionTimeouts(config: DatabaseSettings, use: DatabaseUse): SessionTimeouts {
  return use === 'api'
    ? {
        statementTimeoutMs: config.databaseStatementTimeoutMs,
        lockTimeoutMs: config.databaseLockTimeoutMs,
        idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
        acquireTimeoutMs: config.databaseAcquireTimeoutMs,
      }
    : {
        statementTimeoutMs: config.backgroundStatementTimeoutMs,
        lockTimeoutMs: config.backgroundLockTimeoutMs,
        idleInTransactionTimeoutMs: config.backgroundIdleInTransactionTimeoutMs,
        acquireTimeoutMs: config.backgroundAcquireTimeoutMs,
      };
}

/**
 * The knex configuration of a pool. The timeouts travel as startup parameters
 * of every connection (node-postgres sends them with the login), so no query
 * runs before they apply and no pooled connection can lack them; a
 * `SET`/`SET LOCAL` in a transaction may still lengthen them where a longer
 * statement is expected. 0 leaves Postgres's default (no limit).
 */
export function databaseKnexConfig(config: DatabaseSettings, use: DatabaseUse): Knex.Config {
  const timeouts = sessionTimeouts(config, use);
  const limit = (ms: number) => (ms > 0 ? ms : undefined);
  return {
    client: 'pg',
    connection: {
      connectionString: config.databaseUrl,
      statement_timeout: limit(timeouts.statementTimeoutMs),
      lock_timeout: limit(timeouts.lockTimeoutMs),
      idle_in_transaction_session_timeout: limit(timeouts.idleInTransactionTimeoutMs),
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: config.databasePoolMax },
    acquireConnectionTimeout: timeouts.acquireTimeoutMs,
  };
}
