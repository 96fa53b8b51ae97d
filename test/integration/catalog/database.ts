import { randomUUID } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { loadConfig } from '../../../src/core/config';
import { migrateLatest } from '../../../src/db/migrate';
import type { Progress } from '../../../src/core/progress';

/**
 * A fresh, migrated Postgres schema for one test file: its own tables,
 * trigger functions and product_version_seq (the migrations create them in
 * the search path). Only Postgres is needed here, so this does not wait for
 * Elasticsearch or Redis like test/support/environment.ts does. An
 * unreachable Postgres fails the suite with a clear message; never a skip.
 */
export interface TestSchema {
  schema: string;
  db: Knex;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const schema = `test_${randomUUID().replace(/-/g, '')}`;
  const db = knex({
    client: 'pg',
    connection: config.databaseUrl,
    searchPath: [schema],
    pool: { min: 0, max: 4 },
    acquireConnectionTimeout: 10_000,
  });
  try {
    await db.raw('create schema ??', [schema]);
  } catch (error) {
    await db.destroy();
    throw new Error(`Postgres is not reachable at ${config.databaseUrl} (run: bash scripts/services.sh up): ${String(error)}`, {
      cause: error,
    });
  }
  await migrateLatest(db);
  return {
    schema,
    db,
    async drop() {
      await db.raw('drop schema ?? cascade', [schema]);
      await db.destroy();
    },
  };
}

/** Keeps test output clean: imports and seeds report progress on stderr otherwise. */
export const silentProgress = (): Progress => ({ tick: () => undefined, done: () => ({ count: 0, elapsedMs: 0 }) });

export async function countRows(db: Knex, table: string): Promise<number> {
  const [row] = await db(table).count<Array<{ count: string }>>({ count: '*' });
  return Number(row?.count ?? 0);
}
