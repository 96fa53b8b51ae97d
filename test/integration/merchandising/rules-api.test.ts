import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

describe('merchandising API: rules CRUD, audit trail, validation, keys (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  const rule = {
    name: 'TV first',
    priority: 5,
    conditions: { query: { match: 'is', values: ['tv'] } },
    actions: [{ type: 'pin', pins: [{ productId: 'phone-1', position: 1 }] }],
  };

  before(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.close();
  });

  it('refuses storefront keys (403) and requests without a key (401) on every merchandising endpoint', async () => {
    const endpoints: Array<[string, string, unknown?]> = [
      ['GET', '/rules'],
      ['POST', '/rules', rule],
      ['GET', '/rules/1'],
      ['PUT', '/rules/1', rule],
      ['DELETE', '/rules/1'],
      ['GET', '/rules/1/versions'],
      ['GET', '/synonyms'],
      ['POST', '/synonyms', { type: 'multiway', terms: ['a', 'b'] }],
      ['GET', '/weights'],
      ['PUT', '/weights/global', { text: 1 }],
      ['POST', '/preview', { q: 'tv' }],
      ['GET', '/analytics/top-queries'],
      ['GET', '/analytics/zero-results'],
      ['GET', '/analytics/low-ctr'],
    ];
    for (const [method, path, body] of endpoints) {
      const storefront = await h.api.request(method, `/v1/merchandising${path}`, { key: h.publicKey, body });
      assert.equal(storefront.status, 403, `${method} ${path}`);
      assert.equal(storefront.body.error.code, 'FORBIDDEN');
      assert.equal((await h.api.request(method, `/v1/merchandising${path}`, { body })).status, 401, `${method} ${path}`);
    }
  });

  it('creates, reads, lists, updates and deletes a rule, recording who, when, before and after', async () => {
    const created = await h.merch('POST', '/rules', rule, { 'x-actor': 'ana@shop.example' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(
      { ...created.body, createdAt: undefined, updatedAt: undefined },
      { ...rule, id: created.body.id, enabled: true, tags: [], version: 1, createdAt: undefined, updatedAt: undefined },
    );
    const id = created.body.id as string;
    assert.deepEqual((await h.merch('GET', `/rules/${id}`)).body, created.body);
    assert.deepEqual(
      (await h.merch('GET', '/rules')).body.rules.map((r: { id: string }) => r.id),
      [id],
    );

    const changed = { ...rule, priority: 9, version: 1 };
    const updated = await h.merch('PUT', `/rules/${id}`, changed);
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.version, 2);
    const stale = await h.merch('PUT', `/rules/${id}`, { ...changed, priority: 1 });
    assert.equal(stale.status, 409, 'an update based on version 1 must not overwrite version 2');
    assert.equal(stale.body.error.field, 'version');

    assert.equal((await h.merch('DELETE', `/rules/${id}`)).status, 204);
    assert.equal((await h.merch('GET', `/rules/${id}`)).status, 404);
    const { versions } = (await h.merch('GET', `/rules/${id}/versions`)).body;
    assert.deepEqual(
      versions.map((v: { op: string; entityVersion: number }) => [v.op, v.entityVersion]),
      [
        ['delete', 3],
        ['update', 2],
        ['create', 1],
      ],
    );
    const [deleted, update, create] = versions;
    assert.equal(create.before, null);
    assert.equal(create.after.priority, 5);
    assert.equal(update.before.priority, 5);
    assert.equal(update.after.priority, 9);
    assert.equal(deleted.after, null);
    assert.equal(deleted.before.priority, 9);
    assert.equal(create.actor.name, 'ana@shop.example');
    assert.match(create.actor.keyId, /^\d+$/);
    assert.ok(!Number.isNaN(Date.parse(create.at)));
  });

  it('answers 400 naming the field for unknown products and categories, bad windows, weights out of range and malformed actions', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        {
          ...rule,
          actions: [
            {
              type: 'pin',
              pins: [
                { productId: 'phone-1', position: 1 },
                { productId: 'nope', position: 2 },
              ],
            },
          ],
        },
        'actions[0].pins[1].productId',
      ],
      [{ ...rule, actions: [{ type: 'hide', productIds: ['ghost'] }] }, 'actions[0].productIds[0]'],
      [{ ...rule, conditions: { category: { id: 'no-such-category' } } }, 'conditions.category.id'],
      [{ ...rule, actions: [{ type: 'filter', filter: { categoryIds: ['shoes', 'nowhere'] } }] }, 'actions[0].filter.categoryIds[1]'],
      [{ ...rule, actions: [{ type: 'boost', filter: { brandIds: ['no-brand'] }, weight: 1 }] }, 'actions[0].filter.brandIds[0]'],
      [{ ...rule, conditions: { startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' } }, 'conditions.endsAt'],
      [{ ...rule, conditions: { startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' } }, 'conditions.endsAt'],
      [{ ...rule, conditions: { startsAt: 'tomorrow' } }, 'conditions.startsAt'],
      [{ ...rule, actions: [{ type: 'boost', filter: { brandIds: ['voltix'] }, weight: 50 }] }, 'actions[0].weight'],
      [{ ...rule, actions: [{ type: 'bury', filter: { brandIds: ['voltix'] }, weight: 1.5 }] }, 'actions[0].weight'],
      [{ ...rule, actions: [{ type: 'boost', filter: {}, weight: 1 }] }, 'actions[0].filter'],
      [{ ...rule, actions: [{ type: 'filter', filter: { price: { min: 50, max: 10 } } }] }, 'actions[0].filter.price.max'],
      [
        {
          ...rule,
          actions: [
            {
              type: 'pin',
              pins: [
                { productId: 'phone-1', position: 1 },
                { productId: 'phone-2', position: 1 },
              ],
            },
          ],
        },
        'actions[0].pins',
      ],
      [{ ...rule, actions: [{ type: 'pin', pins: [{ productId: 'phone-1', position: 0 }] }] }, 'actions[0].pins[0].position'],
      [{ ...rule, actions: [{ type: 'redirect', url: 'javascript:alert(1)' }] }, 'actions[0].url'],
      [{ ...rule, actions: [{ type: 'teleport' }] }, 'actions[0].type'],
      [{ ...rule, actions: [] }, 'actions'],
      [{ ...rule, conditions: { query: { match: 'is', values: ['!!!'] } } }, 'conditions.query.values[0]'],
      [{ ...rule, priority: 5000 }, 'priority'],
      [{ ...rule, colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const response = await h.merch('POST', '/rules', body);
      assert.equal(response.status, 400, `${field}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.field, field, JSON.stringify(response.body));
    }
    assert.equal((await h.merch('GET', '/rules')).body.total, 0, 'nothing invalid was stored');
  });

  it('validates weights and synonyms with the field too', async () => {
    for (const [body, field] of [
      [{ popularity: 11 }, 'popularity'],
      [{ text: 0 }, 'text'],
      [{ stock: -1 }, 'stock'],
      [{ speed: 1 }, 'speed'],
    ] as const) {
      const response = await h.merch('PUT', '/weights/global', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.field, field);
    }
    assert.equal((await h.merch('PUT', '/weights/categories/nowhere', { text: 1 })).status, 404);
    const synonym = await h.merch('POST', '/synonyms', { type: 'multiway', terms: ['tv'] });
    assert.equal(synonym.status, 400);
    assert.equal(synonym.body.error.field, 'terms');
  });
});
