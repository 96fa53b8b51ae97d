import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import knex, { type Knex } from 'knex';
import { createIndexingElasticsearch } from '../../../src/core/clients';
import { relayOutbox, type RelayOptions } from '../../../indexers/outbox';
import { claimRows } from '../../../indexers/outbox/claim';
import { createCatalog, pendingOutbox } from './support/catalog';
import { gateBulk, type BulkGate } from './support/gated-bulk';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

// The relay claims rows in one short transaction, writes with none open, and
// settles in another; a claim is a lease that a live pass renews and a dead one lets run out.
describe('outbox relay leases (real Postgres, Elasticsearch)', () => {
  let h: IndexingHarness;
  /** The relay's own pool, named so that pg_stat_activity tells its sessions from everyone else's. */
  let relayDb: Knex;
  let es: ElasticsearchClient;
  let gate: BulkGate;
  const applicationName = `agora-relay-test-${randomUUID().slice(0, 8)}`;
  let firstRelay: Awaited<ReturnType<typeof relayOutbox>>;

  const relay = (options: RelayOptions = {}) => relayOutbox({ db: relayDb, es, config: h.env.config, logger: h.logger }, options);
  const touch = async (ids: string[]) => {
    await h.env
      .db('products')
      .whereIn('id', ids)
      .update({ stock: h.env.db.raw('stock + 1') });
    return (await h.env.db('search_outbox').whereNull('processed_at').orderBy('id').select('id')).map((r) => String(r.id));
  };
  const indexedVersions = async (ids: string[]) => {
    const docs = await h.env.es.mget({ index: h.alias, ids, _source: false });
    return docs.docs.map((d) => ('found' in d && d.found ? d._version : undefined));
  };
  const dbVersions = async (ids: string[]) => {
    const rows = await h.env.db('products').whereIn('id', ids).select('id', 'version');
    const byId = new Map(rows.map((r) => [r.id, Number(r.version)]));
    return ids.map((id) => byId.get(id));
  };

  before(async () => {
    h = await createIndexingHarness();
    relayDb = knex({
      client: 'pg',
      connection: { connectionString: h.env.config.databaseUrl, application_name: applicationName },
      searchPath: [h.env.schema],
      pool: { min: 0, max: 4 },
    });
    es = createIndexingElasticsearch(h.env.config);
    gate = gateBulk(es);
    gate.open();
    await createCatalog(h.env.db, 20);
    // Before the first reindex there is no alias: the rows are acknowledged unwritten.
    firstRelay = await relay();
    await h.reindex();
  });
  afterEach(() => gate.open());
  after(async () => {
    await relayDb?.destroy();
    await es?.close();
    await h?.close();
  });

  it('acknowledges changes made before the first reindex without writing them, and says so', () => {
    assert.equal(firstRelay.skippedNoIndex, true);
    assert.equal(firstRelay.claimed, 20);
    assert.equal(firstRelay.written, 0);
    assert.deepEqual(firstRelay.stopped, { reason: 'drained' });
  });

  it('holds no Postgres transaction and no row lock while Elasticsearch takes the _bulk', async () => {
    const ids = ['p-00001', 'p-00002', 'p-00003'];
    const outboxIds = await touch(ids);
    gate.close();
    const arrived = gate.arrived();
    const relaying = relay();
    await arrived;

    // The relay's sessions: connected, but none waiting inside an open transaction.
    const { rows: sessions } = await h.env.db.raw<{ rows: Array<{ pid: number; state: string | null }> }>(
      'select pid, state from pg_stat_activity where application_name = ?',
      [applicationName],
    );
    assert.ok(sessions.length > 0, 'the relay has connected');
    assert.deepEqual(
      sessions.filter((s) => s.state?.startsWith('idle in transaction')),
      [],
      'no relay session is idle in a transaction',
    );

    // And nothing locks the claimed rows: another session can lock them at once.
    await h.env.db.transaction(async (trx) => {
      const { rows } = await trx.raw<{ rows: Array<{ id: string }> }>(
        'select id from search_outbox where id = any(?::bigint[]) for update nowait',
        [outboxIds],
      );
      assert.equal(rows.length, outboxIds.length);
    });
    // The claim is recorded on the rows instead.
    const claimed = await h.env.db('search_outbox').whereIn('id', outboxIds).select('claimed_by', 'claimed_until', 'processed_at');
    assert.ok(
      claimed.every((r) => r.claimed_by !== null && r.claimed_until > new Date() && r.processed_at === null),
      'leased, not processed',
    );

    gate.open();
    const summary = await relaying;
    assert.equal(summary.claimed, 3);
    assert.equal(summary.written, 3);
    assert.equal(await pendingOutbox(h.env.db), 0);
    assert.deepEqual(await indexedVersions(ids), await dbVersions(ids));
  });

  it('keeps its claim through a _bulk slower than the lease, by renewing it', async () => {
    const ids = ['p-00004', 'p-00005'];
    await touch(ids);
    gate.close();
    const bulksBefore = gate.count();
    const arrived = gate.arrived();
    const slow = relay({ leaseMs: 300 });
    await arrived;
    await sleep(1000);
    // Three leases later, another relay still finds nothing to claim.
    const other = await relay();
    assert.equal(other.claimed, 0);
    assert.equal(gate.count() - bulksBefore, 1, 'one _bulk only: nobody wrote the rows a second time');
    gate.open();
    const summary = await slow;
    assert.equal(summary.written, 2);
    assert.deepEqual(await indexedVersions(ids), await dbVersions(ids));
  });

  it('leaves rows a crashed worker claimed alone until its lease runs out, then delivers them', async () => {
    const ids = ['p-00006', 'p-00007', 'p-00008'];
    const outboxIds = await touch(ids);
    // What a worker killed mid-pass leaves behind: rows claimed, never settled, the lease no longer renewed.
    const crashed = await claimRows(h.env.db, { owner: 'crashed-worker', limit: 100, leaseMs: 1500 });
    assert.deepEqual(
      crashed.map((r) => r.id),
      outboxIds,
    );

    const early = await relay();
    assert.equal(early.claimed, 0, 'a live lease is respected');
    assert.equal(await pendingOutbox(h.env.db), 3);

    await sleep(1600);
    const late = await relay();
    assert.equal(late.claimed, 3);
    assert.equal(late.written, 3);
    assert.equal(await pendingOutbox(h.env.db), 0);
    assert.deepEqual(await indexedVersions(ids), await dbVersions(ids));
    const delivered = await h.env.db('search_outbox').whereIn('id', outboxIds).select('claimed_by');
    assert.ok(
      delivered.every((r) => r.claimed_by !== 'crashed-worker'),
      'the relay that delivered them holds the claim',
    );
  });

  it('hands the rows of a failed pass back with a backoff, then delivers them', async () => {
    const ids = ['p-00009', 'p-00010'];
    const outboxIds = await touch(ids);
    gate.fail(new Error('simulated: Elasticsearch is unreachable'));
    const failed = await relay({ backoff: { baseMs: 800 } });
    assert.deepEqual(failed.stopped, { reason: 'failed', error: 'Error: simulated: Elasticsearch is unreachable' });
    assert.equal(failed.retried, 2);
    assert.equal(failed.written, 0);
    const rows = await h.env
      .db('search_outbox')
      .whereIn('id', outboxIds)
      .select('claimed_by', 'claimed_until', 'attempts', 'last_error', 'processed_at');
    for (const row of rows) {
      assert.equal(row.processed_at, null);
      assert.equal(row.claimed_by, null, 'released');
      assert.ok(row.claimed_until > new Date(), 'waiting out a backoff');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error, /unreachable/);
    }

    gate.open();
    assert.equal((await relay()).claimed, 0, 'not before the backoff has passed');
    await sleep(900);
    const retried = await relay();
    assert.equal(retried.claimed, 2);
    assert.equal(retried.written, 2);
    assert.deepEqual(await indexedVersions(ids), await dbVersions(ids));
  });

  it('reports an idle pass when nothing is pending', async () => {
    const summary = await relay();
    assert.deepEqual(summary, {
      stopped: { reason: 'drained' },
      passes: 1,
      claimed: 0,
      written: 0,
      superseded: 0,
      rejected: 0,
      retried: 0,
      more: false,
      skippedNoIndex: false,
    });
  });
});
