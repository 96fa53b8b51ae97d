import assert from 'node:assert/strict';
import knex, { type Knex } from 'knex';
import { createApiKey } from '../../../src/auth/api-keys';
import { databaseKnexConfig } from '../../../src/core/database-sessions';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi, type TestResponse } from '../../support/http';
import { loadSearchCatalog } from '../../support/search-catalog';

/**
 * One held row lock must not take the API down (#22): without timeouts, ten
 * PUTs of the locked product took all ten pooled connections and an unrelated
 * PUT and a search with an uncached key waited 60 s for a 500.
 */
describe('API Postgres sessions under a held row lock (real Postgres)', () => {
  let env: TestEnvironment;
  let db: Knex;
  let api: TestApi;
  let admin: string;
  const product = (price: number) => ({
    merchantId: 'm-run',
    categoryId: 'running-shoes',
    brandId: 'nimbus',
    titleEn: 'Locked Trail Shoe',
    price,
    stock: 3,
  });

  before(async () => {
    env = await createTestEnvironment({ RATE_LIMIT_DISABLED: 'true' });
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    // The API process's own pool (createClients → createDatabase(config, 'api')), on this file's schema.
    db = knex({ ...databaseKnexConfig(env.config, 'api'), searchPath: [env.schema] });
    api = await startTestApi(env, { db });
    admin = (await createApiKey(env.db, { role: 'admin' })).key;
    for (const id of ['locked-1', 'free-1'])
      assert.equal((await api.request('PUT', `/v1/admin/products/${id}`, { key: admin, body: product(10) })).status, 201);
  });
  after(async () => {
    await api?.close();
    await db?.destroy();
    await env?.cleanup();
  });

  it('answers PUTs of a locked product 503 within the lock timeout while other writes and searches go on', async () => {
    const holder = await env.db.transaction();
    const timed = async (request: Promise<TestResponse>) => {
      const started = Date.now();
      const response = await request;
      return { ...response, ms: Date.now() - started };
    };
    try {
      await holder('products').where({ id: 'locked-1' }).forUpdate().first('id');
      const freshKey = (await createApiKey(env.db, { role: 'public' })).key;
      const locked = Array.from({ length: 10 }, (_, i) =>
        timed(api.request('PUT', '/v1/admin/products/locked-1', { key: admin, body: product(20 + i) })),
      );
      const free = timed(api.request('PUT', '/v1/admin/products/free-1', { key: admin, body: product(30) }));
      const search = timed(api.request('GET', '/v1/search?q=running+shoes', { key: freshKey }));
      const all = Promise.all([Promise.all(locked), free, search]);
      // The lock is held for 8 s: without timeouts every request waits for it.
      const answered = await Promise.race([all, new Promise<null>((resolve) => setTimeout(() => resolve(null), 8000))]);
      assert.ok(answered, 'requests still waiting after 8 s behind one row lock');
      const [lockedAnswers, freeAnswer, searchAnswer] = answered;
      for (const answer of lockedAnswers) {
        assert.equal(answer.status, 503, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, 'DATABASE_UNAVAILABLE');
        assert.equal(answer.headers.get('retry-after'), '1');
        assert.ok(answer.ms < 4000, `a locked PUT took ${answer.ms} ms`);
      }
      assert.equal(freeAnswer.status, 200, JSON.stringify(freeAnswer.body));
      assert.ok(freeAnswer.ms < 4000, `the unrelated PUT took ${freeAnswer.ms} ms`);
      assert.equal(searchAnswer.status, 200, JSON.stringify(searchAnswer.body));
      assert.ok(searchAnswer.ms < 4000, `the search took ${searchAnswer.ms} ms`);
    } finally {
      await holder.rollback();
    }
    // The lock released, the same PUT goes through.
    assert.equal((await api.request('PUT', '/v1/admin/products/locked-1', { key: admin, body: product(40) })).status, 200);
  });

  it('gives every API session the configured statement, lock and idle-in-transaction timeouts', async () => {
    const { rows } = await db.raw(
      "select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock, current_setting('idle_in_transaction_session_timeout') as idle",
    );
    assert.deepEqual(rows[0], { statement: '5s', lock: '1s', idle: '10s' });
  });
});
