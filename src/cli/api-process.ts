import http from 'node:http';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { closeClients, createClients } from '../core/clients';
import { getIndexingStatus } from '../../indexers/status/indexing-status';
import { createApp } from '../api/app';
import { createSearchLogWriter } from '../search/search-log';
import { createMerchandisingStore } from '../merchandising/store';
import { createExperimentStore } from '../experiments/store';
import { createConfiguredAuthenticator } from '../auth/authenticator';
import { runMain, stopGracefullyOnSignals } from '../core/process-lifecycle';
import { answerClientErrorsWithJson } from '../api/client-errors';

/**
 * The API process: the composition root of serving. Any number may run
 * against the same services; each stops gracefully on SIGTERM, finishing
 * in-flight requests before closing its clients.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'agora-api');
  const clients = createClients(config);
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
  });

  const server = http.createServer(app.callback());
  answerClientErrorsWithJson(server);
  // A client that trickles its headers or body holds a socket: Node closes it after these (a proxy in front should be stricter).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.apiPort, config.apiHost, resolve);
  });
  logger.info({ url: `http://${config.apiHost}:${config.apiPort}` }, 'api listening');

  stopGracefullyOnSignals({
    name: 'api',
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await searchLog.close();
      await experiments.close();
      await merchandising.close();
      await apiKeys.close();
      await closeClients(clients);
    },
  });
}

runMain('agora-api', main);
