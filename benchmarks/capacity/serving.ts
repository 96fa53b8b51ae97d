/**
 * What one API process on this machine serves (#22 capacity): closed-loop
 * load at rising concurrency against the API in a process of its own
 * (benchmarks/support/api-process-child.ts: every search a result-cache miss,
 * the worst case), for searches (the storefront mix), "also bought" on
 * product pages and "for you" with customer keys. For each step: throughput,
 * p50/p95 latency and the API's CPU per request; then the highest throughput
 * whose p95 stays within each goal. Elasticsearch, Postgres and Redis run on
 * the same cores, as they do here.
 *
 *   npx tsx benchmarks/capacity/serving.ts [--requests 400] [--steps 1,2,4,8,16,32] [--workloads search,also-bought,for-you]
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { loadConfig } from '../../src/core/config';
import { createClients, closeClients } from '../../src/core/clients';
import { createApiKey } from '../../src/auth/api-keys';
import { deriveCustomerKey } from '../../src/auth/customer-keys';
import { productsAlias } from '../../src/core/product-index';
import { formatTable, percentiles } from '../support/stats';
import { argument, requestMix } from '../support/request-mix';
import { concurrently, startApiChild } from '../support/api-process';

interface Workload {
  /** Its name on the command line (--workloads). */
  key: string;
  name: string;
  /** The p95 the throughput is quoted at. */
  p95GoalMs: number;
  request(i: number): { path: string; key: string };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const clients = createClients(config);
  const requests = argument('requests', 400);
  const at = process.argv.indexOf('--steps');
  const steps = (at >= 0 ? process.argv[at + 1]! : '1,2,4,8,16,32').split(',').map(Number);
  const index = productsAlias(config.indexPrefix);
  const documents = (await clients.es.count({ index })).count;

  const publicKey = (await createApiKey(clients.db, { role: 'public', label: 'benchmark' })).key;
  const signingKey = (await createApiKey(clients.db, { role: 'signing', label: 'benchmark' })).key;
  const mix = await requestMix(clients.db, requests);
  // Distinct ids in a stable pseudo-random order (md5), spread over the catalog rather than its first ids.
  const spread = async (ids: Knex.QueryBuilder, limit = requests): Promise<string[]> =>
    (await clients.db.from(ids.as('ids')).orderByRaw('md5(id)').limit(limit).pluck('id')).map(String);
  // Products with orders that shoppers can see (the index knows: hidden, deleted, a closed merchant's are not).
  const ordered = await spread(clients.db('order_items').distinct('product_id as id'), requests * 2);
  const found =
    ordered.length > 0 ? (await clients.es.mget<{ visible?: boolean }>({ index, ids: ordered, _source: ['visible'] })).docs : [];
  const products = found.flatMap((d) => ('found' in d && d.found && d._source?.visible ? [d._id] : [])).slice(0, requests);
  const customers = await spread(clients.db('orders').whereNotNull('customer_id').distinct('customer_id as id'));
  const customerKeys = customers.map((customerId) => deriveCustomerKey(signingKey, { customerId, ttlSeconds: 3600 }));
  console.log(
    `catalog: ${documents} documents; ${mix.length} searches, ${products.length} products with orders, ${customers.length} customers; ` +
      `${requests} requests per step`,
  );

  const workloads: Workload[] = [
    {
      key: 'search',
      name: 'search (cache miss)',
      p95GoalMs: 50,
      request: (i) => ({ path: `/v1/search?${new URLSearchParams(mix[i % mix.length]!)}`, key: publicKey }),
    },
    {
      key: 'also-bought',
      name: 'also bought',
      p95GoalMs: 10,
      request: (i) => ({
        path: `/v1/products/${encodeURIComponent(products[i % products.length]!)}/recommendations?type=also_bought&size=10`,
        key: publicKey,
      }),
    },
    {
      key: 'for-you',
      name: 'for you',
      p95GoalMs: 20,
      request: (i) => ({
        path: `/v1/customers/${encodeURIComponent(customers[i % customers.length]!)}/recommendations?size=10`,
        key: customerKeys[i % customerKeys.length]!,
      }),
    },
  ];

  // Budgets no benchmark reaches: the limiter stays on the path, its refusals do not (one address sends everything).
  const api = await startApiChild({
    ...process.env,
    RATE_LIMIT_PUBLIC_PER_ADDRESS: '1000000000',
    RATE_LIMIT_CUSTOMER_PER_ADDRESS: '1000000000',
  });
  const ask = (workload: Workload) => async (i: number) => {
    const { path, key } = workload.request(i);
    const response = await fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    if (response.status !== 200) throw new Error(`${response.status} for ${path}: ${await response.text()}`);
    return response.json();
  };

  const summary: Array<Array<string | number>> = [];
  const chosen = process.argv.includes('--workloads') ? process.argv[process.argv.indexOf('--workloads') + 1]!.split(',') : null;
  for (const workload of workloads) {
    if (chosen && !chosen.includes(workload.key)) continue;
    // Warm-up: the JIT, Elasticsearch's caches, the API's key and catalog caches.
    await concurrently(requests, 4, ask(workload));
    const rows: Array<Array<string | number>> = [];
    let best: { qps: number; clients: number; p95: number } | null = null;
    for (const clients of steps) {
      const before = await api.cpuMicros();
      const started = process.hrtime.bigint();
      const samples = await concurrently(requests, clients, ask(workload));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const after = await api.cpuMicros();
      const p = percentiles(samples);
      const qps = samples.length / seconds;
      rows.push([
        clients,
        Math.round(qps),
        p.p50,
        p.p95,
        Math.round((after.user + after.system - before.user - before.system) / samples.length),
      ]);
      if (p.p95 <= workload.p95GoalMs && (best === null || qps > best.qps)) best = { qps, clients, p95: p.p95 };
    }
    console.log(`\n${workload.name}`);
    console.log(formatTable(['clients', 'requests/s', 'p50 ms', 'p95 ms', 'API CPU µs/request'], rows));
    summary.push([
      workload.name,
      `≤ ${workload.p95GoalMs}`,
      best ? Math.round(best.qps) : 'none',
      best ? best.clients : '-',
      best ? best.p95 : '-',
    ]);
  }
  console.log(
    `\ncapacity of one API process beside Elasticsearch, Postgres and Redis on this machine (load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  console.log(formatTable(['workload', 'p95 goal ms', 'requests/s', 'at clients', 'p95 ms'], summary));

  await api.stop();
  await clients.db('api_keys').where({ label: 'benchmark' }).delete();
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
