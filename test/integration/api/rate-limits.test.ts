import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { createRateLimits } from '../../../src/api/middleware/rate-limit';
import { createRedis } from '../../../src/core/clients';
import { loadConfig, type Config } from '../../../src/core/config';
import { createLogger } from '../../../src/core/logger';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi, type TestResponse } from '../../support/http';
import { loadSearchCatalog } from '../../support/search-catalog';

/**
 * Rate limits over the real API, Redis and Postgres. Each test starts its own
 * API with small budgets and clears this file's counts first, so tests never
 * see each other's spending.
 */
describe('rate limits (real Redis)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  let api: TestApi | undefined;
  const keys: Record<'public' | 'public2' | 'merchandiser' | 'merchandiser2' | 'signing', string> = {
    public: '',
    public2: '',
    merchandiser: '',
    merchandiser2: '',
    signing: '',
  };
  let signingId = '';
  const search = '/v1/search?q=running+shoes';

  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    keys.public = (await createApiKey(env.db, { role: 'public' })).key;
    keys.public2 = (await createApiKey(env.db, { role: 'public' })).key;
    keys.merchandiser = (await createApiKey(env.db, { role: 'merchandiser' })).key;
    keys.merchandiser2 = (await createApiKey(env.db, { role: 'merchandiser' })).key;
    const signing = await createApiKey(env.db, { role: 'signing' });
    keys.signing = signing.key;
    signingId = signing.id;
  });
  beforeEach(async () => {
    const counts = await env.redis.keys(`${env.config.indexPrefix}:rate-limit:*`);
    if (counts.length > 0) await env.redis.del(...counts);
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  after(async () => {
    await env?.cleanup();
  });

  async function start(config: Partial<Config>, redis?: Redis): Promise<TestApi> {
    api = await startTestApi(env, { config: { rateLimitWindowSeconds: 60, ...config }, redis });
    return api;
  }
  const statuses = (responses: TestResponse[]) =>
    responses.reduce<Record<number, number>>((out, r) => ({ ...out, [r.status]: (out[r.status] ?? 0) + 1 }), {});

  it('answers 429 with Retry-After and RateLimit fields once a key has spent its budget (300 requests in a second)', async () => {
    // A key only its holder has (not the public key every browser holds, which has no per-key count by default).
    const api = await start({ rateLimitMerchandiserPerKey: 50, rateLimitMerchandiserPerAddress: 0 });
    const rules = '/v1/merchandising/rules';
    const responses: TestResponse[] = [];
    const started = Date.now();
    for (let batch = 0; batch < 6; batch++) {
      responses.push(...(await Promise.all(Array.from({ length: 50 }, () => api.request('GET', rules, { key: keys.merchandiser })))));
    }
    assert.ok(Date.now() - started < 10_000, 'the limiter answers quickly');
    assert.deepEqual(statuses(responses), { 200: 50, 429: 250 });

    const ok = responses.find((r) => r.status === 200)!;
    assert.equal(ok.headers.get('ratelimit-limit'), '50');
    assert.ok(Number(ok.headers.get('ratelimit-remaining')) < 50);
    assert.ok(Number(ok.headers.get('ratelimit-reset')) <= 60);
    assert.equal(ok.headers.get('ratelimit-policy'), '50;w=60');

    const refused = responses.find((r) => r.status === 429)!;
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    assert.match(refused.body.error.message, /API key/);
    assert.ok(refused.body.error.requestId);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get('ratelimit-remaining'), '0');
    assert.equal(refused.headers.get('ratelimit-limit'), '50');

    // Another key has a budget of its own.
    assert.equal((await api.request('GET', rules, { key: keys.merchandiser2 })).status, 200);
  });

  it('has no storefront-wide count on the public key by default: 100 flooding addresses leave a fresh shopper served', async () => {
    // Budgets as configured by default but the address's, made small; 100 addresses each spend theirs on refused searches.
    const api = await start({ trustProxyHops: 1, rateLimitPublicPerAddress: 3 });
    const from = (address: string) => ({ key: keys.public, headers: { 'x-forwarded-for': address } });
    for (let batch = 0; batch < 10; batch++) {
      const flood = await Promise.all(
        Array.from({ length: 40 }, (_, i) => api.request('GET', '/v1/search?size=0', from(`198.18.${batch}.${i % 10}`))),
      );
      assert.deepEqual(statuses(flood), { 400: 30, 429: 10 });
    }
    assert.equal((await api.request('GET', search, from('198.51.100.77'))).status, 200);
  });

  it('does not charge a request validation refuses to its key, only to its address', async () => {
    const api = await start({ trustProxyHops: 1, rateLimitPublicPerKey: 10, rateLimitPublicPerAddress: 100 });
    const from = (address: string) => ({ key: keys.public, headers: { 'x-forwarded-for': address } });
    const invalid: TestResponse[] = [];
    for (let i = 0; i < 15; i++) invalid.push(await api.request('GET', '/v1/search?size=0', from('198.51.100.1')));
    assert.deepEqual(statuses(invalid), { 400: 15 });
    assert.equal(invalid[14]!.headers.get('ratelimit-limit'), '10', 'the closest budget to running out is still the key’s');
    const served: TestResponse[] = [];
    for (let i = 0; i < 10; i++) served.push(await api.request('GET', search, from('198.51.100.2')));
    assert.deepEqual(statuses(served), { 200: 10 }, 'the key still has its 10 points');
  });

  it('counts a client address across all its keys', async () => {
    const api = await start({ rateLimitPublicPerKey: 1000, rateLimitPublicPerAddress: 20 });
    const responses: TestResponse[] = [];
    for (let i = 0; i < 30; i++) responses.push(await api.request('GET', search, { key: i % 2 ? keys.public : keys.public2 }));
    assert.deepEqual(statuses(responses), { 200: 20, 429: 10 });
    assert.equal(responses[19]!.status, 200);
    assert.equal(responses[19]!.headers.get('ratelimit-remaining'), '0');
    assert.match(responses[20]!.body.error.message, /client address/);
  });

  it('does not let one address flood spend the budget of a key others share', async () => {
    const api = await start({ trustProxyHops: 1, rateLimitPublicPerKey: 10, rateLimitPublicPerAddress: 5 });
    const from = (address: string) => ({ key: keys.public, headers: { 'x-forwarded-for': address } });
    const flood = statuses(await Promise.all(Array.from({ length: 40 }, () => api.request('GET', search, from('198.51.100.1')))));
    assert.deepEqual(flood, { 200: 5, 429: 35 });
    const other: TestResponse[] = [];
    for (let i = 0; i < 5; i++) other.push(await api.request('GET', search, from('198.51.100.2')));
    assert.deepEqual(statuses(other), { 200: 5 }, 'the key still has the 5 points the flood did not use');
  });

  it('refuses an address that failed authentication too often, for the block duration, then serves it again', async () => {
    const api = await start({ rateLimitFailedAuthPerAddress: 5, rateLimitFailedAuthBlockSeconds: 2 });
    // The shopper's page has used the public key from this address already.
    assert.equal((await api.request('GET', search, { key: keys.public })).status, 200);
    const failures = [
      await api.request('GET', search),
      await api.request('GET', search, { key: 'agp_guess-1' }),
      await api.request('GET', '/v1/merchandising/rules', { key: 'agm_guess-2' }),
      await api.request('GET', '/v1/admin/keys', { key: 'aga_guess-3' }),
      await api.request('GET', search, { key: 'agp_guess-4' }),
    ];
    assert.deepEqual(
      failures.map((r) => r.status),
      [401, 401, 401, 401, 401],
    );
    const sixth = await api.request('GET', search, { key: 'agp_guess-5' });
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.error.code, 'RATE_LIMITED');
    assert.match(sixth.body.error.message, /failed authentications/);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);

    // Blocked: guesses are refused without a lookup, and so is a key this process has not seen; a key it knows valid
    // (the shopper's) still gets through. Health checks are not API calls and stay open.
    assert.equal((await api.request('GET', search, { key: 'agp_guess-6' })).status, 429);
    assert.equal((await api.request('GET', search, { key: keys.public2 })).status, 429);
    for (let i = 0; i < 5; i++) assert.equal((await api.request('GET', search, { key: keys.public })).status, 200);
    assert.equal((await api.request('GET', '/healthz')).status, 200);

    await sleep(retryAfter * 1000 + 100);
    assert.equal((await api.request('GET', search, { key: keys.public2 })).status, 200);
  });

  it('answers an expired customer key 401 KEY_EXPIRED, without counting it as a failed authentication', async () => {
    const api = await start({ rateLimitFailedAuthPerAddress: 20 });
    const expired = deriveCustomerKey(keys.signing, { customerId: 'c-rate', ttlSeconds: 60, now: Date.now() - 120_000 });
    for (let i = 0; i < 25; i++) {
      const response = await api.request('GET', search, { key: expired });
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'KEY_EXPIRED');
      assert.match(response.body.error.message, /expired at/);
    }
    assert.equal((await api.request('GET', search, { key: keys.public2 })).status, 200, 'the address is not blocked');
  });

  it('answers a signing key sent as a bearer 401, as an unknown key, counts it as a failed authentication, and leaves its last use', async () => {
    const api = await start({ rateLimitFailedAuthPerAddress: 2 });
    const before = (await env.db('api_keys').where({ id: signingId }).first('last_used_at')) as { last_used_at: Date | null };
    const unknown = await api.request('GET', search, { key: 'agp_guess' });
    const signing = await api.request('GET', search, { key: keys.signing });
    assert.equal(signing.status, 401);
    assert.deepEqual(signing.body.error.code, unknown.body.error.code);
    assert.equal(signing.body.error.message, unknown.body.error.message);
    assert.equal((await api.request('GET', search, { key: keys.signing })).status, 429, 'the third failure blocks the address');
    const after = (await env.db('api_keys').where({ id: signingId }).first('last_used_at')) as { last_used_at: Date | null };
    assert.deepEqual(after.last_used_at, before.last_used_at);
  });

  it('charges a request its key’s role refuses (403) to its address', async () => {
    const api = await start({ rateLimitPublicPerAddress: 5 });
    const refused: TestResponse[] = [];
    for (let i = 0; i < 8; i++) refused.push(await api.request('GET', '/v1/merchandising/rules', { key: keys.public }));
    assert.deepEqual(
      refused.map((r) => r.status),
      [403, 403, 403, 403, 403, 429, 429, 429],
    );
    assert.equal(refused[4]!.headers.get('ratelimit-remaining'), '0');
    assert.equal((await api.request('GET', search, { key: keys.public })).status, 429, 'the address’s budget is spent');
  });

  it('does not count a valid key, nor a key of the wrong role, as a failed authentication', async () => {
    const api = await start({ rateLimitFailedAuthPerAddress: 2, rateLimitPublicPerAddress: 100 });
    for (let i = 0; i < 5; i++) {
      assert.equal((await api.request('GET', search, { key: keys.public })).status, 200);
      assert.equal((await api.request('GET', '/v1/merchandising/rules', { key: keys.public })).status, 403);
    }
  });

  it('charges a preview more than a search, events per batch size, and suggestions to their own budget', async () => {
    const api = await start({
      rateLimitMerchandiserPerKey: 100,
      rateLimitMerchandiserPerAddress: 0,
      rateLimitPublicPerKey: 0,
      rateLimitPublicPerAddress: 100,
      rateLimitSuggestPerAddress: 3,
    });
    const remaining = (r: TestResponse) => Number(r.headers.get('ratelimit-remaining'));

    const rules = await api.request('GET', '/v1/merchandising/rules', { key: keys.merchandiser });
    assert.equal(rules.status, 200);
    assert.equal(remaining(rules), 99);
    const preview = await api.request('POST', '/v1/merchandising/preview', { key: keys.merchandiser, body: { q: 'running shoes' } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(remaining(preview), 89, 'a preview costs 10 points');
    // Routes match regardless of case; the charge follows the route, not the spelling of the path.
    const shouted = await api.request('POST', '/V1/MERCHANDISING/PREVIEW', { key: keys.merchandiser, body: { q: 'running shoes' } });
    assert.equal(shouted.status, 200);
    assert.equal(remaining(shouted), 79);

    const first = await api.request('GET', search, { key: keys.public });
    assert.equal(remaining(first), 99);
    const events = Array.from({ length: 25 }, (_, i) => ({ type: 'view', sessionId: 's-rate', productId: `p-${i}` }));
    const batch = await api.request('POST', '/v1/events', { key: keys.public, body: { events } });
    assert.ok(batch.status < 500, JSON.stringify(batch.body));
    assert.equal(remaining(batch), 95, '25 events cost 1 + 3 points');

    const suggestions: TestResponse[] = [];
    for (let i = 0; i < 4; i++) suggestions.push(await api.request('GET', '/v1/suggest?q=run', { key: keys.public }));
    assert.deepEqual(
      suggestions.map((r) => r.status),
      [200, 200, 200, 429],
    );
    assert.equal(suggestions[0]!.headers.get('ratelimit-limit'), '3');
    assert.equal(remaining(await api.request('GET', search, { key: keys.public })), 94, 'typing did not spend the search budget');
  });

  it('gives each role its own budget', async () => {
    const api = await start({
      rateLimitPublicPerKey: 0,
      rateLimitPublicPerAddress: 5,
      rateLimitMerchandiserPerKey: 0,
      rateLimitMerchandiserPerAddress: 8,
    });
    const publicStatuses: TestResponse[] = [];
    const merchandiserStatuses: TestResponse[] = [];
    for (let i = 0; i < 10; i++) {
      publicStatuses.push(await api.request('GET', search, { key: keys.public }));
      merchandiserStatuses.push(await api.request('GET', '/v1/merchandising/rules', { key: keys.merchandiser }));
    }
    assert.deepEqual(statuses(publicStatuses), { 200: 5, 429: 5 });
    assert.deepEqual(statuses(merchandiserStatuses), { 200: 8, 429: 2 });
  });

  it('starts a fresh budget when the window ends', async () => {
    const api = await start({ rateLimitWindowSeconds: 1, rateLimitPublicPerKey: 3, rateLimitPublicPerAddress: 0 });
    const burst = async () => {
      const out: TestResponse[] = [];
      for (let i = 0; i < 4; i++) out.push(await api.request('GET', search, { key: keys.public }));
      return out;
    };
    const first = await burst();
    assert.deepEqual(
      first.map((r) => r.status),
      [200, 200, 200, 429],
    );
    await sleep(Number(first[3]!.headers.get('retry-after')) * 1000 + 100);
    const second = await burst();
    assert.deepEqual(
      second.map((r) => r.status),
      [200, 200, 200, 429],
    );
  });

  it('never limits health, readiness, the OpenAPI document or the web pages', async () => {
    const api = await start({ rateLimitPublicPerKey: 1, rateLimitPublicPerAddress: 1, rateLimitFailedAuthPerAddress: 1 });
    for (let i = 0; i < 20; i++) {
      for (const path of ['/healthz', '/openapi.json', '/']) {
        const response = await api.request('GET', path);
        assert.equal(response.status, 200, path);
        assert.equal(response.headers.get('ratelimit-limit'), null, path);
      }
      assert.notEqual((await api.request('GET', '/readyz')).status, 429);
    }
  });

  it('believes X-Forwarded-For only from as many proxies as TRUST_PROXY_HOPS declares', async () => {
    let api = await start({ rateLimitPublicPerKey: 0, rateLimitPublicPerAddress: 3 });
    const spoofed: TestResponse[] = [];
    for (let i = 0; i < 5; i++) {
      spoofed.push(await api.request('GET', search, { key: keys.public, headers: { 'x-forwarded-for': `203.0.113.${i}` } }));
    }
    assert.deepEqual(statuses(spoofed), { 200: 3, 429: 2 }, 'by default the header is ignored');
    await api.close();

    api = await start({ trustProxyHops: 1, rateLimitPublicPerKey: 0, rateLimitPublicPerAddress: 3 });
    for (let i = 0; i < 5; i++) {
      // The client wrote the first address itself; the proxy appended the second.
      const response = await api.request('GET', search, { key: keys.public, headers: { 'x-forwarded-for': `10.0.0.1, 203.0.113.${i}` } });
      assert.equal(response.status, 200);
    }
    const same: TestResponse[] = [];
    for (let i = 0; i < 4; i++) {
      same.push(await api.request('GET', search, { key: keys.public, headers: { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.9` } }));
    }
    assert.deepEqual(statuses(same), { 200: 3, 429: 1 }, 'addresses the client writes earn no fresh budget');
  });

  it('keeps serving and limiting, per process, while Redis is unreachable', async () => {
    const deadRedis = createRedis({ redisUrl: 'redis://127.0.0.1:1' });
    deadRedis.on('error', () => undefined);
    try {
      const api = await start({ rateLimitPublicPerKey: 10, rateLimitPublicPerAddress: 0, rateLimitFailedAuthPerAddress: 2 }, deadRedis);
      const responses: TestResponse[] = [];
      for (let i = 0; i < 15; i++) responses.push(await api.request('GET', search, { key: keys.public }));
      assert.deepEqual(statuses(responses), { 200: 10, 429: 5 });
      assert.ok(responses[0]!.body.hits.length > 0, 'real results');
      assert.ok(Number(responses[14]!.headers.get('retry-after')) >= 1);
      const failed = [];
      for (let i = 0; i < 3; i++) failed.push((await api.request('GET', search, { key: 'agp_guess' })).status);
      assert.deepEqual(failed, [401, 401, 429]);
    } finally {
      deadRedis.disconnect();
    }
  });

  it('answers from the process count, without waiting, when Redis stops answering', async () => {
    const proxy = await stallableProxy(env.config.redisUrl);
    const slowRedis = createRedis({ redisUrl: proxy.url });
    slowRedis.on('error', () => undefined);
    try {
      await slowRedis.ping();
      // The middleware alone: the rest of the API has its own ways with a stalled Redis.
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        INDEX_PREFIX: env.config.indexPrefix,
        RATE_LIMIT_PUBLIC_PER_KEY: '3',
        RATE_LIMIT_PUBLIC_PER_ADDRESS: '0',
        RATE_LIMIT_REDIS_TIMEOUT_MS: '50',
      });
      const limits = createRateLimits({ redis: slowRedis, config, logger: createLogger(config) });
      proxy.stall();
      const outcomes: string[] = [];
      const started = Date.now();
      for (let i = 0; i < 4; i++) {
        await limits
          .budgets(fakeContext() as never, async () => undefined)
          .then(
            () => outcomes.push('ok'),
            (error: { code?: string }) => outcomes.push(error.code ?? String(error)),
          );
      }
      assert.deepEqual(outcomes, ['ok', 'ok', 'ok', 'RATE_LIMITED']);
      assert.ok(Date.now() - started < 1000, `four requests took ${Date.now() - started} ms`);
    } finally {
      slowRedis.disconnect();
      await proxy.close();
    }
  });
});

/** Just what the budgets middleware reads and writes of a Koa context. */
function fakeContext() {
  const headers: Record<string, string> = {};
  return {
    method: 'GET',
    path: '/v1/search',
    ip: '192.0.2.1',
    request: { body: undefined },
    state: { principal: { id: 'stalled-test', role: 'public', merchantId: null } },
    headers,
    set(field: string | Record<string, string>, value?: string) {
      if (typeof field === 'string') headers[field] = value!;
      else Object.assign(headers, field);
    },
  };
}

/** A TCP proxy to Redis that can stop passing anything on while keeping the connection open. */
async function stallableProxy(redisUrl: string): Promise<{ url: string; stall(): void; close(): Promise<void> }> {
  const target = new URL(redisUrl);
  let stalled = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (!stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stall: () => {
      stalled = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
