import assert from 'node:assert/strict';
import { assignVariant } from '../../../ranking/experiments/assignment';
import { createApiKey } from '../../../src/auth/api-keys';
import { createLogger } from '../../../src/core/logger';
import { productsAlias } from '../../../src/core/product-index';
import { createExperimentStore } from '../../../src/experiments/store';
import { createCatalogDirectory } from '../../../src/search/catalog/catalog-directory';
import { parseSearchRequest } from '../../../src/search/request/params';
import { createResultCache } from '../../../src/search/result-cache';
import { createSearchService } from '../../../src/search/search-service';
import { startTestApi, type TestApi } from '../../support/http';
import { ids, query, startHarness, type MerchandisingHarness } from '../merchandising/support';

const pinShoe2 = {
  name: 'Shoe 2 first',
  conditions: { query: { match: 'is', values: ['running shoes'] } },
  actions: [{ type: 'pin', pins: [{ productId: 'shoe-4', position: 1 }] }],
};

const experimentBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Pin shoe 4',
  variants: [
    { name: 'control', share: 50 },
    { name: 'pinned', share: 50, draftRules: [pinShoe2] },
  ],
  targeting: { queries: ['Running Shoes'] },
  plan: { baselineRate: 0.1, minimumDetectableEffect: 0.2 },
  ...overrides,
});

describe('experiments: A/B tests of merchandising on live traffic (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  let second: TestApi;
  let liveOrder: string[];

  before(async () => {
    h = await startHarness();
    second = await startTestApi(h.env);
    liveOrder = ids((await h.search({ q: 'running shoes' })).body);
    assert.notEqual(liveOrder[0], 'shoe-4', 'the pin must change the first place');
  });
  after(async () => {
    await second?.close();
    await h?.close();
  });

  const create = async (body: unknown) => h.merch('POST', '/experiments', body);
  const startNew = async (body: unknown = experimentBody()): Promise<string> => {
    const created = await create(body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const started = await h.merch('POST', `/experiments/${created.body.id}/start`);
    assert.equal(started.status, 200, JSON.stringify(started.body));
    return created.body.id;
  };
  const stop = async (id: string) => assert.equal((await h.merch('POST', `/experiments/${id}/stop`)).status, 200);
  const searchAs = (api: TestApi, params: Record<string, string>) =>
    api.request('GET', `/v1/search?${query(params)}`, { key: h.publicKey });

  it('refuses bad experiments with a 400 naming the field, and merchant-scoped keys with a 403', async () => {
    const cases: Array<[unknown, string]> = [
      [experimentBody({ variants: [{ name: 'a', share: 50 }] }), 'variants'],
      [
        experimentBody({
          variants: [
            { name: 'a', share: 50 },
            { name: 'b', share: 40 },
          ],
        }),
        'variants',
      ],
      [experimentBody({ aa: true }), 'variants[1]'],
      [
        experimentBody({
          variants: [
            { name: 'a', share: 50, draftRules: [pinShoe2] },
            { name: 'b', share: 50 },
          ],
        }),
        'variants[0]',
      ],
      [experimentBody({ plan: { baselineRate: 0.6, minimumDetectableEffect: 1 } }), 'plan.minimumDetectableEffect'],
      [experimentBody({ plan: undefined }), 'plan'],
      [experimentBody({ startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }), 'endsAt'],
      [
        experimentBody({
          variants: [
            { name: 'a', share: 50 },
            { name: 'b', share: 50, removedRuleIds: ['999'] },
          ],
        }),
        'variants[1].removedRuleIds[0]',
      ],
      [
        experimentBody({
          variants: [
            { name: 'a', share: 50 },
            { name: 'b', share: 50, draftRules: [{ ...pinShoe2, actions: [{ type: 'pin', pins: [{ productId: 'nope', position: 1 }] }] }] },
          ],
        }),
        'variants[1].draftRules[0].actions[0].pins[0].productId',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.field, field, JSON.stringify(response.body));
    }
    const merchantId = (await h.env.db('merchants').first('id')).id as string;
    const merchantKey = (await createApiKey(h.env.db, { role: 'admin', merchantId })).key;
    const refused = await h.api.request('POST', '/v1/merchandising/experiments', { key: merchantKey, body: experimentBody() });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal((await h.api.request('GET', '/v1/merchandising/experiments', { key: h.publicKey })).status, 403);
  });

  it('serves each shopper one variant, the same from every API process, and names it in the answer', async () => {
    const id = await startNew();
    // The second process hears of the start within a second.
    const started = Date.now();
    while (Date.now() - started < 3000 && (await searchAs(second, { q: 'running shoes', session: 'probe' })).body.experiment === null)
      await new Promise((r) => setTimeout(r, 20));
    const seen = { control: 0, pinned: 0 };
    for (let i = 0; i < 24; i++) {
      const session = `shopper-${i}`;
      const expected = ['control', 'pinned'][assignVariant(id, session, [50, 50])]!;
      const first = (await searchAs(h.api, { q: 'running shoes', session })).body;
      const other = (await searchAs(second, { q: 'running shoes', session })).body;
      assert.deepEqual(first.experiment, { id, variant: expected }, session);
      assert.deepEqual(other.experiment, first.experiment, `${session} gets the same variant from the second process`);
      assert.deepEqual(ids(first), expected === 'pinned' ? ['shoe-4', ...liveOrder.filter((x) => x !== 'shoe-4')] : liveOrder);
      assert.deepEqual(ids(other), ids(first));
      seen[expected as 'control' | 'pinned'] += 1;
    }
    assert.ok(seen.control > 0 && seen.pinned > 0, JSON.stringify(seen));
    // Outside the targeting, or with no shopper to hash, a search is in no experiment.
    assert.equal((await searchAs(h.api, { q: 'dress', session: 'shopper-1' })).body.experiment, null);
    assert.equal((await searchAs(h.api, { q: 'running shoes' })).body.experiment, null);
    await stop(id);
    assert.equal((await searchAs(h.api, { q: 'running shoes', session: 'shopper-1' })).body.experiment, null, 'stopped: live again');
  });

  it('attributes events by the search request id or the shopper, from the first exposure, and reports results', async () => {
    const id = await startNew();
    const pick = (variant: number) => {
      for (let i = 0; ; i++) if (assignVariant(id, `attr-${i}`, [50, 50]) === variant) return `attr-${i}`;
    };
    const controlShopper = pick(0);
    const pinnedShopper = pick(1);
    const early = new Date(Date.now() - 60_000).toISOString();
    const event = (e: Record<string, unknown>) => ({ productId: 'shoe-4', ...e });
    // Before any exposure: not counted.
    assert.equal(
      (
        await h.api.request('POST', '/v1/events', {
          key: h.publicKey,
          body: { events: [event({ type: 'purchase', sessionId: controlShopper, occurredAt: early })] },
        })
      ).status,
      202,
    );
    const pinnedSearch = await searchAs(h.api, { q: 'running shoes', session: pinnedShopper });
    await searchAs(h.api, { q: 'running shoes', session: pinnedShopper });
    await searchAs(h.api, { q: 'running shoes', session: controlShopper });
    const requestId = pinnedSearch.headers.get('x-request-id');
    assert.ok(requestId);
    const events = [
      // By request id, even under another session id (a storefront that lost it): still the pinned shopper's.
      event({ type: 'search_click', sessionId: 'elsewhere', query: 'running shoes', requestId }),
      event({ type: 'purchase', sessionId: 'elsewhere', requestId }),
      // By session.
      event({ type: 'add_to_cart', sessionId: controlShopper }),
      event({ type: 'click', sessionId: controlShopper }),
    ];
    const badRequestId = await h.api.request('POST', '/v1/events', {
      key: h.publicKey,
      body: { events: [event({ type: 'click', sessionId: controlShopper, requestId: 'not an id' })] },
    });
    assert.equal(badRequestId.status, 400);
    assert.equal(badRequestId.body.rejected[0].field, 'events[0].requestId');
    const sent = await h.api.request('POST', '/v1/events', { key: h.publicKey, body: { events } });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await h.api.searchLog.flush();
    const results = await h.merch('GET', `/experiments/${id}/results`);
    assert.equal(results.status, 200, JSON.stringify(results.body));
    const [control, pinned] = results.body.variants;
    const price = Number((await h.env.db('products').where({ id: 'shoe-4' }).first('price')).price);
    assert.deepEqual(
      {
        users: control.users,
        searches: control.searches,
        carted: control.addToCartConversion.count,
        bought: control.purchaseConversion.count,
      },
      { users: 1, searches: 1, carted: 1, bought: 0 },
    );
    assert.equal(control.clickThroughRate.numerator, 1);
    assert.deepEqual(
      {
        users: pinned.users,
        searches: pinned.searches,
        clicks: pinned.clickThroughRate.numerator,
        bought: pinned.purchaseConversion.count,
      },
      { users: 1, searches: 2, clicks: 1, bought: 1 },
    );
    assert.equal(pinned.revenuePerSearch.value, price / 2);
    assert.equal(results.body.verdict.status, 'collecting');
    assert.equal(results.body.sampleSizePerVariant, 3841);
    assert.match(results.body.test, /Two-proportion z-test/);

    // No winner: promoting needs force and a named variant; then the variant's rule is live, audited.
    const refused = await h.merch('POST', `/experiments/${id}/promote`, {});
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    const promoted = await h.merch('POST', `/experiments/${id}/promote`, { variant: 'pinned', force: true }, { 'x-actor': 'Ana' });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    assert.equal(promoted.body.experiment.status, 'stopped');
    assert.equal(promoted.body.experiment.promotedVariant, 'pinned');
    assert.equal(ids((await h.search({ q: 'running shoes' })).body)[0], 'shoe-4', 'the promoted pin is live for everyone');
    const [rule] = (await h.merch('GET', '/rules')).body.rules;
    const versions = (await h.merch('GET', `/rules/${rule.id}/versions`)).body.versions;
    assert.equal(versions[0].actor.name, 'Ana');
    assert.equal((await h.merch('POST', `/experiments/${id}/promote`, { variant: 'pinned', force: true })).status, 409, 'only once');
    await h.reset();
  });

  it('promotes all of a variant or none of it', async () => {
    const doomed = await h.createRule({ ...pinShoe2, name: 'Deleted before the promotion' });
    const id = await startNew(
      experimentBody({
        variants: [
          { name: 'control', share: 50 },
          {
            name: 'two-rules',
            share: 50,
            draftRules: [
              { ...pinShoe2, name: 'New rule' },
              { ...pinShoe2, id: doomed.id, name: 'Changed rule' },
            ],
          },
        ],
      }),
    );
    // The rule the variant changes is deleted live: the variant's second write will find nothing to update.
    assert.equal((await h.merch('DELETE', `/rules/${doomed.id}`)).status, 204);
    const failed = await h.merch('POST', `/experiments/${id}/promote`, { variant: 'two-rules', force: true });
    assert.equal(failed.status, 404, JSON.stringify(failed.body));
    assert.deepEqual((await h.merch('GET', '/rules')).body.rules, [], 'the first rule of the variant was not published either');
    assert.equal((await h.merch('GET', `/experiments/${id}`)).body.promotedVariant, null);
    await h.reset();
  });

  it('assigns from memory: no database call per search, with or without a running experiment', async () => {
    const logger = createLogger(h.env.config);
    const experiments = createExperimentStore({
      db: h.env.db,
      redis: h.env.redis,
      indexPrefix: h.env.config.indexPrefix,
      logger,
      merchandising: h.api.merchandising,
    });
    const request = parseSearchRequest({ q: 'running shoes', session: 'memory-1' });
    assert.equal(await experiments.assign(request, [], Date.now()), null, 'loads on first use; nothing running');
    let queries = 0;
    const count = () => queries++;
    h.env.db.on('query', count);
    try {
      for (let i = 0; i < 200; i++) assert.equal(await experiments.assign(request, [], Date.now()), null);
      assert.equal(queries, 0, 'nothing running: no query');
      const id = await startNew();
      await experiments.changed(String((await h.env.db('experiments_state').first('version')).version));
      queries = 0;
      for (let i = 0; i < 200; i++) assert.equal((await experiments.assign(request, [], Date.now()))?.experiment.id, id);
      assert.equal(queries, 0, 'running: assigned from memory');
      await stop(id);
    } finally {
      h.env.db.removeListener('query', count);
      await experiments.close();
    }
  });

  it('keeps variants apart in the result cache', async () => {
    const env = h.env;
    const logger = createLogger(env.config);
    const experiments = createExperimentStore({
      db: env.db,
      redis: env.redis,
      indexPrefix: env.config.indexPrefix,
      logger,
      merchandising: h.api.merchandising,
    });
    // The storefront app never caches a search naming a shopper (it may be personalised); a service without personalisation does.
    const service = createSearchService({
      es: env.es,
      index: productsAlias(env.config.indexPrefix),
      categories: createCatalogDirectory(env.db),
      merchandising: h.api.merchandising,
      cache: createResultCache(env.redis, env.config.indexPrefix, { settleMs: 0 }),
      searchLog: null,
      experiments,
    });
    const stateVersion = async () => String((await env.db('experiments_state').first('version')).version);
    // Weights alone change the order: no rule matches, so only the variant can tell the two answers apart.
    const byRating = { rating: 10, stock: 0, popularity: 0, recency: 0, merchantRating: 0 };
    const id = await startNew(
      experimentBody({
        variants: [
          { name: 'control', share: 50 },
          { name: 'rating', share: 50, draftWeights: { global: byRating } },
        ],
        targeting: { categories: ['running-shoes'] },
      }),
    );
    await experiments.changed(await stateVersion());
    let session = '';
    for (let i = 0; assignVariant(id, session, [50, 50]) !== 1; i++) session = `cache-${i}`;
    const request = parseSearchRequest({ category: 'running-shoes', sort: 'relevance', session });
    const live = ids(await service.search(parseSearchRequest({ category: 'running-shoes', sort: 'relevance' })));
    const inVariant = await service.search(request);
    assert.deepEqual(inVariant.experiment, { id, variant: 'rating' });
    assert.deepEqual(ids(inVariant), ['shoe-3', 'shoe-1', 'shoe-2', 'shoe-4']);
    assert.notDeepEqual(ids(inVariant), live);
    assert.deepEqual(ids(await service.search(request)), ids(inVariant), 'served again (from the cache)');
    await stop(id);
    await experiments.changed(await stateVersion());
    const afterStop = await service.search(request);
    assert.equal(afterStop.experiment, null);
    assert.deepEqual(ids(afterStop), live, 'the same request outside the experiment is not served the variant’s cached answer');
    await experiments.close();
  });
});
