import assert from 'node:assert/strict';
import { createApiKey, revokeApiKey } from '../../../src/auth/api-keys';
import { publishRevocation } from '../../../src/auth/authenticator';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

/**
 * Key lifecycle across API processes: two APIs over the same services stand
 * for two processes. Their caches trust a key for a minute here, so anything
 * faster than that is the revocation message, not the cache expiring.
 */
describe('API keys: revocation in every process, expiry, last use, well-formed bearers only (real services)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  let a: TestApi;
  let b: TestApi;
  let admin: string;

  before(async () => {
    env = await createTestEnvironment({ API_KEY_CACHE_TTL_MS: '60000', RATE_LIMIT_DISABLED: 'true' });
    a = await startTestApi(env);
    b = await startTestApi(env);
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await env?.cleanup();
  });

  /** 401 when the key is refused; otherwise the 400 of an empty batch of events (no index needed: these APIs have no catalog). */
  const status = async (api: TestApi, key: string) => (await api.request('POST', '/v1/events', { key, body: { events: [] } })).status;
  const accepted = 400;
  /** Milliseconds until `api` refuses the key (401), polling; fails past two seconds (the cache would trust it for 60). */
  const refusedWithin = async (api: TestApi, key: string): Promise<number> => {
    const started = Date.now();
    while (Date.now() - started < 2000) {
      if ((await status(api, key)) === 401) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail('the key still works two seconds after its revocation (the cache trusts it for 60 s)');
  };

  it('revokes a key in every process at once (DELETE /v1/admin/keys/:id on one of them)', async () => {
    const created = await a.request('POST', '/v1/admin/keys', { key: admin, body: { role: 'public', label: 'storefront' } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const key = created.body.key as string;
    assert.deepEqual([await status(a, key), await status(b, key)], [accepted, accepted], 'both processes have it cached');
    assert.equal((await a.request('DELETE', `/v1/admin/keys/${created.body.id}`, { key: admin })).status, 204);
    assert.equal(await status(a, key), 401, 'refused at once where it was revoked');
    await refusedWithin(b, key);
  });

  it('revokes in every process when the CLI revokes (Postgres, then the Redis message)', async () => {
    const { id, key } = await createApiKey(env.db, { role: 'merchandiser' });
    assert.deepEqual([await status(a, key), await status(b, key)], [accepted, accepted]);
    assert.ok(await revokeApiKey(env.db, id));
    await publishRevocation(env.redis, env.config.indexPrefix, id);
    await refusedWithin(a, key);
    await refusedWithin(b, key);
  });

  /** Polls until `check` passes; last use is written in the background, after the request that used the key. */
  const eventually = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail(what);
  };

  it('lets a key expire (expiresAt on creation), and lists expiry and last use', async () => {
    const expiresAt = new Date(Date.now() + 3000).toISOString();
    const created = await a.request('POST', '/v1/admin/keys', { key: admin, body: { role: 'public', expiresAt } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.expiresAt, expiresAt);
    assert.equal(await status(a, created.body.key), accepted);
    const listed = async () =>
      (await a.request('GET', '/v1/admin/keys', { key: admin })).body.keys.find((k: { id: string }) => k.id === created.body.id);
    assert.equal((await listed()).expiresAt, expiresAt);
    await eventually(async () => (await listed()).lastUsedAt !== null, 'the listing shows the key’s last use');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(expiresAt) - Date.now() + 50)));
    const expired = await a.request('POST', '/v1/events', { key: created.body.key, body: { events: [] } });
    assert.equal(expired.status, 401);
    assert.match(expired.body.error.message, /expired/);

    for (const [body, field] of [
      [{ role: 'public', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      [{ role: 'public', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ role: 'merchandiser', merchantId: 'm-1' }, 'merchantId'],
      [{ role: 'owner' }, 'role'],
    ] as const) {
      const refused = await a.request('POST', '/v1/admin/keys', { key: admin, body });
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.field, field);
    }
  });

  it('records the last use at most about once a minute, not on every request', async () => {
    const { id, key } = await createApiKey(env.db, { role: 'public' });
    assert.equal(await status(a, key), accepted);
    const lastUsed = async () => (await env.db('api_keys').where({ id }).first('last_used_at')).last_used_at as Date | null;
    await eventually(async () => (await lastUsed()) !== null, 'recorded after the first use');
    const first = (await lastUsed())!;
    for (let i = 0; i < 5; i++) await status(b, key);
    for (let i = 0; i < 5; i++) await status(a, key);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await lastUsed())?.getTime(), first.getTime());
  });

  it('refuses malformed and oversized bearers (401) without asking Postgres', async () => {
    const queries: string[] = [];
    const onQuery = (query: { sql: string }) => queries.push(query.sql);
    env.db.on('query', onQuery);
    try {
      for (const bearer of ['not-a-key', `agp_${'a'.repeat(1800)}`, `aga_${'x'.repeat(31)}!`, `agc_${'a'.repeat(900)}.b`]) {
        const response = await a.request('GET', '/v1/search?q=shoes', { key: bearer });
        assert.equal(response.status, 401, bearer.slice(0, 20));
        assert.equal(response.body.error.code, 'UNAUTHORIZED');
      }
      const huge = await a.request('GET', '/v1/search?q=shoes', { headers: { authorization: `Bearer agp_${'a'.repeat(12_000)}` } });
      assert.equal(huge.status, 401);
    } finally {
      env.db.off('query', onQuery);
    }
    assert.deepEqual(
      queries.filter((sql) => sql.includes('api_keys')),
      [],
    );
  });

  it('refuses a key id no key can have with a 400, not a database error', async () => {
    const response = await a.request('DELETE', '/v1/admin/keys/99999999999999999999', { key: admin });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.field, 'id');
    assert.equal((await a.request('DELETE', '/v1/admin/keys/999999999', { key: admin })).status, 404);
  });
});
