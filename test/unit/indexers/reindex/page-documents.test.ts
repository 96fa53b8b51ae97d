import assert from 'node:assert/strict';
import { BodyBufferPool, BulkBodyWriter } from '../../../../indexers/bulk-body';
import { matchesChunk, unchangedChunkPage } from '../../../../indexers/reindex/page-documents';
import type { SnapshotChunk } from '../../../../indexers/reindex/snapshot';

/** A snapshot chunk as the reader hands it over: a body of these upserts, in a buffer of its own. */
function chunk(documents: Array<{ id: string; version: number }>): SnapshotChunk {
  const writer = new BulkBodyWriter(64);
  for (const d of documents) writer.addIndexText(d.id, d.version, `{"id":${JSON.stringify(d.id)}}`);
  const { body, actions, ends } = writer.finish();
  const jsonStarts = actions.map((a, i) => ends[i]! - 1 - (a.op === 'index' ? a.json.length : 0));
  const ids = documents.map((d) => d.id);
  // The page's last id, which need not be the body's last action.
  const lastId = [...ids].sort().at(-1)!;
  return { file: '00.chunk', lastId, ids, versions: documents.map((d) => d.version), jsonStarts, ends, body, buffer: body };
}

describe('a reindex page and its snapshot chunk', () => {
  const unchanged = chunk([
    { id: 'p-2', version: 20 },
    { id: 'p-1', version: 10 },
  ]);

  it('matches a chunk holding exactly the page products at their versions, in any order', () => {
    assert.equal(matchesChunk(['p-1', 'p-2'], [10, 20], unchanged), true);
    assert.equal(matchesChunk(['p-1', 'p-2'], [10, 21], unchanged), false, 'a product changed since');
    assert.equal(matchesChunk(['p-1'], [10], unchanged), false, 'a product deleted since');
    assert.equal(matchesChunk(['p-1', 'p-15', 'p-2'], [10, 15, 20], unchanged), false, 'a product added in the range');
    assert.equal(matchesChunk(['p-1', 'p-3'], [10, 20], unchanged), false, 'as many products, not the same ones');
  });

  it('sends a matching chunk as its own bytes, and nothing else as it', () => {
    const page = unchangedChunkPage(['p-1', 'p-2'], [10, 20], unchanged, new BodyBufferPool(1));
    assert.ok(page);
    assert.equal(page.sentAsChunk, unchanged);
    assert.deepEqual([page.lastId, page.count, page.fromSnapshot, page.rows], ['p-2', 2, 2, []]);
    const { body } = page.body.finish();
    assert.equal(body.buffer, unchanged.body.buffer, 'adopted, not copied');
    assert.ok(body.equals(unchanged.body));
    assert.equal(unchangedChunkPage(['p-1', 'p-2'], [11, 20], unchanged, new BodyBufferPool(1)), null);
  });
});
