/**
 * The API as `agora api` composes it, in a process of its own, for
 * the API benchmarks (`api-process.ts`): its CPU time is the API's alone, apart from the load
 * generator's. Two differences, both for the measurement: every search misses
 * the result cache (the lookup and the store still go to Redis, under a key
 * no other request shares), and the Elasticsearch requests it sends are
 * recorded, so the parent can send the very same bodies to Elasticsearch
 * directly. `/__bench/cpu`, `/__bench/requests` and `/__bench/profile/{start,stop}` (a V8 CPU profile of the
 * requests in between, written to the path in `?to=`) answer the parent.
 */
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/core/config';
import { createClients, closeClients } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { createResultCache, type ResultCache } from '../../src/search/result-cache';
import { answerClientErrorsWithJson } from '../../src/api/client-errors';
import { composeApi } from '../../src/cli/api-composition';

/** One request the API sent to Elasticsearch, as the transport had it. */
export interface RecordedRequest {
  method: string;
  path: string;
  querystring?: Record<string, unknown> | string;
  body?: unknown;
}

/**
 * The real cache's Redis round trip, with a key of its own each time: always a miss, and, as for any search asked once,
 * no store (result-cache.ts storeAfterAskedWithinSeconds).
 */
function alwaysMissing(cache: ResultCache): ResultCache {
  let request = 0;
  const salt = `${process.pid}-${Date.now()}`;
  return { lookup: (key) => cache.lookup({ key, miss: `${salt}-${request++}` }) };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const logger = createLogger(config, 'agora-api');
  const clients = createClients(config, 'api');
  const recorded: RecordedRequest[] = [];
  clients.es.diagnostic.on('request', (_error, event) => {
    const params = event?.meta.request.params;
    if (params) recorded.push({ method: params.method, path: params.path, querystring: params.querystring, body: params.body });
  });
  const { app, close } = await composeApi({
    config,
    logger,
    clients,
    resultCache: alwaysMissing(createResultCache(clients.redis, config.indexPrefix)),
  });
  const callback = app.callback();
  const inspector = new Session();
  inspector.connect();
  const server = http.createServer((request, response) => {
    if (request.url === '/__bench/profile/start') {
      void (async () => {
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
        response.end('{}');
      })();
    } else if (request.url?.startsWith('/__bench/profile/stop?to=')) {
      void (async () => {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(decodeURIComponent(request.url!.slice('/__bench/profile/stop?to='.length)), JSON.stringify(profile));
        response.end('{}');
      })();
    } else if (request.url === '/__bench/cpu') {
      const cpu = process.cpuUsage();
      response.end(JSON.stringify(cpu));
    } else if (request.url === '/__bench/requests') {
      response.end(JSON.stringify(recorded.splice(0)));
    } else void callback(request, response);
  });
  answerClientErrorsWithJson(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.on('disconnect', () => {
    void (async () => {
      server.close();
      server.closeAllConnections();
      await close();
      await closeClients(clients);
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
