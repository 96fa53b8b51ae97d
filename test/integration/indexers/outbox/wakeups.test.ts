import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { createIndexingElasticsearch } from '../../../../src/core/clients';
import { listenForOutbox, relayOutbox, type OutboxListener } from '../../../../indexers/outbox';
import { claimRows } from '../../../../indexers/outbox/claim';
import { enqueueRelay, relayStarting } from '../../../../jobs/outbox';
import type { AgoraJob } from '../../../../jobs/queue/agora-job';
import { createQueue } from '../../../../jobs/queue/create-queue';
import { runJob, scheduleRepeatableJobs } from '../../../../jobs/register';
import { createCatalog, waitFor } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

// NOTIFY is the primary wake-up; the listener's poll of Postgres is the one fallback.
describe('outbox wake-ups (real Postgres, Redis)', () => {
  let h: IndexingHarness;
  let listener: OutboxListener | undefined;
  let wakes: number[] = [];

  const listen = async (pollIntervalMs: number, db: Knex = h.env.db) => {
    wakes = [];
    listener = await listenForOutbox({ db, logger: h.logger, wake: async (at) => void wakes.push(at) }, { pollIntervalMs });
  };
  // A job listed may be gone by the time it is read (null).
  const relayJobs = async () =>
    (await h.queue.getJobs(['waiting', 'active', 'delayed'])).filter((job) => job?.data.type === 'outbox.relay');
  const markAllProcessed = () => h.env.db('search_outbox').whereNull('processed_at').update({ processed_at: h.env.db.fn.now() });

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, 5);
    await markAllProcessed();
  });
  afterEach(async () => {
    await listener?.stop();
    listener = undefined;
    await h.env.db.raw('alter table search_outbox enable trigger search_outbox_notify');
    await markAllProcessed();
  });
  after(async () => {
    await h?.close();
  });

  it('wakes a relay within milliseconds of a commit, on the notification', async () => {
    await listen(60_000);
    await h.env.db('products').where({ id: 'p-00001' }).update({ stock: 50 });
    const committed = Date.now();
    await waitFor('a wake-up', async () => (wakes.length > 0 ? true : undefined), 2000, 5);
    assert.ok(wakes[0]! - committed < 500, `woken ${wakes[0]! - committed} ms after the commit`);
  });

  it('wakes a relay for a change whose notification was lost, by the poll alone', async () => {
    await listen(200);
    await h.env.db.raw('alter table search_outbox disable trigger search_outbox_notify');
    await h.env.db('products').where({ id: 'p-00002' }).update({ stock: 51 });
    await waitFor('a wake-up from the poll', async () => (wakes.length > 0 ? true : undefined), 2000);
  });

  it('does not wake a relay for rows a crashed worker still leases, and wakes one when the lease runs out', async () => {
    await h.env.db('products').where({ id: 'p-00003' }).update({ stock: 52 });
    await claimRows(h.env.db, { owner: 'crashed-worker', limit: 100, leaseMs: 1200 });
    await listen(100);
    await sleep(700);
    assert.deepEqual(wakes, [], 'nothing claimable while the lease lasts');
    await waitFor('a wake-up after the lease', async () => (wakes.length > 0 ? true : undefined), 3000);
  });

  it('polls one at a time when Postgres answers slower than the poll interval', async () => {
    let inFlight = 0;
    let most = 0;
    let polls = 0;
    // The listener's handle on Postgres, each query of which takes 300 ms.
    const slow = new Proxy(h.env.db, {
      get(target, property, receiver) {
        if (property !== 'raw') return Reflect.get(target, property, receiver) as unknown;
        return async (...args: Parameters<Knex['raw']>) => {
          inFlight += 1;
          polls += 1;
          most = Math.max(most, inFlight);
          try {
            await sleep(300);
            return await target.raw(...args);
          } finally {
            inFlight -= 1;
          }
        };
      },
    });
    await listen(50, slow);
    await sleep(1200);
    await listener?.stop();
    listener = undefined;
    assert.equal(most, 1, `${most} polls at once`);
    assert.ok(polls >= 3, `${polls} polls`);
  });

  it('wakes no relay while the relay is paused after Elasticsearch could not be reached, and wakes one when the pause ends', async () => {
    await h.env.db('products').where({ id: 'p-00004' }).update({ stock: 53 });
    const refused = createIndexingElasticsearch({ elasticsearchUrl: 'http://127.0.0.1:9', elasticsearchTimeoutMs: 30_000 });
    try {
      // The worker's relay and listener share a database handle, and with it the pause.
      const run = await relayOutbox({ db: h.env.db, es: refused, config: h.env.config, logger: h.logger }, { backoff: { baseMs: 1000 } });
      assert.equal(run.stopped.reason, 'failed');
    } finally {
      await refused.close();
    }
    const pausedAt = Date.now();
    await listen(100);
    await h.env.db('products').where({ id: 'p-00005' }).update({ stock: 54 });
    await sleep(600);
    assert.deepEqual(wakes, [], 'neither the notification nor the poll wakes a relay during the pause');
    await waitFor('a wake-up after the pause', async () => (wakes.length > 0 ? true : undefined), 3000);
    assert.ok(wakes[0]! - pausedAt >= 900, `woken ${wakes[0]! - pausedAt} ms after the pause began`);
  });

  it('queues one relay job however many wake-ups come while it waits, and one more behind a running relay', async () => {
    for (let i = 0; i < 4; i += 1) {
      await enqueueRelay(h.queue);
      await sleep(120);
    }
    assert.equal((await relayJobs()).length, 1, 'one waiting relay');

    // A worker takes it; the relay runs (here: waits) until released.
    const worker = createQueue(h.env.config);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    void worker.process(1, async () => {
      await relayStarting(worker);
      started();
      await released;
    });
    try {
      await running;
      for (let i = 0; i < 4; i += 1) {
        await enqueueRelay(h.queue);
        await sleep(120);
      }
      const jobs = await relayJobs();
      const states = await Promise.all(jobs.map((job) => job.getState()));
      assert.deepEqual(states.sort(), ['active', 'waiting'], 'the running relay and one behind it, for commits it may have passed');
    } finally {
      release();
      try {
        await waitFor('the relays to finish', async () => ((await relayJobs()).length === 0 ? true : undefined), 5000);
      } finally {
        await worker.close();
      }
    }
  });

  it('removes the retired outbox.sweep schedule of an earlier version and completes a stale sweep job as a no-op', async () => {
    const sweep = { type: 'outbox.sweep' } as unknown as AgoraJob;
    // What an install of the earlier version left in Redis.
    await h.queue.add(sweep, { repeat: { every: 5_000 }, jobId: 'outbox.sweep', removeOnComplete: true, removeOnFail: 50 });
    assert.ok((await h.queue.getRepeatableJobs()).some((r) => r.id === 'outbox.sweep'));

    await scheduleRepeatableJobs(h.queue);
    const repeatables = await h.queue.getRepeatableJobs();
    assert.deepEqual(
      repeatables.filter((r) => r.id === 'outbox.sweep'),
      [],
      'the schedule is gone',
    );
    assert.ok(
      repeatables.some((r) => r.id === 'outbox.cleanup'),
      'the current schedules are there',
    );
    const delayed = await h.queue.getDelayed();
    assert.deepEqual(
      delayed.filter((job) => (job.data as { type: string }).type === 'outbox.sweep'),
      [],
      'and so is its next run',
    );

    // A sweep job already waiting when the worker upgraded.
    const deps = { config: h.env.config, logger: h.logger, es: h.env.es, db: h.env.db, queue: h.queue };
    assert.deepEqual(await runJob(sweep, deps), { skipped: 'outbox.sweep is no longer a job type' });
    for (const r of repeatables) await h.queue.removeRepeatableByKey(r.key);
  });
});
