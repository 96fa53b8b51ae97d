import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { refreshPopularQueries } from '../../../jobs/popular-queries';
import { createApiKey } from '../../../src/auth/api-keys';
import { startHarness, type MerchandisingHarness } from '../merchandising/support';

const DAY_MS = 86_400_000;

describe('earned suggestions: distinct searchers, junk never offered, merchandisers ban and add (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  // Each test types its own words, so counts never leak between tests.
  const suggested = async (prefix: string): Promise<string[]> => {
    const response = await h.api.request('GET', `/v1/suggest?q=${encodeURIComponent(prefix)}&size=10`, { key: h.publicKey });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.queries.map((q: { text: string }) => q.text);
  };
  // Each session searches from an address of its own (X-Forwarded-For, one trusted proxy hop), unless told otherwise.
  const searchAs = async (session: string, q: string, times = 1, address = addressOf(session)) => {
    for (let i = 0; i < times; i++) {
      const response = await h.api.request('GET', `/v1/search?${new URLSearchParams({ q, session })}`, {
        key: h.publicKey,
        headers: { 'x-forwarded-for': address },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
    }
  };
  const refresh = async (options: Parameters<typeof refreshPopularQueries>[1] = {}) => {
    await h.api.searchLog.flush();
    return refreshPopularQueries(h.env.db, options);
  };
  const addOverride = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await h.merch('POST', '/suggestions', body, headers);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { id: string; text: string; action: string; match: string; weight: number | null; version: number };
  };

  before(async () => {
    h = await startHarness({ config: { trustProxyHops: 1 } });
  });
  afterEach(async () => {
    const { bans, additions } = (await h.merch('GET', '/suggestions')).body;
    for (const o of [...bans, ...additions]) assert.equal((await h.merch('DELETE', `/suggestions/${o.id}`)).status, 204);
  });
  after(async () => {
    await h?.close();
  });

  it('does not suggest a query one session searched ten times', async () => {
    await searchAs('s-lonely', 'stride marathon', 10);
    await searchAs('s-lonely', '1 or 1=1', 10);
    const summary = await refresh();
    assert.ok(summary.newSearches >= 20, JSON.stringify(summary));
    assert.deepEqual(await suggested('stride'), []);
    assert.deepEqual(await suggested('1 or'), []);
    const row = await h.env.db('popular_queries').where({ normalized_query: 'stride marathon' }).first();
    assert.equal(row.searches, 10, 'searches are still counted for analytics');
    assert.equal(row.searchers, 1, 'but they are one searcher');
  });

  it('suggests a query three distinct sessions searched and found products for, and counts nothing twice', async () => {
    await searchAs('s-1', 'running shoes', 3);
    await searchAs('s-2', 'running shoes');
    await refresh();
    assert.deepEqual(await suggested('runn'), [], 'two searchers are not enough');
    await searchAs('s-3', 'Running  Shoes');
    await refresh();
    assert.deepEqual(await suggested('runn'), ['running shoes']);
    assert.equal((await refresh()).newSearches, 0, 'a second run reads nothing again');
    const response = await h.api.request('GET', '/v1/suggest?q=runn', { key: h.publicKey });
    assert.deepEqual(response.body.queries, [{ text: 'running shoes', searches: 5 }]);
  });

  it('counts customers and sessions as searchers, and anonymous searches as no one', async () => {
    // Written as the search log writes them: searching as a customer is a matter of keys, not of this test.
    const searchedByCustomer = (customer: string) =>
      h.env
        .db('search_log')
        .insert(logRow('voltix smartphone', 3, { customer_id: customer, session_id: 'one-shared-session', ...addressed(customer) }));
    await searchedByCustomer('c-1');
    await searchedByCustomer('c-2');
    for (let i = 0; i < 5; i++) assert.equal((await h.search({ q: 'voltix smartphone' })).status, 200);
    await refresh();
    assert.deepEqual(await suggested('voltix'), [], 'two customers and any number of anonymous searches');
    await searchAs('s-voltix', 'voltix smartphone');
    await refresh();
    assert.deepEqual(await suggested('voltix'), ['voltix smartphone']);
  });

  it('does not suggest a query that found nothing, however many searched it, nor one only a single searcher found anything with', async () => {
    for (const session of ['z-1', 'z-2', 'z-3', 'z-4']) await searchAs(session, 'zzqx nothing here');
    await refresh();
    assert.deepEqual(await suggested('zzqx'), []);
    // Three shoppers found nothing; then one found something (say, a product appeared): one searcher who found products.
    await h.env
      .db('search_log')
      .insert([
        ...['e-1', 'e-2', 'e-3'].map((session) => logRow('ember kettle', 0, { session_id: session, ...addressed(session) })),
        logRow('ember kettle', 2, { session_id: 'e-4', ...addressed('e-4') }),
      ]);
    await refresh();
    assert.deepEqual(await suggested('ember'), []);
  });

  it('never counts or suggests operator-like and injection-looking queries, whoever searches them', async () => {
    const junk = [
      '1 or 1=1',
      'price:[0 to *]',
      '<script>alert(1)</script>',
      "' or ''='",
      'a AND b OR c',
      'brand:voltix',
      'voltix AND phone',
    ];
    for (const q of junk) for (const session of ['j-1', 'j-2', 'j-3', 'j-4']) await searchAs(session, q);
    const summary = await refresh();
    assert.ok(summary.refused >= junk.length, JSON.stringify(summary));
    const counted = await h.env
      .db('popular_queries')
      .whereIn('normalized_query', ['1 or 1=1', 'price:[0 to *]', '<script>alert(1)</script>', "' or ''='", 'a and b or c', 'brand:voltix'])
      .pluck('normalized_query');
    assert.deepEqual(counted, []);
    assert.equal(
      await h.env.db('popular_query_searchers').where({ normalized_query: 'voltix and phone' }).first(),
      undefined,
      '"voltix AND phone" is Lucene syntax in the raw query even though its normalised form is a phrase',
    );
    for (const prefix of ['1', 'pri', '<', "'", 'a ', 'bra', 'voltix a']) assert.deepEqual(await suggested(prefix), [], prefix);
  });

  it('hides junk counted before, by the check at serving time', async () => {
    const legacy = ['1 or 1=1', 'price:[0 to *]', 'http://evil.example', 'bob@example.com', '12345678'];
    await h.env.db('popular_queries').insert(
      legacy.map((q) => ({
        normalized_query: q,
        searches: 99,
        searchers: 9,
        addresses: 9,
        last_result_count: 3,
        last_searched_at: new Date(),
      })),
    );
    for (const prefix of ['1', 'pri', 'htt', 'bob']) assert.deepEqual(await suggested(prefix), [], prefix);
    await h.env.db('popular_queries').whereIn('normalized_query', legacy).delete();
  });

  it('stops counting searchers past the window', async () => {
    const old = new Date(Date.now() - 40 * DAY_MS);
    await h.env
      .db('search_log')
      .insert(
        ['o-1', 'o-2', 'o-3'].map((session) => logRow('alpine boots', 2, { session_id: session, created_at: old, ...addressed(session) })),
      );
    await refresh({ windowDays: 30 });
    assert.deepEqual(await suggested('alpi'), [], 'searches older than the window never counted');

    for (const session of ['w-1', 'w-2', 'w-3']) await searchAs(session, 'cast iron skillet');
    await refresh({ windowDays: 30 });
    assert.deepEqual(await suggested('cast'), ['cast iron skillet']);
    const summary = await refresh({ windowDays: 30, now: () => Date.now() + 31 * DAY_MS });
    assert.ok(summary.expiredSearchers >= 3, JSON.stringify(summary));
    assert.deepEqual(await suggested('cast'), [], 'a month later nobody searched it');
    assert.equal(await h.env.db('popular_queries').where({ normalized_query: 'cast iron skillet' }).first(), undefined, 'and its row went');
  });

  it('never shows a banned query, however popular, and shows it again once the ban is lifted', async () => {
    for (const session of ['b-1', 'b-2', 'b-3']) {
      await searchAs(session, 'sonora wireless');
      await searchAs(session, 'sonora wired studio');
    }
    await refresh();
    assert.deepEqual((await suggested('sono')).sort(), ['sonora wired studio', 'sonora wireless']);
    const ban = await addOverride({ action: 'ban', text: 'Sonora  Wireless' });
    assert.equal(ban.text, 'sonora wireless', 'texts are normalised as queries are');
    assert.deepEqual(await suggested('sono'), ['sonora wired studio']);
    const word = await addOverride({ action: 'ban', text: 'studio', match: 'contains' });
    assert.deepEqual(await suggested('sono'), []);
    assert.equal((await h.merch('DELETE', `/suggestions/${ban.id}`)).status, 204);
    assert.equal((await h.merch('DELETE', `/suggestions/${word.id}`)).status, 204);
    assert.deepEqual((await suggested('sono')).sort(), ['sonora wired studio', 'sonora wireless']);
  });

  it('shows an added suggestion without any traffic, above popular ones unless given a weight, and never a banned one', async () => {
    for (const session of ['a-1', 'a-2', 'a-3', 'a-4']) await searchAs(session, 'nimbus trail');
    await refresh();
    assert.deepEqual(await suggested('nimb'), ['nimbus trail']);
    const added = await addOverride({ action: 'add', text: 'Nimbus Road Shoe' });
    assert.deepEqual(await suggested('nimb'), ['nimbus road shoe', 'nimbus trail']);
    const reweighted = await h.merch('PUT', `/suggestions/${added.id}`, { action: 'add', text: 'nimbus road shoe', weight: 2 });
    assert.equal(reweighted.status, 200, JSON.stringify(reweighted.body));
    assert.equal(reweighted.body.version, 2);
    assert.deepEqual(await suggested('nimb'), ['nimbus trail', 'nimbus road shoe'], 'weight 2 ranks below four searchers');
    await addOverride({ action: 'ban', text: 'road', match: 'contains' });
    assert.deepEqual(await suggested('nimb'), ['nimbus trail'], 'a ban wins over an addition');
  });

  it('manages bans and additions through the API with an audit trail, for merchandiser and unscoped admin keys only', async () => {
    const created = await addOverride({ action: 'ban', text: 'cheap replica', match: 'contains' }, { 'x-actor': 'ana@shop.example' });
    assert.deepEqual(
      { ...created, createdAt: undefined, updatedAt: undefined },
      {
        id: created.id,
        action: 'ban',
        text: 'cheap replica',
        match: 'contains',
        weight: null,
        version: 1,
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    const list = (await h.merch('GET', '/suggestions')).body;
    assert.deepEqual(
      list.bans.map((b: { id: string }) => b.id),
      [created.id],
    );
    assert.deepEqual(list.additions, []);
    const updated = await h.merch('PUT', `/suggestions/${created.id}`, { action: 'ban', text: 'cheap replica' }, { 'x-actor': 'bo' });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal((await h.merch('DELETE', `/suggestions/${created.id}`)).status, 204);
    const versions = (await h.merch('GET', `/suggestions/${created.id}/versions`)).body.versions;
    assert.deepEqual(
      versions.map((v: { op: string; entityVersion: number; actor: { name: string | null } }) => [v.op, v.entityVersion, v.actor.name]),
      [
        ['delete', 3, null],
        ['update', 2, 'bo'],
        ['create', 1, 'ana@shop.example'],
      ],
    );
    assert.deepEqual(versions[1].before, { action: 'ban', text: 'cheap replica', match: 'contains', weight: null });
    assert.deepEqual(versions[1].after, { action: 'ban', text: 'cheap replica', match: 'exact', weight: null });
    assert.ok(versions.every((v: { actor: { keyId: string }; at: string }) => v.actor.keyId && v.at));

    const admin = (await createApiKey(h.env.db, { role: 'admin' })).key;
    const byAdmin = await h.api.request('POST', '/v1/merchandising/suggestions', {
      key: admin,
      body: { action: 'add', text: 'gift card' },
    });
    assert.equal(byAdmin.status, 201, JSON.stringify(byAdmin.body));

    const endpoints: Array<[string, string, unknown?]> = [
      ['GET', '/suggestions'],
      ['POST', '/suggestions', { action: 'ban', text: 'x y' }],
      ['PUT', `/suggestions/${byAdmin.body.id}`, { action: 'ban', text: 'x y' }],
      ['DELETE', `/suggestions/${byAdmin.body.id}`],
      ['GET', `/suggestions/${byAdmin.body.id}/versions`],
    ];
    // Suggestions are offered to the whole marketplace: a merchant's own admin key has no say over them.
    const merchantAdmin = (await createApiKey(h.env.db, { role: 'admin', merchantId: 'm-tech' })).key;
    for (const [method, route, body] of endpoints) {
      const storefront = await h.api.request(method, `/v1/merchandising${route}`, { key: h.publicKey, body });
      assert.equal(storefront.status, 403, `${method} ${route}`);
      assert.equal(storefront.body.error.code, 'FORBIDDEN');
      const merchant = await h.api.request(method, `/v1/merchandising${route}`, { key: merchantAdmin, body });
      assert.equal(merchant.status, 403, `merchant-scoped: ${method} ${route}`);
      assert.equal((await h.api.request(method, `/v1/merchandising${route}`, { body })).status, 401, `${method} ${route}`);
    }
    assert.equal((await h.merch('GET', '/suggestions')).body.additions.length, 1, 'nothing the refused calls sent was applied');
  });

  it('answers 4xx naming the field for bad input, 409 for a duplicate and 404 for an unknown id', async () => {
    const field = async (body: unknown) => {
      const response = await h.merch('POST', '/suggestions', body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      return response.body.error.field as string;
    };
    assert.equal(await field({ text: 'x' }), 'action');
    assert.equal(await field({ action: 'hide', text: 'x' }), 'action');
    assert.equal(await field({ action: 'ban' }), 'text');
    assert.equal(await field({ action: 'ban', text: '   ' }), 'text');
    assert.equal(await field({ action: 'ban', text: 'x'.repeat(101) }), 'text');
    assert.equal(await field({ action: 'ban', text: 'x', match: 'prefix' }), 'match');
    assert.equal(await field({ action: 'ban', text: 'x', weight: 3 }), 'weight');
    assert.equal(await field({ action: 'add', text: '1 or 1=1' }), 'text', 'an addition must itself be suggestable');
    assert.equal(await field({ action: 'add', text: 'gift card', weight: -1 }), 'weight');
    assert.equal(await field({ action: 'add', text: 'gift card', match: 'contains' }), 'match');

    await addOverride({ action: 'add', text: 'gift card' });
    const again = await h.merch('POST', '/suggestions', { action: 'add', text: 'Gift Card' });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.error.field, 'text');
    assert.equal((await h.merch('DELETE', '/suggestions/999999')).status, 404);
    assert.equal((await h.merch('PUT', '/suggestions/999999', { action: 'ban', text: 'x' })).status, 404);
    assert.equal((await h.merch('DELETE', '/suggestions/abc')).body.error.field, 'id');
  });

  it('does not suggest a query one client searched under three made-up sessions (finding F1)', async () => {
    for (const session of ['planted-1', 'planted-2', 'planted-3']) await searchAs(session, 'nimbus scam', 1, '198.51.100.7');
    for (const session of ['planted-4', 'planted-5', 'planted-6'])
      await searchAs(session, 'ｖｏｌｔｉｘ　ｅｘｐｌｏｄｅｓ', 1, '2001:db8:1:2::a');
    // IPv6 counts by its /64: other addresses of the same network are the same client.
    for (const [i, session] of ['planted-7', 'planted-8', 'planted-9'].entries())
      await searchAs(session, 'nimbus fraud', 1, `2001:db8:1:3::${i + 1}`);
    await refresh();
    assert.deepEqual(await suggested('nimbus s'), []);
    assert.deepEqual(await suggested('voltix e'), []);
    assert.deepEqual(await suggested('nimbus f'), []);
    const row = await h.env.db('popular_queries').where({ normalized_query: 'nimbus scam' }).first();
    assert.equal(row.searchers, 3, 'three sessions');
    assert.equal(row.addresses, 1, 'from one address');
    const stored = await h.env.db('search_log').where({ session_id: 'planted-1' }).first('searcher_address');
    assert.match(stored.searcher_address, /^[0-9a-f-]{36}$/, 'the address is kept only as a salted hash');
    assert.notEqual(stored.searcher_address, addressed('planted-1').searcher_address);

    // Three clients are three searchers.
    await searchAs('planted-10', 'nimbus fraud', 1, '2001:db8:1:4::1');
    await searchAs('planted-11', 'nimbus fraud', 1, '203.0.113.50');
    await refresh();
    assert.deepEqual(await suggested('nimbus f'), ['nimbus fraud']);
  });

  it('never suggests lookalike or invisible-character spellings, and bans hold against punctuation, plurals and lookalikes (finding F1)', async () => {
    await addOverride({ action: 'ban', text: 'scam', match: 'contains' });
    const spoofs = [
      'nimbus scam.',
      'nimbus-scam shoes',
      'nimbus scam\uFE0F',
      'nimbus ѕcam',
      'nimbus ꮪꮯꭺꮇ',
      'nimbus ꜱᴄᴀᴍ',
      'nimbus scams',
      'nimbus sc\u00ADam',
    ];
    for (const q of spoofs) for (const session of ['q-1', 'q-2', 'q-3']) await searchAs(session, q);
    await searchAs('q-1', 'nimbus scampi');
    await searchAs('q-2', 'nimbus scampi');
    await searchAs('q-3', 'nimbus scampi');
    await refresh();
    const offered = async () => (await suggested('nimbus')).filter((text) => !['nimbus trail', 'nimbus fraud'].includes(text));
    assert.deepEqual(await offered(), ['nimbus scampi'], 'a ban on "scam" is a ban on the word, not on "scampi"');
    // Counted before this check existed: the serving-time check still refuses them.
    await h.env
      .db('popular_queries')
      .insert(
        spoofs.map((q) => ({
          normalized_query: q.normalize('NFKC').toLowerCase(),
          searches: 9,
          searchers: 9,
          addresses: 9,
          last_result_count: 3,
          last_searched_at: new Date(),
        })),
      )
      .onConflict('normalized_query')
      .merge();
    assert.deepEqual(await offered(), ['nimbus scampi']);
    // A ban typed with invisible characters or small capitals bans the word itself.
    const fancy = await addOverride({ action: 'ban', text: 'ꜱᴄᴀᴍᴘɪ\uFE0F', match: 'contains' });
    assert.equal(fancy.text, 'scampi');
    assert.deepEqual(await offered(), []);
  });

  it('after the migration, queries counted by the old rule are offered only when enough distinct shoppers searched them', async () => {
    const migrations = {
      directory: path.join(__dirname, '../../../src/db/migrations'),
      loadExtensions: ['.ts'],
      tableName: 'knex_migrations',
    };
    const db = h.env.db;
    // Back to the schema before earned suggestions, with what the old job had counted.
    const applied = (await db('knex_migrations').orderBy('id', 'desc').pluck('name')) as string[];
    const at = applied.indexOf('20261205_046_earned_suggestions.ts');
    assert.ok(at >= 0, 'migration 046 is applied');
    // migrate.down undoes one migration: those after 046, then 046.
    for (let i = 0; i <= at; i++) await db.migrate.down(migrations);
    await db('search_log').insert([
      ...['m-1', 'm-2', 'm-3'].map((session) => logRow('silicone phone case', 2, { session_id: session })),
      logRow('a typo nobody else made', 1, { session_id: 'm-1' }),
      ...Array.from({ length: 5 }, () => logRow('shockproof', 1, { session_id: 'm-9' })),
    ]);
    const top = await db('search_log').max<{ max: string }[]>('id as max');
    await db.raw(
      `insert into popular_queries (normalized_query, searches, last_result_count, last_searched_at)
       select normalized_query, count(*), 1, max(created_at) from search_log group by 1
       on conflict (normalized_query) do update set searches = excluded.searches`,
    );
    await db('popular_queries_state').where({ id: 1 }).update({ last_search_log_id: top[0]!.max });
    await db.migrate.latest(migrations);

    // Migration 048: rows logged without a client address count for no one, so what the old rules counted (three made-up
    // session ids from one client were three "shoppers") is no longer offered.
    assert.deepEqual(await suggested('silic'), [], 'searchers without an address no longer count');
    assert.deepEqual(await suggested('a typ'), [], 'a one-off');
    assert.deepEqual(await suggested('shock'), [], 'one shopper, five times');
  });
});

/** A made-up client address for a searcher, as a dotted IPv4 address. */
function addressOf(searcher: string): string {
  const digest = createHash('sha256').update(searcher).digest();
  return `10.${digest[0]}.${digest[1]}.${digest[2]! | 1}`;
}

/** The searcher_address column of a log row written from that searcher's address (any stable uuid will do). */
function addressed(searcher: string): { searcher_address: string } {
  const hex = createHash('md5').update(addressOf(searcher)).digest('hex');
  return { searcher_address: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
}

function logRow(query: string, resultCount: number, extra: Record<string, unknown>) {
  return {
    query,
    normalized_query: query,
    filters: '{}',
    sort: 'relevance',
    result_count: resultCount,
    corrected: false,
    latency_ms: 5,
    created_at: new Date(),
    ...extra,
  };
}
