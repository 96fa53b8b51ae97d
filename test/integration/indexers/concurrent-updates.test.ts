import assert from 'node:assert/strict';
import knex, { type Knex } from 'knex';
import { createQueue, type AgoraQueue } from '../../../jobs/queue/create-queue';
import { runJob } from '../../../jobs/register';
import { createCatalog } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('concurrent updates (real Postgres, Redis, Elasticsearch)', () => {
  let h: IndexingHarness;
  let secondWorker: AgoraQueue;
  let productIds: string[];
  const writers: Knex[] = [];

  before(async () => {
    h = await createIndexingHarness();
    ({ productIds } = await createCatalog(h.env.db, 50));
    await h.reindex();
    await h.startWorker();
    // A second worker competing for the same outbox rows.
    secondWorker = createQueue(h.env.config);
    void secondWorker.process(2, (job) =>
      runJob(job.data, { config: h.env.config, logger: h.logger, es: h.env.es, db: h.env.db, queue: h.queue }, job),
    );
  });
  after(async () => {
    await Promise.all(writers.map((w) => w.destroy()));
    await secondWorker?.close();
    await h?.close();
  });

  it('leaves every indexed version equal to the database after 1,000 concurrent random updates to 50 products', async () => {
    // Several writers, each with its own connection pool, as several API processes would be.
    const schema = h.env.schema;
    for (let w = 0; w < 5; w += 1) {
      writers.push(knex({ client: 'pg', connection: h.env.config.databaseUrl, searchPath: [schema], pool: { min: 0, max: 4 } }));
    }
    await Promise.all(
      writers.map(async (db, w) => {
        const next = random(w + 1);
        // 4 concurrent streams per writer x 50 updates = 200 per writer, 1,000 in all.
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let i = 0; i < 50; i += 1) {
              const id = productIds[Math.floor(next() * productIds.length)]!;
              const change = next();
              if (change < 0.4)
                await db('products')
                  .where({ id })
                  .update({ price: (1 + next() * 500).toFixed(2) });
              else if (change < 0.7)
                await db('products')
                  .where({ id })
                  .update({ stock: Math.floor(next() * 20) });
              else if (change < 0.9)
                await db('products')
                  .where({ id })
                  .update({ title_en: `Pan ${Math.floor(next() * 1e6)}` });
              else
                await db('products')
                  .where({ id })
                  .update({ status: next() < 0.5 ? 'hidden' : 'active' });
            }
          }),
        );
      }),
    );
    const [{ count }] = await h.env.db('search_outbox').where('id', '>', 50).count<Array<{ count: string }>>({ count: '*' });
    assert.ok(Number(count) >= 900, `the updates produced ${count} outbox rows`);

    await h.drain(30_000);
    const rows = await h.env.db('products').select('id', 'version', 'price', 'stock', 'title_en', 'status');
    const docs = await h.env.es.mget<{ price: number; stock: number; title_en: string; status: string }>({
      index: h.alias,
      ids: rows.map((r) => r.id),
    });
    const byId = new Map(docs.docs.map((d) => [d._id, d]));
    for (const row of rows) {
      const doc = byId.get(row.id);
      assert.ok(doc && 'found' in doc && doc.found, `${row.id} is indexed`);
      assert.equal(doc._version, Number(row.version), `${row.id} version`);
      assert.equal(doc._source?.price, Number(row.price), `${row.id} price`);
      assert.equal(doc._source?.stock, row.stock, `${row.id} stock`);
      assert.equal(doc._source?.title_en, row.title_en, `${row.id} title`);
      assert.equal(doc._source?.status, row.status, `${row.id} status`);
    }
  });
});
