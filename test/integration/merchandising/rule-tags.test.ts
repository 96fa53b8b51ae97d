import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/** Tags on rules (issue 20): stored, normalised, validated in words, carried by export, import and restore. */
describe('rule tags (real services)', function () {
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

  const rule = (tags?: unknown) => ({
    name: 'Hide a boot',
    actions: [{ type: 'hide', productIds: ['boot-1'] }],
    ...(tags === undefined ? {} : { tags }),
  });

  it('stores tags in lower case, defaults to none, and refuses a bad one naming it', async () => {
    const created = await h.createRule(rule([' Black-Friday ', 'boots']));
    assert.deepEqual((created as unknown as { tags: string[] }).tags, ['black-friday', 'boots']);
    assert.deepEqual((await h.merch('GET', `/rules/${created.id}`)).body.tags, ['black-friday', 'boots']);
    assert.deepEqual(((await h.createRule({ ...rule(), name: 'Untagged' })) as unknown as { tags: string[] }).tags, []);
    const bad = await h.merch('POST', '/rules', rule(['two words']));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'tags[0]');
    assert.match(bad.body.error.message, /one word/);
  });

  it('carries tags through export and import, and the history', async () => {
    const created = await h.createRule(rule(['boots']));
    const csv = (await h.api.request('GET', '/v1/merchandising/export?kind=rules&format=csv', { key: h.merchandiserKey })).body as string;
    assert.match(csv, /,boots\r\n$/);
    const retagged = csv.replace(/,boots\r\n$/, ',boots|winter\r\n');
    const dry = await h.merch('POST', '/import', { kind: 'rules', format: 'csv', content: retagged });
    assert.deepEqual(dry.body.summary, { create: 0, update: 1, unchanged: 0, conflict: 0 });
    assert.equal((await h.merch('POST', '/import', { kind: 'rules', format: 'csv', content: retagged, dryRun: false })).status, 200);
    assert.deepEqual((await h.merch('GET', `/rules/${created.id}`)).body.tags, ['boots', 'winter']);
    const [latest] = (await h.merch('GET', `/changes?entity=rule&entity_id=${created.id}`)).body.changes;
    assert.deepEqual([latest.before.tags, latest.after.tags], [['boots'], ['boots', 'winter']]);
  });
});
