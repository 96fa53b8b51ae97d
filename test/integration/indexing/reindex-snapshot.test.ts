import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadProductRows } from '../../../indexers/documents/rows';
import { toProductDocument } from '../../../indexers/documents/to-document';
import { snapshotPath } from '../../../indexers/reindex/snapshot';
import { productRow } from './support/catalog';
import { createCatalog } from './support/catalog';
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
  const chunkFiles = async () => (JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { chunks: Array<{ file: string }> }).chunks.map((c) => path.join(dir, c.file));

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
});
