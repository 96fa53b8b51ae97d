import assert from 'node:assert/strict';
import { ids, startHarness, type MerchandisingHarness } from './support';

/** Issue 18: a rule condition "no results" (Algolia-style), end to end: API → store → search. */
describe('merchandising rules for searches that find nothing (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;

  before(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.close();
  });

  it('shows a banner only when the words as typed find nothing, before the search falls back to fewer words', async () => {
    const { id } = await h.createRule({
      name: 'Skillet help',
      conditions: { query: { match: 'contains', values: ['skillet'] }, noResults: true },
      actions: [{ type: 'banner', banner: { title: 'Looking for cast iron?', linkUrl: 'https://example.com/cast-iron' } }],
    });
    const found = await h.search({ q: 'skillet' });
    assert.deepEqual(ids(found.body), ['pan-1']);
    assert.deepEqual(found.body.banners, [], 'the query finds products: the rule waits');
    assert.deepEqual(found.body.rules, []);

    const nothing = await h.search({ q: 'skillet unicorn' });
    assert.equal(nothing.status, 200, JSON.stringify(nothing.body));
    assert.deepEqual(
      nothing.body.banners.map((b: { title: string }) => b.title),
      ['Looking for cast iron?'],
    );
    assert.deepEqual(nothing.body.rules, [{ id, name: 'Skillet help', actions: ['banner'] }]);
    // The banner comes with the search's own fallback.
    assert.equal(nothing.body.relaxed, true);
    assert.deepEqual(ids(nothing.body), ['pan-1']);
  });

  it('rewrites or redirects a query that finds nothing', async () => {
    await h.createRule({
      name: 'Plimsolls are running shoes here',
      conditions: { query: { match: 'is', values: ['plimsolls'] }, noResults: true },
      actions: [{ type: 'rewrite', query: 'running shoes' }],
    });
    await h.createRule({
      name: 'Returns page',
      conditions: { query: { match: 'contains', values: ['returns'] }, noResults: true },
      actions: [{ type: 'redirect', url: 'https://example.com/help/returns' }],
    });
    const rewritten = await h.search({ q: 'plimsolls' });
    assert.equal(rewritten.body.rewrittenQuery, 'running shoes', JSON.stringify(rewritten.body));
    assert.deepEqual(new Set(ids(rewritten.body)), new Set(['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4']));
    assert.equal(rewritten.body.noResults, null);

    const redirected = await h.search({ q: 'returns policy' });
    assert.equal(redirected.body.redirect, 'https://example.com/help/returns');
    assert.deepEqual(redirected.body.hits, []);
  });

  it('applies to every query that finds nothing when it names no query, and never to one that finds something', async () => {
    await h.createRule({
      name: 'Ask us',
      conditions: { noResults: true },
      actions: [{ type: 'banner', banner: { title: 'Cannot find it? Ask us.' } }],
    });
    const nothing = await h.search({ q: 'zzqx' });
    assert.deepEqual(
      nothing.body.banners.map((b: { title: string }) => b.title),
      ['Cannot find it? Ask us.'],
    );
    assert.ok(nothing.body.noResults, 'still a no-results page with its suggestions');
    assert.deepEqual((await h.search({ q: 'running shoes' })).body.banners, []);
    assert.deepEqual((await h.search({ category: 'phones' })).body.banners, []);
  });

  it('validates the condition and keeps it on the stored rule', async () => {
    const bad = await h.merch('POST', '/rules', {
      name: 'Bad',
      conditions: { noResults: 'yes' },
      actions: [{ type: 'banner', banner: { title: 'x' } }],
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /noResults/);
    const { id } = await h.createRule({ name: 'Kept', conditions: { noResults: true }, actions: [{ type: 'data', data: { a: 1 } }] });
    const stored = await h.merch('GET', `/rules/${id}`);
    assert.equal(stored.body.conditions.noResults, true, JSON.stringify(stored.body));
  });
});
