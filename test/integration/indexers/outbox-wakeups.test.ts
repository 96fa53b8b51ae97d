import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenForOutbox, type OutboxListener } from '../../../indexers/outbox';
import { claimRows } from '../../../indexers/outbox/claim';
import type { AgoraJob } from '../../../jobs/queue/agora-job';
import { runJob, scheduleRepeatableJobs } from '../../../jobs/register';
import { createCatalog, waitFor } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

// NOTIFY is the primary wake-up; the listener's poll of Postgres is the one fallback.
describe('outbox wake-ups (real Postgres, Redis)', () => {
  let h: IndexingHarness;
  let listener: OutboxListener | undefined;
  let wakes: number[] = [];

  const listen = async (pollIntervalMs: number) => {
    wakes = [];
    listener = await listenForOutbox({ db: h.env.db, logger: h.logger, wake: async (at) => void wakes.push(at) }, { pollIntervalMs });
  };
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
