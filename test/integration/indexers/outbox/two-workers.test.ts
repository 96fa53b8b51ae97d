import assert from 'node:assert/strict';
import { createCatalog, pendingOutbox } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';
import { workerProcesses, type WorkerProcesses } from '../support/worker-processes';

interface Applied {
  worker: number;
  op: string;
  id: string;
  version: number;
  /** When the worker sent the _bulk that carried it, and when the answer came (its own clock, ms). */
  sentAt: number;
  answeredAt: number;
}

/**
 * Issue 22: several worker processes on one queue. Two real processes relay
 * the same outbox while products keep changing; each reports the writes
 * Elasticsearch accepted. No product version may be applied twice, none may
 * go backwards, and every outbox row must be settled once, without a retry.
 */
describe('two relay workers on one queue (real Postgres, Redis, Elasticsearch)', function () {
  this.timeout(120_000);
  let h: IndexingHarness;
  const applied: Applied[] = [];

  let workers: WorkerProcesses;
  // A short hold after each _bulk keeps relays overlapping, so both workers take batches.
  const startWorker = async (worker: number): Promise<void> => {
    await workers.start(['--report-applied', '--bulk-delay-ms=50'], (line) => {
      const [word, op, id, version, sentAt, answeredAt] = line.split(' ');
      if (word === 'applied')
        applied.push({ worker, op: op!, id: id!, version: Number(version), sentAt: Number(sentAt), answeredAt: Number(answeredAt) });
    });
  };

  before(async () => {
    h = await createIndexingHarness();
    workers = workerProcesses(h);
    await createCatalog(h.env.db, 400);
    await h.reindex();
  });
  after(async () => {
    await workers?.killAll();
    await h?.close();
  });

  it('applies each product version once, never an older one after a newer, and settles each outbox row once', async () => {
    await Promise.all([startWorker(1), startWorker(2)]);
    const firstRow = await h.env.db('search_outbox').max<{ max: string | null }>({ max: 'id' }).first();

    // Four seconds of changes in small transactions: updates of random products, and now and then a delete or a revival.
    let seed = 7;
    const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const pick = () => `p-${String(Math.floor(random() * 400)).padStart(5, '0')}`;
    const until = Date.now() + 4000;
    while (Date.now() < until) {
      const ids = Array.from({ length: 20 }, pick);
      await h.env
        .db('products')
        .whereIn('id', ids)
        .update({ stock: h.env.db.raw('stock + 1') });
      await h.env
        .db('products')
        .where({ id: pick() })
        .update({ status: random() < 0.5 ? 'deleted' : 'active' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await h.drain(60_000);

    const byWorker = [1, 2].map((w) => applied.filter((a) => a.worker === w).length);
    assert.ok(
      byWorker.every((n) => n > 0),
      `both workers applied writes: ${byWorker.join(' and ')}`,
    );

    // Elasticsearch accepted each (product, version) once, whichever worker sent it.
    const seen = new Map<string, Applied>();
    for (const a of applied) {
      const key = `${a.id}@${a.version}`;
      const earlier = seen.get(key);
      assert.ok(!earlier, `${key} applied twice (by workers ${earlier?.worker} and ${a.worker})`);
      seen.set(key, a);
    }
    // Each worker applied a product's versions in increasing order: a write sent after another's answer came is newer.
    // (A worker runs two relays at once, so the answers of two overlapping _bulks can come in either order: only writes
    // whose _bulks did not overlap are ordered.) And the index ends at Postgres's version.
    for (const worker of [1, 2]) {
      const writes = applied.filter((x) => x.worker === worker);
      for (const a of writes)
        for (const b of writes)
          if (a.id === b.id && a.answeredAt < b.sentAt)
            assert.ok(a.version < b.version, `worker ${worker} applied ${a.id} v${b.version} after v${a.version}`);
    }
    const rows = await h.env.db('products').select('id', 'version', 'status');
    const { docs } = await h.env.es.mget({ index: h.alias, ids: rows.map((r) => r.id) });
    rows.forEach((row, k) => {
      const doc = docs[k]!;
      const found = 'found' in doc && doc.found;
      if (row.status === 'deleted') assert.ok(!found, `${row.id} deleted but indexed`);
      else assert.equal(found && doc._version, Number(row.version), `${row.id} version in the index`);
    });

    // Every row written during the run settled on its first claim: no retry, nothing left.
    const settled = await h.env
      .db('search_outbox')
      .where('id', '>', firstRow?.max ?? '0')
      .select(h.env.db.raw('count(*)::int as rows'), h.env.db.raw('count(*) filter (where attempts > 0)::int as retried'));
    assert.ok(settled[0].rows > 200, `${settled[0].rows} outbox rows written during the run`);
    assert.equal(settled[0].retried, 0, 'no outbox row needed a second attempt');
    assert.equal(await pendingOutbox(h.env.db), 0);
  });
});
