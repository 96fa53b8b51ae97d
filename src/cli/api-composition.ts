import type Koa from 'koa';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clients } from '../core/clients';
import type { Metrics } from '../core/metrics';
import type { AppState } from '../api/context/state';
import type { ResultCache } from '../search/result-cache';
import { getIndexingStatus } from '../../indexers/status/indexing-status';
import { createApp } from '../api/app';
import { createSearchLogWriter } from '../search/search-log';
import { createMerchandisingStore } from '../merchandising/store';
import { createExperimentStore } from '../experiments/store';
import { createConfiguredAuthenticator } from '../auth/authenticator';

export interface ComposedApi {
  app: Koa<AppState>;
  /** Flushes the search log and stops the stores (the clients stay open: their owner closes them). */
  close(): Promise<void>;
}

/**
 * The API's parts wired together: the search log, the merchandising and
 * experiment stores (started, so the first request finds them loaded), the
 * key authenticator and the Koa app. The API process serves it; benchmarks
 * measure the same wiring.
 */
export async function composeApi(options: {
  config: Config;
  logger: Logger;
  clients: Clients;
  metrics?: Metrics;
  resultCache?: ResultCache;
}): Promise<ComposedApi> {
  const { config, logger, clients } = options;
  const searchLog = createSearchLogWriter(clients.db, logger);
  const merchandising = createMerchandisingStore({ db: clients.db, redis: clients.redis, indexPrefix: config.indexPrefix, logger });
  await merchandising.start();
  const experiments = createExperimentStore({
    db: clients.db,
    redis: clients.redis,
    indexPrefix: config.indexPrefix,
    logger,
    merchandising,
  });
  await experiments.start();
  const apiKeys = createConfiguredAuthenticator({ db: clients.db, redis: clients.redis, logger, config });
  await apiKeys.start();
  const app = createApp({
    config,
    logger,
    ...clients,
    searchLog,
    merchandising,
    experiments,
    apiKeys,
    indexingStatus: () => getIndexingStatus({ ...clients, config }),
    metrics: options.metrics,
    resultCache: options.resultCache,
  });
  return {
    app,
    async close() {
      await searchLog.close();
      await experiments.close();
      await merchandising.close();
      await apiKeys.close();
    },
  };
}
