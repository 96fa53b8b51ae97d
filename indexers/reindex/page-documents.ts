/**
 * Where each document of a reindex page comes from, in order of cost: the
 * last reindex's snapshot, product_documents, or rows to build from. What
 * makes each one usable is in indexers/README.md. Both sources are read
 * only for the current builder (the snapshot's manifest names it, stored
 * rows carry it); here a document is taken when it is of one of the page's
 * products at the version the page read.
 */
import type { Knex } from 'knex';
import { BulkBodyWriter, type BodyBufferPool } from '../bulk-body';
import { loadProductRows, type ProductRow } from '../documents/rows';
import { scanStoredDocuments, scanStoredDocumentsOf, type StoredDocumentView } from '../documents/stored';
import type { SnapshotChunk } from './snapshot';

/** One page of products: the _bulk body begun with the documents that could be sent as they are, and rows for the rest. */
export interface SourcePage {
  /** Last product id of the page. */
  lastId: string;
  count: number;
  body: BulkBodyWriter;
  /** Products whose document is still to be built. */
  rows: ProductRow[];
  /** Documents in `body` that came from the snapshot (the rest of `body` came from product_documents). */
  fromSnapshot: number;
  /** Set when `body` is this snapshot chunk as it was: the next snapshot lists it again rather than writing it. */
  sentAsChunk?: SnapshotChunk;
}

/** What a page's documents are looked up in besides the snapshot. */
export interface DocumentSources {
  db: Knex;
  /** The builder whose stored documents may be sent (documentBuilderId()). */
  builder: string;
  /** Where bodies' buffers come from. */
  pool: BodyBufferPool;
}

/** A page that reuses nothing (`--rebuild-documents`): every product's rows, to be built. `rows` is not empty. */
export function pageToBuild(rows: ProductRow[], bodyBytes: number, pool: BodyBufferPool): SourcePage {
  return { lastId: rows.at(-1)!.id, count: rows.length, body: new BulkBodyWriter(bodyBytes, pool), rows, fromSnapshot: 0 };
}

/**
 * The common case after a reindex: nothing in the chunk's range changed, so
 * its body is sent as it was, unread and uncopied. Null unless the chunk
 * holds exactly the page's products at their current versions.
 */
export function unchangedChunkPage(
  ids: readonly string[],
  versions: readonly number[],
  chunk: SnapshotChunk,
  pool: BodyBufferPool,
): SourcePage | null {
  if (!matchesChunk(ids, versions, chunk)) return null;
  return {
    lastId: ids.at(-1)!,
    count: ids.length,
    body: BulkBodyWriter.adopt(chunk.buffer, chunk, pool),
    rows: [],
    fromSnapshot: ids.length,
    sentAsChunk: chunk,
  };
}

/** Whether the chunk holds exactly these products at these versions (its actions in any order). */
export function matchesChunk(ids: readonly string[], versions: readonly number[], chunk: Pick<SnapshotChunk, 'ids' | 'versions'>): boolean {
  if (ids.length !== chunk.ids.length) return false;
  const inChunk = new Map<string, number>();
  for (let i = 0; i < chunk.ids.length; i++) inChunk.set(chunk.ids[i]!, chunk.versions[i]!);
  for (let i = 0; i < ids.length; i++) if (inChunk.get(ids[i]!) !== versions[i]) return false;
  return true;
}

/**
 * A page some of whose documents changed since the snapshot (or that has
 * none): each document from the first place that holds it at the product's
 * current version, the chunks the page follows, then product_documents;
 * the rows of the rest are read to be built. `ids` (not empty) and
 * `versions` are the page's products after `afterId`.
 */
export async function collectPageDocuments(
  sources: DocumentSources,
  afterId: string | null,
  ids: readonly string[],
  versions: readonly number[],
  chunks: readonly SnapshotChunk[],
  bodyBytes: number,
): Promise<SourcePage> {
  const { db, builder, pool } = sources;
  const body = new BulkBodyWriter(bodyBytes, pool);
  /** Products of the page whose current document has not been found yet. */
  const unmatched = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) unmatched.set(ids[i]!, versions[i]!);
  let fromSnapshot = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.ids.length; i++) {
      const id = chunk.ids[i]!;
      if (unmatched.get(id) !== chunk.versions[i]) continue;
      unmatched.delete(id);
      body.addUpsertAction(id, chunk.versions[i]!, chunk.body, i === 0 ? 0 : chunk.ends[i - 1]!, chunk.jsonStarts[i]!, chunk.ends[i]!);
      fromSnapshot += 1;
    }
  }
  const addStored = (stored: StoredDocumentView) => {
    if (unmatched.get(stored.id) !== stored.version) return;
    unmatched.delete(stored.id);
    body.addIndexBytes(stored.id, stored.version, stored.data, stored.start, stored.end);
  };
  // With a snapshot only a few are missing: look those up. Without, the page's whole range streams past.
  if (chunks.length > 0) await scanStoredDocumentsOf(db, builder, [...unmatched.keys()], addStored);
  else await scanStoredDocuments(db, builder, afterId, ids.at(-1)!, addStored);
  const rows = (await loadProductRows(db, [...unmatched.keys()])).filter((row) => row.status !== 'deleted');
  return { lastId: ids.at(-1)!, count: ids.length, body, rows, fromSnapshot };
}
