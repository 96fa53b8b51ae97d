import assert from 'node:assert/strict';
import { startStorefront, type Storefront } from '../../support/storefront';

/** Pages of one listing must come from the same shard copies: every search Elasticsearch receives carries the session's preference. */
describe('search preference on the wire (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
  });
  after(async () => {
    await shop?.close();
  });

  it('page 1 and page 2 of a session are sent with the same preference, another session with its own', async () => {
    const sent: Array<string | undefined> = [];
    const record = (_error: unknown, result: { meta: { request: { params: { path: string; querystring?: unknown } } } } | null) => {
      const params = result?.meta.request.params;
      if (params?.path.endsWith('/_search'))
        sent.push(new URLSearchParams(String(params.querystring ?? '')).get('preference') ?? undefined);
    };
    shop.env.es.diagnostic.on('response', record);
    try {
      for (const [session, page] of [
        ['shopper-a', '1'],
        ['shopper-a', '2'],
        ['shopper-b', '1'],
      ] as const) {
        const response = await shop.search({ q: 'skillet', session, page, size: '1', facets: '' });
        assert.equal(response.status, 200, JSON.stringify(response.body));
      }
    } finally {
      shop.env.es.diagnostic.off('response', record);
    }
    assert.ok(sent.length >= 3, `saw ${sent.length} searches`);
    assert.ok(
      sent.every((p) => p !== undefined),
      'every search carries a preference',
    );
    assert.ok(sent.includes('session:shopper-a') && sent.includes('session:shopper-b'));
  });
});
