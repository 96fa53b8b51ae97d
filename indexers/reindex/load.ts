import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { serializeAction, writeBulk, type BulkResult, type IndexAction, type RejectedWrite, type SerializedAction } from '../bulk';
import { documentBuilderId } from '../documents/builder';
import { loadProductPage, loadProductRows, loadProductVersionPage, type ProductRow } from '../documents/rows';
import { loadStoredDocuments, storeDocuments, type DocumentJson } from '../documents/stored';
import { toProductDocument } from '../documents/to-document';
import { bulkOutcome, recordBulkOutcome } from '../rejected';

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
  /** Called after each batch is written, with its size. */
  onBatch?: (documents: number) => void;
}

export interface BulkLoadSummary {
  documents: number;
  rejected: number;
  /** Documents sent as stored. */
  reused: number;
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
  const summary: BulkLoadSummary = { documents: 0, rejected: 0, reused: 0, built: 0, unstored: 0 };
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
    // Only ids and the freshly built documents outlive the request.
    const outcome = bulkOutcome(result);
    // Superseded documents lost to a newer version the replay wrote: not worth keeping.
    const keep = result.written.flatMap((action) => (action.op === 'index' && built.fresh.has(action) ? [action] : []));
    const record = async () => {
      await recordBulkOutcome(db, outcome);
      // The stored copies only save a later reindex work: failing to keep
      // them (a deadlock with a relay, say) must not fail this one.
      try {
        await storeDocuments(db, builder, keep);
      } catch (error) {
        summary.unstored += keep.length;
        summary.storeError ??= String(error);
      }
    };
    track(recording, record().then(() => options.onBatch?.(count)));
  };

  // Elasticsearch should never wait on Node: the next page is read while this
  // one is analysed, and a batch is built before a slot frees up, so a finished
  // _bulk is replaced by the next one at once.
  let next = prefetch(db, null, batchSize, reuseFrom);
  for (;;) {
    await drainThenThrowIfFailed();
    const page = await next;
    if (page.lastId === null) break;
    next = prefetch(db, page.lastId, batchSize, reuseFrom);
    const built = await buildBatch(page, index);
    summary.reused += page.stored.length;
    summary.built += built.fresh.size;
    while (sending.size >= concurrency || recording.size >= concurrency) await Promise.race([...sending, ...recording]);
    await drainThenThrowIfFailed();
    track(sending, send(page.count, built));
  }
  await Promise.all(sending);
  await Promise.all(recording);
  await drainThenThrowIfFailed();
  return summary;
}

/** One keyset page of products: stored documents still current, and rows for the rest. */
interface SourcePage {
  /** Last product id of the page; null when there are no more products. */
  lastId: string | null;
  count: number;
  stored: DocumentJson[];
  rows: ProductRow[];
}

/** A page read started now and awaited later; its failure surfaces at the await, not as an unhandled rejection. */
function prefetch(db: Knex, afterId: string | null, limit: number, reuseFrom: string | null): Promise<SourcePage> {
  const page = readPage(db, afterId, limit, reuseFrom);
  page.catch(() => undefined);
  return page;
}

/**
 * With reuse, the page is read as ids and versions first (a narrow index
 * scan); the stored documents of that id range are matched against them, and
 * only the products without a current one are read in full (the joins) to be
 * built. A product changed or deleted meanwhile is handled by the replay of
 * the outbox, like any change during a reindex.
 */
async function readPage(db: Knex, afterId: string | null, limit: number, reuseFrom: string | null): Promise<SourcePage> {
  if (reuseFrom === null) {
    const rows = await loadProductPage(db, afterId, limit);
    return { lastId: rows.at(-1)?.id ?? null, count: rows.length, stored: [], rows };
  }
  const products = await loadProductVersionPage(db, afterId, limit);
  const lastId = products.at(-1)?.id ?? null;
  if (lastId === null) return { lastId, count: 0, stored: [], rows: [] };
  const available = await loadStoredDocuments(db, reuseFrom, afterId, lastId);
  const stored: DocumentJson[] = [];
  const missing: string[] = [];
  for (const { id, version } of products) {
    const document = available.get(id);
    if (document !== undefined && document.version === version) stored.push({ id, version, json: document.json });
    else missing.push(id);
  }
  const rows = (await loadProductRows(db, missing)).filter((row) => row.status !== 'deleted');
  return { lastId, count: products.length, stored, rows };
}

interface BuiltBatch {
  actions: IndexAction[];
  /** Each action as _bulk NDJSON, built here so sending is only a join. */
  serialized: SerializedAction[];
  /** Actions of documents built for this batch (not reused), to be stored for the next reindex. */
  fresh: Set<IndexAction>;
  unbuildable: RejectedWrite[];
}

/** Rows analysed between two returns to the event loop. */
const BUILD_SLICE = 100;

/**
 * The _bulk actions and their NDJSON for a page. Building documents takes
 * tens of milliseconds of CPU per page; it is done in slices that yield to
 * the event loop, so a _bulk answer arriving meanwhile is handled, and its
 * slot refilled, at once rather than after the whole page: Elasticsearch is
 * never left idle waiting for Node. Stored documents only need their action
 * line.
 */
async function buildBatch(page: SourcePage, index: string): Promise<BuiltBatch> {
  const batch: BuiltBatch = { actions: [], serialized: [], fresh: new Set(), unbuildable: [] };
  const add = (action: IndexAction) => {
    batch.serialized.push(serializeAction(index, action));
    batch.actions.push(action);
    return action;
  };
  for (const document of page.stored) add({ op: 'index', ...document });
  for (let start = 0; start < page.rows.length; start += BUILD_SLICE) {
    if (start > 0) await yieldToEventLoop();
    for (const row of page.rows.slice(start, start + BUILD_SLICE)) {
      const version = Number(row.version);
      try {
        batch.fresh.add(add({ op: 'index', id: row.id, version, json: JSON.stringify(toProductDocument(row)) }));
      } catch (error) {
        batch.unbuildable.push({ id: row.id, version, op: 'index', index, status: 0, errorType: 'document_build_failed', reason: String(error) });
      }
    }
  }
  return batch;
}
