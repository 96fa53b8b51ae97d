import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadProductRows } from '../../../indexers/documents/rows';
import { toProductDocument } from '../../../indexers/documents/to-document';
import { snapshotPath } from '../../../indexers/reindex/snapshot';
import { createCatalog, productRow } from './support/catalog';
import { createIndexingHarness, type IndexingHarness } from './support/harness';

/**
 * The last reindex's _bulk bodies, sent again by the next one where nothing
 * changed: whatever changed in between (updates, deletes, products added
 * inside a chunk's id range or past the last), the index must end up exactly
 * as a reindex that built every document would leave it.
 */
describe('reindex snapshot (real Postgres and Elasticsearch)', () => {
  let h: IndexingHarness;
  const products = 300;
  let dir: string;
  /** The chunk files the current manifest lists, in order. */
  const manifest = async () => JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { token: string; chunks: Array<{ file: string }> };
  const chunkFiles = async () => (await manifest()).chunks.map((c) => path.join(dir, c.file));
  /** How many actions each listed chunk holds (the count ends its file). */
  const chunkSizes = async () => Promise.all((await chunkFiles()).map(async (f) => (await readFile(f)).readUInt32BE((await readFile(f)).length - 4)));

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, products);
    dir = snapshotPath(h.env.config.reindexSnapshotDir, h.alias);
  });
  after(async () => {
    await h?.close();
  });

  /** Every indexable product's document equals the one built from Postgres now, and nothing else is indexed. */
  const assertIndexMatchesPostgres = async () => {
    const rows = await loadProductRows(h.env.db, (await h.env.db('products').whereNot({ status: 'deleted' }).pluck('id')) as string[]);
    const response = await h.env.es.mget<Record<string, unknown>>({ index: h.alias, ids: rows.map((r) => r.id) });
    const indexed = new Map(response.docs.map((d) => [d._id, 'found' in d && d.found ? { source: d._source, version: d._version } : undefined]));
    for (const row of rows) {
      assert.deepEqual(indexed.get(row.id), { source: JSON.parse(JSON.stringify(toProductDocument(row))), version: Number(row.version) }, `document of ${row.id}`);
    }
    const count = await h.env.es.count({ index: h.alias });
    assert.equal(count.count, rows.length, 'no other document is indexed');
  };

  it('writes one on the first reindex, and the next reindex of an unchanged catalog sends it all', async () => {
    const first = await h.reindex({ batchSize: 40 });
    assert.deepEqual([first.documents, first.built, first.fromSnapshot], [products, products, 0]);
    const written = await chunkFiles();
    assert.equal(written.length, Math.ceil(products / 40), 'one chunk per body');
    const second = await h.reindex({ batchSize: 40 });
    assert.deepEqual([second.documents, second.built, second.reused, second.fromSnapshot], [products, 0, products, products]);
    await assertIndexMatchesPostgres();
    assert.deepEqual(await chunkFiles(), written, 'nothing changed, nothing rewritten');
  });

  it('sends only what is still current after updates, deletes and products added inside and after its ranges', async () => {
    await h.env.db('products').where({ id: 'p-00005' }).update({ title_en: 'Renamed Skillet' });
    await h.env.db('products').where({ id: 'p-00100' }).update({ status: 'deleted' });
    await h.env.db('products').where({ id: 'p-00101' }).delete();
    // 'p-00050x…' sorts between p-00050 and p-00051, inside one chunk's range: more than two pages of them.
    const inside = Array.from({ length: 90 }, (_, k) => productRow(`p-00050x${String(k).padStart(3, '0')}`, 1000 + k));
    const after = Array.from({ length: 5 }, (_, k) => productRow(`q-${k}`, 2000 + k));
    await h.env.db('products').insert([...inside, ...after]);
    // Stored documents of the changed products would be stale too; the snapshot must not be trusted more than they are.
    const current = products - 2 + inside.length + after.length;

    const summary = await h.reindex({ batchSize: 40 });
    assert.equal(summary.documents, current);
    assert.equal(summary.built, 1 + inside.length + after.length, 'built: the renamed product and the new ones');
    assert.equal(summary.fromSnapshot, products - 3, 'every other product from the snapshot');
    await assertIndexMatchesPostgres();

    // That reindex wrote a snapshot of its own: the next one finds everything in it.
    const again = await h.reindex({ batchSize: 40 });
    assert.deepEqual([again.built, again.fromSnapshot], [0, current]);
    await assertIndexMatchesPostgres();
  });

  it('falls back to Postgres for the rest of a snapshot it cannot read, and replaces it', async () => {
    const files = await chunkFiles();
    // A chunk cut short in the middle of the list: those before it are used, the rest read from Postgres.
    const middle = files[Math.floor(files.length / 2)]!;
    await writeFile(middle, (await readFile(middle)).subarray(0, 1000));
    await h.env.db('products').where({ id: 'p-00007' }).update({ stock: 42 });
    const cut = await h.reindex({ batchSize: 40 });
    assert.ok(cut.fromSnapshot > 0 && cut.fromSnapshot < cut.documents, `${cut.fromSnapshot} of ${cut.documents} from the snapshot`);
    assert.equal(cut.built, 1);
    await assertIndexMatchesPostgres();
    assert.ok(!(await readdir(dir)).includes(path.basename(middle)), 'the broken chunk is not listed again');

    // A metadata line altered inside a chunk: the chunk no longer holds what the page needs, nor the others after it.
    const [, second] = await chunkFiles();
    const bytes = await readFile(second!);
    const at = bytes.indexOf('"version":');
    assert.ok(at > 0);
    bytes.write('"versiom":', at);
    await writeFile(second!, bytes);
    const altered = await h.reindex({ batchSize: 40 });
    assert.equal(altered.built, 0);
    assert.ok(altered.fromSnapshot > 0 && altered.fromSnapshot < altered.documents, 'the first chunk was used, the rest came from Postgres');
    await assertIndexMatchesPostgres();
  });

  it('rebuilding every document ignores the snapshot but writes a new one', async () => {
    const rebuilt = await h.reindex({ reuseStoredDocuments: false, batchSize: 40 });
    assert.equal(rebuilt.fromSnapshot, 0);
    assert.equal(rebuilt.built, rebuilt.documents);
    const next = await h.reindex({ batchSize: 40 });
    assert.deepEqual([next.built, next.fromSnapshot], [0, next.documents]);
    await assertIndexMatchesPostgres();
  });

  it('keeps chunks no larger than a page, merges small neighbours, and skips ranges whose products are all gone', async () => {
    await h.reindex({ batchSize: 40 });
    // 90 products inside one range, then a whole range deleted and most of another.
    await h.env.db('products').insert(Array.from({ length: 90 }, (_, k) => productRow(`p-00120x${String(k).padStart(3, '0')}`, 3000 + k)));
    const ranges = await h.env.db('products').whereNot({ status: 'deleted' }).orderBy('id').pluck('id');
    await h.env.db('products').whereIn('id', ranges.slice(200, 275) as string[]).delete();
    const split = await h.reindex({ batchSize: 40 });
    assert.equal(split.documents, ranges.length - 75);
    await assertIndexMatchesPostgres();
    const sizes = await chunkSizes();
    assert.ok(sizes.every((n) => n <= 40), `chunks of at most a page: ${sizes.join(' ')}`);
    const again = await h.reindex({ batchSize: 40 });
    assert.deepEqual([again.built, again.fromSnapshot], [0, again.documents]);
    const settled = await chunkSizes();
    assert.ok(settled.every((n) => n <= 40));
    const small = settled.filter((n, i) => n < 20 && (settled[i + 1] ?? 40) + n <= 40);
    assert.deepEqual(small, [], `no small chunk is left beside one it fits with: ${settled.join(' ')}`);
    await assertIndexMatchesPostgres();
  });

  it('is not used by another database, nor replaced by a reindex that fails after loading', async () => {
    await h.reindex({ batchSize: 40 });
    const before = await manifest();
    // A reindex that fails at the alias swap (an index squats on the alias's name) after loading everything.
    const aliased = await h.env.es.indices.getAlias({ name: h.alias });
    const serving = Object.keys(aliased)[0]!;
    await h.env.es.indices.deleteAlias({ index: serving, name: h.alias });
    await h.env.es.indices.create({ index: h.alias });
    await assert.rejects(h.reindex({ batchSize: 40 }));
    assert.deepEqual(await manifest(), before, 'the last good snapshot stays');
    assert.ok((await readdir(dir)).filter((f) => f.endsWith('.chunk')).length === before.chunks.length, 'the failed run left no chunk behind');
    await h.env.es.indices.delete({ index: h.alias });
    await h.env.es.indices.putAlias({ index: serving, name: h.alias });

    // The same ids at the same versions in another database: its token is unknown there, so nothing is sent from it.
    await h.env.db('search_reindex_runs').update({ snapshot_token: null });
    const elsewhere = await h.reindex({ batchSize: 40 });
    assert.equal(elsewhere.fromSnapshot, 0);
    await assertIndexMatchesPostgres();
    const next = await h.reindex({ batchSize: 40 });
    assert.equal(next.fromSnapshot, next.documents, 'the snapshot it wrote is its own again');
  });
});
