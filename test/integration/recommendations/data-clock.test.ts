import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { productsAlias, type ProductDocument } from '../../../src/core/product-index';
import { recomputeSignals } from '../../../indexers/signals/signals';
import { trainRecommendations } from '../../../jobs/recommendations/train';
import { loadScenario } from '../../support/recommendation-scenario';
import { loadSearchCatalog } from '../../support/search-catalog';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { relayAll, trainDeps } from '../../support/trained-catalog';

const DAY_MS = 86_400_000;

/**
 * A store whose history ended a year ago (an import, an evaluation cut):
 * trending and popularity are measured as of its newest order or event, so
 * it still has trending and popular products, and the list is not in id order.
 */
describe('time relative to the data (real Postgres and Elasticsearch)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  let api: TestApi;
  let key: string;

  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    await loadScenario(env.db, Date.now() - 365 * DAY_MS);
    assert.equal((await trainRecommendations(trainDeps(env))).status, 'trained');
    await recomputeSignals(env.db);
    await relayAll(env);
    api = await startTestApi(env);
    key = (await createApiKey(env.db, { role: 'public' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('has trending products on a history that ended a year ago, hottest first, not in id order', async () => {
    const response = await api.request('GET', '/v1/recommendations/trending?size=5', { key });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const items = response.body.items as Array<{ product: { id: string }; source: string; reason: { code: string } }>;
    assert.equal(items.length, 5);
    assert.ok(
      items.every((item) => item.source === 'trending' && item.reason.code === 'trending'),
      JSON.stringify(items.map((i) => i.source)),
    );
    assert.equal(response.body.fallback, false);
    const ids = items.map((item) => item.product.id);
    assert.notDeepEqual(ids, [...ids].sort(), 'not in id order');
  });

  it('computes popularity as of the newest order, so best sellers are popular', async () => {
    const phone = (await env.es.get<ProductDocument>({ index: productsAlias(env.config.indexPrefix), id: 'phone-1' }))._source!;
    assert.ok(phone.popularity > 0, `popularity ${phone.popularity}`);
  });
});
