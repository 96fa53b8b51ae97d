import { readFileSync } from 'node:fs';
import { Client as ElasticsearchClient, errors as esErrors, type ClientOptions } from '@elastic/elasticsearch';
import knex, { type Knex } from 'knex';
import Redis from 'ioredis';
import { ConfigError, nodeUrlList, type Config } from './config';
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

/** What the Elasticsearch client factories read from the configuration. */
export type ElasticsearchSettings = Pick<Config, 'elasticsearchUrl' | 'elasticsearchTimeoutMs'> &
  Partial<
    Pick<Config, 'elasticsearchSniff' | 'elasticsearchApiKey' | 'elasticsearchUsername' | 'elasticsearchPassword' | 'elasticsearchCaCert'>
  >;

/** Sniffing, when on, asks the cluster for its nodes this often besides at start and on a connection fault. */
const SNIFF_INTERVAL_MS = 60_000;

/**
 * The client options the configuration means (pure but for reading the CA file): every node of
 * ELASTICSEARCH_URL, sniffing, an API key or user and password, the CA certificate. The one
 * mapping every Elasticsearch client of every process goes through.
 */
export function elasticsearchClientOptions(
  config: ElasticsearchSettings,
  readFile: (path: string) => Buffer = readFileSync,
): ClientOptions {
  const username = config.elasticsearchUsername ?? '';
  const password = config.elasticsearchPassword ?? '';
  if ((username === '') !== (password === ''))
    throw new ConfigError('ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD go together: set both or neither');
  const apiKey = config.elasticsearchApiKey ?? '';
  const auth = apiKey !== '' ? { apiKey } : username !== '' ? { username, password } : undefined;
  const caPath = config.elasticsearchCaCert ?? '';
  let ca: Buffer | undefined;
  if (caPath !== '') {
    try {
      ca = readFile(caPath);
    } catch (error) {
      throw new ConfigError(`ELASTICSEARCH_CA_CERT: cannot read ${caPath}: ${String(error)}`);
    }
  }
  const sniff = config.elasticsearchSniff === true;
  return {
    nodes: nodeUrlList(config.elasticsearchUrl),
    requestTimeout: config.elasticsearchTimeoutMs,
    // One retry keeps a flaky connection from failing a request, and sends a request whose node
    // is down to another one; a dead cluster still answers within about two timeouts.
    maxRetries: 1,
    ...(auth ? { auth } : {}),
    ...(ca ? { tls: { ca } } : {}),
    ...(sniff ? { sniffOnStart: true, sniffOnConnectionFault: true, sniffInterval: SNIFF_INTERVAL_MS } : {}),
  };
}

/**
 * Whether Elasticsearch refused the credentials those options carry: 401 (missing or wrong API key or user) or 403
 * (privileges missing). Nothing but an operator fixing the configuration helps, so the API and its readiness check
 * name it rather than answer as for a fault of the moment.
 */
export function elasticsearchRefusedCredentials(error: unknown): error is InstanceType<typeof esErrors.ResponseError> {
  return error instanceof esErrors.ResponseError && (error.statusCode === 401 || error.statusCode === 403);
}

export function createElasticsearch(config: ElasticsearchSettings): ElasticsearchClient {
  return new ElasticsearchClient(elasticsearchClientOptions(config));
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
export function createIndexingElasticsearch(config: ElasticsearchSettings): ElasticsearchClient {
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
