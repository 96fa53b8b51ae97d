import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../../support/http';
import { query } from '../../support/storefront';
import { ids, startHarness, type MerchandisingHarness } from './support';

/**
 * Issue 22: several API processes. Each keeps its own compiled merchandising
 * snapshot (src/merchandising/store.ts); a change written through one must be
 * served by every other within a second. Two app instances over the same
 * services, each with its own store, stand in for two processes.
 */
describe('two API instances agree on merchandising (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;
  let other: TestApi;

  before(async () => {
    h = await startHarness();
    other = await startTestApi(h.env);
  });
  afterEach(async () => {
    await h.reset();
  });
  after(async () => {
    await other?.close();
    await h?.close();
  });

  const searchOther = (params: Record<string, string>) => other.request('GET', `/v1/search?${query(params)}`, { key: h.publicKey });

  /** Polls the other instance until `done` holds; returns how long that took, in ms. */
  const untilOther = async (params: Record<string, string>, done: (body: { hits: Array<{ id: string }>; rules: unknown[] }) => boolean) => {
    const started = performance.now();
    for (;;) {
      const response = await searchOther(params);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      if (done(response.body)) return performance.now() - started;
      if (performance.now() - started > 5000)
        assert.fail(`the other instance did not follow within 5 s: ${JSON.stringify(response.body.rules)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('a rule created, changed and deleted through one instance is served by the other within a second', async () => {
    const params = { q: 'running shoes' };
    // The other instance has loaded and cached its snapshot (and this answer) before the change.
    const before = await searchOther(params);
    assert.deepEqual(before.body.rules, []);
    const baseline = ids(before.body);
    const pinned = baseline.at(-1)!;
    assert.notEqual(baseline[0], pinned);

    const created = await h.createRule({
      name: 'Last runner first',
      conditions: { query: { match: 'is', values: ['running shoes'] } },
      actions: [{ type: 'pin', pins: [{ productId: pinned, position: 1 }] }],
    });
    const createdMs = await untilOther(params, (body) => body.hits[0]?.id === pinned);
    assert.ok(createdMs <= 1000, `created rule served by the other instance after ${Math.round(createdMs)} ms`);

    const hidden = baseline[0]!;
    const updated = await h.merch('PUT', `/rules/${created.id}`, {
      version: (created as { version?: number }).version,
      name: 'Hide the first runner',
      conditions: { query: { match: 'is', values: ['running shoes'] } },
      actions: [{ type: 'hide', productIds: [hidden] }],
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    const updatedMs = await untilOther(params, (body) => !ids(body).includes(hidden) && body.hits[0]?.id !== pinned);
    assert.ok(updatedMs <= 1000, `changed rule served by the other instance after ${Math.round(updatedMs)} ms`);

    assert.equal((await h.merch('DELETE', `/rules/${created.id}`)).status, 204);
    const deletedMs = await untilOther(params, (body) => body.rules.length === 0 && ids(body).join() === baseline.join());
    assert.ok(deletedMs <= 1000, `deleted rule gone from the other instance after ${Math.round(deletedMs)} ms`);
  });
});
