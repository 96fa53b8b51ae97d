import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { serializeAction, writeBulk, type BulkResult, type IndexAction, type RejectedWrite } from '../bulk';
import { loadProductPage, type ProductRow } from '../documents/rows';
import { toProductDocument } from '../documents/to-document';
import { bulkOutcome, recordBulkOutcome } from '../rejected';

export interface BulkLoadOptions {
  /** Products per page read from Postgres and per _bulk request. @default 1000 */
  batchSize?: number;
  /** _bulk requests in flight while the next page is read and analysed. @default 2 */
  concurrency?: number;
  /** Called after each batch is written, with its size. */
  onBatch?: (documents: number) => void;
}

export interface BulkLoadSummary {
  documents: number;
  rejected: number;
}

/**
 * Streams every indexable product into `index`: keyset pages from Postgres,
 * documents built in Node, external-versioned _bulk writes. Alive at once:
 * `concurrency` batches being sent, as many being recorded in Postgres (ids
 * only), one being built and one page being read, so memory stays flat
 * however many products there are. On a failure nothing new is started, and
 * what is under way is waited for before the error is thrown: the caller
 * drops the new index, and no late write may bring it back.
 */
export async function bulkLoad(db: Knex, es: ElasticsearchClient, index: string, options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const batchSize = options.batchSize ?? 1000;
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const summary: BulkLoadSummary = { documents: 0, rejected: 0 };
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

  const send = async (count: number, built: BuiltBatch): Promise<void> => {
    const result: BulkResult = await writeBulk(es, built.actions, { index, requireAlias: false, serialized: built.serialized });
    result.rejected.push(...built.unbuildable);
    summary.documents += result.written.length + result.superseded.length;
    summary.rejected += result.rejected.length;
    // Only ids outlive the request: the documents are not kept for the bookkeeping.
    const outcome = bulkOutcome(result);
    track(recording, recordBulkOutcome(db, outcome).then(() => options.onBatch?.(count)));
  };

  // Elasticsearch should never wait on Node: the next page is read while this
  // one is analysed, and a batch is built before a slot frees up, so a finished
  // _bulk is replaced by the next one at once.
  let next = prefetch(db, null, batchSize);
  for (;;) {
    await drainThenThrowIfFailed();
    const rows = await next;
    if (rows.length === 0) break;
    next = prefetch(db, rows[rows.length - 1]!.id, batchSize);
    const count = rows.length;
    const built = await buildBatch(rows, index);
    while (sending.size >= concurrency || recording.size >= concurrency) await Promise.race([...sending, ...recording]);
    await drainThenThrowIfFailed();
    track(sending, send(count, built));
  }
  await Promise.all(sending);
  await Promise.all(recording);
  await drainThenThrowIfFailed();
  return summary;
}

/** A page read started now and awaited later; its failure surfaces at the await, not as an unhandled rejection. */
function prefetch(db: Knex, afterId: string | null, limit: number): Promise<ProductRow[]> {
  const page = loadProductPage(db, afterId, limit);
  page.catch(() => undefined);
  return page;
}

interface BuiltBatch {
  actions: IndexAction[];
  /** Each action as _bulk NDJSON, built here so sending is only a join. */
  serialized: string[];
  unbuildable: RejectedWrite[];
}

/** Rows analysed between two returns to the event loop. */
const BUILD_SLICE = 100;

/**
 * Documents and their NDJSON for a page of rows. Building a page takes tens
 * of milliseconds of CPU; it is done in slices that yield to the event loop,
 * so a _bulk answer arriving meanwhile is handled, and its slot refilled, at
 * once rather than after the whole page: Elasticsearch is never left idle
 * waiting for Node.
 */
async function buildBatch(rows: ProductRow[], index: string): Promise<BuiltBatch> {
  const batch: BuiltBatch = { actions: [], serialized: [], unbuildable: [] };
  for (let start = 0; start < rows.length; start += BUILD_SLICE) {
    if (start > 0) await yieldToEventLoop();
    for (const row of rows.slice(start, start + BUILD_SLICE)) {
      const version = Number(row.version);
      try {
        const action: IndexAction = { op: 'index', id: row.id, version, document: toProductDocument(row) };
        batch.serialized.push(serializeAction(index, action));
        batch.actions.push(action);
      } catch (error) {
        batch.unbuildable.push({ id: row.id, version, op: 'index', index, status: 0, errorType: 'document_build_failed', reason: String(error) });
      }
    }
  }
  return batch;
}
