import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { writeBulk, type BulkResult, type IndexAction, type RejectedWrite } from './bulk';
import { documentBuilderId } from './documents/builder';
import { toProductDocument } from './documents/to-document';
import { loadProductRows, type ProductRow } from './documents/rows';
import { forgetDocuments, storeDocuments } from './documents/stored';
import { bulkOutcome, recordBulkOutcome } from './rejected';

/** A product that changed, with the version the change produced (for a hard delete, its tombstone version). */
export interface ProductChange {
  productId: string;
  version: number;
}

export interface SyncTarget {
  db: Knex;
  es: ElasticsearchClient;
  /** The alias (relay, repair) or a concrete index being built (reindex replay). */
  index: string;
  requireAlias: boolean;
}

/**
 * The index action that brings a product's document to the state Postgres
 * holds now. A change is never applied from the payload it was recorded
 * with: the current row is read and written with its own version, so
 * processing changes late, twice or out of order converges all the same.
 */
export function toIndexAction(productId: string, row: ProductRow | undefined, tombstoneVersion: number): IndexAction {
  if (row === undefined) return { op: 'delete', id: productId, version: tombstoneVersion };
  const version = Number(row.version);
  if (row.status === 'deleted') return { op: 'delete', id: productId, version };
  return { op: 'index', id: productId, version, json: JSON.stringify(toProductDocument(row)) };
}

/** The index actions for a set of changes, and the products whose document could not be built. */
export interface PreparedSync {
  actions: IndexAction[];
  unbuildable: RejectedWrite[];
}

/** Reads the current state of the changed products and turns it into index actions. Postgres only. */
export async function prepareSync(db: Knex, index: string, changes: readonly ProductChange[]): Promise<PreparedSync> {
  // A hard-deleted product has no row; its newest outbox version is the tombstone's.
  const tombstones = new Map<string, number>();
  for (const { productId, version } of changes) tombstones.set(productId, Math.max(version, tombstones.get(productId) ?? 0));
  const rows = new Map((await loadProductRows(db, [...tombstones.keys()])).map((r) => [r.id, r]));
  const actions: IndexAction[] = [];
  const unbuildable: RejectedWrite[] = [];
  for (const [id, tombstone] of tombstones) {
    const row = rows.get(id);
    try {
      actions.push(toIndexAction(id, row, tombstone));
    } catch (error) {
      // Data the document builder cannot handle is this product's problem; the batch goes on.
      unbuildable.push({
        id,
        version: Number(row?.version ?? tombstone),
        op: 'index',
        index,
        status: 0,
        errorType: 'document_build_failed',
        reason: String(error),
      });
    }
  }
  return { actions, unbuildable };
}

/** Sends prepared actions to Elasticsearch. Elasticsearch only: no Postgres work, so no transaction can be open here. */
export async function sendSync(target: Pick<SyncTarget, 'es' | 'index' | 'requireAlias'>, prepared: PreparedSync): Promise<BulkResult> {
  const result = await writeBulk(target.es, prepared.actions, { index: target.index, requireAlias: target.requireAlias });
  result.rejected.push(...prepared.unbuildable);
  return result;
}

/**
 * The Postgres bookkeeping of a sent batch: refusals recorded (and cleared for
 * products that went through), documents written kept for the next full
 * reindex, deleted products' documents forgotten.
 */
export async function recordSync(db: Knex, prepared: PreparedSync, result: BulkResult): Promise<void> {
  await recordBulkOutcome(db, bulkOutcome(result));
  // Superseded means the index holds a newer version than this document: not worth keeping.
  await storeDocuments(
    db,
    documentBuilderId(),
    result.written.flatMap((a) => (a.op === 'index' ? [a] : [])),
  );
  await forgetDocuments(
    db,
    prepared.actions.flatMap((a) => (a.op === 'delete' ? [a.id] : [])),
  );
}

/**
 * Loads the current state of the changed products and writes it; rejected
 * documents are recorded, not thrown. The documents written are kept in
 * product_documents too, so the next full reindex can reuse them.
 */
export async function syncProducts(target: SyncTarget, changes: readonly ProductChange[]): Promise<BulkResult> {
  const prepared = await prepareSync(target.db, target.index, changes);
  const result = await sendSync(target, prepared);
  await recordSync(target.db, prepared, result);
  return result;
}
