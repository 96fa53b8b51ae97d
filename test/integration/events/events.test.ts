import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { recomputeSignals } from '../../../indexers/signals/signals';
import { anchoredTrending } from '../../../jobs/recommendations/anchored-trending';
import { loadTrainingData } from '../../../jobs/recommendations/load';
import { defaultTrainParams, TRENDING_EPOCH_MS } from '../../../jobs/recommendations/options';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { createCatalog, productRow } from '../indexers/support/catalog';
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
    await createCatalog(env.db, 10);
    await env.db('products').insert(['p-1', 'p-2', 'p-7'].map((id, n) => productRow(id, 100 + n)));
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

  it('refuses events about products that do not exist or are deleted, item by item', async () => {
    await env.db('products').insert(productRow('p-gone', 200));
    await env.db('products').where({ id: 'p-gone' }).update({ status: 'deleted' });
    const before = Number((await env.db('events').count<{ count: string }[]>('* as count'))[0]!.count);
    const some = await send([
      { type: 'view', sessionId: 's-3', productId: 'nope' },
      { type: 'view', sessionId: 's-3', productId: 'p-1' },
      { type: 'view', sessionId: 's-3', productId: 'p-gone' },
      { type: 'view', sessionId: 's-3' },
    ]);
    assert.equal(some.status, 207);
    assert.equal(some.body.accepted, 1);
    assert.deepEqual(
      some.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field]),
      [
        [0, 'events[0].productId'],
        [2, 'events[2].productId'],
        [3, 'events[3].productId'],
      ],
    );
    const none = await send([{ type: 'view', sessionId: 's-3', productId: 'nope' }]);
    assert.equal(none.status, 400);
    assert.equal(none.body.error.field, 'events[0].productId');
    const after = Number((await env.db('events').count<{ count: string }[]>('* as count'))[0]!.count);
    assert.equal(after - before, 1);
    assert.equal((await env.db('events').where({ product_id: 'nope' })).length, 0);
  });

  it("a flood of one address's events under made-up sessions does not outweigh real shoppers", async () => {
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    // Real shoppers: six sessions from six addresses viewing and adding p-00001 to their carts today.
    await env.db('events').insert(
      Array.from({ length: 6 }, (_, k) => [
        { type: 'view', session_id: `real-${k}`, product_id: 'p-00001', occurred_at: hoursAgo(1), source: `address-${k}` },
        { type: 'add_to_cart', session_id: `real-${k}`, product_id: 'p-00001', occurred_at: hoursAgo(1), source: `address-${k}` },
      ]).flat(),
    );
    // The tester's reproduction, scaled down: 3 × 500 add_to_cart from one address, each under a fresh session.
    for (let batch = 0; batch < 3; batch++) {
      const flood = Array.from({ length: 500 }, () => ({ type: 'add_to_cart', sessionId: `s-${randomUUID()}`, productId: 'p-00004' }));
      assert.equal((await send(flood)).status, 202);
    }
    const sources = await env.db('events').where({ product_id: 'p-00004' }).distinct('source');
    assert.equal(sources.length, 1, 'the API stores the hashed client address of each event');
    assert.match(sources[0].source, /^[0-9a-f]{32}$/);

    // And one session repeating itself (no address known, as for events stored before addresses were) counts once a day.
    await env
      .db('events')
      .insert(Array.from({ length: 100 }, () => ({ type: 'view', session_id: 'loop', product_id: 'p-00007', occurred_at: hoursAgo(2) })));

    await recomputeSignals(env.db, { asOf: new Date(Date.now() + 1000) });
    assert.equal((await env.db('product_signals').where({ product_id: 'p-00007' }).first()).views_7d, 1);
    const signals = new Map(
      (await env.db('product_signals').whereIn('product_id', ['p-00001', 'p-00004'])).map((row) => [row.product_id, row]),
    );
    const real = signals.get('p-00001')!;
    const flooded = signals.get('p-00004')!;
    assert.ok(real.popularity > flooded.popularity, `popularity: real ${real.popularity}, flooded ${flooded.popularity}`);
    assert.ok(real.trend > flooded.trend, `trend: real ${real.trend}, flooded ${flooded.trend}`);
    assert.equal(flooded.views_7d, 2, 'one address counts as two shoppers at most');
    const top = await env.db('product_signals').orderBy('popularity', 'desc').first('product_id');
    assert.equal(top.product_id, 'p-00001');

    // Trending of the recommendation job counts events the same way.
    const data = await loadTrainingData(env.db, defaultTrainParams);
    const trending = anchoredTrending(data.trending, data.items.size, {
      now: data.now,
      halfLifeMs: defaultTrainParams.trendingHalfLifeDays * 86_400_000,
      epochMs: TRENDING_EPOCH_MS,
    });
    const score = (id: string) => trending[data.items.get(id)!]!;
    assert.ok(score('p-00001') > score('p-00004'), `trending: real ${score('p-00001')}, flooded ${score('p-00004')}`);
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
