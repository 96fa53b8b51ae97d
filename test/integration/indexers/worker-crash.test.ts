import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createCatalog, pendingOutbox, waitFor } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

const workerScript = path.join(__dirname, 'support/worker-process.ts');

describe('a relay worker killed mid-batch (real Postgres, Redis, Elasticsearch)', () => {
  let h: IndexingHarness;
  const children: ChildProcess[] = [];

  /** Starts the worker as its own process; resolves once it prints "ready". */
  const startWorker = async (args: string[], onLine: (line: string) => void = () => undefined): Promise<ChildProcess> => {
    const url = new URL(h.env.config.databaseUrl);
    // The test schema travels in the connection string, as a deployment would pass any setting.
    url.searchParams.set('options', `-csearch_path=${h.env.schema}`);
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', workerScript, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        INDEX_PREFIX: h.env.config.indexPrefix,
        QUEUE_PREFIX: h.env.config.queuePrefix,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (line === 'ready') resolve();
          onLine(line);
        }
      });
      child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    });
    return child;
  };

  const kill = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, 300);
    await h.reindex();
  });
  after(async () => {
    for (const child of children) await kill(child);
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
    await kill(first);
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
