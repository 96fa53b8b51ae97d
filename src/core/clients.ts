import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import knex, { type Knex } from 'knex';
import Redis from 'ioredis';
import type { Config } from './config';
import { databaseKnexConfig, type DatabaseSettings, type DatabaseUse } from './database-sessions';

/**
 * The clients of the three services, created in one place and passed to
 * whoever needs them; nothing holds them in module state, so tests can build
 * their own against unique index and queue names.
 */
export interface Clients {
  es: ElasticsearchClient;
  db: Knex;
  redis: Redis;
}

export function createElasticsearch(config: Pick<Config, 'elasticsearchUrl' | 'elasticsearchTimeoutMs'>): ElasticsearchClient {
  return new ElasticsearchClient({
    node: config.elasticsearchUrl,
    requestTimeout: config.elasticsearchTimeoutMs,
    // One retry keeps a flaky connection from failing a request, but a dead
    // cluster still answers within about two timeouts.
    maxRetries: 1,
  });
}

/** Timeout for indexing clients: a busy cluster may take tens of seconds over a large _bulk or a refresh. */
export const INDEXING_TIMEOUT_MS = 120_000;

/**
 * The Elasticsearch client for writers (worker, CLI, benchmarks). The API's
 * client times out after a few seconds so that searches fail fast with a
 * 503; the transport applies that timeout to every request of the client
 * (undici cannot lengthen it per request), so writers need a client of their
 * own rather than a per-request override.
 */
export function createIndexingElasticsearch(config: Pick<Config, 'elasticsearchUrl' | 'elasticsearchTimeoutMs'>): ElasticsearchClient {
  return createElasticsearch({ ...config, elasticsearchTimeoutMs: Math.max(config.elasticsearchTimeoutMs, INDEXING_TIMEOUT_MS) });
}

/** A Postgres pool whose sessions time out as `use` needs (./database-sessions.ts): the API fails fast, workers and the CLI wait longer. */
export function createDatabase(config: DatabaseSettings, use: DatabaseUse = 'background'): Knex {
  return knex(databaseKnexConfig(config, use));
}

export function createRedis(config: Pick<Config, 'redisUrl'>): Redis {
  // Fail commands fast while Redis is down instead of queueing them forever.
  return new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
}

/** The three clients; the API process passes `use` 'api', so its Postgres sessions fail fast (./database-sessions.ts). */
export function createClients(config: Config, use: DatabaseUse = 'background'): Clients {
  return { es: createElasticsearch(config), db: createDatabase(config, use), redis: createRedis(config) };
}

export async function closeClients(clients: Clients): Promise<void> {
  await Promise.allSettled([clients.es.close(), clients.db.destroy(), clients.redis.quit()]);
}
