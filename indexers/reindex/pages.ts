import type { Knex } from 'knex';
import { BulkBodyWriter, type BodyBufferPool } from '../bulk-body';
import { loadProductPage, loadProductRows, type ProductRow } from '../documents/rows';
import { scanStoredDocuments, scanStoredDocumentsOf, type StoredDocumentView } from '../documents/stored';
import { loadProductVersionPage } from '../documents/versions';
import type { SnapshotChunk, SnapshotReader } from './snapshot';

/** One page of products: the _bulk body begun with the documents that could be sent as they are, and rows for the rest. */
export interface SourcePage {
  /** Last product id of the page; null when there are no more products. */
  lastId: string | null;
  count: number;
  body: BulkBodyWriter;
  rows: ProductRow[];
  /** Documents in `body` that came from the snapshot (the rest of `body` came from product_documents). */
  fromSnapshot: number;
  /** Set when `body` is this snapshot chunk as it was: the next snapshot lists it again rather than writing it. */
  sentAsChunk?: SnapshotChunk;
}

export interface ProductPagesOptions {
  db: Knex;
  /** Products per page, at most. */
  limit: number;
  /** The builder whose stored documents may be sent; null to build every document. */
  reuseFrom: string | null;
  pool: BodyBufferPool;
  /** The last reindex's bodies; only read when reusing. */
  snapshot: SnapshotReader | null;
  /** Told once if the snapshot turns out unreadable; the pages go on from Postgres. */
  onSnapshotError?: (error: unknown) => void;
}

/**
 * Every indexable product in primary-key order, a page at a time. Keyset
 * pages keep each read an index range scan, so memory and per-page cost stay
 * flat however large the catalog.
 *
 * With reuse, a page is read as ids and versions first (an index-only scan),
 * and each product's document is found, in order of cost: in the snapshot of
 * the last reindex's bodies (a page whose products and versions all match
 * its chunk sends that chunk's bytes as they are), in product_documents, or
 * built from the product's rows. While a snapshot lasts, pages follow its
 * chunks' id ranges, so an unchanged catalog meets each chunk whole; a range
 * that gained products is split into pages of at most `limit`, and small
 * neighbouring chunks (left by deletions or splits) are read as one page, so
 * chunks neither grow nor crumble over many reindexes. A product changed or
 * deleted meanwhile is handled by the replay of the outbox, like any change
 * during a reindex.
 */
export class ProductPages {
  private afterId: string | null = null;
  private snapshot: SnapshotReader | null;
  /** Consecutive snapshot chunks whose id ranges the current page (or pages) cover. */
  private group: SnapshotChunk[] = [];
  /** A chunk read ahead that did not fit in the group. */
  private lookahead: SnapshotChunk | undefined;

  constructor(private readonly options: ProductPagesOptions) {
    this.snapshot = options.reuseFrom === null ? null : options.snapshot;
  }

  /** The next page; call again only once the last one has resolved. `bodyBytes`: expected size of its _bulk body. */
  async next(bodyBytes: number): Promise<SourcePage> {
    const { db, limit, reuseFrom, pool } = this.options;
    if (reuseFrom === null) {
      const rows = await loadProductPage(db, this.afterId, limit);
      this.afterId = rows.at(-1)?.id ?? this.afterId;
      // The last, empty page is never sent: it takes no buffer from the pool.
      return { lastId: rows.at(-1)?.id ?? null, count: rows.length, body: rows.length === 0 ? new BulkBodyWriter(0) : new BulkBodyWriter(bodyBytes, pool), rows, fromSnapshot: 0 };
    }
    for (;;) {
      const group = await this.currentGroup();
      const throughId = group.at(-1)?.lastId ?? null;
      const { ids, versions } = await loadProductVersionPage(db, this.afterId, limit, throughId);
      const lastId = ids.at(-1) ?? null;
      if (lastId === null && group.length > 0) {
        // Every product of the range is gone: on to the next chunks.
        this.releaseGroup();
        continue;
      }
      if (lastId === null) return { lastId, count: 0, body: new BulkBodyWriter(0), rows: [], fromSnapshot: 0 };
      const pageAfter = this.afterId;
      this.afterId = lastId;
      // The range is done when the page ends short of a full page, or on the range's own last id.
      const rangeDone = group.length > 0 && (ids.length < limit || lastId === throughId);
      const only = group.length === 1 ? group[0]! : undefined;
      if (only !== undefined && rangeDone && matchesChunk(ids, versions, only)) {
        // The common case after a reindex: nothing in the range changed, its body is sent as it was.
        this.group = [];
        const body = BulkBodyWriter.adopt(only.buffer, only, pool);
        return { lastId, count: ids.length, body, rows: [], fromSnapshot: ids.length, sentAsChunk: only };
      }
      const page = await this.composePage(pageAfter, ids, versions, group, bodyBytes);
      if (rangeDone) this.releaseGroup();
      return page;
    }
  }

  /** Gives back what the pages hold: call when done, or after a failure, once no next() is under way. */
  close(): void {
    this.releaseGroup();
    if (this.lookahead !== undefined) this.options.pool.give(this.lookahead.buffer);
    this.lookahead = undefined;
    this.snapshot = null;
  }

  /** The chunks the next page follows: the next chunk, and as many after it as fit in a page with it. */
  private async currentGroup(): Promise<SnapshotChunk[]> {
    if (this.group.length > 0) return this.group;
    let total = 0;
    for (;;) {
      const chunk = this.lookahead ?? (await this.readChunk());
      this.lookahead = undefined;
      if (chunk === null) break;
      if (this.group.length > 0 && total + chunk.ids.length > this.options.limit) {
        this.lookahead = chunk;
        break;
      }
      this.group.push(chunk);
      total += chunk.ids.length;
      if (total >= this.options.limit) break;
    }
    return this.group;
  }

  /** The snapshot's next chunk; null when it has ended or turns out unreadable (the rest comes from Postgres). */
  private async readChunk(): Promise<SnapshotChunk | null> {
    if (this.snapshot === null) return null;
    try {
      const chunk = await this.snapshot.next(this.options.pool);
      if (chunk !== null) return chunk;
    } catch (error) {
      this.options.onSnapshotError?.(error);
    }
    this.snapshot = null;
    return null;
  }

  private releaseGroup(): void {
    for (const chunk of this.group) this.options.pool.give(chunk.buffer);
    this.group = [];
  }

  /** A page some of whose documents changed since the snapshot (or that has none): each document from where it can be had. */
  private async composePage(afterId: string | null, ids: readonly string[], versions: readonly number[], group: readonly SnapshotChunk[], bodyBytes: number): Promise<SourcePage> {
    const { db, reuseFrom, pool } = this.options;
    const body = new BulkBodyWriter(bodyBytes, pool);
    /** Products of the page whose current document has not been found yet. */
    const unmatched = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) unmatched.set(ids[i]!, versions[i]!);
    let fromSnapshot = 0;
    for (const chunk of group) {
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
    if (group.length > 0) await scanStoredDocumentsOf(db, reuseFrom!, [...unmatched.keys()], addStored);
    else await scanStoredDocuments(db, reuseFrom!, afterId, ids.at(-1)!, addStored);
    const rows = (await loadProductRows(db, [...unmatched.keys()])).filter((row) => row.status !== 'deleted');
    return { lastId: ids.at(-1)!, count: ids.length, body, rows, fromSnapshot };
  }
}

/** Whether the chunk holds exactly these products at these versions (its actions in any order). */
function matchesChunk(ids: readonly string[], versions: readonly number[], chunk: SnapshotChunk): boolean {
  if (ids.length !== chunk.ids.length) return false;
  const inChunk = new Map<string, number>();
  for (let i = 0; i < chunk.ids.length; i++) inChunk.set(chunk.ids[i]!, chunk.versions[i]!);
  for (let i = 0; i < ids.length; i++) if (inChunk.get(ids[i]!) !== versions[i]) return false;
  return true;
}
