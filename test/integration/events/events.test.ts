import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

describe('POST /v1/events (real Postgres)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let key: string;
  let signingKey: string;
  /** Events naming a customer take that customer's key (derived as a storefront's server does at sign-in). */
  const customerKey = (customerId: string) => deriveCustomerKey(signingKey, { customerId, ttlSeconds: 600 });
  const send = (events: unknown[], withKey = key) => api.request('POST', '/v1/events', { key: withKey, body: { events } });

  before(async () => {
    env = await createTestEnvironment();
    api = await startTestApi(env);
    key = (await createApiKey(env.db, { role: 'public' })).key;
    signingKey = (await createApiKey(env.db, { role: 'signing' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('stores a valid batch', async () => {
    const response = await send(
      [
        { type: 'view', sessionId: 's-1', productId: 'p-1' },
        { type: 'search_click', customerId: 'c-1', productId: 'p-2', query: 'red shoes', occurredAt: '2026-11-20T10:00:00Z' },
      ],
      customerKey('c-1'),
    );
    assert.equal(response.status, 202);
    assert.deepEqual(response.body, { accepted: 2, rejected: [] });
    const stored = await env.db('events').orderBy('id');
    assert.deepEqual(
      stored.map((e) => [e.type, e.session_id, e.customer_id, e.product_id, e.query]),
      [
        ['view', 's-1', null, 'p-1', null],
        ['search_click', null, 'c-1', 'p-2', 'red shoes'],
      ],
    );
    assert.equal(stored[1].occurred_at.toISOString(), '2026-11-20T10:00:00.000Z');
  });

  it('keeps the good items of a batch and names the field of each bad one', async () => {
    const before = Number((await env.db('events').count<{ count: string }[]>('* as count'))[0]!.count);
    const response = await send([
      { type: 'view', sessionId: 's-2', productId: 'p-1' },
      { type: 'teleport', sessionId: 's-2', productId: 'p-1' },
      { type: 'view', productId: 'p-1' },
      { type: 'search_click', sessionId: 's-2', productId: 'p-1' },
      { type: 'view', sessionId: 's-2', productId: 'p-1', price: 3 },
      { type: 'view', sessionId: 's-2', productId: 'p-1', occurredAt: '2999-01-01T00:00:00Z' },
      'not an object',
    ]);
    assert.equal(response.status, 207);
    assert.equal(response.body.accepted, 1);
    assert.deepEqual(
      response.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field]),
      [
        [1, 'events[1].type'],
        [2, 'events[2].customerId'],
        [3, 'events[3].query'],
        [4, 'events[4].price'],
        [5, 'events[5].occurredAt'],
        [6, 'events[6]'],
      ],
    );
    const after = Number((await env.db('events').count<{ count: string }[]>('* as count'))[0]!.count);
    assert.equal(after - before, 1);
  });

  it('answers 400 when nothing in the batch is valid, and caps the batch size', async () => {
    const none = await send([{ type: 'view' }]);
    assert.equal(none.status, 400);
    assert.equal(none.body.error.field, 'events[0].customerId');
    const tooMany = await send(Array.from({ length: 501 }, () => ({ type: 'view', sessionId: 's', productId: 'p' })));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.field, 'events');
  });

  it("merges an anonymous session's history into the customer at login", async () => {
    await send([
      { type: 'view', sessionId: 'anon-9', productId: 'p-7' },
      { type: 'add_to_cart', sessionId: 'anon-9', productId: 'p-7' },
    ]);
    const merged = await api.request('POST', '/v1/sessions/merge', {
      key: customerKey('c-9'),
      body: { sessionId: 'anon-9', customerId: 'c-9' },
    });
    assert.deepEqual(merged.body, { merged: 2 });
    assert.equal((await env.db('events').where({ customer_id: 'c-9' })).length, 2);
    const again = await api.request('POST', '/v1/sessions/merge', {
      key: customerKey('c-9'),
      body: { sessionId: 'anon-9', customerId: 'c-9' },
    });
    assert.deepEqual(again.body, { merged: 0 });
  });
});
