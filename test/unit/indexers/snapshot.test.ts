import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BodyBufferPool, BulkBodyWriter, isUpsertAction } from '../../../indexers/bulk-body';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../indexers/reindex/snapshot';

/** A body as a reindex writes it, with its ids, versions and action ends. */
function body(documents: Array<{ id: string; version: number; json: string }>) {
  const writer = new BulkBodyWriter(64);
  for (const d of documents) writer.addIndexText(d.id, d.version, d.json);
  const { body: bytes, ends } = writer.finish();
  return { ids: documents.map((d) => d.id), versions: documents.map((d) => d.version), ends, body: bytes };
}

describe('reindex snapshot file', () => {
  let dir: string;
  let file: string;
  const pool = new BodyBufferPool(4);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'agora-snapshot-'));
    file = path.join(dir, 'nested', 'products.snapshot');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const first = body([
    { id: 'a', version: 3, json: '{"id":"a","title_zh":"茶壶"}' },
    { id: 'b"\\', version: 9_007_199_254_740_991, json: '{"id":"b"}' },
  ]);
  const second = body([{ id: 'c', version: 1, json: '{"id":"c"}' }]);

  async function write(builder = 'v3-abc'): Promise<void> {
    const writer = await SnapshotWriter.create(file, builder);
    assert.ok(writer);
    await Promise.all([writer.append('b', first.ids, first.versions, first.ends, first.body), writer.append('b', [], [], [], Buffer.alloc(0)), writer.append('c', second.ids, second.versions, second.ends, second.body)]);
    assert.equal(await writer.commit(), true);
  }

  it('reads back each body with its ids, versions and action ends, in the order written', async () => {
    await write();
    const reader = await SnapshotReader.open(file, 'v3-abc');
    assert.ok(reader);
    const one = await reader.next(pool);
    assert.ok(one);
    assert.deepEqual([one.lastId, one.ids, one.versions, one.ends], ['b', first.ids, first.versions, first.ends]);
    assert.ok(one.body.equals(first.body));
    one.ids.forEach((id, i) => assert.ok(isUpsertAction(one.body, i === 0 ? 0 : one.ends[i - 1]!, one.ends[i]!, id, one.versions[i]!), id));
    assert.equal(isUpsertAction(one.body, 0, one.ends[0]!, 'a', 4), false, 'another version is not this action');
    const two = await reader.next(pool);
    assert.deepEqual(two?.ids, ['c']);
    assert.equal(await reader.next(pool), null, 'the empty body was not written');
    await reader.close();
  });

  it('is not opened when missing, not a snapshot, or written by another document builder', async () => {
    assert.equal(await SnapshotReader.open(file, 'v3-abc'), null);
    await write('v3-abc');
    assert.equal(await SnapshotReader.open(file, 'v3-other'), null);
    await writeFile(file, 'not a snapshot at all');
    assert.equal(await SnapshotReader.open(file, 'v3-abc'), null);
  });

  it('refuses a chunk cut short or with a header that does not describe it', async () => {
    await write();
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 3));
    const cut = await SnapshotReader.open(file, 'v3-abc');
    assert.ok(cut);
    assert.ok(await cut.next(pool), 'the whole first chunk still reads');
    await assert.rejects(cut.next(pool), SnapshotFormatError);
    await cut.close();

    const lying = await SnapshotWriter.create(file, 'v3-abc');
    assert.ok(lying);
    await lying.append('b', ['a', 'b'], [1], [5, 9], Buffer.alloc(9));
    assert.ok(await lying.commit());
    const reader = await SnapshotReader.open(file, 'v3-abc');
    await assert.rejects(reader!.next(pool), /lengths differ/);
    await reader!.close();
  });

  it('replaces the last snapshot only on commit, and leaves no temporary file behind', async () => {
    await write();
    const before = await readFile(file);
    const aborted = await SnapshotWriter.create(file, 'v3-abc');
    await aborted!.append('c', second.ids, second.versions, second.ends, second.body);
    await aborted!.abort();
    assert.ok((await readFile(file)).equals(before), 'an abandoned reindex keeps the last good snapshot');
    assert.deepEqual(await readdir(path.dirname(file)), ['products.snapshot']);
  });

  it('gives up writing, without throwing, when the file cannot be created', async () => {
    await writeFile(path.join(dir, 'nested'), 'a file where the directory should be');
    assert.equal(await SnapshotWriter.create(file, 'v3-abc'), null);
  });
});
