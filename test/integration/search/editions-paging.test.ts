import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Issue 19, review of the editions ordering (ranking/editions/newest-first.ts): it reorders a page's editions of one
 * series, and must never change which products a page holds. Relevance ranks the older edition first here (rated 5
 * against 4), so the ordering swaps the two whenever they share a page.
 */
describe('GET /v1/search: editions newest first never repeat or skip a product across pages (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  let merchandiserKey: string;
  const all = ['madden-11', 'madden-12', 'madden-cap', 'madden-guide'];
  const merch = (method: string, path: string, body?: unknown) =>
    shop.api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body });

  before(async () => {
    shop = await startStorefront();
    merchandiserKey = (await createApiKey(shop.env.db, { role: 'merchandiser' })).key;
    const product = { merchantId: 'm-tech', categoryId: 'electronics', price: 59, stock: 5 };
    await shop.addProducts({
      'madden-11': { ...product, titleEn: 'Madden NFL 11 - Xbox 360', rating: 5, reviewCount: 900 },
      'madden-12': { ...product, titleEn: 'Madden NFL 12 - Xbox 360', rating: 4, reviewCount: 400 },
      'madden-cap': { ...product, titleEn: 'Madden NFL Team Logo Cap for Fans of the Game' },
      'madden-guide': { ...product, titleEn: 'Madden NFL Official Strategy Guide for the Whole Season' },
    });
  });
  after(async () => {
    await shop?.close();
  });

  it('ranks the older edition first and shows the newer first on a page holding both (the premise)', async () => {
    const page = await shop.search({ q: 'madden', size: '4' });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.deepEqual(ids(page.body).slice(0, 2), ['madden-12', 'madden-11']);
    const score = new Map<string, number>(page.body.hits.map((h: { id: string; score: number }) => [h.id, h.score]));
    assert.ok(score.get('madden-11')! > score.get('madden-12')!, JSON.stringify([...score]));
    assert.deepEqual([...ids(page.body)].sort(), all);
  });

  it('continues a cursor after the last product of the page in relevance order, not after the one shown last', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response = await shop.search({ q: 'madden', size: '2', ...(cursor === null ? {} : { cursor }) });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      seen.push(...ids(response.body));
      cursor = response.body.nextCursor;
      if (cursor === null) break;
    }
    assert.deepEqual(seen.slice(0, 2), ['madden-12', 'madden-11'], 'the first page still shows the newer edition first');
    assert.deepEqual([...seen].sort(), all, `every product once: ${seen.join(', ')}`);
  });

  it('with a pinned product, pages hold what follows the page before, each product once', async () => {
    const rule = await merch('POST', '/rules', {
      name: 'Lamp first on madden',
      conditions: { query: { match: 'is', values: ['madden'] } },
      actions: [{ type: 'pin', pins: [{ productId: 'audio-2', position: 1 }] }],
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    try {
      const seen: string[] = [];
      for (const page of ['1', '2', '3']) {
        const response = await shop.search({ q: 'madden', size: '2', page });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        seen.push(...ids(response.body));
      }
      assert.equal(seen[0], 'audio-2');
      assert.deepEqual([...seen].sort(), ['audio-2', ...all], `every product once: ${seen.join(', ')}`);
    } finally {
      assert.equal((await merch('DELETE', `/rules/${rule.body.id}`)).status, 204);
    }
  });

  it('previews no change when nothing is drafted, though the live side is read deeper than the page', async () => {
    const preview = await merch('POST', '/preview', { q: 'madden', params: { size: '1' } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    const storefront = await shop.search({ q: 'madden', size: '1' });
    type Hit = { id: string; change: number | null };
    assert.deepEqual(
      preview.body.live.hits.map((h: Hit) => h.id),
      ids(storefront.body),
      'the live side is the page shoppers see',
    );
    assert.deepEqual(preview.body.removed, []);
    assert.deepEqual(
      preview.body.draft.hits.map((h: Hit) => [h.id, h.change]),
      ids(storefront.body).map((id) => [id, 0]),
    );
  });
});
