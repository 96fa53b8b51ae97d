import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/**
 * Analytics per storefront context and by click position (issue 20), end to end: searches through the storefront API
 * with and without a `context`, clicks posted to /v1/events with the search's request id and the result's position,
 * then the merchandising analytics read back, against real Postgres and Elasticsearch.
 */
describe('analytics per storefront context and click positions (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  let period: string;

  const search = async (session: string, context?: string): Promise<string> => {
    const response = await h.search({ q: 'running shoes', session, ...(context ? { context } : {}) });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const requestId = response.headers.get('x-request-id');
    assert.ok(requestId, 'every answer names its request');
    return requestId;
  };
  const postEvents = (events: Array<Record<string, unknown>>) =>
    h.api.request('POST', '/v1/events', {
      key: h.publicKey,
      body: { events: events.map((e) => ({ type: 'search_click', productId: 'shoe-1', query: 'running shoes', ...e })) },
    });

  before(async () => {
    h = await startHarness();
    const started = Date.now();
    const app1 = await search('a1', 'app');
    const app2 = await search('a2', 'app');
    const web = await search('w1', 'web:de');
    await search('n1');
    await h.api.searchLog.flush();
    const sent = await postEvents([
      { sessionId: 'a1', requestId: app1, position: 1 },
      { sessionId: 'a2', requestId: app2, position: 12 },
      { sessionId: 'w1', requestId: web, position: 3 },
      // No request id: counts in every context's total only.
      { sessionId: 'n1', position: 25 },
      // No position (an older storefront): a click, in no band.
      { sessionId: 'n1' },
    ]);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    period = `from=${new Date(started - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
  });
  after(async () => {
    await h?.close();
  });

  const band = (o: { clickPositions: Array<{ positions: string; clicks: number }> }) =>
    Object.fromEntries(o.clickPositions.filter((b) => b.clicks > 0).map((b) => [b.positions, b.clicks]));

  it('stores the search request’s context tag in the search log and the click’s position on its event', async () => {
    const contexts = await h.env.db('search_log').orderBy('id').pluck('context');
    assert.deepEqual(contexts, ['app', 'app', 'web:de', null]);
    const positions = await h.env.db('events').where({ type: 'search_click' }).orderBy('id').pluck('position');
    assert.deepEqual(positions, [1, 12, 3, 25, null]);
  });

  it('reports one context: its searches, the clicks on them, their positions and click-through', async () => {
    const response = await h.merch('GET', `/analytics/overview?${period}&context=app`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const o = response.body;
    assert.equal(o.context, 'app');
    assert.equal(o.searches, 2);
    assert.equal(o.clicks, 2);
    assert.equal(o.ctr, 1);
    assert.deepEqual(band(o), { '1': 1, '11-20': 1 });
    assert.equal(o.clickPositions.find((b: { positions: string }) => b.positions === '1').ctr, 0.5);
    assert.equal(o.clicksWithoutPosition, 0);
    assert.deepEqual(o.contexts, [
      { context: 'app', searches: 2 },
      { context: 'web:de', searches: 1 },
    ]);
  });

  it('reports every context by default, positions in bands 1 … 10, 11-20, 21+', async () => {
    const o = (await h.merch('GET', `/analytics/overview?${period}`)).body;
    assert.equal(o.context, null);
    assert.equal(o.searches, 4);
    assert.equal(o.clicks, 5);
    assert.deepEqual(
      o.clickPositions.map((b: { positions: string }) => b.positions),
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11-20', '21+'],
    );
    assert.deepEqual(band(o), { '1': 1, '3': 1, '11-20': 1, '21+': 1 });
    assert.equal(o.clicksWithoutPosition, 1);
  });

  it('filters the query tables by context too', async () => {
    const web = await h.merch('GET', `/analytics/top-queries?${period}&context=web:de`);
    assert.equal(web.status, 200, JSON.stringify(web.body));
    assert.deepEqual(web.body.queries, [{ query: 'running shoes', searches: 1, shoppers: 1, zeroResultSearches: 0, clicks: 1, ctr: 1 }]);
    const none = await h.merch('GET', `/analytics/top-queries?${period}&context=kiosk`);
    assert.deepEqual(none.body.queries, []);
  });

  it('counts a click for the context of the search it followed when one request id named searches in two contexts', async () => {
    // A storefront (or a proxy) may send one X-Request-Id with several searches: the API keeps the caller's id when sane.
    const searchAs = async (session: string, context: string) => {
      const response = await h.api.request('GET', `/v1/search?q=running+shoes&session=${session}&context=${context}`, {
        key: h.publicKey,
        headers: { 'x-request-id': 'page-7' },
      });
      assert.equal(response.headers.get('x-request-id'), 'page-7');
      await h.api.searchLog.flush();
    };
    const clicks = async (context: string) => (await h.merch('GET', `/analytics/overview?${period}&context=${context}`)).body.clicks;
    const [app, web] = [await clicks('app'), await clicks('web:de')];
    await searchAs('s-app', 'app');
    assert.equal((await postEvents([{ sessionId: 's-app', requestId: 'page-7', position: 2 }])).status, 202);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await searchAs('s-web', 'web:de');
    assert.equal((await postEvents([{ sessionId: 's-web', requestId: 'page-7', position: 4 }])).status, 202);
    // Each click once, in the context its shopper searched in: not both clicks in both contexts.
    assert.deepEqual([(await clicks('app')) - app, (await clicks('web:de')) - web], [1, 1]);
  });

  it('refuses a malformed context naming the field, and a position that is not a whole number from 1', async () => {
    for (const context of ['Web', 'a b', 'x'.repeat(65), 'café']) {
      const response = await h.merch('GET', `/analytics/overview?${period}&context=${encodeURIComponent(context)}`);
      assert.equal(response.status, 400, context);
      assert.equal(response.body.error.field, 'context');
    }
    for (const position of [0, -1, 1.5, '2', 1_000_001]) {
      const response = await postEvents([{ sessionId: 'n1', position }]);
      assert.equal(response.status, 400, String(position));
      assert.equal(response.body.rejected[0].field, 'events[0].position');
    }
  });

  it('lists at most the 100 most searched contexts to choose from, however many tags shoppers sent', async () => {
    // Any storefront key may search with any well-formed tag: 150 one-off tags, and one searched more than any other.
    const at = new Date();
    const row = (context: string) => ({
      query: 'boots',
      normalized_query: 'boots',
      sort: 'relevance',
      result_count: 1,
      latency_ms: 1,
      session_id: 'junk',
      context,
      created_at: at,
    });
    await h.env
      .db('search_log')
      .insert([...Array.from({ length: 150 }, (_, i) => row(`junk-${i}`)), ...Array.from({ length: 5 }, () => row('kiosk'))]);
    const o = (await h.merch('GET', `/analytics/overview?${period}`)).body;
    assert.equal(o.contexts.length, 100);
    assert.deepEqual(o.contexts[0], { context: 'kiosk', searches: 5 });
  });
});
