import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors, type Client as ElasticsearchClient } from '@elastic/elasticsearch';
import knex, { type Knex } from 'knex';
import { createIndexingElasticsearch } from '../../../../src/core/clients';
import { relayOutbox, type RelayOptions } from '../../../../indexers/outbox';
import { claimRows, hasClaimableRows } from '../../../../indexers/outbox/claim';
import { createCatalog, pendingOutbox } from '../support/catalog';
import { gateBulk, type BulkGate } from '../support/gated-bulk';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

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

  it('hands the rows back with a backoff when the settle transaction fails, instead of throwing', async () => {
    const ids = ['p-00011', 'p-00012'];
    const outboxIds = await touch(ids);
    // Marking the rows processed fails, as a settle transaction that cannot commit would.
    await h.env.db.raw(`
      create function fail_settle() returns trigger language plpgsql as $$
      begin
        if new.processed_at is not null and old.processed_at is null then raise exception 'simulated: settle failed'; end if;
        return new;
      end $$;
      create trigger fail_settle before update on search_outbox for each row execute function fail_settle()`);
    try {
      const failed = await relay({ backoff: { baseMs: 600 } });
      assert.equal(failed.stopped.reason, 'failed');
      assert.match((failed.stopped as { error: string }).error, /settle failed/);
      assert.equal(failed.retried, 2);
      const rows = await h.env.db('search_outbox').whereIn('id', outboxIds).select('claimed_by', 'claimed_until', 'attempts', 'last_error');
      for (const row of rows) {
        assert.equal(row.claimed_by, null, 'released, not left leased until the lease runs out');
        assert.ok(row.claimed_until > new Date(), 'waiting out a backoff');
        assert.equal(row.attempts, 1);
        assert.match(row.last_error, /settle failed/);
      }
    } finally {
      await h.env.db.raw('drop trigger fail_settle on search_outbox; drop function fail_settle()');
    }
    // Not a failure to reach Elasticsearch: nothing is paused, and the rows come back after their backoff.
    assert.equal((await relay()).claimed, 0, 'not before the backoff has passed');
    await sleep(700);
    const retried = await relay();
    assert.equal(retried.claimed, 2);
    assert.equal(retried.superseded, 2, 'written the first time already');
    assert.equal(await pendingOutbox(h.env.db), 0);
  });

  it('pauses claiming after Elasticsearch could not be reached, until the backoff ends, instead of working through the backlog', async () => {
    const ids = ['p-00013', 'p-00014', 'p-00015', 'p-00016', 'p-00017', 'p-00018'];
    const outboxIds = await touch(ids);
    gate.fail(new errors.ConnectionError('simulated: connect ECONNREFUSED'));
    const failed = await relay({ batchSize: 2, backoff: { baseMs: 800 } });
    assert.deepEqual(failed.stopped, { reason: 'failed', error: 'ConnectionError: simulated: connect ECONNREFUSED' });
    assert.equal(failed.retried, 2);

    // Wake-ups during the pause claim nothing: the rest of the backlog is neither sent nor backed off.
    const bulksBefore = gate.count();
    for (let i = 0; i < 3; i += 1) {
      const paused = await relay({ batchSize: 2, backoff: { baseMs: 800 } });
      assert.equal(paused.stopped.reason, 'paused');
      assert.equal(paused.claimed, 0);
    }
    assert.equal(gate.count(), bulksBefore, 'no _bulk during the pause');
    const rows = await h.env.db('search_outbox').whereIn('id', outboxIds).orderBy('id').select('attempts', 'claimed_until');
    assert.deepEqual(
      rows.map((r) => r.attempts),
      [1, 1, 0, 0, 0, 0],
      'one batch failed; the others wait untouched',
    );

    // When the pause ends, the failed batch (its backoff over too, the lowest ids) goes first, then the rest.
    gate.open();
    await sleep(900);
    const resumed = await relay({ batchSize: 2 });
    assert.equal(resumed.claimed, 6);
    assert.equal(resumed.written, 6);
    assert.deepEqual(await indexedVersions(ids), await dbVersions(ids));
  });

  it('ends a run with a retry and a pause, not an error, when Elasticsearch cannot be reached before the first pass', async () => {
    const ids = ['p-00019'];
    const outboxIds = await touch(ids);
    // Its own database handle, so the pause it takes is its own too.
    const db = knex({ client: 'pg', connection: h.env.config.databaseUrl, searchPath: [h.env.schema], pool: { min: 0, max: 2 } });
    // One cluster refuses connections, the other accepts them and never answers.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const refused = createIndexingElasticsearch({ elasticsearchUrl: 'http://127.0.0.1:9', elasticsearchTimeoutMs: 30_000 });
    const hanging = createIndexingElasticsearch({
      elasticsearchUrl: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
      elasticsearchTimeoutMs: 30_000,
    });
    try {
      const deps = (client: ElasticsearchClient) => ({ db, es: client, config: h.env.config, logger: h.logger });
      const down = await relayOutbox(deps(refused), { backoff: { baseMs: 400 } });
      assert.equal(down.stopped.reason, 'failed');
      assert.match((down.stopped as { error: string }).error, /^ConnectionError/);
      assert.equal(down.claimed, 0);
      const paused = await relayOutbox(deps(refused), { backoff: { baseMs: 400 } });
      assert.equal(paused.stopped.reason, 'paused');
      const row = await h.env.db('search_outbox').where('id', outboxIds[0]).first('claimed_by', 'attempts');
      assert.deepEqual(row, { claimed_by: null, attempts: 0 }, 'nothing claimed');

      await sleep(500);
      const started = Date.now();
      const silentRun = await relayOutbox(deps(hanging), { backoff: { baseMs: 400 }, aliasCheckTimeoutMs: 300 });
      assert.ok(Date.now() - started < 3000, `gave up after ${Date.now() - started} ms, not the client's timeout`);
      assert.equal(silentRun.stopped.reason, 'failed');
      assert.match((silentRun.stopped as { error: string }).error, /^TimeoutError/);
      // A second failure in a row pauses for twice as long.
      const pausedAgain = await relayOutbox(deps(hanging), { backoff: { baseMs: 400 } });
      assert.ok(pausedAgain.stopped.reason === 'paused' && pausedAgain.stopped.resumeInMs > 450, JSON.stringify(pausedAgain.stopped));
    } finally {
      await refused.close();
      await hanging.close();
      silent.close();
      await db.destroy();
    }
    const delivered = await relay();
    assert.equal(delivered.written, 1);
  });

  it('finds claimable rows by their indexes alone, however many rows are delivered or backing off', async () => {
    // A backlog of delivered rows and of pending rows waiting out a backoff, none claimable.
    await h.env.db.raw(`
      insert into search_outbox (product_id, version, op, processed_at)
        select 'x-' || g, g, 'upsert', now() from generate_series(1, 20000) g;
      insert into search_outbox (product_id, version, op, claimed_until, attempts)
        select 'y-' || g, g, 'upsert', now() + interval '1 hour', 1 from generate_series(1, 5000) g;
      analyze search_outbox`);
    const trx = await h.env.db.transaction();
    try {
      assert.equal(await hasClaimableRows(trx), false);
      assert.deepEqual(await claimRows(trx, { owner: 'probe', limit: 500, leaseMs: 1000 }), []);
      // This transaction's own reads of the table so far.
      const { rows } = await trx.raw<{ rows: Array<{ seq_tup_read: string; idx_tup_fetch: string }> }>(
        "select seq_tup_read, idx_tup_fetch from pg_stat_xact_user_tables where relid = 'search_outbox'::regclass",
      );
      assert.deepEqual(
        { sequential: Number(rows[0]?.seq_tup_read), fetchedByIndex: Number(rows[0]?.idx_tup_fetch) },
        { sequential: 0, fetchedByIndex: 0 },
        'no row read to find that none is claimable',
      );
    } finally {
      await trx.rollback();
      await h.env.db('search_outbox').where('product_id', 'like', 'x-%').orWhere('product_id', 'like', 'y-%').delete();
    }
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
