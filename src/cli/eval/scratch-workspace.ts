import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type Redis from 'ioredis';
import type { Config } from '../../core/config';
import { createElasticsearch, createRedis } from '../../core/clients';
import { migrateLatest } from '../../db/migrate';

/**
 * An isolated slice of the real services: its own Postgres schema, index
 * prefix and queue prefix, all removed by `cleanup()`. Evaluation commands
 * import data into one so they never touch the live catalog; the integration
 * tests run in one per file. A missing service fails loudly.
 */
export interface ScratchWorkspace {
  config: Config;
  schema: string;
  db: Knex;
  es: ElasticsearchClient;
  redis: Redis;
  cleanup(): Promise<void>;
}

export interface ScratchOptions {
  /** Names the schema (`<label>_<id>`) and prefixes (`<label>-<id>`): lower-case letters only. */
  label: string;
  /** The services to use and every other setting; the workspace replaces the prefixes and the snapshot folder. */
  config: Config;
}

export async function createScratchWorkspace(options: ScratchOptions): Promise<ScratchWorkspace> {
  if (!/^[a-z]+$/.test(options.label)) throw new Error(`scratch label must be lower-case letters, got "${options.label}"`);
  const runId = randomUUID().replace(/-/g, '').slice(0, 12);
  const schema = `${options.label}_${runId}`;
  const config: Config = {
    ...options.config,
    indexPrefix: `${options.label}-${runId}`,
    queuePrefix: `${options.label}-${runId}`,
    // Reindex snapshots of this run, removed with the rest; none when the caller switched them off.
    reindexSnapshotDir: options.config.reindexSnapshotDir === 'off' ? 'off' : path.join(os.tmpdir(), `agora-${options.label}-${runId}`),
  };

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
  const es = createElasticsearch(config);
  const redis = createRedis(config);
  const cleanup = async () => {
    // This server refuses wildcard deletes (action.destructive_requires_name), so name each index.
    const indices = await es.cat.indices({ index: `${config.indexPrefix}-*`, format: 'json', h: ['index'] }).catch(() => []);
    const names = indices.map((i) => i.index).filter((name): name is string => typeof name === 'string');
    if (names.length > 0) await es.indices.delete({ index: names });
    const keys = await redis.keys(`${config.queuePrefix}:*`).catch(() => []);
    if (keys.length > 0) await redis.del(...keys);
    await db.raw('drop schema if exists ?? cascade', [schema]);
    if (config.reindexSnapshotDir !== 'off') await rm(config.reindexSnapshotDir, { recursive: true, force: true });
    await Promise.allSettled([db.destroy(), es.close(), redis.quit()]);
  };

  try {
    await migrateLatest(db);
    try {
      // This server build has no `GET /` handler (ping answers 405), so ask for cluster health instead.
      await es.cluster.health({ wait_for_status: 'yellow', timeout: '30s' });
    } catch (error) {
      throw new Error(`Elasticsearch is not reachable at ${config.elasticsearchUrl} (run: bash scripts/services.sh up): ${String(error)}`, {
        cause: error,
      });
    }
    try {
      await redis.ping();
    } catch (error) {
      throw new Error(`Redis is not reachable at ${config.redisUrl} (run: bash scripts/services.sh up): ${String(error)}`, {
        cause: error,
      });
    }
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
  return { config, schema, db, es, redis, cleanup };
}
