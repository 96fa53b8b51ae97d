import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BulkResult, IndexAction } from '../../../../indexers/bulk';
import { BodyBufferPool, BulkBodyWriter } from '../../../../indexers/bulk-body';
import type { ProductRow } from '../../../../indexers/documents/rows';
import { buildMissingDocuments, keepInSnapshot, takeSent, type ReadyBatch } from '../../../../indexers/reindex/batch';
import type { SourcePage } from '../../../../indexers/reindex/page-documents';
import { SnapshotReader, SnapshotWriter } from '../../../../indexers/reindex/snapshot';

/** A page whose body holds `stored` (as the bytes product_documents sends) and whose `rows` are still to be built. */
function page(stored: Array<{ id: string; version: number; json: string }>, rows: ProductRow[] = []): SourcePage {
  const body = new BulkBodyWriter(64, new BodyBufferPool(2));
  for (const d of stored) {
    const bytes = Buffer.from(d.json);
    body.addIndexBytes(d.id, d.version, bytes, 0, bytes.length);
  }
  return { lastId: stored.at(-1)?.id ?? rows.at(-1)!.id, count: stored.length + rows.length, body, rows, fromSnapshot: 0 };
}

/** A batch whose first `built` documents were built for it (given as text), the rest sent as stored. */
function batch(documents: Array<{ id: string; version: number; json: string }>, built: number): ReadyBatch {
  const writer = new BulkBodyWriter(64);
  documents.forEach((d, i) => {
    if (i < built) writer.addIndexText(d.id, d.version, d.json);
    else writer.addIndexBytes(d.id, d.version, Buffer.from(d.json), 0, Buffer.byteLength(d.json));
  });
  const { body, actions, serialized, ends, fromText, release } = writer.finish();
  return { body, actions, serialized, ends, built: fromText, unbuildable: [], release };
}

describe('bulk load stages', () => {
  describe('buildMissingDocuments', () => {
    it('keeps the documents the page brought, and records a row the builder refuses as rejected, not sent', async () => {
      // Any row the builder throws on; a deleted one is the simplest.
      const refused = { id: 'p-gone', version: '9', status: 'deleted' } as ProductRow;
      const ready = await buildMissingDocuments(page([{ id: 'p-1', version: 3, json: '{"id":"p-1"}' }], [refused]), 'products-new');
      assert.deepEqual(
        ready.actions.map((a) => a.id),
        ['p-1'],
      );
      assert.equal(ready.built.size, 0, 'a stored document is not counted as built');
      assert.deepEqual(
        ready.unbuildable.map(({ id, version, op, index, status, errorType }) => ({ id, version, op, index, status, errorType })),
        [{ id: 'p-gone', version: 9, op: 'index', index: 'products-new', status: 0, errorType: 'document_build_failed' }],
      );
      assert.equal(ready.body.length, ready.ends.at(-1));
    });
  });

  describe('takeSent', () => {
    const documents = [
      { id: 'built-written', version: 5, json: '{"id":"built-written","t":"茶"}' },
      { id: 'built-superseded', version: 6, json: '{"id":"built-superseded"}' },
      { id: 'stored-written', version: 7, json: '{"id":"stored-written"}' },
    ];

    it('stores only documents built for the batch that Elasticsearch wrote, copied out of the body', () => {
      const ready = batch(documents, 2);
      ready.unbuildable.push({
        id: 'broken',
        version: 1,
        op: 'index',
        index: 'i',
        status: 0,
        errorType: 'document_build_failed',
        reason: 'x',
      });
      const [builtWritten, builtSuperseded, storedWritten] = ready.actions as [IndexAction, IndexAction, IndexAction];
      const result: BulkResult = { written: [builtWritten, storedWritten], superseded: [builtSuperseded], rejected: [] };
      const sent = takeSent(result, ready);
      assert.deepEqual([sent.documents, sent.rejected, sent.builtWritten, sent.unstored], [3, 1, 1, undefined]);
      assert.deepEqual(sent.outcome.accepted, ['built-written', 'stored-written', 'built-superseded']);
      assert.deepEqual(
        sent.outcome.rejected.map((r) => r.id),
        ['broken'],
        'an unbuildable product is recorded like a refused one',
      );
      assert.deepEqual(sent.toStore?.ids, ['built-written']);
      // Once takeSent returns the body may be reused: what is stored must not read it.
      ready.body.fill(0);
      assert.equal(sent.toStore?.joined.toString('utf8'), documents[0]!.json);
    });

    it('reports documents it could not copy as unstored instead of throwing', () => {
      const ready = batch(documents, 1);
      // Copying fails only on a broken invariant or out of memory: a document whose size cannot be allocated stands in for both.
      const poisoned = { ...ready.actions[0]!, json: { length: -1 } as unknown as Buffer } as IndexAction;
      ready.built = new Set([poisoned]);
      const sent = takeSent({ written: [poisoned], superseded: [], rejected: [] }, ready);
      assert.equal(sent.toStore, undefined);
      assert.equal(sent.unstored?.documents, 1);
    });
  });

  describe('keepInSnapshot', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'agora-keep-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('writes a body built for the page, lists a chunk sent as it was again without writing it, and does nothing without a writer', async () => {
      const builder = 'v0-test';
      const first = await SnapshotWriter.create(dir, builder);
      const ready = batch([{ id: 'a', version: 1, json: '{"id":"a"}' }], 1);
      await keepInSnapshot(first, page([{ id: 'a', version: 1, json: '{"id":"a"}' }]), ready);
      assert.equal(await first!.commit('t1'), true);
      const files = (await readdir(dir)).filter((f) => f.endsWith('.chunk'));
      assert.equal(files.length, 1);

      const chunk = await (await SnapshotReader.open(dir, builder))!.next(new BodyBufferPool(1));
      assert.ok(chunk);
      const second = await SnapshotWriter.create(dir, builder);
      const asChunk: SourcePage = { ...page([{ id: 'a', version: 1, json: '{"id":"a"}' }]), sentAsChunk: chunk };
      await keepInSnapshot(second, asChunk, ready);
      assert.equal(await second!.commit('t2'), true);
      assert.deepEqual(
        (await readdir(dir)).filter((f) => f.endsWith('.chunk')),
        files,
        'listed again, not rewritten',
      );

      await keepInSnapshot(null, page([{ id: 'a', version: 1, json: '{}' }]), ready);
    });
  });
});
