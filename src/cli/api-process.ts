import http from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadConfig, type Config } from '../core/config';
import { createMetrics, instrumentDatabase, instrumentElasticsearch, type Metrics } from '../core/metrics';
import { createQueue } from '../../jobs/queue/create-queue';
import { createOperationsProbe } from './operations-probe';
import { startMetricsServer } from './metrics-server';
import { createLogger } from '../core/logger';
import { closeClients, createClients, type Clients } from '../core/clients';
import { runMain, stopGracefullyOnSignals } from '../core/process-lifecycle';
import { composeApi } from './api-composition';
import { answerClientErrorsWithJson } from '../api/client-errors';

/**
 * The API process: the composition root of serving. Any number may run
 * against the same services; each stops gracefully on SIGTERM, finishing
 * in-flight requests before closing its clients.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'agora-api');
  // Requests fail fast on a slow, locked or unreachable Postgres: statement, lock and pool waits bounded (503).
  const clients = createClients(config, 'api');
  // Metrics only when asked for (METRICS_PORT): the registry is this process's, handed to what records into it.
  const observed = config.metricsPort > 0 ? await startMetrics(config, clients) : null;
  const { app, close } = await composeApi({ config, logger, clients, metrics: observed?.metrics });

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
      await close();
      await observed?.close();
      await closeClients(clients);
    },
  });
}

async function startMetrics(config: Config, clients: Clients): Promise<{ metrics: Metrics; close(): Promise<void> }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'agora_' });
  // A queue handle for its counts only: this process never processes jobs.
  const queue = createQueue(config);
  const metrics = createMetrics({ registry, probe: createOperationsProbe({ ...clients, queue, config }) });
  instrumentElasticsearch(clients.es, metrics);
  instrumentDatabase(clients.db, metrics);
  const server = await startMetricsServer(registry, config.metricsHost, config.metricsPort);
  return {
    metrics,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
    },
  };
}

runMain('agora-api', main);
