import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadProductRows } from '../../../../indexers/documents/rows';
import { toProductDocument } from '../../../../indexers/documents/to-document';
import { reindexSnapshotDirectory } from '../../../../indexers/reindex/trusted-snapshot';
import { createCatalog, productRow } from '../support/catalog';
import { createIndexingHarness, type IndexingHarness } from '../support/harness';

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
  const manifest = async () =>
    JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      token: string;
      chunks: Array<{ file: string; lastId: string }>;
    };
  const chunkFiles = async () => (await manifest()).chunks.map((c) => path.join(dir, c.file));
  /** How many actions each listed chunk holds (the count ends its file). */
  const chunkSizes = async () =>
    Promise.all((await chunkFiles()).map(async (f) => readFile(f).then((bytes) => bytes.readUInt32BE(bytes.length - 4))));

  before(async () => {
    h = await createIndexingHarness();
    await createCatalog(h.env.db, products);
    dir = await reindexSnapshotDirectory(h.env.db, h.env.config.reindexSnapshotDir, h.alias);
  });
  after(async () => {
    await h?.close();
  });

  /** Every indexable product's document equals the one built from Postgres now, and nothing else is indexed. */
  const assertIndexMatchesPostgres = async () => {
    const rows = await loadProductRows(h.env.db, (await h.env.db('products').whereNot({ status: 'deleted' }).pluck('id')) as string[]);
    const response = await h.env.es.mget<Record<string, unknown>>({ index: h.alias, ids: rows.map((r) => r.id) });
    const indexed = new Map(
      response.docs.map((d) => [d._id, 'found' in d && d.found ? { source: d._source, version: d._version } : undefined]),
    );
    for (const row of rows) {
      assert.deepEqual(
        indexed.get(row.id),
        { source: JSON.parse(JSON.stringify(toProductDocument(row))), version: Number(row.version) },
        `document of ${row.id}`,
      );
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

    // A byte altered inside a chunk: its checksum no longer matches, and it and the chunks after it are read from Postgres.
    const [, second] = await chunkFiles();
    const bytes = await readFile(second!);
    const at = bytes.indexOf('"version":');
    assert.ok(at > 0);
    bytes.write('"versiom":', at);
    await writeFile(second!, bytes);
    const altered = await h.reindex({ batchSize: 40 });
    assert.equal(altered.built, 0);
    assert.ok(
      altered.fromSnapshot > 0 && altered.fromSnapshot < altered.documents,
      'the first chunk was used, the rest came from Postgres',
    );
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
    // Settle the chunks first: a reindex of an unchanged catalog leaves them as they are.
    let sizes: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      await h.reindex({ batchSize: 40 });
      const now = await chunkSizes();
      if (now.join() === sizes.join()) break;
      sizes = now;
    }
    await h.reindex({ batchSize: 40 });
    assert.deepEqual(await chunkSizes(), sizes, 'settled');
    assert.ok(sizes.length >= 7 && sizes.slice(0, 7).every((n) => n >= 10), `chunks to work with: ${sizes.join(' ')}`);
    const { chunks } = await manifest();
    const range = async (k: number) =>
      (await h.env
        .db('products')
        .where('id', '>', chunks[k - 1]!.lastId)
        .andWhere('id', '<=', chunks[k]!.lastId)
        .orderBy('id')
        .pluck('id')) as string[];
    // Chunk 2's range emptied; chunks 4 and 5 cut to 5 products each.
    await h.env
      .db('products')
      .whereIn('id', await range(2))
      .delete();
    await h.env
      .db('products')
      .whereIn('id', (await range(4)).slice(5))
      .delete();
    await h.env
      .db('products')
      .whereIn('id', (await range(5)).slice(5))
      .delete();

    const cut = await h.reindex({ batchSize: 40 });
    assert.equal(cut.built, 0);
    await assertIndexMatchesPostgres();
    const afterCut = await chunkSizes();
    assert.deepEqual(
      afterCut,
      [...sizes.slice(0, 2), sizes[3]!, 5, 5, ...sizes.slice(6)],
      'the emptied range is gone; the cut ones are small',
    );

    const merged = await h.reindex({ batchSize: 40 });
    assert.deepEqual([merged.built, merged.fromSnapshot], [0, merged.documents]);
    await assertIndexMatchesPostgres();
    const afterMerge = await chunkSizes();
    assert.ok(afterMerge.length < afterCut.length, `the two small chunks are read as one page: ${afterMerge.join(' ')}`);
    assert.equal(
      afterMerge.reduce((a, n) => a + n, 0),
      afterCut.reduce((a, n) => a + n, 0),
    );
    assert.ok(
      afterMerge.every((n) => n <= 40),
      `no chunk larger than a page: ${afterMerge.join(' ')}`,
    );

    // A range that gained more products than a page is split into pages of at most 40.
    await h.env
      .db('products')
      .insert(Array.from({ length: 90 }, (_, k) => productRow(`${chunks[0]!.lastId}x${String(k).padStart(3, '0')}`, 3000 + k)));
    const grown = await h.reindex({ batchSize: 40 });
    assert.equal(grown.built, 90);
    await assertIndexMatchesPostgres();
    const afterGrowth = await chunkSizes();
    assert.ok(
      afterGrowth.every((n) => n <= 40),
      `no chunk larger than a page: ${afterGrowth.join(' ')}`,
    );
  });

  it('is not used by another database, nor replaced by a reindex that fails after loading', async () => {
    await h.reindex({ batchSize: 40 });
    const before = await manifest();
    // A reindex that fails at the alias swap (an index squats on the alias's name) after loading everything.
    const aliased = await h.env.es.indices.getAlias({ name: h.alias });
    const serving = Object.keys(aliased)[0]!;
    await h.env.es.indices.deleteAlias({ index: serving, name: h.alias });
    await h.env.es.indices.create({ index: h.alias });
    // A change, so the failed run writes a chunk of its own before it fails.
    await h.env.db('products').where({ id: 'p-00003' }).update({ stock: 77 });
    await assert.rejects(h.reindex({ batchSize: 40 }));
    assert.deepEqual(await manifest(), before, 'the last good snapshot stays');
    assert.ok(
      (await readdir(dir)).filter((f) => f.endsWith('.chunk')).length === before.chunks.length,
      'the failed run left no chunk behind',
    );
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
