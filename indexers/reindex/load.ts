import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { writeBulk, type BulkResult, type IndexAction, type RejectedWrite } from '../bulk';
import { loadProductPage, type ProductRow } from '../documents/rows';
import { toProductDocument } from '../documents/to-document';
import { recordBulkOutcome } from '../rejected';

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
 * documents built in Node, external-versioned _bulk writes. At most
 * `concurrency` batches are in flight and one more is being prepared, so
 * memory stays flat however many products there are.
 */
export async function bulkLoad(db: Knex, es: ElasticsearchClient, index: string, options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const batchSize = options.batchSize ?? 1000;
  const concurrency = options.concurrency ?? 2;
  const summary: BulkLoadSummary = { documents: 0, rejected: 0 };
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];

  const write = async (rows: ProductRow[]): Promise<void> => {
    const { actions, unbuildable } = buildActions(rows, index);
    const result: BulkResult = await writeBulk(es, actions, { index, requireAlias: false });
    result.rejected.push(...unbuildable);
    await recordBulkOutcome(db, result);
    summary.documents += result.written.length + result.superseded.length;
    summary.rejected += result.rejected.length;
    options.onBatch?.(rows.length);
  };

  // The next page is read while this one is analysed and sent, so the loop never waits on Postgres.
  let next = prefetch(db, null, batchSize);
  for (;;) {
    if (failures.length > 0) throw failures[0];
    const rows = await next;
    if (rows.length === 0) break;
    next = prefetch(db, rows[rows.length - 1]!.id, batchSize);
    // Tasks never reject: the first error is kept and thrown from the loop.
    const task: Promise<void> = write(rows).catch((error: unknown) => void failures.push(error));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw failures[0];
  return summary;
}

/** A page read started now and awaited later; its failure surfaces at the await, not as an unhandled rejection. */
function prefetch(db: Knex, afterId: string | null, limit: number): Promise<ProductRow[]> {
  const page = loadProductPage(db, afterId, limit);
  page.catch(() => undefined);
  return page;
}

function buildActions(rows: ProductRow[], index: string): { actions: IndexAction[]; unbuildable: RejectedWrite[] } {
  const actions: IndexAction[] = [];
  const unbuildable: RejectedWrite[] = [];
  for (const row of rows) {
    const version = Number(row.version);
    try {
      actions.push({ op: 'index', id: row.id, version, document: toProductDocument(row) });
    } catch (error) {
      unbuildable.push({ id: row.id, version, op: 'index', index, status: 0, errorType: 'document_build_failed', reason: String(error) });
    }
  }
  return { actions, unbuildable };
}
