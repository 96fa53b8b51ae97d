import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type Redis from 'ioredis';
import { loadConfig, type Config } from '../../src/core/config';
import { createElasticsearch, createRedis } from '../../src/core/clients';
import { migrateLatest } from '../../src/db/migrate';

/**
 * An isolated slice of the real services for one integration test file: its
 * own Postgres schema, index prefix and queue prefix, all removed afterwards.
 * A missing service fails the suite loudly; nothing is ever skipped.
 */
export interface TestEnvironment {
  config: Config;
  schema: string;
  db: Knex;
  es: ElasticsearchClient;
  redis: Redis;
  cleanup(): Promise<void>;
}

export async function createTestEnvironment(overrides: NodeJS.ProcessEnv = {}): Promise<TestEnvironment> {
  const runId = randomUUID().replace(/-/g, '').slice(0, 12);
  const schema = `test_${runId}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    INDEX_PREFIX: `test-${runId}`,
    QUEUE_PREFIX: `test-${runId}`,
    // Reindex snapshots of this run, removed with the rest.
    REINDEX_SNAPSHOT_DIR: path.join(os.tmpdir(), `agora-test-${runId}`),
    ...overrides,
  });

  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create schema ??', [schema]);
  } catch (error) {
    throw new Error(`Postgres is not reachable at ${config.databaseUrl} (run: bash scripts/services.sh up): ${String(error)}`, {
      cause: error,
    });
  } finally {
    await admin.destroy();
  }
  const db = knex({ client: 'pg', connection: config.databaseUrl, searchPath: [schema], pool: { min: 0, max: 10 } });
  await migrateLatest(db);

  const es = createElasticsearch(config);
  try {
    // This server build has no `GET /` handler (ping answers 405), so ask for cluster health instead.
    await es.cluster.health({ wait_for_status: 'yellow', timeout: '30s' });
  } catch (error) {
    throw new Error(`Elasticsearch is not reachable at ${config.elasticsearchUrl} (run: bash scripts/services.sh up): ${String(error)}`, {
      cause: error,
    });
  }
  const redis = createRedis(config);
  try {
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${config.redisUrl} (run: bash scripts/services.sh up): ${String(error)}`, { cause: error });
  }

  return {
    config,
    schema,
    db,
    es,
    redis,
    async cleanup() {
      // This server refuses wildcard deletes (action.destructive_requires_name), so name each index.
      const indices = await es.cat.indices({ index: `${config.indexPrefix}-*`, format: 'json', h: ['index'] });
      const names = indices.map((i) => i.index).filter((name): name is string => typeof name === 'string');
      if (names.length > 0) await es.indices.delete({ index: names });
      const keys = await redis.keys(`${config.queuePrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await db.raw('drop schema ?? cascade', [schema]);
      if (config.reindexSnapshotDir !== 'off') await rm(config.reindexSnapshotDir, { recursive: true, force: true });
      await Promise.allSettled([db.destroy(), es.close(), redis.quit()]);
    },
  };
}
