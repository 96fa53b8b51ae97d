import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type Redis from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { AgoraQueue } from '../../jobs/queues';
import type { SearchLogWriter } from '../search/search-log';
import type { MerchandisingStore } from '../merchandising/store';

/** Everything the HTTP API needs, built by the API entry (or a test) and passed in. */
export interface ApiDependencies {
  config: Config;
  logger: Logger;
  es: ElasticsearchClient;
  db: Knex;
  redis: Redis;
  queue: AgoraQueue;
  /** Buffered search log; its owner flushes it on shutdown. */
  searchLog: SearchLogWriter;
  /** Rules, synonyms and weights kept current in this process; its owner starts and closes it. */
  merchandising: MerchandisingStore;
  /** The wall clock merchandising rules' time windows are judged by; tests set it. @default Date.now */
  clock?: () => number;
}
