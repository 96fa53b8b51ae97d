import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readUpsertMetadata, upsertMetadataLine } from '../../../../indexers/bulk';
import { BodyBufferPool, BulkBodyWriter } from '../../../../indexers/bulk-body';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../indexers/reindex/snapshot';

/** A body as a reindex writes it, with its action ends. */
function body(documents: Array<{ id: string; version: number; json: string }>) {
  const writer = new BulkBodyWriter(64);
  for (const d of documents) writer.addIndexText(d.id, d.version, d.json);
  const { body: bytes, ends } = writer.finish();
  return { ids: documents.map((d) => d.id), versions: documents.map((d) => d.version), ends, body: bytes };
}

describe('reindex snapshot', () => {
  let dir: string;
  const pool = new BodyBufferPool(4);
  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'agora-snapshot-')), 'nested', 'products');
  });
  afterEach(async () => {
    await rm(path.dirname(path.dirname(dir)), { recursive: true, force: true });
  });

  // Ids that JSON must escape, non-ASCII ones, and the largest exact version.
  const first = body([
    { id: 'a', version: 3, json: '{"id":"a","title_zh":"茶壶"}' },
    { id: 'b"\\\n', version: 9_007_199_254_740_991, json: '{"id":"b"}' },
    { id: '壶-0', version: 0, json: '{}' },
  ]);
  const second = body([{ id: 'c', version: 1, json: '{"id":"c"}' }]);

  async function write(builder = 'v3-abc'): Promise<void> {
    const writer = await SnapshotWriter.create(dir, builder);
    assert.ok(writer);
    await Promise.all([
      writer.append('b', first.ends, first.body),
      writer.append('b', [], Buffer.alloc(0)),
      writer.append('c', second.ends, second.body),
    ]);
    assert.equal(await writer.commit('token-1'), true);
  }

  it('reads back each body with the ids and versions of its metadata lines, in the order written', async () => {
    await write();
    const reader = await SnapshotReader.open(dir, 'v3-abc');
    assert.ok(reader);
    assert.equal(reader.token, 'token-1', 'the token the caller checks against its database');
    const one = await reader.next(pool);
    assert.ok(one);
    assert.deepEqual([one.lastId, one.ids, one.versions, one.ends], ['b', first.ids, first.versions, first.ends]);
    assert.ok(one.body.equals(first.body));
    assert.equal(one.body.toString('utf8', one.jsonStarts[0], one.ends[0]! - 1), '{"id":"a","title_zh":"茶壶"}');
    const two = await reader.next(pool);
    assert.deepEqual([two?.lastId, two?.ids], ['c', ['c']]);
    assert.equal(await reader.next(pool), null, 'the empty body was not written');
  });

  it('reads only metadata lines exactly as they are written', () => {
    const action = (meta: string, document = '{"x":1}') => Buffer.from(`${meta}${document}\n`);
    const read = (bytes: Buffer) => readUpsertMetadata(bytes, 0, bytes.length);
    const good = upsertMetadataLine('p-1', 12);
    assert.deepEqual(read(action(good)), { id: 'p-1', version: 12, jsonStart: good.length });
    const escaped = upsertMetadataLine('p"1\\', 12);
    assert.deepEqual(read(action(escaped)), { id: 'p"1\\', version: 12, jsonStart: Buffer.byteLength(escaped) }, 'an id JSON escapes');
    for (const bad of [
      good.replace('"p-1"', '"p-1" '),
      good.replace('12', '012'),
      good.replace('12', '-12'),
      good.replace('12', '12.5'),
      good.replace('external', 'internal'),
      good.replace('{"index"', '{"delete"'),
      '{"index":{"_id":"p-1","version":99999999999999999,"version_type":"external"}}\n',
      '{"index":{"_id":"a\\u0062","version":1,"version_type":"external"}}\n',
      // Ids that need escaping take another path: it must be as strict.
      escaped.replace('12', '12.5'),
      escaped.replace('12', '-12'),
      escaped.replace('12', '9007199254740994'),
      escaped.replace('external', 'internal'),
    ]) {
      assert.equal(read(action(bad)), null, bad);
    }
    assert.equal(read(Buffer.from(good)), null, 'a metadata line with no document');
    assert.equal(read(action(good, '')), null, 'an empty document');
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"index":{"_id":"a'),
      Buffer.from([0xff]),
      Buffer.from('","version":1,"version_type":"external"}}\n{}\n'),
    ]);
    assert.equal(read(invalidUtf8), null, 'bytes that do not decode to the id they spell');
  });

  it('is not opened when missing, not a snapshot, or written by another document builder', async () => {
    assert.equal(await SnapshotReader.open(dir, 'v3-abc'), null);
    await write('v3-abc');
    assert.equal(await SnapshotReader.open(dir, 'v3-other'), null);
    await writeFile(path.join(dir, 'manifest.json'), 'not a manifest');
    assert.equal(await SnapshotReader.open(dir, 'v3-abc'), null);
  });

  it('refuses a chunk cut short, with a changed byte, or whose actions are out of place', async () => {
    await write();
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { chunks: Array<{ file: string }> };
    const firstFile = path.join(dir, manifest.chunks[0]!.file);
    const bytes = await readFile(firstFile);
    const refused = async (content: Buffer, why: RegExp) => {
      await writeFile(firstFile, content);
      const reader = await SnapshotReader.open(dir, 'v3-abc');
      await assert.rejects(reader!.next(pool), (error: Error) => error instanceof SnapshotFormatError && why.test(error.message));
    };
    await refused(bytes.subarray(0, bytes.length - 3), /./);
    // One byte of a document changed (its metadata line intact): the checksum no longer matches.
    const changed = Buffer.from(bytes);
    changed[first.ends[0]! - 3] ^= 0x01;
    await refused(changed, /checksum/);
    // One action's end moved by a byte (checksum of the body still right): it no longer ends with a newline.
    const moved = Buffer.from(bytes);
    moved.writeUInt32BE(first.ends[0]! + 1, first.body.length);
    await refused(moved, /out of place|not an upsert/);
  });

  it('replaces the last snapshot only on commit, lists an unchanged chunk again, and deletes what is no longer listed', async () => {
    await write();
    const before = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    const aborted = await SnapshotWriter.create(dir, 'v3-abc');
    await aborted!.append('c', second.ends, second.body);
    await aborted!.abort();
    assert.equal(await readFile(path.join(dir, 'manifest.json'), 'utf8'), before, 'an abandoned reindex keeps the last good snapshot');
    assert.equal((await readdir(dir)).length, 3, 'and leaves none of its files');

    const reader = await SnapshotReader.open(dir, 'v3-abc');
    const kept = await reader!.next(pool);
    const next = await SnapshotWriter.create(dir, 'v3-abc');
    next!.reuse(kept!);
    await next!.append('z', second.ends, second.body);
    assert.ok(await next!.commit('token-2'));
    const files = await readdir(dir);
    assert.ok(files.includes(kept!.file), 'the unchanged chunk is the same file');
    assert.equal(files.length, 3, 'the replaced chunk is deleted');
    const again = await SnapshotReader.open(dir, 'v3-abc');
    assert.deepEqual((await again!.next(pool))?.ids, first.ids);
    assert.deepEqual((await again!.next(pool))?.lastId, 'z');
  });

  it('gives up writing, without throwing, when the directory cannot be made', async () => {
    // `nested` is a file, so no directory can be made inside it.
    await writeFile(path.dirname(dir), 'a file where the directory should be');
    assert.equal(await SnapshotWriter.create(dir, 'v3-abc'), null);
  });
});
