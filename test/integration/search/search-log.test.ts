import assert from 'node:assert/strict';
import { createLogger } from '../../../src/core/logger';
import { createSearchLogWriter, type SearchLogEntry } from '../../../src/search/search-log';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';

const entry = (query: string, overrides: Partial<SearchLogEntry> = {}): SearchLogEntry => ({
  query,
  normalizedQuery: query.toLowerCase(),
  filters: {},
  sort: 'relevance',
  resultCount: 3,
  corrected: false,
  latencyMs: 12,
  customerId: null,
  sessionId: 's-1',
  requestId: `r-${query}`,
  createdAt: new Date(),
  ...overrides,
});

/** Issue 17, cause 10: `q=a%00b` answered 200 but made its whole batch fail to save (136 entries of other shoppers lost). */
describe('the search log keeps every entry it can (real Postgres)', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await createTestEnvironment();
  });
  after(async () => {
    await env?.cleanup();
  });
  beforeEach(async () => {
    await env.db('search_log').delete();
  });

  it('stores the other entries of a batch that holds a NUL, and the NUL entry made storable', async () => {
    const writer = createSearchLogWriter(env.db, createLogger(env.config), { flushIntervalMs: 60_000 });
    for (let i = 0; i < 135; i++) writer.record(entry(`shopper ${i}`));
    writer.record(entry('a\u0000b', { filters: { attributes: { colour: ['r\u0000ed', '\ud800'] } }, sessionId: 's\u0000' }));
    await writer.close();
    assert.equal(Number((await env.db('search_log').count({ n: '*' }))[0]!.n), 136);
    const cleaned = await env
      .db('search_log')
      .where({ request_id: 'r-a\u0000b'.replace('\u0000', '') })
      .first();
    assert.equal(cleaned.query, 'ab');
    assert.equal(cleaned.session_id, 's');
    assert.deepEqual(cleaned.filters, { attributes: { colour: ['red', '\ufffd'] } });
  });

  it('drops only the entry Postgres refuses, and keeps the rest of its batch', async () => {
    // A rule no cleaning can know of stands for "a row Postgres refuses": the batch fails, then goes row by row.
    await env.db.raw(`alter table search_log add constraint refuses_probe check (query is distinct from 'refused')`);
    try {
      const writer = createSearchLogWriter(env.db, createLogger(env.config), { flushIntervalMs: 60_000 });
      writer.record(entry('before'));
      writer.record(entry('refused'));
      writer.record(entry('after', { resultCount: 2 ** 40, latencyMs: Number.NaN, createdAt: new Date(Number.NaN) }));
      await writer.close();
      const rows = await env.db('search_log').orderBy('id').select('query', 'result_count', 'latency_ms');
      assert.deepEqual(rows, [
        { query: 'before', result_count: 3, latency_ms: 12 },
        { query: 'after', result_count: 2_147_483_647, latency_ms: 0 },
      ]);
    } finally {
      await env.db.raw('alter table search_log drop constraint refuses_probe');
    }
  });
});
