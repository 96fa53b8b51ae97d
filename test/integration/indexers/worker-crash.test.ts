import assert from 'node:assert/strict';
import { createCatalog, pendingOutbox, waitFor } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';
import { workerProcesses, type WorkerProcesses } from './support/worker-processes';

describe('a relay worker killed mid-batch (real Postgres, Redis, Elasticsearch)', () => {
  let h: IndexingHarness;

  let workers: WorkerProcesses;
  const startWorker = (args: string[], onLine?: (line: string) => void) => workers.start(args, onLine);

  before(async () => {
    h = await createIndexingHarness();
    workers = workerProcesses(h);
    await createCatalog(h.env.db, 300);
    await h.reindex();
  });
  after(async () => {
    await workers?.killAll();
    await h?.close();
  });

  it('loses nothing: the uncommitted batch is claimed again after a restart', async () => {
    // 3,000 pending changes: every product updated ten times.
    for (let i = 0; i < 10; i += 1) await h.env.db('products').update({ stock: h.env.db.raw('stock + 1') });
    const total = await pendingOutbox(h.env.db);
    assert.ok(total >= 3000, `${total} pending`);

    let written = 0;
    let onThird: () => void = () => undefined;
    const thirdBatchWritten = new Promise<void>((resolve) => (onThird = resolve));
    const first = await startWorker(['--bulk-delay-ms=1500'], (line) => {
      // Two relay jobs may run at once: by the third batch written, at least one has committed.
      if (line === 'bulk-written' && ++written === 3) onThird();
    });
    // Killed while a batch is in Elasticsearch but not yet committed in Postgres.
    await thirdBatchWritten;
    await workers.kill(first);
    const pendingAfterKill = await pendingOutbox(h.env.db);
    assert.ok(pendingAfterKill > 0 && pendingAfterKill < total, `killed mid-way: ${pendingAfterKill} of ${total} pending`);

    // Changes keep coming while no worker runs.
    await h.env.db('products').whereIn('id', ['p-00001', 'p-00002']).update({ title_en: 'Changed While Down' });

    await startWorker([]);
    await h.drain(30_000);
    const rows = await h.env.db('products').select('id', 'version', 'stock', 'title_en');
    const docs = await h.env.es.mget<{ stock: number; title_en: string }>({ index: h.alias, ids: rows.map((r) => r.id) });
    const byId = new Map(docs.docs.map((d) => [d._id, d]));
    for (const row of rows) {
      const doc = byId.get(row.id);
      assert.ok(doc && 'found' in doc && doc.found, `${row.id} indexed`);
      assert.equal(doc._version, Number(row.version), `${row.id} version`);
      assert.equal(doc._source?.stock, row.stock, `${row.id} stock`);
      assert.equal(doc._source?.title_en, row.title_en, `${row.id} title`);
    }
    await waitFor('nothing left pending', async () => ((await pendingOutbox(h.env.db)) === 0 ? true : undefined));
  });
});
