import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { BodyBufferPool } from '../bulk-body';
import { documentBuilderId } from '../documents/builder';
import {
  buildMissingDocuments,
  keepInSnapshot,
  recordSent,
  sendBatch,
  takeSent,
  type ReadyBatch,
  type SentBatch,
  type Unstored,
} from './batch';
import { InFlight } from './in-flight';
import type { SourcePage } from './page-documents';
import { ProductPages } from './pages';
import type { SnapshotReader, SnapshotWriter } from './snapshot';

export interface BulkLoadOptions {
  /** Products per page read from Postgres and per _bulk request. @default 1000 */
  batchSize?: number;
  /** _bulk requests in flight while the next page is read and analysed. @default 2 */
  concurrency?: number;
  /**
   * Send a product's stored document when it was built from the product's
   * current version by this code, instead of building it again. false
   * rebuilds every document (and stores the results). @default true
   */
  reuseStoredDocuments?: boolean;
  /**
   * The last reindex's _bulk bodies to read (when reusing), and where this
   * load's bodies go (reindex/snapshot.ts). The caller commits or aborts the
   * writer once the reindex succeeds or fails. @default none
   */
  snapshot?: { reader: SnapshotReader | null; writer: SnapshotWriter | null };
  /** Called after each batch is written, with its size. */
  onBatch?: (documents: number) => void;
  /** Told of a snapshot that could not be read (the load goes on from Postgres). */
  onSnapshotError?: (error: unknown) => void;
}

export interface BulkLoadSummary {
  /** Written, or superseded by a newer version the replay or relay wrote first. */
  documents: number;
  /** Refused by Elasticsearch, or not buildable (search_rejected_documents has them). */
  rejected: number;
  /** Documents sent as stored: from the snapshot or product_documents. */
  reused: number;
  /** Of those, documents sent from the last reindex's snapshot (the rest from product_documents). */
  fromSnapshot: number;
  /** Documents built from Postgres rows. */
  built: number;
  /** Built documents that could not be stored for reuse, and the first reason. */
  unstored: number;
  storeError?: string;
}

/**
 * Streams every indexable product into `index`, each page through these
 * stages (where each document comes from, and when a stored one may be
 * sent: indexers/README.md):
 *
 * 1. read: the page's ids and versions, its body begun with the documents
 *    found in the last reindex's snapshot or product_documents, rows for the
 *    rest (ProductPages, page-documents.ts), read ahead while the page before
 *    is built;
 * 2. build the rest from their rows and finish the body (buildMissingDocuments);
 * 3. keep the body in the new snapshot (keepInSnapshot);
 * 4. send it as one external-versioned _bulk once a slot is free (sendBatch),
 *    and copy out what outlives the body (takeSent);
 * 5. record refusals and acceptances, then store the documents built
 *    (recordSent);
 * 6. count it all into the summary.
 *
 * Alive at once: `concurrency` batches being sent, as many being recorded,
 * one being built and one page being read, so memory stays flat however
 * many products there are. On a failure nothing new is started, and what is
 * under way is waited for before the error is thrown: the caller drops the
 * new index, and no late write may bring it back.
 */
export async function bulkLoad(db: Knex, es: ElasticsearchClient, index: string, options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const batchSize = options.batchSize ?? 1000;
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const builder = documentBuilderId();
  const summary: BulkLoadSummary = { documents: 0, rejected: 0, reused: 0, fromSnapshot: 0, built: 0, unstored: 0 };
  const work = new InFlight(concurrency);

  /** Stages 4 and 5: the _bulk slot is held until the answer is in; recording does not hold it. */
  const sendAndRecord = async (count: number, batch: ReadyBatch, kept: Promise<void>): Promise<void> => {
    const sent = takeSent(await sendBatch(es, index, batch), batch);
    // The documents to store were copied out of the body: once the snapshot has it, nothing reads it any more.
    void kept.then(batch.release);
    countSent(summary, sent);
    work.record(
      recordSent(db, builder, sent).then((unstored) => {
        countUnstored(summary, unstored);
        options.onBatch?.(count);
      }),
    );
  };

  // Elasticsearch should never wait on Node: the next page is read while this
  // one is built, and a batch is ready before a slot frees up, so a finished
  // _bulk is replaced by the next one at once.
  // A guess at a page's _bulk body (stored documents are ~2 kB), then the size of the latest one built:
  // pages are read ahead, so a body starts at a recent page's size and rarely has to grow.
  let bodyBytes = batchSize * 2048;
  // Buffers kept for reuse, about the bodies alive at once: those being sent, one being built, one being read
  // (and a snapshot chunk). A page that follows several small chunks takes more; the pool keeps only the largest.
  const pool = new BodyBufferPool(concurrency + 3);
  const reuseFrom = (options.reuseStoredDocuments ?? true) ? builder : null;
  const pages = new ProductPages({
    db,
    limit: batchSize,
    reuseFrom,
    pool,
    snapshot: options.snapshot?.reader ?? null,
    onSnapshotError: options.onSnapshotError,
  });
  const snapshot = options.snapshot?.writer ?? null;
  let next: Promise<SourcePage | null> | undefined;
  try {
    next = prefetch(pages, bodyBytes);
    for (;;) {
      await work.throwIfFailed();
      // Null at the end, or when the read failed: that is thrown like a failed write, by finish().
      const page = await next.catch(work.failed);
      next = undefined;
      if (page === null) break;
      next = prefetch(pages, bodyBytes);
      countRead(summary, page);
      const batch = await buildMissingDocuments(page, index);
      summary.built += batch.built.size;
      bodyBytes = Math.ceil(batch.body.length * 1.1);
      const kept = keepInSnapshot(snapshot, page, batch);
      work.keep(kept);
      while (work.full()) await work.anySettled();
      await work.throwIfFailed();
      work.send(sendAndRecord(page.count, batch, kept));
    }
    await work.finish();
  } finally {
    // A page still being read holds snapshot chunks: let it finish before they are given back.
    await next?.catch(() => undefined);
    pages.close();
    await work.allKept();
  }
  return summary;
}

/** A page read started now and awaited later; its failure surfaces at the await, not as an unhandled rejection. */
function prefetch(pages: ProductPages, bodyBytes: number): Promise<SourcePage | null> {
  const page = pages.next(bodyBytes);
  page.catch(() => undefined);
  return page;
}

/** Before building, the body holds the documents sent as stored alone. */
function countRead(summary: BulkLoadSummary, page: SourcePage): void {
  summary.reused += page.body.count;
  summary.fromSnapshot += page.fromSnapshot;
}

function countSent(summary: BulkLoadSummary, sent: SentBatch): void {
  summary.documents += sent.documents;
  summary.rejected += sent.rejected;
  countUnstored(summary, sent.unstored);
}

function countUnstored(summary: BulkLoadSummary, unstored: Unstored | undefined): void {
  if (unstored === undefined) return;
  summary.unstored += unstored.documents;
  // Kept short: it goes into the summary and the reindex's log line.
  summary.storeError ??= String(unstored.error).slice(0, 500);
}
