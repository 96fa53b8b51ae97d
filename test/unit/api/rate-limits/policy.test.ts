import assert from 'node:assert/strict';
import { loadConfig } from '../../../../src/core/config';
import { budgetFor, budgetRole, chargeFor, rateLimitPolicy } from '../../../../src/api/rate-limits/policy';

describe('rate-limit policy', () => {
  const policy = rateLimitPolicy(loadConfig({}));
  const charge = (method: string, path: string, body?: unknown) => chargeFor(policy, { method, path, body });

  it('has the documented default budgets, per role and scope, in points per 60 s', () => {
    assert.equal(policy.windowSeconds, 60);
    assert.deepEqual(policy.budgets, {
      requests: {
        // Every browser holds the public key: a per-key count would be storefront-wide, spendable by any 100 addresses.
        public: { key: 0, address: 600 },
        merchandiser: { key: 3000, address: 3000 },
        admin: { key: 12_000, address: 12_000 },
      },
      suggest: { key: 0, address: 1200 },
    });
    assert.deepEqual(policy.failedAuth, { perAddress: 20, blockSeconds: 60 });
  });

  it('reads every budget and cost from the environment', () => {
    const custom = rateLimitPolicy(
      loadConfig({
        RATE_LIMIT_WINDOW_SECONDS: '10',
        RATE_LIMIT_PUBLIC_PER_ADDRESS: '5',
        RATE_LIMIT_MERCHANDISER_PER_KEY: '7',
        RATE_LIMIT_SUGGEST_PER_ADDRESS: '0',
        RATE_LIMIT_PREVIEW_COST: '3',
        RATE_LIMIT_EVENTS_PER_POINT: '2',
        RATE_LIMIT_FAILED_AUTH_PER_ADDRESS: '4',
        RATE_LIMIT_FAILED_AUTH_BLOCK_SECONDS: '9',
      }),
    );
    assert.equal(custom.windowSeconds, 10);
    assert.equal(budgetFor(custom, 'requests', 'public', 'address'), 5);
    assert.equal(budgetFor(custom, 'requests', 'merchandiser', 'key'), 7);
    assert.equal(budgetFor(custom, 'suggest', 'admin', 'address'), 0);
    assert.deepEqual(custom.costs, { preview: 3, eventsPerPoint: 2 });
    assert.deepEqual(custom.failedAuth, { perAddress: 4, blockSeconds: 9 });
  });

  it('gives each role its own budget and suggestions one budget for every role', () => {
    assert.notEqual(budgetFor(policy, 'requests', 'public', 'address'), budgetFor(policy, 'requests', 'merchandiser', 'address'));
    assert.notEqual(budgetFor(policy, 'requests', 'merchandiser', 'key'), budgetFor(policy, 'requests', 'admin', 'key'));
    for (const role of ['public', 'merchandiser', 'admin'] as const) {
      assert.equal(budgetFor(policy, 'suggest', role, 'address'), 1200);
    }
  });

  it('gives a role without a budget of its own the public one', () => {
    assert.equal(budgetRole('merchandiser'), 'merchandiser');
    assert.equal(budgetRole('admin'), 'admin');
    assert.equal(budgetRole('public'), 'public');
    assert.equal(budgetRole('signing'), 'public');
    assert.equal(budgetRole(undefined), 'public');
  });

  it('charges 1 point for an ordinary request', () => {
    assert.deepEqual(charge('GET', '/v1/search'), { bucket: 'requests', points: 1 });
    assert.deepEqual(charge('GET', '/v1/products/p-1/recommendations'), { bucket: 'requests', points: 1 });
    assert.deepEqual(charge('PUT', '/v1/admin/products/p-1', { price: 1 }), { bucket: 'requests', points: 1 });
    assert.deepEqual(charge('GET', '/v1/merchandising/preview'), { bucket: 'requests', points: 1 });
  });

  it('charges a preview more than a search, however the path is spelt', () => {
    assert.deepEqual(charge('POST', '/v1/merchandising/preview', {}), { bucket: 'requests', points: 10 });
    assert.deepEqual(charge('POST', '/V1/Merchandising/PREVIEW/', {}), { bucket: 'requests', points: 10 });
  });

  it('charges suggestions to their own bucket, HEAD like GET', () => {
    assert.deepEqual(charge('GET', '/v1/suggest'), { bucket: 'suggest', points: 1 });
    assert.deepEqual(charge('HEAD', '/v1/suggest'), { bucket: 'suggest', points: 1 });
    assert.deepEqual(charge('GET', '/v1/Suggest/'), { bucket: 'suggest', points: 1 });
  });

  it('charges events per batch and per ten events, up to the largest batch accepted', () => {
    const events = (n: number) => ({ events: Array.from({ length: n }, () => ({})) });
    assert.equal(charge('POST', '/v1/events', events(1)).points, 2);
    assert.equal(charge('POST', '/v1/events', events(10)).points, 2);
    assert.equal(charge('POST', '/v1/events', events(11)).points, 3);
    assert.equal(charge('POST', '/v1/events', events(500)).points, 51);
    assert.equal(charge('POST', '/v1/events', events(5000)).points, 51, 'refused with a 400 anyway');
    for (const body of [undefined, null, 'x', { events: 'x' }, []]) assert.equal(charge('POST', '/v1/events', body).points, 1);
  });
});
