import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { writeBulk, type BulkResult, type IndexAction, type RejectedWrite } from '../bulk';
import { BodyBufferPool } from '../bulk-body';
import { documentBuilderId } from '../documents/builder';
import { prepareDocumentsToStore, storePreparedDocuments, type DocumentsToStore } from '../documents/stored';
import { toProductDocument } from '../documents/to-document';
import { bulkOutcome, recordBulkOutcome } from '../rejected';
import { ProductPages, type SourcePage } from './pages';
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
  documents: number;
  rejected: number;
  /** Documents sent as stored. */
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
 * Streams every indexable product into `index`: keyset pages from Postgres,
 * each product's stored document if it is current, else one built in Node,
 * external-versioned _bulk writes. Alive at once: `concurrency` batches
 * being sent, as many being recorded in Postgres, one being built and one
 * page being read, so memory stays flat however many products there are. On
 * a failure nothing new is started, and what is under way is waited for
 * before the error is thrown: the caller drops the new index, and no late
 * write may bring it back.
 */
export async function bulkLoad(db: Knex, es: ElasticsearchClient, index: string, options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const batchSize = options.batchSize ?? 1000;
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const builder = documentBuilderId();
  const reuseFrom = (options.reuseStoredDocuments ?? true) ? builder : null;
  const summary: BulkLoadSummary = { documents: 0, rejected: 0, reused: 0, fromSnapshot: 0, built: 0, unstored: 0 };
  /** _bulk requests Elasticsearch is working on: what `concurrency` bounds. */
  const sending = new Set<Promise<void>>();
  /** Bookkeeping in Postgres after a batch came back; bounded the same way, but it does not hold a _bulk slot. */
  const recording = new Set<Promise<void>>();
  const failures: unknown[] = [];
  const track = (tasks: Set<Promise<void>>, task: Promise<void>) => {
    // Tasks never reject: the first error is kept and thrown from the loop.
    const tracked = task.catch((error: unknown) => void failures.push(error));
    tasks.add(tracked);
    void tracked.finally(() => tasks.delete(tracked));
  };
  const drainThenThrowIfFailed = async () => {
    if (failures.length === 0) return;
    await Promise.all([...sending, ...recording]);
    throw failures[0];
  };

  /** `kept`: settles once the body is in the new snapshot; only then may its memory be reused. */
  const send = async (count: number, built: BuiltBatch, kept: Promise<void>): Promise<void> => {
    const result: BulkResult = await writeBulk(es, built.actions, { index, requireAlias: false, serialized: built.serialized, body: built.body });
    result.rejected.push(...built.unbuildable);
    summary.documents += result.written.length + result.superseded.length;
    summary.rejected += result.rejected.length;
    // Only ids and the freshly built documents outlive the request.
    const outcome = bulkOutcome(result);
    // Superseded documents lost to a newer version the replay wrote: not worth keeping.
    const toKeep = result.written.filter((action): action is IndexAction & { op: 'index' } => action.op === 'index' && built.fresh.has(action));
    // The stored copies only save a later reindex work: failing to keep them
    // (a deadlock with a relay, say) must not fail this one.
    const unstored = (error: unknown) => {
      summary.unstored += toKeep.length;
      // Kept short: it goes into the summary and the reindex's log line.
      summary.storeError ??= String(error).slice(0, 500);
    };
    let keep: DocumentsToStore | undefined;
    try {
      keep = prepareDocumentsToStore(toKeep);
    } catch (error) {
      unstored(error);
    } finally {
      // The documents to keep were views of the body and are copied out now: once the snapshot has it, nothing reads it any more.
      void kept.then(built.release);
    }
    const record = async () => {
      await recordBulkOutcome(db, outcome);
      if (keep === undefined) return;
      try {
        await storePreparedDocuments(db, builder, keep);
      } catch (error) {
        unstored(error);
      }
    };
    track(recording, record().then(() => options.onBatch?.(count)));
  };

  // Elasticsearch should never wait on Node: the next page is read while this
  // one is analysed, and a batch is built before a slot frees up, so a finished
  // _bulk is replaced by the next one at once.
  // A guess at a page's _bulk body (stored documents are ~2 kB), then the size of the latest one built:
  // pages are read ahead, so a body starts at a recent page's size and rarely has to grow.
  let bodyBytes = batchSize * 2048;
  // Buffers kept for reuse, about the bodies alive at once: those being sent, one being built, one being read
  // (and a snapshot chunk). A page that follows several small chunks takes more; the pool keeps only the largest.
  const pool = new BodyBufferPool(concurrency + 3);
  const snapshot = options.snapshot?.writer ?? null;
  const pages = new ProductPages({ db, limit: batchSize, reuseFrom, pool, snapshot: options.snapshot?.reader ?? null, onSnapshotError: options.onSnapshotError });
  /** Snapshot writes under way: each holds its body's buffer, so a slow disk must slow the load, not grow memory. */
  const keeping = new Set<Promise<void>>();
  let next: Promise<SourcePage> | undefined;
  try {
    next = prefetch(pages, bodyBytes);
    for (;;) {
      await drainThenThrowIfFailed();
      // A failed read is thrown like a failed write: after what is under way has finished.
      const page = await next.catch((error: unknown) => {
        failures.push(error);
        return null;
      });
      next = undefined;
      if (page === null) {
        await drainThenThrowIfFailed();
        break;
      }
      if (page.lastId === null) break;
      next = prefetch(pages, bodyBytes);
      // Until buildBatch adds the built ones, the body holds the stored documents alone.
      summary.reused += page.body.count;
      summary.fromSnapshot += page.fromSnapshot;
      const built = await buildBatch(page, index);
      summary.built += built.fresh.size;
      bodyBytes = Math.ceil(built.bytes * 1.1);
      // In page order, which is what lets the next reindex follow the snapshot's id ranges. A chunk
      // sent as it was (nothing is built into such a page) is listed again, not written again.
      let kept = Promise.resolve();
      if (page.sentAsChunk !== undefined) snapshot?.reuse(page.sentAsChunk);
      else if (snapshot !== null) kept = snapshot.append(page.lastId, built.ends, built.body);
      keeping.add(kept);
      void kept.then(() => keeping.delete(kept));
      while (sending.size >= concurrency || recording.size >= concurrency || keeping.size > concurrency + 1) await Promise.race([...sending, ...recording, ...keeping]);
      await drainThenThrowIfFailed();
      track(sending, send(page.count, built, kept));
    }
    await Promise.all(sending);
    await Promise.all(recording);
    await drainThenThrowIfFailed();
  } finally {
    // A page still being read holds snapshot chunks: let it finish before they are given back.
    await next?.catch(() => undefined);
    pages.close();
    await Promise.all(keeping);
  }
  return summary;
}

/** A page read started now and awaited later; its failure surfaces at the await, not as an unhandled rejection. */
function prefetch(pages: ProductPages, bodyBytes: number): Promise<SourcePage> {
  const page = pages.next(bodyBytes);
  page.catch(() => undefined);
  return page;
}

interface BuiltBatch {
  actions: IndexAction[];
  /** Each action's NDJSON, views of one body, so sending is a single write. */
  serialized: Buffer[];
  /** The body, and where each action ends in it. */
  body: Buffer;
  ends: number[];
  bytes: number;
  /** Actions of documents built for this batch (not reused), to be stored for the next reindex. */
  fresh: ReadonlySet<IndexAction>;
  unbuildable: RejectedWrite[];
  /** Gives the body's memory back for a later page (see WrittenBulkBody). */
  release: () => void;
}

/** Rows analysed between two returns to the event loop. */
const BUILD_SLICE = 100;

/**
 * Completes a page's _bulk body with the documents it had to build. Building
 * takes tens of milliseconds of CPU per page; it is done in slices that
 * yield to the event loop, so a _bulk answer arriving meanwhile is handled,
 * and its slot refilled, at once rather than after the whole page:
 * Elasticsearch is never left idle waiting for Node.
 */
async function buildBatch(page: SourcePage, index: string): Promise<BuiltBatch> {
  const unbuildable: RejectedWrite[] = [];
  for (let start = 0; start < page.rows.length; start += BUILD_SLICE) {
    if (start > 0) await yieldToEventLoop();
    for (const row of page.rows.slice(start, start + BUILD_SLICE)) {
      const version = Number(row.version);
      try {
        page.body.addIndexText(row.id, version, JSON.stringify(toProductDocument(row)));
      } catch (error) {
        unbuildable.push({ id: row.id, version, op: 'index', index, status: 0, errorType: 'document_build_failed', reason: String(error) });
      }
    }
  }
  const { body, actions, serialized, ends, fromText, release } = page.body.finish();
  // Documents given as text were built here; the rest were sent as stored.
  return { actions, serialized, body, ends, bytes: body.length, fresh: fromText, unbuildable, release };
}
