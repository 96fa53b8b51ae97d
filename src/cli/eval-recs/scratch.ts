import { randomUUID } from 'node:crypto';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import knex, { type Knex } from 'knex';
import { createIndexingElasticsearch } from '../../core/clients';
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

export async function createScratch(config: Config, label = 'eval'): Promise<Scratch> {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const schema = `${label}_${id}`;
  const scratchConfig: Config = Object.freeze({ ...config, indexPrefix: `${label}-${id}`, reindexSnapshotDir: 'off' });
  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create schema ??', [schema]);
  } finally {
    await admin.destroy();
  }
  const db = knex({ client: 'pg', connection: config.databaseUrl, searchPath: [schema], pool: { min: 0, max: config.databasePoolMax } });
  const es = createIndexingElasticsearch(config);
  const drop = async () => {
    const problems: string[] = [];
    try {
      // The cluster refuses wildcard deletes (action.destructive_requires_name): name each index.
      const indices = await es.cat.indices({ index: `${scratchConfig.indexPrefix}-*`, format: 'json', h: ['index'] });
      const names = indices.map((i) => i.index).filter((name): name is string => typeof name === 'string');
      if (names.length > 0) await es.indices.delete({ index: names });
    } catch (error) {
      problems.push(`indices ${scratchConfig.indexPrefix}-*: ${String(error)}`);
    }
    try {
      await db.raw('drop schema ?? cascade', [schema]);
    } catch (error) {
      problems.push(`schema ${schema}: ${String(error)}`);
    }
    await Promise.allSettled([db.destroy(), es.close()]);
    if (problems.length > 0) throw new Error(`could not drop the scratch copy: ${problems.join('; ')}`);
  };
  try {
    await migrateLatest(db);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { config: scratchConfig, schema, db, es, drop };
}
