import { randomUUID } from 'node:crypto';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import knex, { type Knex } from 'knex';
import { createElasticsearch, createIndexingElasticsearch } from '../../core/clients';
import type { Config } from '../../core/config';
import { migrateLatest } from '../../db/migrate';

/**
 * A throw-away copy of Agora for one evaluation: its own Postgres schema in
 * the configured database and its own index prefix in the configured
 * cluster, so training and indexing never touch the data the API serves.
 * `drop()` removes both (call it in a finally).
 */
export interface Scratch {
  /** The configuration with the scratch index prefix and no reindex snapshots. */
  config: Config;
  schema: string;
  db: Knex;
  es: ElasticsearchClient;
  drop(): Promise<void>;
}

export interface ScratchNames {
  schema: string;
  indexPrefix: string;
}

/** Names chosen before anything exists, so an interrupted creation can still be cleaned up by name. */
export function scratchNames(label = 'eval'): ScratchNames {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  return { schema: `${label}_${id}`, indexPrefix: `${label}-${id}` };
}

export async function createScratch(config: Config, names: ScratchNames = scratchNames()): Promise<Scratch> {
  const { schema, indexPrefix } = names;
  const scratchConfig: Config = Object.freeze({ ...config, indexPrefix, reindexSnapshotDir: 'off' });
  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create schema ??', [schema]);
  } finally {
    await admin.destroy();
  }
  const db = knex({ client: 'pg', connection: config.databaseUrl, searchPath: [schema], pool: { min: 0, max: config.databasePoolMax } });
  const es = createIndexingElasticsearch(config);
  const drop = async () => {
    // The scratch's own connections first, so none of them holds a lock the drop waits for.
    await Promise.allSettled([db.destroy(), es.close()]);
    await dropScratch(config, names);
  };
  try {
    await migrateLatest(db);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { config: scratchConfig, schema, db, es, drop };
}

/** Removes a scratch copy by name with connections of its own (whatever state its creation got to). */
export async function dropScratch(config: Config, { schema, indexPrefix }: ScratchNames): Promise<void> {
  const problems: string[] = [];
  const es = createElasticsearch(config);
  try {
    // The cluster refuses wildcard deletes (action.destructive_requires_name): name each index.
    const indices = await es.cat.indices({ index: `${indexPrefix}-*`, format: 'json', h: ['index'] });
    const names = indices.map((i) => i.index).filter((name): name is string => typeof name === 'string');
    if (names.length > 0) await es.indices.delete({ index: names });
  } catch (error) {
    problems.push(`indices ${indexPrefix}-*: ${String(error)}`);
  } finally {
    await es.close();
  }
  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('drop schema if exists ?? cascade', [schema]);
  } catch (error) {
    problems.push(`schema ${schema}: ${String(error)}`);
  } finally {
    await admin.destroy();
  }
  if (problems.length > 0) throw new Error(`could not drop the scratch copy: ${problems.join('; ')}`);
}
