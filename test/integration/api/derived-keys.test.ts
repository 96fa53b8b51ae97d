import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createApiKey, revokeApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { startStorefront, type Storefront } from '../../support/storefront';

/**
 * Customer keys (README, API keys): a customer's recommendations, events,
 * personalised search and session merge need a key bound to that customer;
 * the public key every browser holds keeps the anonymous features.
 */
describe('customer keys: customer data only for its customer (real services)', function () {
  this.timeout(60_000);
  let store: Storefront;
  let signingKey: string;
  let signingId: string;
  const keyFor = (customerId: string, ttlSeconds = 600) => deriveCustomerKey(signingKey, { customerId, ttlSeconds });
  const as = (key: string, method: string, path: string, body?: unknown) => store.api.request(method, path, { key, body });
  const eventCount = async (where: Record<string, string>) =>
    Number((await store.env.db('events').where(where).count<{ count: string }[]>('* as count'))[0]!.count);

  before(async () => {
    store = await startStorefront({ env: { RATE_LIMIT_DISABLED: 'true' } });
    const created = await createApiKey(store.env.db, { role: 'signing', label: 'storefront server' });
    signingKey = created.key;
    signingId = created.id;
    await store.env.db('events').insert([
      { type: 'purchase', customer_id: 'c-2', product_id: 'phone-1', occurred_at: new Date() },
      { type: 'view', session_id: 's-victim', product_id: 'case-1', occurred_at: new Date() },
    ]);
  });
  after(async () => {
    await store?.close();
  });

  describe('with the public key every browser holds', () => {
    const refusals: Array<[string, string, unknown, string]> = [
      ['GET', '/v1/customers/c-2/recommendations', undefined, 'id'],
      ['GET', '/v1/search?q=phone&customer=c-2', undefined, 'customer'],
      ['GET', '/v1/products/phone-1/recommendations?customer=c-2', undefined, 'customer'],
      ['GET', '/v1/sessions/s-1/recommendations?customer=c-2', undefined, 'customer'],
      ['GET', '/v1/recommendations/trending?customer=c-2', undefined, 'customer'],
      ['POST', '/v1/sessions/merge', { sessionId: 's-victim', customerId: 'c-2' }, 'customerId'],
    ];
    for (const [method, path, body, field] of refusals) {
      it(`refuses ${method} ${path} (403 naming ${field})`, async () => {
        const response = await as(store.publicKey, method, path, body);
        assert.equal(response.status, 403, JSON.stringify(response.body));
        assert.equal(response.body.error.field, field);
        assert.match(response.body.error.message, /customer key bound to that customer/);
      });
    }

    it('cannot write events for a customer, and stores nothing of such a batch', async () => {
      const response = await as(store.publicKey, 'POST', '/v1/events', {
        events: [
          { type: 'view', sessionId: 's-9', productId: 'phone-1' },
          { type: 'purchase', customerId: 'c-2', productId: 'pan-1' },
        ],
      });
      assert.equal(response.status, 403);
      assert.equal(response.body.error.field, 'events[1].customerId');
      assert.equal(await eventCount({ session_id: 's-9' }), 0);
      assert.equal(await eventCount({ customer_id: 'c-2', product_id: 'pan-1' }), 0);
    });

    it('cannot attach a session’s history to a customer', async () => {
      await as(store.publicKey, 'POST', '/v1/sessions/merge', { sessionId: 's-victim', customerId: 'c-2' });
      assert.equal(await eventCount({ session_id: 's-victim', customer_id: 'c-2' }), 0);
    });

    it('keeps every anonymous feature', async () => {
      const events = await as(store.publicKey, 'POST', '/v1/events', {
        events: [{ type: 'view', sessionId: 's-anon', productId: 'phone-1' }],
      });
      assert.equal(events.status, 202);
      for (const path of [
        '/v1/search?q=phone&session=s-anon',
        '/v1/sessions/s-anon/recommendations',
        '/v1/products/phone-1/recommendations?session=s-anon',
        '/v1/recommendations/trending',
        '/v1/suggest?q=pho',
      ]) {
        assert.equal((await as(store.publicKey, 'GET', path)).status, 200, path);
      }
    });
  });

  describe('with a customer key', () => {
    it('reads and writes that customer’s data, and anonymous features too', async () => {
      const key = keyFor('c-2');
      const forYou = await as(key, 'GET', '/v1/customers/c-2/recommendations');
      assert.equal(forYou.status, 200, JSON.stringify(forYou.body));
      assert.equal((await as(key, 'GET', '/v1/search?q=phone&customer=c-2')).status, 200);
      assert.equal((await as(key, 'GET', '/v1/products/phone-1/recommendations?customer=c-2')).status, 200);
      assert.equal((await as(key, 'GET', '/v1/search?q=shoes')).status, 200);
      const events = await as(key, 'POST', '/v1/events', {
        events: [
          { type: 'view', sessionId: 's-c2', productId: 'phone-2' },
          { type: 'view', sessionId: 's-c2', customerId: 'c-2', productId: 'case-2' },
        ],
      });
      assert.equal(events.status, 202, JSON.stringify(events.body));
      await as(store.publicKey, 'POST', '/v1/events', { events: [{ type: 'view', sessionId: 's-login', productId: 'pan-2' }] });
      const merged = await as(key, 'POST', '/v1/sessions/merge', { sessionId: 's-login', customerId: 'c-2' });
      assert.deepEqual(merged.body, { merged: 1 });
      // Ids are taken as sent: a session id with surrounding space is refused, not trimmed into another session.
      const spaced = await as(key, 'POST', '/v1/sessions/merge', { sessionId: ' s-login', customerId: 'c-2' });
      assert.equal(spaced.status, 400, JSON.stringify(spaced.body));
      assert.equal(spaced.body.error.field, 'sessionId');
    });

    it('touches no other customer: another id, another spelling, or one customer among others in a batch', async () => {
      const key = keyFor('c-1');
      const other = await as(key, 'GET', '/v1/customers/c-2/recommendations');
      assert.equal(other.status, 403);
      assert.match(other.body.error.message, /bound to customer c-1, not customer c-2/);
      for (const path of [
        '/v1/search?customer=c-2',
        '/v1/search?customer=%20c-1',
        '/v1/search?customer=c-1&customer=c-2',
        '/v1/customers/C-1/recommendations',
      ]) {
        assert.equal((await as(key, 'GET', path)).status, 403, path);
      }
      const batch = await as(key, 'POST', '/v1/events', {
        events: [
          { type: 'view', customerId: 'c-1', productId: 'phone-1' },
          { type: 'view', customerId: 'c-2', productId: 'phone-1' },
        ],
      });
      assert.equal(batch.status, 403);
      assert.equal(batch.body.error.field, 'events[1].customerId');
      assert.equal(await eventCount({ customer_id: 'c-1' }), 0, 'nothing of the batch was stored');
      assert.equal((await as(key, 'POST', '/v1/sessions/merge', { sessionId: 's-victim', customerId: 'c-2' })).status, 403);
    });

    it('is refused (401) once expired, altered, signed for too long or signed with the public key', async () => {
      const expired = deriveCustomerKey(signingKey, { customerId: 'c-2', ttlSeconds: 1, now: Date.now() - 5_000 });
      const tooLong = keyFor('c-2', 30 * 86_400);
      const good = keyFor('c-1');
      const [body, signature] = good.slice(4).split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as object;
      const altered = `agc_${Buffer.from(JSON.stringify({ ...claims, customer: 'c-2' })).toString('base64url')}.${signature}`;
      // What anyone holding the public key could compute, were keys derived from it.
      const claimsOfPublic = { v: 1, key: store.publicKey.slice(0, 10), customer: 'c-2', exp: Math.floor(Date.now() / 1000) + 600 };
      const signed = `agc_${Buffer.from(JSON.stringify(claimsOfPublic)).toString('base64url')}`;
      const byPublic = `${signed}.${createHmac('sha256', createHash('sha256').update(store.publicKey).digest()).update(signed).digest('base64url')}`;
      for (const [name, key, reason] of [
        ['expired', expired, /expired/],
        ['signed for too long', tooLong, /longer than/],
        ['altered', altered, /not signed by an active signing key/],
        ['signed with the public key', byPublic, /malformed|not signed by an active signing key/],
      ] as const) {
        const response = await as(key, 'GET', '/v1/customers/c-2/recommendations');
        assert.equal(response.status, 401, `${name}: ${JSON.stringify(response.body)}`);
        assert.match(response.body.error.message, reason, name);
      }
    });

    it('stops working the moment its signing key is revoked', async () => {
      const key = keyFor('c-2');
      assert.equal((await as(key, 'GET', '/v1/customers/c-2/recommendations')).status, 200);
      assert.ok(await revokeApiKey(store.env.db, signingId));
      await store.api.apiKeys.revoked(signingId);
      assert.equal((await as(key, 'GET', '/v1/customers/c-2/recommendations')).status, 401);
      signingKey = (await createApiKey(store.env.db, { role: 'signing' })).key;
    });
  });

  it('gives a customer’s data to no other key, whatever its role', async () => {
    const { db } = store.env;
    for (const role of ['merchandiser', 'admin'] as const) {
      const key = (await createApiKey(db, { role })).key;
      assert.equal((await as(key, 'GET', '/v1/customers/c-2/recommendations')).status, 403, role);
      assert.equal((await as(key, 'GET', '/v1/search?customer=c-2')).status, 403, role);
    }
  });
});
