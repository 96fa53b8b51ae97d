import type { Knex } from 'knex';
import type { BodyBufferPool } from '../bulk-body';
import { loadProductPage } from '../documents/rows';
import { loadProductVersionPage } from '../documents/versions';
import { collectPageDocuments, pageToBuild, unchangedChunkPage, type SourcePage } from './page-documents';
import type { SnapshotChunk, SnapshotReader } from './snapshot';

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
 * and its documents are then found where they are cheapest
 * (page-documents.ts; indexers/README.md says when each source holds a
 * usable one). While a snapshot lasts, pages follow its chunks' id ranges,
 * so an unchanged catalog meets each chunk whole; a range that gained
 * products is split into pages of at most `limit`, and small neighbouring
 * chunks (left by deletions or splits) are read as one page, so chunks
 * neither grow nor crumble over many reindexes. A product changed or deleted
 * meanwhile is handled by the replay of the outbox, like any change during a
 * reindex.
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

  /**
   * The next page, or null when there are no more products; call again only
   * once the last one has resolved. `bodyBytes`: expected size of its _bulk body.
   */
  async next(bodyBytes: number): Promise<SourcePage | null> {
    const { db, limit, reuseFrom, pool } = this.options;
    if (reuseFrom === null) {
      const rows = await loadProductPage(db, this.afterId, limit);
      if (rows.length === 0) return null;
      this.afterId = rows.at(-1)!.id;
      return pageToBuild(rows, bodyBytes, pool);
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
      if (lastId === null) return null;
      const pageAfter = this.afterId;
      this.afterId = lastId;
      // The range is done when the page ends short of a full page, or on the range's own last id.
      const rangeDone = group.length > 0 && (ids.length < limit || lastId === throughId);
      const unchanged = group.length === 1 && rangeDone ? unchangedChunkPage(ids, versions, group[0]!, pool) : null;
      if (unchanged !== null) {
        // The chunk's buffer is the page's body now: it goes back to the pool when the body is released.
        this.group = [];
        return unchanged;
      }
      const page = await collectPageDocuments({ db, builder: reuseFrom, pool }, pageAfter, ids, versions, group, bodyBytes);
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
}
