import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/** The analytics headline and per-day figures, and noise left out (issue 20), against real Postgres. */
describe('analytics overview and noise (real Postgres)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));

  before(async () => {
    h = await startHarness({ clock: () => Date.UTC(2026, 10, 18) });
    const rows: Array<[string, number, Date, string]> = [
      ['running shoes', 4, at(10), 's1'],
      ['running shoes', 4, at(10), 's2'],
      ['skillet', 1, at(11), 's3'],
      ['zzqx', 0, at(11), 's4'],
      // 23:30 UTC on the 11th is already the 12th in Berlin.
      ['kettle', 2, at(11, 23), 's1'],
      // Noise: markup, SQL, template lookups, traversal, a wall of text, punctuation only.
      ['<script>alert(1)</script>', 0, at(10), 'x1'],
      ["' or 1=1 --", 0, at(10), 'x1'],
      ['${jndi:ldap://x}', 0, at(10), 'x1'],
      ['../../etc/passwd', 0, at(10), 'x1'],
      ['a'.repeat(200), 0, at(10), 'x1'],
      ['?!', 0, at(10), 'x1'],
      // Not noise: Chinese, digits.
      ['跑鞋', 3, at(11), 's5'],
    ];
    await h.env.db('search_log').insert(
      rows.map(([query, results, created, session]) => ({
        query,
        normalized_query: query,
        sort: 'relevance',
        result_count: results,
        latency_ms: 5,
        session_id: session,
        created_at: created,
      })),
    );
    const event = (type: string, session: string, day: number, query: string | null = null) => ({
      type,
      session_id: session,
      product_id: 'shoe-1',
      query,
      occurred_at: at(day),
    });
    await h.env.db('events').insert([
      event('search_click', 's1', 10, 'running shoes'),
      event('search_click', 's2', 10, 'running shoes'),
      event('search_click', 's3', 11, 'skillet'),
      event('add_to_cart', 's1', 10),
      event('add_to_cart', 's3', 11),
      event('purchase', 's1', 11),
      // Someone who never searched: not a searching shopper's conversion.
      event('purchase', 'never-searched', 11),
    ]);
  });
  after(async () => {
    await h?.close();
  });

  const period = 'from=2026-11-05T00:00:00Z&to=2026-11-15T00:00:00Z';

  it('gives searches, no-result rate, click-through and the conversion of searching shoppers, noise apart', async () => {
    const response = await h.merch('GET', `/analytics/overview?${period}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const o = response.body;
    assert.equal(o.searches, 6);
    assert.equal(o.shoppers, 5);
    assert.equal(o.zeroResultSearches, 1);
    assert.equal(o.noResultRate, 1 / 6);
    assert.equal(o.clicks, 3);
    assert.equal(o.ctr, 0.5);
    assert.equal(o.addToCartRate, 2 / 5);
    assert.equal(o.purchaseRate, 1 / 5);
    assert.equal(o.noiseSearches, 6);
    assert.deepEqual(o.days, [
      { day: '2026-11-10', searches: 2, zeroResultSearches: 0, clicks: 2 },
      { day: '2026-11-11', searches: 4, zeroResultSearches: 1, clicks: 1 },
    ]);
  });

  it('counts days in the time zone asked, and refuses an unknown one naming time_zone', async () => {
    const berlin = (await h.merch('GET', `/analytics/overview?${period}&time_zone=Europe/Berlin`)).body;
    assert.deepEqual(
      berlin.days.map((d: { day: string; searches: number }) => [d.day, d.searches]),
      [
        ['2026-11-10', 2],
        ['2026-11-11', 3],
        ['2026-11-12', 1],
      ],
    );
    const bad = await h.merch('GET', `/analytics/overview?${period}&time_zone=Mars/Olympus`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'time_zone');
  });

  it('leaves one-off junk out of the queries with no results when asked (min_shoppers)', async () => {
    const all = (await h.merch('GET', `/analytics/zero-results?${period}`)).body.queries.map((q: { query: string }) => q.query);
    assert.deepEqual(all, ['zzqx']);
    const shared = await h.merch('GET', `/analytics/zero-results?${period}&min_shoppers=2`);
    assert.equal(shared.status, 200, JSON.stringify(shared.body));
    assert.deepEqual(shared.body.queries, [], 'zzqx was searched by one shopper only');
    assert.equal((await h.merch('GET', `/analytics/zero-results?${period}&min_shoppers=0`)).body.error.field, 'min_shoppers');
  });

  it('leaves noise out of the query tables', async () => {
    const zero = (await h.merch('GET', `/analytics/zero-results?${period}`)).body.queries.map((q: { query: string }) => q.query);
    assert.deepEqual(zero, ['zzqx']);
    const top = (await h.merch('GET', `/analytics/top-queries?${period}`)).body.queries.map((q: { query: string }) => q.query);
    assert.ok(top.includes('跑鞋'), 'Chinese queries are words, not noise');
    assert.equal(top.length, 5);
  });
});
