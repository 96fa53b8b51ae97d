import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type Redis from 'ioredis';
import type { Config } from '../../core/config';
import { createElasticsearch, createIndexingElasticsearch, createRedis } from '../../core/clients';
import { migrateLatest } from '../../db/migrate';

/**
 * An isolated slice of the real services: its own Postgres schema, index
 * prefix and queue prefix, all removed by `cleanup()`. Evaluation commands
 * import data into one so they never touch the live catalog; the integration
 * tests run in one per file. A missing service fails loudly.
 */
export interface ScratchWorkspace {
  /** The given configuration with the workspace's prefixes and snapshot folder. */
  config: Config;
  schema: string;
  db: Knex;
  /** With the indexing client's long timeouts: workspaces are filled by bulk loads. */
  es: ElasticsearchClient;
  redis: Redis;
  cleanup(): Promise<void>;
}

/** A workspace's names, chosen before anything exists, so an interrupted creation can still be removed by name. */
export interface ScratchNames {
  schema: string;
  indexPrefix: string;
  /** Where its reindex snapshots go; 'off' when the caller switched them off. */
  snapshotDir: string;
}

export interface ScratchOptions {
  /** Names the schema (`<label>_<id>`) and prefixes (`<label>-<id>`): lower-case letters only. */
  label: string;
  /** The services to use and every other setting; the workspace replaces the prefixes and the snapshot folder. */
  config: Config;
  /** @default fresh names for `label` */
  names?: ScratchNames;
}

export function scratchNames(label: string, config: Pick<Config, 'reindexSnapshotDir'>): ScratchNames {
  if (!/^[a-z]+$/.test(label)) throw new Error(`scratch label must be lower-case letters, got "${label}"`);
  const runId = randomUUID().replace(/-/g, '').slice(0, 12);
  return {
    schema: `${label}_${runId}`,
    indexPrefix: `${label}-${runId}`,
    // Reindex snapshots of this run, removed with the rest; none when the caller switched them off.
    snapshotDir: config.reindexSnapshotDir === 'off' ? 'off' : path.join(os.tmpdir(), `agora-${label}-${runId}`),
  };
}

export async function createScratchWorkspace(options: ScratchOptions): Promise<ScratchWorkspace> {
  const names = options.names ?? scratchNames(options.label, options.config);
  const config: Config = {
    ...options.config,
    indexPrefix: names.indexPrefix,
    queuePrefix: names.indexPrefix,
    reindexSnapshotDir: names.snapshotDir,
  };

  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create schema ??', [names.schema]);
  } catch (error) {
    throw new Error(`Postgres is not reachable at ${config.databaseUrl} (run: bash scripts/services.sh up): ${String(error)}`, {
      cause: error,
    });
  } finally {
    await admin.destroy();
  }
  const db = knex({ client: 'pg', connection: config.databaseUrl, searchPath: [names.schema], pool: { min: 0, max: 10 } });
  const es = createIndexingElasticsearch(config);
  const redis = createRedis(config);
  const cleanup = async () => {
    // The workspace's own connections first, so none of them holds a lock the drop waits for.
    const keys = await redis.keys(`${config.queuePrefix}:*`).catch(() => []);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.allSettled([db.destroy(), es.close(), redis.quit()]);
    await dropScratchWorkspace(config, names);
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
  return { config, schema: names.schema, db, es, redis, cleanup };
}

/** Removes a workspace's indexes, schema and snapshots by name, with connections of its own (whatever state its creation got to). */
export async function dropScratchWorkspace(config: Config, names: ScratchNames): Promise<void> {
  const problems: string[] = [];
  const es = createElasticsearch(config);
  try {
    // This server refuses wildcard deletes (action.destructive_requires_name), so name each index.
    const indices = await es.cat.indices({ index: `${names.indexPrefix}-*`, format: 'json', h: ['index'] });
    const found = indices.map((i) => i.index).filter((name): name is string => typeof name === 'string');
    if (found.length > 0) await es.indices.delete({ index: found });
  } catch (error) {
    problems.push(`indices ${names.indexPrefix}-*: ${String(error)}`);
  } finally {
    await es.close();
  }
  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('drop schema if exists ?? cascade', [names.schema]);
  } catch (error) {
    problems.push(`schema ${names.schema}: ${String(error)}`);
  } finally {
    await admin.destroy();
  }
  if (names.snapshotDir !== 'off') await rm(names.snapshotDir, { recursive: true, force: true });
  if (problems.length > 0) throw new Error(`could not drop the scratch workspace: ${problems.join('; ')}`);
}
