import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/** The history of rules, synonyms and weights, and restoring a version (issue 20), against the real services. */
describe('merchandising history and restore (real services)', function () {
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

  const pinRule = (productId: string) => ({
    name: 'Pin for running shoes',
    conditions: { query: { match: 'is', values: ['running shoes'] } },
    actions: [{ type: 'pin', pins: [{ productId, position: 1 }] }],
  });
  const firstHit = async () => (await h.search({ q: 'running shoes' })).body.hits[0].id;

  it('lists changes newest first with who made them, and restores a rule’s earlier version as a new version', async () => {
    const rule = await h.createRule(pinRule('shoe-4'));
    const updated = await h.merch('PUT', `/rules/${rule.id}`, { ...pinRule('shoe-2'), version: 1 }, { 'x-actor': 'Ana' });
    assert.equal(updated.status, 200);
    assert.equal(await firstHit(), 'shoe-2');

    const list = await h.merch('GET', `/changes?entity=rule&entity_id=${rule.id}`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const changes = list.body.changes as Array<Record<string, any>>;
    assert.deepEqual(
      changes.map((c) => [c.op, c.entityVersion]),
      [
        ['update', 2],
        ['create', 1],
      ],
    );
    assert.equal(changes[0]!.who, 'Ana');
    assert.match(changes[1]!.who, /^key /, 'without a name, the key says who');
    assert.equal(changes[0]!.before.actions[0].pins[0].productId, 'shoe-4');
    assert.equal(changes[0]!.after.actions[0].pins[0].productId, 'shoe-2');

    const restored = await h.merch('POST', `/changes/${changes[1]!.id}/restore`);
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
    assert.deepEqual(
      { ...restored.body, stateVersion: undefined },
      { entity: 'rule', entityId: rule.id, recreated: false, stateVersion: undefined },
    );
    const now = (await h.merch('GET', `/rules/${rule.id}`)).body;
    assert.equal(now.version, 3, 'a restore is a new version, in the history like any change');
    assert.deepEqual(now.actions, pinRule('shoe-4').actions);
    await new Promise((r) => setTimeout(r, 1_200));
    assert.equal(await firstHit(), 'shoe-4', 'shoppers see the restored rule');
  });

  it('brings a deleted rule back, and restores synonyms and weights', async () => {
    const rule = await h.createRule(pinRule('shoe-4'));
    assert.equal((await h.merch('DELETE', `/rules/${rule.id}`)).status, 204);
    const [deletion] = (await h.merch('GET', `/changes?entity=rule&entity_id=${rule.id}`)).body.changes;
    assert.equal(deletion.op, 'delete');
    const back = await h.merch('POST', `/changes/${deletion.id}/restore`);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.recreated, true);
    assert.equal(back.body.entityId, rule.id, 'a restored rule gets its old id back');
    const restored = (await h.merch('GET', `/rules/${rule.id}`)).body;
    assert.deepEqual([restored.name, restored.version], ['Pin for running shoes', 3], 'its version goes on from the deletion');
    assert.deepEqual(
      (await h.merch('GET', `/rules/${rule.id}/versions`)).body.versions.map((v: { op: string; entityVersion: number }) => [
        v.op,
        v.entityVersion,
      ]),
      [
        ['create', 3],
        ['delete', 2],
        ['create', 1],
      ],
      'one history for the rule, before and after its deletion',
    );
    await new Promise((r) => setTimeout(r, 1_200));
    assert.equal(await firstHit(), 'shoe-4', 'shoppers see the restored rule');
    // Restoring the deletion again once it is back: an update to that version, not a second rule.
    const again = await h.merch('POST', `/changes/${deletion.id}/restore`);
    assert.deepEqual([again.status, again.body.entityId, again.body.recreated], [200, rule.id, false]);
    assert.equal((await h.merch('GET', '/rules')).body.total, 1);

    const gone = await h.merch('POST', '/synonyms', { type: 'oneway', input: 'kicks', synonyms: ['sneakers'] });
    assert.equal((await h.merch('DELETE', `/synonyms/${gone.body.id}`)).status, 204);
    const [synonymDeletion] = (await h.merch('GET', `/changes?entity=synonym&entity_id=${gone.body.id}`)).body.changes;
    const synonymBack = await h.merch('POST', `/changes/${synonymDeletion.id}/restore`);
    assert.deepEqual([synonymBack.status, synonymBack.body.entityId, synonymBack.body.recreated], [200, gone.body.id, true]);
    assert.equal((await h.merch('GET', '/synonyms')).body.synonyms[0].id, gone.body.id, 'a restored synonym keeps its id too');
    assert.equal((await h.merch('DELETE', `/synonyms/${gone.body.id}`)).status, 204);

    const synonym = await h.merch('POST', '/synonyms', { type: 'multiway', terms: ['sneakers', 'trainers'] });
    assert.equal(synonym.status, 201, JSON.stringify(synonym.body));
    await h.merch('PUT', `/synonyms/${synonym.body.id}`, { type: 'multiway', terms: ['sneakers', 'kicks'] });
    const [, created] = (await h.merch('GET', `/changes?entity=synonym&entity_id=${synonym.body.id}`)).body.changes;
    assert.equal((await h.merch('POST', `/changes/${created.id}/restore`)).status, 200);
    const synonyms = (await h.merch('GET', '/synonyms')).body.synonyms;
    assert.deepEqual(synonyms.find((s: { id: string }) => s.id === synonym.body.id).terms, ['sneakers', 'trainers']);

    assert.equal((await h.merch('PUT', '/weights/global', { popularity: 2 })).status, 200);
    assert.equal((await h.merch('PUT', '/weights/global', { popularity: 5 })).status, 200);
    const [, first] = (await h.merch('GET', '/changes?entity=weights&entity_id=global')).body.changes;
    assert.equal((await h.merch('POST', `/changes/${first.id}/restore`)).status, 200);
    assert.equal((await h.merch('GET', '/weights')).body.global.popularity, 2);
  });

  it('restores a suggestion ban’s earlier version, and brings a deleted addition back under its own id', async () => {
    const suggested = async (prefix: string): Promise<string[]> => {
      const response = await h.api.request('GET', `/v1/suggest?q=${encodeURIComponent(prefix)}&size=10`, { key: h.publicKey });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.queries.map((q: { text: string }) => q.text);
    };
    const ban = await h.merch('POST', '/suggestions', { action: 'ban', text: 'cheap replica' });
    assert.equal(ban.status, 201, JSON.stringify(ban.body));
    assert.equal((await h.merch('PUT', `/suggestions/${ban.body.id}`, { action: 'ban', text: 'replica', match: 'contains' })).status, 200);
    const banChanges = (await h.merch('GET', `/changes?entity=suggestion&entity_id=${ban.body.id}`)).body.changes;
    assert.deepEqual(
      banChanges.map((c: { op: string }) => c.op),
      ['update', 'create'],
    );
    const restoredBan = await h.merch('POST', `/changes/${banChanges[1].id}/restore`);
    assert.equal(restoredBan.status, 200, JSON.stringify(restoredBan.body));
    assert.deepEqual(
      { ...restoredBan.body, stateVersion: undefined },
      { entity: 'suggestion', entityId: ban.body.id, recreated: false, stateVersion: undefined },
    );
    const [now] = (await h.merch('GET', '/suggestions')).body.bans;
    assert.deepEqual([now.text, now.match, now.version], ['cheap replica', 'exact', 3]);

    const added = await h.merch('POST', '/suggestions', { action: 'add', text: 'zebra print rug', weight: 7 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.ok((await suggested('zebra')).includes('zebra print rug'));
    assert.equal((await h.merch('DELETE', `/suggestions/${added.body.id}`)).status, 204);
    assert.ok(!(await suggested('zebra')).includes('zebra print rug'));
    const [deletion] = (await h.merch('GET', `/changes?entity=suggestion&entity_id=${added.body.id}`)).body.changes;
    assert.equal(deletion.op, 'delete');
    const back = await h.merch('POST', `/changes/${deletion.id}/restore`);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.recreated, true);
    assert.equal(back.body.entityId, added.body.id, 'the addition keeps its id');
    const [addition] = (await h.merch('GET', '/suggestions')).body.additions;
    assert.deepEqual([addition.id, addition.text, addition.weight, addition.version], [added.body.id, 'zebra print rug', 7, 3]);
    assert.ok((await suggested('zebra')).includes('zebra print rug'), 'shoppers are offered it again at once');
    const history = (await h.merch('GET', `/changes?entity=suggestion&entity_id=${added.body.id}`)).body.changes;
    assert.deepEqual(
      history.map((c: { op: string; entityVersion: number }) => [c.op, c.entityVersion]),
      [
        ['create', 3],
        ['delete', 2],
        ['create', 1],
      ],
    );

    // Restoring the deletion twice: the second finds it back already.
    const again = await h.merch('POST', `/changes/${deletion.id}/restore`);
    assert.equal(again.status, 200, 'restoring over a live one is an update to that version');
    // A restore that would duplicate another control is a conflict naming the text.
    assert.equal((await h.merch('DELETE', `/suggestions/${added.body.id}`)).status, 204);
    assert.equal((await h.merch('POST', '/suggestions', { action: 'add', text: 'zebra print rug' })).status, 201);
    const clash = await h.merch('POST', `/changes/${deletion.id}/restore`);
    assert.equal(clash.status, 409, JSON.stringify(clash.body));
    assert.equal(clash.body.error.field, 'text');
    for (const item of [...(await h.merch('GET', '/suggestions')).body.bans, ...(await h.merch('GET', '/suggestions')).body.additions])
      assert.equal((await h.merch('DELETE', `/suggestions/${item.id}`)).status, 204);
  });

  it('refuses to restore a rule pinning a product deleted since, naming the field; unknown changes are 404', async () => {
    const rule = await h.createRule(pinRule('shoe-4'));
    const [created] = (await h.merch('GET', `/changes?entity=rule&entity_id=${rule.id}`)).body.changes;
    await h.env.db('products').where({ id: 'shoe-4' }).update({ status: 'deleted' });
    try {
      const refused = await h.merch('POST', `/changes/${created.id}/restore`);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.field, 'actions[0].pins[0].productId');
    } finally {
      await h.env.db('products').where({ id: 'shoe-4' }).update({ status: 'active' });
    }
    assert.equal((await h.merch('POST', '/changes/999999999/restore')).status, 404);
    assert.equal((await h.merch('GET', '/changes?entity=nope')).body.error.field, 'entity');
  });
});
