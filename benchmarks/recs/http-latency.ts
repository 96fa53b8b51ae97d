/**
 * Issue 16's latency goals through the HTTP API: "for you" (a customer's own
 * list, with a key bound to that customer) p95 ≤ 20 ms and also-bought p95
 * ≤ 10 ms at 16 requests in flight, on whatever the configured database and
 * index hold (the 100k fixture). Beside each request's time, in the same run,
 * the time its Elasticsearch requests were in flight (measured in the API at
 * the client, attributed to the request that made them), so the rest is what
 * Agora adds (the Postgres history read, scoring, shaping, Koa, auth, JSON)
 * and what waiting for the CPU adds under load.
 *
 * Read only: API keys live in memory (no `api_keys` row), nothing is indexed
 * or written; only the rate limiter's Redis counters are touched, as by any
 * request. The client runs in the same process as the API (as in
 * benchmarks/search/latency.ts), so it shares the API's CPU.
 *
 *   DATABASE_URL="$DATABASE_URL?options=-csearch_path%3Dbench_100k" INDEX_PREFIX=bench-100k \
 *     npx tsx benchmarks/recs/http-latency.ts [--requests 400] [--concurrency 16] [--rounds 1]
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { loadConfig } from '../../src/core/config';
import { createClients, closeClients } from '../../src/core/clients';
import { createLogger } from '../../src/core/logger';
import { createApp } from '../../src/api/app';
import { getIndexingStatus } from '../../indexers/status/indexing-status';
import { createSearchLogWriter } from '../../src/search/search-log';
import { createMerchandisingStore } from '../../src/merchandising/store';
import { productsAlias } from '../../src/core/product-index';
import { formatTable, percentiles } from '../support/stats';
import { argument } from '../support/request-mix';
import { memoryKeys } from '../support/memory-keys';
import { startMachineCpu } from '../support/machine-cpu';

/** Elasticsearch time of one HTTP request: how long at least one of its calls was in flight, and how many it made. */
interface EsTime {
  busy: number;
  calls: number;
  inFlight: number;
  since: number;
}

/** The client the API is given: each search/get/mget adds its time to the request it serves (AsyncLocalStorage). */
function attributed(es: ElasticsearchClient, current: AsyncLocalStorage<EsTime>): ElasticsearchClient {
  const wrap =
    (call: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      const time = current.getStore();
      if (time === undefined) return call(...args);
      time.calls++;
      if (time.inFlight++ === 0) time.since = performance.now();
      try {
        return await call(...args);
      } finally {
        if (--time.inFlight === 0) time.busy += performance.now() - time.since;
      }
    };
  return new Proxy(es, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      return ['search', 'get', 'mget', 'msearch'].includes(String(property))
        ? wrap((value as (...args: unknown[]) => Promise<unknown>).bind(target))
        : value;
    },
  });
}

interface Endpoint {
  name: string;
  goalP95: number;
  paths: string[];
  key(path: string): string;
}

async function main(): Promise<void> {
  // The rate limiter stays on the measured path with budgets no benchmark reaches (every request comes from one address).
  const config = loadConfig({ RATE_LIMIT_PUBLIC_PER_ADDRESS: '1000000000', ...process.env, LOG_LEVEL: 'silent' });
  const clients = createClients(config);
  const logger = createLogger(config);
  const index = productsAlias(config.indexPrefix);
  const n = argument('requests', 400);
  const rounds = argument('rounds', 1);
  const concurrency = argument('concurrency', 16);
  const db = clients.db;
  const sample = async (sql: string) => (await db.raw<{ rows: Array<{ id: string }> }>(sql, [n])).rows.map((r) => r.id);

  // Customers who bought something (their whole history is read), and product pages of products that sold (on the
  // storefront: active, and so is the merchant), uniformly at random but the same ones every run.
  const [customers, products] = await Promise.all([
    sample(
      `select customer_id as id from orders where customer_id is not null and status not in ('cancelled', 'returned')
        group by customer_id order by md5(customer_id) limit ?`,
    ),
    sample(
      `select p.id from products p join merchants m on m.id = p.merchant_id and m.status = 'active'
        where p.status = 'active' and exists (select 1 from order_items oi where oi.product_id = p.id) order by md5(p.id) limit ?`,
    ),
  ]);
  const history = await db.raw<{ rows: Array<{ p50: number; p95: number; max: number }> }>(
    `select percentile_cont(0.5) within group (order by n) as p50, percentile_cont(0.95) within group (order by n) as p95, max(n) as max
       from (select count(distinct oi.product_id) as n from orders o join order_items oi on oi.order_id = o.id
              where o.customer_id = any(?) and o.status not in ('cancelled', 'returned') group by o.customer_id) h`,
    [customers],
  );

  const current = new AsyncLocalStorage<EsTime>();
  const keys = memoryKeys(logger, config.indexPrefix);
  const searchLog = createSearchLogWriter(db, logger);
  const merchandising = createMerchandisingStore({ db, redis: clients.redis, indexPrefix: config.indexPrefix, logger });
  const app = createApp({
    config,
    logger,
    ...clients,
    es: attributed(clients.es, current),
    searchLog,
    merchandising,
    apiKeys: keys.authenticator,
    indexingStatus: () => getIndexingStatus({ ...clients, config }),
  });
  const handle = app.callback();
  const esTimes = new Map<string, EsTime>();
  const server = http.createServer((req, res) => {
    const time: EsTime = { busy: 0, calls: 0, inFlight: 0, since: 0 };
    const id = req.headers['x-benchmark-request'];
    if (typeof id === 'string') esTimes.set(id, time);
    current.run(time, () => void handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const endpoints: Endpoint[] = [
    {
      name: 'for you (customer, size 10)',
      goalP95: 20,
      paths: customers.map((id) => `/v1/customers/${encodeURIComponent(id)}/recommendations?size=10`),
      key: (path) => keys.customerKey(decodeURIComponent(path.split('/')[3]!)),
    },
    {
      name: 'also bought (product page, size 10)',
      goalP95: 10,
      paths: products.map((id) => `/v1/products/${encodeURIComponent(id)}/recommendations?type=also_bought&size=10`),
      key: () => keys.publicKey,
    },
  ];

  let sequence = 0;
  const request = async (endpoint: Endpoint, path: string): Promise<{ total: number; es: EsTime }> => {
    const id = String(sequence++);
    const started = performance.now();
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${endpoint.key(path)}`, 'x-benchmark-request': id },
    });
    const body = await response.text();
    const total = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body}`);
    const es = esTimes.get(id)!;
    esTimes.delete(id);
    return { total, es };
  };
  const run = async (endpoint: Endpoint, inFlight: number) => {
    const queue = Array.from({ length: rounds }, () => endpoint.paths).flat();
    const total: number[] = [];
    const es: number[] = [];
    const added: number[] = [];
    let calls = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < queue.length) {
          const measured = await request(endpoint, queue[next++]!);
          total.push(measured.total);
          es.push(measured.es.busy);
          added.push(measured.total - measured.es.busy);
          calls += measured.es.calls;
        }
      }),
    );
    return {
      total: percentiles(total),
      es: percentiles(es),
      added: percentiles(added),
      calls,
      seconds: (performance.now() - started) / 1000,
    };
  };

  const count = await clients.es.count({ index });
  const h = history.rows[0]!;
  console.log(
    `catalog: ${count.count} documents in ${index}; ${customers.length} customers (distinct products bought p50 ${h.p50}, p95 ${h.p95}, max ${h.max}), ` +
      `${products.length} products; ${rounds} round(s); ${os.cpus().length} CPUs`,
  );
  // Warm up: JIT, Elasticsearch caches, Postgres buffers, the authenticator's cache, the history rows' cache.
  const heapBefore = process.memoryUsage().heapUsed;
  for (const endpoint of endpoints) await run(endpoint, concurrency);
  global.gc?.();
  console.log(
    `heap after the warm-up: +${((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MB (client and API in one process)`,
  );

  const rows: Array<Array<string | number>> = [];
  const load: string[] = [];
  const machine = startMachineCpu();
  const wall = performance.now();
  for (const inFlight of [1, concurrency]) {
    for (const endpoint of endpoints) {
      const before = os.loadavg()[0]!;
      const r = await run(endpoint, inFlight);
      load.push(`${endpoint.name} ×${inFlight}: ${before.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}`);
      rows.push([
        endpoint.name,
        inFlight,
        r.total.n,
        (r.calls / r.total.n).toFixed(2),
        r.es.p50,
        r.es.p95,
        r.added.p50,
        r.added.p95,
        r.total.p50,
        r.total.p95,
        r.total.p99,
        Math.round(r.total.n / r.seconds),
        inFlight === concurrency ? `${r.total.p95 <= endpoint.goalP95 ? 'met' : 'missed'} (≤ ${endpoint.goalP95})` : '',
      ]);
    }
  }
  const busy = machine();
  console.log(
    formatTable(
      [
        'endpoint',
        'in flight',
        'requests',
        'ES calls',
        'ES p50',
        'ES p95',
        'Agora p50',
        'Agora p95',
        'HTTP p50',
        'HTTP p95',
        'HTTP p99',
        'req/s',
        'goal (HTTP p95 ms)',
      ],
      rows,
    ),
  );
  console.log(
    'ms; ES = time the request’s Elasticsearch calls were in flight (at the API’s client); Agora = HTTP − ES for the same request.',
  );
  const seconds = (performance.now() - wall) / 1000;
  console.log(`load average (1 min) before → after each row: ${load.join('; ')}`);
  if (busy !== null)
    console.log(
      `machine CPU busy during the measured rows: ${(busy / 1000 / seconds).toFixed(2)} of ${os.cpus().length} cores (every process)`,
    );

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await searchLog.close();
  await merchandising.close();
  await keys.authenticator.close();
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
