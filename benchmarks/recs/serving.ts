/**
 * Latency of the recommendation endpoints on whatever the configured
 * database and index hold (the 100k fixture: `agora seed --size 100k`,
 * `agora reindex`, `agora train`, `agora index relay`). For every request,
 * the time Elasticsearch requests were in flight (measured at the client,
 * the same bodies at the same moment: the raw Elasticsearch cost) beside the
 * service in process and the whole HTTP API, so the difference is what
 * Agora adds (Postgres history reads, shaping, Koa, auth, JSON). Then the
 * same requests over HTTP with `--concurrency` in flight (default 16): the
 * latency shoppers see under load, and the throughput.
 *
 *   npx tsx benchmarks/recs/serving.ts [--requests 200] [--rounds 1] [--concurrency 16]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { loadConfig } from '../../src/core/config';
import { createClients, closeClients } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { createApp } from '../../src/api/app';
import { getIndexingStatus } from '../../indexers/status/indexing-status';
import { createSearchLogWriter } from '../../src/search/search-log';
import { createMerchandisingStore } from '../../src/merchandising/store';
import { productsAlias } from '../../src/core/product-index';
import { createRecommendationService } from '../../src/recommendations/service';
import {
  parseProductRecommendationRequest,
  parseShopperRecommendationRequest,
  parseTrendingRequest,
} from '../../src/recommendations/params';
import { formatTable, percentiles } from '../support/stats';
import { argument } from '../support/request-mix';
import { memoryKeys } from '../support/memory-keys';

/** Counts Elasticsearch calls and the time at least one was in flight, through a proxy around the client. */
function instrument(es: ElasticsearchClient) {
  let inFlight = 0;
  let since = 0;
  let busy = 0;
  let calls = 0;
  const wrap =
    (call: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      calls++;
      if (inFlight++ === 0) since = performance.now();
      try {
        return await call(...args);
      } finally {
        if (--inFlight === 0) busy += performance.now() - since;
      }
    };
  const client = new Proxy(es, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      return ['search', 'get', 'mget', 'msearch'].includes(String(property))
        ? wrap((value as (...args: unknown[]) => Promise<unknown>).bind(target))
        : value;
    },
  });
  return {
    client,
    take(): { busy: number; calls: number } {
      const out = { busy, calls };
      busy = 0;
      calls = 0;
      return out;
    },
  };
}

interface Case {
  name: string;
  paths: string[];
  /** The same request through the service, in process. */
  service(path: string): Promise<unknown>;
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const clients = createClients(config);
  const logger = createLogger(config);
  const index = productsAlias(config.indexPrefix);
  const n = argument('requests', 200);
  const rounds = argument('rounds', 1);
  const concurrency = argument('concurrency', 16);
  const db = clients.db;
  const sample = async (sql: string) => (await db.raw<{ rows: Array<{ id: string }> }>(sql, [n])).rows.map((r) => r.id);

  // Visible on the storefront: active, and so is the merchant (others answer 404).
  const visible = `join products p on p.id = r.product_id and p.status = 'active' join merchants m on m.id = p.merchant_id and m.status = 'active'`;
  const [withLists, withTogether, cold, customers, sessions, categories] = await Promise.all([
    sample(
      `select r.product_id as id from product_recommendations r ${visible} where cardinality(r.also_bought) >= 10 order by md5(r.product_id) limit ?`,
    ),
    sample(
      `select r.product_id as id from product_recommendations r ${visible} where cardinality(r.bought_together) >= 3 order by md5(r.product_id) limit ?`,
    ),
    sample(
      `select p.id from products p join merchants m on m.id = p.merchant_id and m.status = 'active' left join product_recommendations r on r.product_id = p.id where p.status = 'active' and coalesce(cardinality(r.also_bought), 0) = 0 order by md5(p.id) limit ?`,
    ),
    sample(
      `select customer_id as id from (select distinct customer_id from events where customer_id is not null and occurred_at > (select max(occurred_at) from events) - interval '30 days') c order by md5(customer_id) limit ?`,
    ),
    sample(
      `select session_id as id from (select distinct session_id from events where customer_id is null) s order by md5(session_id) limit ?`,
    ),
    sample(`select id from categories order by md5(id) limit ?`),
  ]);

  const measured = instrument(clients.es);
  const service = createRecommendationService({ es: measured.client, db, index });
  const searchLog = createSearchLogWriter(db, logger);
  const merchandising = createMerchandisingStore({ db, redis: clients.redis, indexPrefix: config.indexPrefix, logger });
  await merchandising.start();
  // Keys in memory: the benchmark reads a shared fixture and writes nothing to it.
  const keys = memoryKeys(logger, config.indexPrefix);
  const apiKeys = keys.authenticator;
  const app = createApp({
    config,
    logger,
    ...clients,
    es: measured.client,
    searchLog,
    merchandising,
    apiKeys,
    indexingStatus: () => getIndexingStatus({ ...clients, config }),
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A customer's data takes a key bound to that customer, signed as a storefront's server does at sign-in (once per customer).
  const keyFor = (path: string): string => {
    const url = new URL(path, base);
    const customer = url.pathname.startsWith('/v1/customers/')
      ? decodeURIComponent(url.pathname.split('/')[3]!)
      : url.searchParams.get('customer');
    return customer === null ? keys.publicKey : keys.customerKey(customer);
  };

  const split = (path: string): [string, Record<string, string>] => {
    const url = new URL(path, base);
    return [url.pathname, Object.fromEntries(url.searchParams)];
  };
  const product = (path: string) => {
    const [pathname, query] = split(path);
    const { productId, request } = parseProductRecommendationRequest(decodeURIComponent(pathname.split('/')[3]!), query);
    return service.forProduct(productId, request);
  };
  const shopper = (kind: 'customerId' | 'sessionId') => (path: string) => {
    const [pathname, query] = split(path);
    return service.forShopper(parseShopperRecommendationRequest({ [kind]: decodeURIComponent(pathname.split('/')[3]!) }, query));
  };
  const trending = (path: string) => service.trending(parseTrendingRequest(split(path)[1]));
  const cases: Case[] = [
    {
      name: 'also_bought (product with a list)',
      paths: withLists.map((id) => `/v1/products/${id}/recommendations?type=also_bought`),
      service: product,
    },
    {
      name: 'bought_together',
      paths: withTogether.map((id) => `/v1/products/${id}/recommendations?type=bought_together`),
      service: product,
    },
    {
      name: 'similar (content + CF blend)',
      paths: withLists.map((id) => `/v1/products/${id}/recommendations?type=similar`),
      service: product,
    },
    {
      name: 'also_bought, cold product (fallbacks)',
      paths: cold.map((id) => `/v1/products/${id}/recommendations?type=also_bought`),
      service: product,
    },
    {
      name: 'also_bought, customer + diversity',
      paths: withLists.map((id, i) => `/v1/products/${id}/recommendations?customer=${customers[i % customers.length]}&max_per_brand=2`),
      service: product,
    },
    { name: 'for you (customer)', paths: customers.map((id) => `/v1/customers/${id}/recommendations`), service: shopper('customerId') },
    {
      name: 'for you (anonymous session)',
      paths: sessions.map((id) => `/v1/sessions/${id}/recommendations`),
      service: shopper('sessionId'),
    },
    {
      name: 'for you (unknown customer)',
      paths: customers.map((_, i) => `/v1/customers/unknown-${i}/recommendations`),
      service: shopper('customerId'),
    },
    { name: 'trending (global)', paths: customers.map(() => '/v1/recommendations/trending'), service: trending },
    { name: 'trending (category)', paths: categories.map((id) => `/v1/recommendations/trending?category=${id}`), service: trending },
  ];
  const count = await clients.es.count({ index });
  console.log(`catalog: ${count.count} documents in ${index}; up to ${n} requests per endpoint × ${rounds} round(s), one at a time`);

  const http1 = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${keyFor(path)}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const rows: Array<Array<string | number>> = [];
  for (const c of cases) {
    // Warm up: JIT, Elasticsearch caches, Postgres buffers.
    for (const path of c.paths) await http1(path);
    measured.take();
    const es: number[] = [];
    const inProcess: number[] = [];
    const overHttp: number[] = [];
    const added: number[] = [];
    let calls = 0;
    for (let round = 0; round < rounds; round++) {
      for (const path of c.paths) {
        let started = performance.now();
        await c.service(path);
        inProcess.push(performance.now() - started);
        measured.take();
        started = performance.now();
        await http1(path);
        const total = performance.now() - started;
        const taken = measured.take();
        overHttp.push(total);
        es.push(taken.busy);
        added.push(total - taken.busy);
        calls += taken.calls;
      }
    }
    const [e, s, h, a] = [percentiles(es), percentiles(inProcess), percentiles(overHttp), percentiles(added)];
    rows.push([c.name, h.n, calls / h.n, e.p50, e.p95, s.p50, s.p95, h.p50, h.p95, h.p99, a.p50, a.p95]);
  }
  console.log(
    formatTable(
      [
        'endpoint',
        'requests',
        'ES calls',
        'ES p50',
        'ES p95',
        'service p50',
        'service p95',
        'HTTP p50',
        'HTTP p95',
        'HTTP p99',
        'added p50',
        'added p95',
      ],
      rows,
    ),
  );
  console.log('ms; ES = time Elasticsearch requests were in flight during the HTTP request; added = HTTP − ES for the same request.');

  // Under load: every path of a case `rounds` times, `concurrency` requests in flight over HTTP.
  const loaded: Array<Array<string | number>> = [];
  for (const c of cases) {
    const queue = Array.from({ length: rounds }, () => c.paths).flat();
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < queue.length) {
          const path = queue[next++]!;
          const at = performance.now();
          await http1(path);
          latencies.push(performance.now() - at);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const l = percentiles(latencies);
    loaded.push([c.name, l.n, l.p50, l.p95, l.p99, Math.round(l.n / seconds)]);
  }
  console.log(`\nHTTP at concurrency ${concurrency} (one API process, Elasticsearch and Postgres on the same 2 cores)`);
  console.log(formatTable(['endpoint', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s'], loaded));

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await searchLog.close();
  await merchandising.close();
  await apiKeys.close();
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
