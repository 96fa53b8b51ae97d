import assert from 'node:assert/strict';
import { ids, startHarness, type MerchandisingHarness } from './support';

interface Hit {
  id: string;
  position: number;
  pinned: boolean;
  score: number | null;
  livePosition?: number | null;
  change?: number | null;
  components: {
    score: number;
    text: number;
    textWeight: number;
    signalFactor: number;
    ruleFactor: number;
    rules: Array<{ ruleId: string; factor: number }>;
  } | null;
}

describe('POST /v1/merchandising/preview (real services)', function () {
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

  const strideUp = {
    name: 'Stride up',
    conditions: { query: { match: 'is', values: ['Running Shoes'] } },
    actions: [
      { type: 'boost', filter: { brandIds: ['stride'] }, weight: 4 },
      { type: 'pin', pins: [{ productId: 'shoe-2', position: 1 }] },
    ],
  };

  it('shows live and draft side by side: position changes, fired rules with reasons, score components', async () => {
    const response = await h.merch('POST', '/preview', { q: 'running shoes', draftRules: [strideUp] });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const { live, draft, removed } = response.body as {
      live: { hits: Hit[]; rules: unknown[] };
      draft: { hits: Hit[]; rules: Array<Record<string, unknown>> };
      removed: unknown[];
    };
    assert.deepEqual(live.rules, []);
    assert.deepEqual(
      draft.hits.map((x) => x.id),
      ['shoe-2', 'shoe-3', 'shoe-4', 'shoe-1'],
    );
    assert.deepEqual(removed, []);
    for (const hit of draft.hits) {
      const before = live.hits.find((l) => l.id === hit.id)!;
      assert.equal(hit.livePosition, before.position);
      assert.equal(hit.change, before.position - hit.position);
    }
    assert.deepEqual(draft.rules, [
      {
        id: 'draft-1',
        name: 'Stride up',
        priority: 0,
        specificity: [3, 2, 0, 0, 0],
        reasons: ['query is "Running Shoes"'],
        applied: ['boost', 'pin'],
        skipped: [],
      },
    ]);
    assert.equal(draft.hits[0]!.pinned, true);
    assert.equal(draft.hits[0]!.components, null, 'pinned hits are placed, not scored');
    for (const hit of [...live.hits, ...draft.hits.slice(1)]) {
      const c = hit.components!;
      const product = c.text * c.textWeight * c.signalFactor * c.ruleFactor;
      assert.ok(Math.abs(product - hit.score!) / hit.score! < 1e-3, `${hit.id}: ${product} vs ${hit.score}`);
    }
    assert.deepEqual(draft.hits.find((x) => x.id === 'shoe-3')!.components!.rules, [{ ruleId: 'draft-1', factor: 5 }]);
  });

  it('previews exactly what the storefront returns once the draft is published', async () => {
    const draftRule = {
      ...strideUp,
      conditions: { category: { id: 'fashion' } },
      actions: [
        { type: 'bury', filter: { merchantIds: ['m-run'] }, weight: 0.5 },
        { type: 'pin', pins: [{ productId: 'boot-1', position: 2 }] },
      ],
    };
    const draftWeights = { global: { rating: 3, stock: 0 }, categories: { shoes: { recency: 0, merchantRating: 2 } } };
    for (const params of [
      { category: 'fashion' },
      { category: 'shoes', params: { sort: 'relevance', size: '3', page: '2' } },
      { category: 'fashion', q: 'shoes' },
    ]) {
      await h.reset();
      const preview = await h.merch('POST', '/preview', { ...params, draftRules: [draftRule], draftWeights });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      const { id } = await h.createRule(draftRule);
      await h.merch('PUT', '/weights/global', draftWeights.global);
      await h.merch('PUT', '/weights/categories/shoes', draftWeights.categories.shoes);
      const live = await h.search({ ...(params.q ? { q: params.q } : {}), category: params.category, ...(params.params ?? {}) });
      assert.deepEqual(
        preview.body.draft.hits.map((x: Hit) => x.id),
        ids(live.body),
        JSON.stringify(params),
      );
      assert.deepEqual(
        preview.body.draft.hits.map((x: Hit) => x.pinned),
        live.body.hits.map((x: Hit) => x.pinned),
      );
      assert.deepEqual(preview.body.draft.total, live.body.total);
      assert.notDeepEqual(
        preview.body.live.hits.map((x: Hit) => x.id),
        ids(live.body),
        'the draft changes something',
      );
      assert.deepEqual(live.body.rules, [{ id, name: draftRule.name, actions: preview.body.draft.rules[0].applied }]);
    }
  });

  it('edits or removes live rules in the draft, and judges time windows at a chosen instant', async () => {
    const live = await h.createRule({
      name: 'Hide racer',
      conditions: { query: { match: 'contains', values: ['shoes'] } },
      actions: [{ type: 'hide', productIds: ['shoe-3'] }],
    });
    const scheduled = {
      name: 'Later',
      conditions: { query: { match: 'contains', values: ['shoes'] }, startsAt: '2030-01-01T00:00:00Z' },
      actions: [{ type: 'hide', productIds: ['shoe-1'] }],
    };
    const edited = await h.merch('POST', '/preview', { q: 'running shoes', draftRules: [{ ...scheduled, id: live.id }] });
    assert.deepEqual(edited.body.live.hits.map((x: Hit) => x.id).includes('shoe-3'), false);
    assert.deepEqual(
      edited.body.draft.hits.map((x: Hit) => x.id).sort(),
      ['shoe-1', 'shoe-2', 'shoe-3', 'shoe-4'],
      'the edit is not active yet',
    );
    assert.deepEqual(edited.body.removed, []);
    const later = await h.merch('POST', '/preview', {
      q: 'running shoes',
      draftRules: [{ ...scheduled, id: live.id }],
      at: '2030-01-02T00:00:00Z',
    });
    assert.deepEqual(later.body.draft.hits.map((x: Hit) => x.id).includes('shoe-1'), false);
    assert.deepEqual(
      later.body.removed.map((x: { id: string }) => x.id),
      ['shoe-1'],
    );
    const removed = await h.merch('POST', '/preview', { q: 'running shoes', removedRuleIds: [live.id] });
    assert.equal(removed.body.draft.total.value, 4);
  });

  it('validates drafts like published rules, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { q: 'shoes', draftRules: [{ ...strideUp, actions: [{ type: 'pin', pins: [{ productId: 'ghost', position: 1 }] }] }] },
        'draftRules[0].actions[0].pins[0].productId',
      ],
      [{ q: 'shoes', draftRules: [{ ...strideUp, id: '999' }] }, 'draftRules[0].id'],
      [{ q: 'shoes', draftWeights: { global: { rating: 99 } } }, 'draftWeights.global.rating'],
      [{ q: 'shoes', draftWeights: { categories: { nowhere: { rating: 1 } } } }, 'draftWeights.categories.nowhere'],
      [{ q: 'shoes', params: { sort: 'random' } }, 'params.sort'],
      [{ draftRules: [] }, 'q'],
    ];
    for (const [body, field] of cases) {
      const response = await h.merch('POST', '/preview', body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.field, field);
    }
  });
});
