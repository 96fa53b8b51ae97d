import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type Redis from 'ioredis';
import type { Config } from '../../core/config';
import type { Logger } from '../../core/logger';
import type { Metrics } from '../../core/metrics';
import type { IndexingStatusReader } from '../../core/indexing-status';
import type { SearchLogWriter } from '../../search/search-log';
import type { MerchandisingStore } from '../../merchandising/store';
import type { ExperimentStore } from '../../experiments/store';
import type { ApiKeyAuthenticator } from '../../auth/authenticator';
import type { ResultCache } from '../../search/result-cache';

/** Everything the HTTP API needs, built by the API entry (or a test) and passed in. */
export interface ApiDependencies {
  config: Config;
  logger: Logger;
  es: ElasticsearchClient;
  db: Knex;
  redis: Redis;
  /** Outbox depth, last reindex and rejected documents for /readyz; the composition root passes the indexers' reader. */
  indexingStatus: IndexingStatusReader;
  /** Buffered search log; its owner flushes it on shutdown. */
  searchLog: SearchLogWriter;
  /** Rules, synonyms and weights kept current in this process; its owner starts and closes it. */
  merchandising: MerchandisingStore;
  /**
   * Running A/B experiments kept current in this process; its owner starts and closes it.
   * @default a store that loads on first use and reloads only on this process's own writes
   */
  experiments?: ExperimentStore;
  /** API keys, cached and told of revocations in every process; its owner starts and closes it. */
  apiKeys: ApiKeyAuthenticator;
  /** Prometheus metrics this process exposes (the API entry passes them when METRICS_PORT is set); absent: nothing recorded. */
  metrics?: Metrics;
  /** Whole search answers kept for a short while. @default Redis, under the index generation (src/search/result-cache.ts) */
  resultCache?: ResultCache;
  /** The wall clock merchandising rules' time windows are judged by; tests set it. @default Date.now */
  clock?: () => number;
}
