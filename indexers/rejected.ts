import type { Knex } from 'knex';
import type { BulkResult } from './bulk';

/**
 * Documents Elasticsearch refused, kept where an admin can list them
 * (`agora index rejected`, /readyz). One row per product: the latest refusal
 * with its reason. A later successful write of the product clears it.
 */
export interface RejectedDocument {
  productId: string;
  version: number;
  op: string;
  indexName: string;
  status: number;
  errorType: string;
  reason: string;
  attempts: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** What the bookkeeping needs of a batch's result: ids, not documents. */
export interface BulkOutcome {
  /** Written, or superseded by a newer version already indexed. */
  accepted: string[];
  rejected: BulkResult['rejected'];
}

export function bulkOutcome(result: BulkResult): BulkOutcome {
  return { accepted: [...result.written, ...result.superseded].map((a) => a.id), rejected: result.rejected };
}

/** Records this batch's refusals and clears the products that went through. */
export async function recordBulkOutcome(db: Knex, outcome: BulkOutcome): Promise<void> {
  const { accepted, rejected } = outcome;
  if (accepted.length > 0 && (await mayHoldRejections(db))) {
    // One array parameter, not a placeholder per id.
    await db('search_rejected_documents').whereRaw('product_id = any(?::text[])', [accepted]).delete();
  }
  if (rejected.length === 0) return;
  // One row per product: a batch may hold the same product twice only if callers did not dedupe.
  const rows = new Map(
    rejected.map((r) => [
      r.id,
      { product_id: r.id, version: r.version, op: r.op, index_name: r.index, status: r.status, error_type: r.errorType, reason: r.reason },
    ]),
  );
  await db('search_rejected_documents')
    .insert([...rows.values()])
    .onConflict('product_id')
    .merge({
      version: db.raw('excluded.version'),
      op: db.raw('excluded.op'),
      index_name: db.raw('excluded.index_name'),
      status: db.raw('excluded.status'),
      error_type: db.raw('excluded.error_type'),
      reason: db.raw('excluded.reason'),
      attempts: db.raw('search_rejected_documents.attempts + 1'),
      last_seen_at: db.fn.now(),
    });
}

/**
 * Whether any refusal is recorded at all. This runs after every batch of a
 * reindex and usually there is none: one probe is cheaper than sending a
 * thousand ids to be looked up one by one. When there are some, the batch's
 * ids are looked up as before.
 */
async function mayHoldRejections(db: Knex): Promise<boolean> {
  const result = await db.raw<{ rows: Array<{ any: boolean }> }>('select exists (select 1 from search_rejected_documents) as any');
  return result.rows[0]?.any === true;
}

export async function listRejectedDocuments(db: Knex, limit = 100): Promise<RejectedDocument[]> {
  const rows = await db('search_rejected_documents').orderBy('last_seen_at', 'desc').limit(limit);
  return rows.map((r) => ({
    productId: r.product_id,
    version: Number(r.version),
    op: r.op,
    indexName: r.index_name,
    status: r.status,
    errorType: r.error_type,
    reason: r.reason,
    attempts: r.attempts,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
  }));
}

export async function countRejectedDocuments(db: Knex): Promise<number> {
  const [row] = await db('search_rejected_documents').count<Array<{ count: string }>>({ count: '*' });
  return Number(row?.count ?? 0);
}
