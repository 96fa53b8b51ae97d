import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/core/logger';
import { getIndexingStatus } from '../../indexers/status/indexing-status';
import { createSearchLogWriter, type SearchLogWriter } from '../../src/search/search-log';
import { createMerchandisingStore, type MerchandisingStore } from '../../src/merchandising/store';
import { createExperimentStore, type ExperimentStore } from '../../src/experiments/store';
import { createConfiguredAuthenticator, type ApiKeyAuthenticator } from '../../src/auth/authenticator';
import type Redis from 'ioredis';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Config } from '../../src/core/config';
import type { Metrics } from '../../src/core/metrics';
import type { TestEnvironment } from './environment';
import { answerClientErrorsWithJson } from '../../src/api/client-errors';

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface TestApi {
  baseUrl: string;
  searchLog: SearchLogWriter;
  merchandising: MerchandisingStore;
  experiments: ExperimentStore;
  apiKeys: ApiKeyAuthenticator;
  request(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

/** The real Koa app on an ephemeral loopback port, over the test environment's services. */
export interface TestApiOptions {
  /** The clock merchandising time windows are judged by. @default Date.now */
  clock?: () => number;
  /** Settings of this API over the environment's (e.g. small rate-limit budgets). @default {} */
  config?: Partial<Config>;
  /** Metrics the API records into (src/core/metrics.ts). @default none */
  metrics?: Metrics;
  /** The API's own Redis client (e.g. one that cannot connect); the key cache and merchandising keep the environment's. @default env.redis */
  redis?: Redis;
  /** The API's own Postgres client (e.g. one through a relay the test cuts, ./postgres-proxy.ts), for everything it reads and writes. @default env.db */
  db?: Knex;
  /** The API's own Elasticsearch client (e.g. one with other credentials, ./secured-elasticsearch.ts). @default env.es */
  es?: ElasticsearchClient;
}

export async function startTestApi(env: TestEnvironment, options: TestApiOptions = {}): Promise<TestApi> {
  const logger = createLogger(env.config);
  const db = options.db ?? env.db;
  const searchLog = createSearchLogWriter(db, logger, { flushIntervalMs: 100 });
  const merchandising = createMerchandisingStore({ db, redis: env.redis, indexPrefix: env.config.indexPrefix, logger });
  await merchandising.start();
  const experiments = createExperimentStore({ db, redis: env.redis, indexPrefix: env.config.indexPrefix, logger, merchandising });
  await experiments.start();
  const apiKeys = createConfiguredAuthenticator({ db, redis: env.redis, logger, config: env.config });
  await apiKeys.start();
  const app = createApp({
    config: { ...env.config, ...options.config },
    logger,
    es: options.es ?? env.es,
    db,
    redis: options.redis ?? env.redis,
    searchLog,
    merchandising,
    experiments,
    apiKeys,
    clock: options.clock,
    metrics: options.metrics,
    indexingStatus: () => getIndexingStatus(env),
  });
  const server = http.createServer(app.callback());
  answerClientErrorsWithJson(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    searchLog,
    merchandising,
    experiments,
    apiKeys,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Not JSON: keep the text so the assertion shows it.
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await searchLog.close();
      await experiments.close();
      await merchandising.close();
      await apiKeys.close();
    },
  };
}
