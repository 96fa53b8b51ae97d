/**
 * Search latency on whatever catalog the configured database and index hold
 * (seed 100k with `agora seed --size 100k` and `agora reindex` first). Side by
 * side in one run: the raw Elasticsearch request Agora builds, Agora's search
 * service without cache (analysis + build + call + shaping), with a warm
 * Redis cache, and the whole HTTP API.
 *
 *   npx tsx benchmarks/search/latency.ts [--queries 300] [--rounds 2]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/core/config';
import { createClients, closeClients } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { createApiKey } from '../../src/auth/api-keys';
import { createCatalogDirectory } from '../../src/search/catalog/catalog-directory';
import { createResultCache } from '../../src/search/result-cache';
import { composeApi } from '../../src/cli/api-composition';
import { createSearchService } from '../../src/search/search-service';
import { staticMerchandising } from '../../src/search/merchandising';
import { buildSearchBody } from '../../src/search/body/build-body';
import { parseSearchRequest } from '../../src/search/request/params';
import { analyzeQuery } from '../../ranking/query/query-text';
import { productsAlias } from '../../src/core/product-index';
import { defaultRankingWeights } from '../../ranking/weights/ranking-settings';
import { formatTable, percentiles, timed } from '../support/stats';
import { argument, requestMix } from '../support/request-mix';

async function main(): Promise<void> {
  // The rate limiter stays on the measured path (its Redis round trip is part of what the API adds),
  // with a per-address budget no benchmark reaches: every request here comes from one address.
  const config = loadConfig({ RATE_LIMIT_PUBLIC_PER_ADDRESS: '1000000000', ...process.env, LOG_LEVEL: 'silent' });
  const clients = createClients(config);
  const logger = createLogger(config);
  const index = productsAlias(config.indexPrefix);
  const count = await clients.es.count({ index });
  const mix = await requestMix(clients.db, argument('queries', 300));
  const rounds = argument('rounds', 2);
  console.log(`catalog: ${count.count} documents in ${index}; ${mix.length} requests × ${rounds} rounds`);

  const catalog = createCatalogDirectory(clients.db);
  const service = (cache: boolean) =>
    createSearchService({
      es: clients.es,
      index,
      categories: catalog,
      merchandising: staticMerchandising(),
      cache: cache ? createResultCache(clients.redis, `${config.indexPrefix}-bench-${Date.now()}`) : null,
      searchLog: null,
    });
  const uncached = service(false);
  const cached = service(true);
  const { app, close } = await composeApi({ config, logger, clients });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = (await createApiKey(clients.db, { role: 'public', label: 'benchmark' })).key;

  const variants: Array<[string, (query: Record<string, string>) => Promise<unknown>]> = [
    [
      'raw Elasticsearch (same body)',
      async (query) => {
        const request = parseSearchRequest(query);
        const keys = request.filters.categoryIds.length === 1 ? await catalog.facetAttributes(request.filters.categoryIds[0]!) : [];
        return clients.es.search(
          buildSearchBody(request, request.q ? analyzeQuery(request.q) : null, {
            index,
            weights: defaultRankingWeights,
            attributeKeys: keys,
            requirement: 'all',
            suggest: true,
          }),
        );
      },
    ],
    ['Agora service, no cache', (query) => uncached.search(parseSearchRequest(query))],
    ['Agora service, warm cache', (query) => cached.search(parseSearchRequest(query))],
    [
      'Agora HTTP API (cache on)',
      (query) =>
        fetch(`${base}/v1/search?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()),
    ],
  ];

  // Warm up: JIT, Elasticsearch caches, and the cache variants' entries (twice: an answer is stored from its second ask).
  for (let pass = 0; pass < 2; pass++) for (const query of mix) for (const [, run] of variants) await run(query);
  const rows: Array<Array<string | number>> = [];
  for (const [name, run] of variants) {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) for (const query of mix) samples.push((await timed(() => run(query)))[0]);
    const p = percentiles(samples);
    rows.push([name, p.n, p.p50, p.p95, p.p99, p.mean]);
  }
  console.log(formatTable(['variant', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms'], rows));

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await close();
  await clients.db('api_keys').where({ label: 'benchmark' }).delete();
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
