/**
 * What the HTTP API adds to Elasticsearch under concurrency (#22): the API in
 * a process of its own (`api-process-child.ts`, every search a result-cache
 * miss), beside the very Elasticsearch requests it sent, replayed directly,
 * at 1 and at 16 clients, in alternating rounds, on whatever catalog the
 * configured database and index hold (the 100k fixture: benchmarks/indexing/
 * README.md). Prints latency side by side and the API process's CPU per
 * request; with --profile, where that CPU goes (a V8 profile of one more run). A bare Node proxy (bare-proxy-child.ts)
 * runs beside them: HTTP in and out and JSON around the same requests, the floor of any Node service on this machine.
 *
 *   npx tsx benchmarks/search/api-overhead.ts [--queries 600] [--rounds 3] [--clients 1,16] [--profile]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config';
import { createClients, closeClients } from '../../src/core/clients';
import { createApiKey } from '../../src/auth/api-keys';
import { productsAlias } from '../../src/core/product-index';
import { formatTable, percentiles } from '../support/stats';
import { startMachineCpu } from '../support/machine-cpu';
import { argument, requestMix } from '../support/request-mix';
import { summarizeCpuProfile, type ProfileBuckets } from '../support/cpu-profile';
import type { RecordedRequest } from '../support/api-process-child';
import { concurrently, startApiChild, startBareProxyChild } from '../support/api-process';

const inside =
  (...parts: string[]) =>
  (url: string) =>
    parts.some((part) => url.includes(part));
/** The request path's parts, by source file (first match wins). */
const requestPathParts: ProfileBuckets = [
  ['garbage collection', (_url, name) => name === '(garbage collector)'],
  // The native side of a socket write (the kernel's loopback delivery included): Redis, Elasticsearch, the HTTP answer.
  ['socket writes', (url, name) => url === '' && /^(writeUtf8String|writeLatin1String|writeBuffer|writev|writeAsciiString)$/.test(name)],
  ['text analysis', inside('/src/core/text/', '/ranking/query/', '/ranking/synonyms/', '/natural/', 'jieba', 'opencc')],
  [
    'rules and body building',
    inside('/src/search/body/', '/src/search/facets/', '/src/search/merchandising', '/ranking/', '/src/merchandising/'),
  ],
  ['response shaping', inside('/src/search/shape-response', '/src/search/execute', '/src/search/product/', '/src/search/fallback/')],
  ['params and validation', inside('/src/search/request/', '/zod/', '/src/core/validation', '/src/api/middleware/input-guard')],
  ['keys and rate limits', inside('/src/auth/', 'rate-limiter-flexible', '/src/api/rate-limits/', '/src/api/middleware/auth')],
  ['search log', inside('/src/search/search-log')],
  ['result cache (Redis client)', inside('result-cache', '/ioredis/', 'redis-parser', 'index-generation')],
  ['Elasticsearch client', inside('@elastic/')],
  ['Postgres client', inside('/knex/', '/pg/', 'pg-protocol', 'pg-pool')],
  ['koa and router', inside('/koa', '@koa/')],
  ['logging', inside('/pino')],
  ['other Agora code', inside('/src/', '/ranking/')],
  ['Node HTTP, sockets, streams', (url) => url.startsWith('node:') || url.includes('/undici/')],
  ['V8 and native (JSON, regexps, GC-free)', (url) => url === ''],
];

const shortUrl = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|ranking|indexers|jobs)\//, '$1/');

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const clients = createClients(config);
  const index = productsAlias(config.indexPrefix);
  const mix = await requestMix(clients.db, argument('queries', 600));
  const rounds = argument('rounds', 3);
  const at = process.argv.indexOf('--clients');
  const concurrencies = (at >= 0 ? process.argv[at + 1]! : '1,16').split(',').map(Number);
  const documents = (await clients.es.count({ index })).count;
  console.log(
    `catalog: ${documents} documents in ${index}; ${mix.length} requests × ${rounds} rounds at ${concurrencies.join(' and ')} clients`,
  );

  // The rate limiter stays on the measured path, with a budget no benchmark reaches (every request comes from one address).
  const childEnv = { ...process.env, RATE_LIMIT_PUBLIC_PER_ADDRESS: '1000000000' };
  const key = (await createApiKey(clients.db, { role: 'public', label: 'benchmark' })).key;
  const headers = { authorization: `Bearer ${key}` };
  let api = await startApiChild(childEnv);
  const url = (base: string, i: number) => `${base}/v1/search?${new URLSearchParams(mix[i]!)}`;
  const askApi = (base: string) => async (i: number) => {
    const response = await fetch(url(base, i), { headers });
    if (response.status !== 200) throw new Error(`${response.status} for ${url(base, i)}: ${await response.text()}`);
    return response.json();
  };

  // Warm-up, one at a time: what each request sends to Elasticsearch (searches, the fallbacks' further searches).
  const sent: RecordedRequest[][] = [];
  for (let i = 0; i < mix.length; i++) {
    await askApi(api.base)(i);
    const requests = (await (await fetch(`${api.base}/__bench/requests`)).json()) as RecordedRequest[];
    // The transport sent them serialized; replayed as objects, they are serialized again as the API's were.
    sent.push(requests.map((r) => ({ ...r, body: typeof r.body === 'string' ? (JSON.parse(r.body) as unknown) : r.body })));
  }
  // The floor any Node service in front of Elasticsearch pays on this machine: HTTP in and out, JSON, nothing else.
  const proxy = await startBareProxyChild(childEnv, sent);
  const askProxy = async (i: number) => {
    const response = await fetch(`${proxy.base}/?i=${i}`);
    if (response.status !== 200) throw new Error(`bare proxy: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const replay = async (i: number) => {
    for (const request of sent[i]!) await clients.es.transport.request(request as Parameters<typeof clients.es.transport.request>[0]);
  };
  for (let i = 0; i < mix.length; i++) await replay(i);

  const rows: Array<Array<string | number>> = [];
  for (const concurrency of concurrencies) {
    const raw: number[] = [];
    const served: number[] = [];
    const proxied: number[] = [];
    const apiCpu = { user: 0, system: 0 };
    const proxyCpu = { user: 0, system: 0 };
    // Everything the machine did meanwhile (Elasticsearch, Redis, Postgres, this load generator): what competes for the cores.
    const machineMs = { raw: 0, api: 0 };
    for (let round = 0; round < rounds; round++) {
      // Alternating order: neither side always runs on the warmer (or the busier) machine.
      const apiRound = async () => {
        const machine = startMachineCpu();
        const before = await api.cpuMicros();
        served.push(...(await concurrently(mix.length, concurrency, askApi(api.base))));
        const after = await api.cpuMicros();
        apiCpu.user += after.user - before.user;
        apiCpu.system += after.system - before.system;
        machineMs.api += machine() ?? Number.NaN;
      };
      const rawRound = async () => {
        const machine = startMachineCpu();
        raw.push(...(await concurrently(mix.length, concurrency, replay)));
        machineMs.raw += machine() ?? Number.NaN;
      };
      const proxyRound = async () => {
        const before = await proxy.cpuMicros();
        proxied.push(...(await concurrently(mix.length, concurrency, askProxy)));
        const after = await proxy.cpuMicros();
        proxyCpu.user += after.user - before.user;
        proxyCpu.system += after.system - before.system;
      };
      if (round % 2 === 0) {
        await rawRound();
        await proxyRound();
        await apiRound();
      } else {
        await apiRound();
        await proxyRound();
        await rawRound();
      }
    }
    const r = percentiles(raw);
    const a = percentiles(served);
    const b = percentiles(proxied);
    rows.push([
      concurrency,
      r.n,
      r.p50,
      a.p50,
      `${(a.p50 / r.p50).toFixed(2)}×`,
      `${(b.p50 / r.p50).toFixed(2)}×`,
      r.p95,
      a.p95,
      `+${(a.p95 - r.p95).toFixed(1)}`,
      `+${(b.p95 - r.p95).toFixed(1)}`,
      Math.round((apiCpu.user + apiCpu.system) / served.length),
      Math.round((proxyCpu.user + proxyCpu.system) / proxied.length),
      Math.round(apiCpu.system / served.length),
      ((1000 * machineMs.raw) / raw.length).toFixed(0),
      ((1000 * machineMs.api) / served.length).toFixed(0),
    ]);
    const sentCount = sent.reduce((sum, requests) => sum + requests.length, 0);
    if (concurrency === concurrencies[0]) console.log(`Elasticsearch requests per API request: ${(sentCount / mix.length).toFixed(2)}`);
  }
  console.log(
    formatTable(
      [
        'clients',
        'requests',
        'raw ES p50 ms',
        'API p50 ms',
        'p50 ratio',
        'bare proxy p50 ratio',
        'raw ES p95 ms',
        'API p95 ms',
        'p95 added ms',
        'bare proxy p95 added',
        'API CPU µs/request',
        'bare proxy CPU µs',
        'of which kernel µs',
        'machine CPU µs/request: raw',
        'API',
      ],
      rows,
    ),
  );
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await api.stop();
  await proxy.stop();

  if (process.argv.includes('--profile')) {
    api = await startApiChild(childEnv);
    for (let i = 0; i < mix.length; i++) await askApi(api.base)(i);
    const path = join(mkdtempSync(join(tmpdir(), 'agora-api-profile-')), 'api.cpuprofile');
    const before = await api.cpuMicros();
    const requests = mix.length * rounds;
    await api.profile(path, async () => {
      for (let round = 0; round < rounds; round++) await concurrently(mix.length, Math.max(...concurrencies), askApi(api.base));
    });
    const after = await api.cpuMicros();
    const cpuPerRequest = (after.user + after.system - before.user - before.system) / requests;
    await api.stop();
    const parts = summarizeCpuProfile(path, requestPathParts);
    const total = [...parts.values()].reduce((a, b) => a + b, 0);
    const profileRows = [...parts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([part, micros]) => [part, `${((100 * micros) / total).toFixed(1)}%`, Math.round((cpuPerRequest * micros) / total)]);
    console.log(
      `\nwhere the API's CPU goes (V8 profile of ${requests} more requests at ${Math.max(...concurrencies)} clients, the profiler's own cost included: ${Math.round(cpuPerRequest)} µs/request)`,
    );
    console.log(formatTable(['part of the request path', 'share', 'µs/request'], profileRows));
    const functions = summarizeCpuProfile(
      path,
      [['', () => false]],
      (url, name, line) => `${name || '(anonymous)'} ${shortUrl(url)}:${line}`,
    );
    const top = [...functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
    console.log(
      formatTable(
        ['function (self time)', 'share'],
        top.map(([name, micros]) => [name, `${((100 * micros) / total).toFixed(1)}%`]),
      ),
    );
    console.log(`profile (open in Chrome DevTools): ${path}`);
  }

  await clients.db('api_keys').where({ label: 'benchmark' }).delete();
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
