import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

describe('search analytics for merchandisers (real Postgres)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

  before(async () => {
    h = await startHarness({ clock: () => Date.UTC(2026, 10, 18) });
    const searches: Array<[string, number, number, boolean?]> = [
      // [query, results, day, redirected]
      ...Array.from({ length: 6 }, () => ['Running Shoes', 4, 10] as [string, number, number]),
      ...Array.from({ length: 5 }, () => ['skillet', 1, 11] as [string, number, number]),
      ...Array.from({ length: 3 }, () => ['zzqx', 0, 12] as [string, number, number]),
      ['unicorn', 0, 12],
      ['returns', 0, 12, true],
      ['returns', 0, 12, true],
      ['running shoes', 4, 1], // outside the period
    ];
    await h.env.db('search_log').insert(
      searches.map(([query, results, d, redirected], i) => ({
        query,
        normalized_query: query.toLowerCase(),
        sort: 'relevance',
        result_count: results,
        latency_ms: 5,
        session_id: `s${i % 4}`,
        created_at: day(d),
        redirected: redirected ?? false,
      })),
    );
    const click = (query: string, n: number, d = 10) =>
      Array.from({ length: n }, (_, i) => ({
        type: 'search_click',
        session_id: `s${i}`,
        product_id: 'shoe-1',
        query,
        occurred_at: day(d),
      }));
    await h.env.db('events').insert([...click('RUNNING shoes', 3), ...click('skillet', 0), ...click('running shoes', 5, 1)]);
  });
  after(async () => {
    await h?.close();
  });

  const report = async (path: string) => {
    const response = await h.merch('GET', `/analytics/${path}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.queries;
  };
  const period = 'from=2026-11-05T00:00:00Z&to=2026-11-15T00:00:00Z';

  it('ranks the top queries with searches, shoppers, zero-result searches and click-through', async () => {
    assert.deepEqual(await report(`top-queries?${period}&limit=3`), [
      { query: 'running shoes', searches: 6, shoppers: 4, zeroResultSearches: 0, clicks: 3, ctr: 0.5 },
      { query: 'skillet', searches: 5, shoppers: 4, zeroResultSearches: 0, clicks: 0, ctr: 0 },
      { query: 'zzqx', searches: 3, shoppers: 3, zeroResultSearches: 3, clicks: 0, ctr: 0 },
    ]);
  });

  it('lists queries with no results, leaving out redirects', async () => {
    const queries = await report(`zero-results?${period}`);
    assert.deepEqual(
      queries.map((q: { query: string; searches: number }) => [q.query, q.searches]),
      [
        ['zzqx', 3],
        ['unicorn', 1],
      ],
    );
  });

  it('lists frequent queries with results but low click-through', async () => {
    assert.deepEqual(
      (await report(`low-ctr?${period}&min_searches=5&max_ctr=0.2`)).map((q: { query: string }) => q.query),
      ['skillet'],
    );
    assert.deepEqual(
      (await report(`low-ctr?${period}&min_searches=5&max_ctr=0.6`)).map((q: { query: string }) => q.query),
      ['running shoes', 'skillet'],
    );
  });

  it('defaults to the seven days before now and refuses an inverted period', async () => {
    assert.deepEqual(
      (await report('top-queries')).map((q: { query: string }) => q.query),
      ['skillet', 'zzqx', 'returns', 'unicorn'],
      'from Nov 11 to Nov 18',
    );
    const inverted = await h.merch('GET', '/analytics/top-queries?from=2026-11-15T00:00:00Z&to=2026-11-05T00:00:00Z');
    assert.equal(inverted.status, 400);
    assert.equal(inverted.body.error.field, 'to');
    assert.equal((await h.merch('GET', '/analytics/low-ctr?max_ctr=2')).body.error.field, 'max_ctr');
  });
});
