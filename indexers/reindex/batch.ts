/**
 * The stages a page goes through after it is read (load.ts runs them):
 * the documents it lacks built, the body kept in the new snapshot, sent,
 * and what was sent recorded in Postgres.
 */
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { writeBulk, type BulkResult, type IndexAction, type RejectedWrite } from '../bulk';
import type { WrittenBulkBody } from '../bulk-body';
import { prepareDocumentsToStore, storePreparedDocuments, type DocumentsToStore } from '../documents/stored';
import { toProductDocument } from '../documents/to-document';
import { bulkOutcome, recordBulkOutcome, type BulkOutcome } from '../rejected';
import type { SourcePage } from './page-documents';
import type { SnapshotWriter } from './snapshot';

/** A page ready to send: its finished _bulk body and the actions in it. */
export interface ReadyBatch {
  actions: IndexAction[];
  /** Each action's NDJSON, views of one body, so sending is a single write. */
  serialized: Buffer[];
  /** The body, and where each action ends in it. */
  body: Buffer;
  ends: number[];
  /** Actions of documents built for this batch (the rest were sent as stored), to be stored for the next reindex. */
  built: ReadonlySet<IndexAction>;
  /** Products whose document could not be built: recorded as rejected, not sent. */
  unbuildable: RejectedWrite[];
  /** Gives the body's memory back for a later page (see WrittenBulkBody). */
  release: WrittenBulkBody['release'];
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
export async function buildMissingDocuments(page: SourcePage, index: string): Promise<ReadyBatch> {
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
  return { actions, serialized, body, ends, built: fromText, unbuildable, release };
}

/**
 * Adds the batch's body to the new snapshot, in page order (which is what
 * lets the next reindex follow the snapshot's id ranges): a chunk sent as it
 * was is listed again, not written again. Settles once the body's memory may
 * be reused; never rejects.
 */
export function keepInSnapshot(writer: SnapshotWriter | null, page: SourcePage, batch: ReadyBatch): Promise<void> {
  if (page.sentAsChunk !== undefined) writer?.reuse(page.sentAsChunk);
  else if (writer !== null) return writer.append(page.lastId, batch.ends, batch.body);
  return Promise.resolve();
}

/** The batch's _bulk request: its body as written, into the index being built (not an alias). */
export function sendBatch(es: ElasticsearchClient, index: string, batch: ReadyBatch): Promise<BulkResult> {
  return writeBulk(es, batch.actions, { index, requireAlias: false, serialized: batch.serialized, body: batch.body });
}

/** Built documents that will not be stored for reuse, and why: a later reindex builds them again. */
export interface Unstored {
  documents: number;
  error: unknown;
}

/** What outlives a sent batch's body: ids for the bookkeeping, and the built documents Elasticsearch took, copied out. */
export interface SentBatch {
  /** Written, or superseded by a newer version already indexed. */
  documents: number;
  /** Refused by Elasticsearch, or never built. */
  rejected: number;
  outcome: BulkOutcome;
  /** How many documents built for this batch Elasticsearch wrote: the ones worth storing. */
  builtWritten: number;
  /** Those documents, copied out of the body; undefined when copying them failed (see `unstored`). */
  toStore: DocumentsToStore | undefined;
  unstored: Unstored | undefined;
}

/**
 * Takes from a batch's _bulk result what outlives its body, synchronously:
 * once this returns nothing reads the body any more, and the caller may
 * release it (as soon as the snapshot has it too).
 */
export function takeSent(result: BulkResult, batch: ReadyBatch): SentBatch {
  result.rejected.push(...batch.unbuildable);
  // Superseded documents lost to a newer version the replay wrote: not worth keeping.
  const written = result.written.filter(
    (action): action is IndexAction & { op: 'index' } => action.op === 'index' && batch.built.has(action),
  );
  let toStore: DocumentsToStore | undefined;
  let unstored: Unstored | undefined;
  try {
    toStore = prepareDocumentsToStore(written);
  } catch (error) {
    unstored = { documents: written.length, error };
  }
  return {
    documents: result.written.length + result.superseded.length,
    rejected: result.rejected.length,
    outcome: bulkOutcome(result),
    builtWritten: written.length,
    toStore,
    unstored,
  };
}

/**
 * Records the batch's refusals and acceptances (search_rejected_documents),
 * then stores its built documents in product_documents. Storing only saves a
 * later reindex work: failing to (a deadlock with a relay, say) is returned,
 * not thrown, and must not fail the load.
 */
export async function recordSent(db: Knex, builder: string, sent: SentBatch): Promise<Unstored | undefined> {
  await recordBulkOutcome(db, sent.outcome);
  if (sent.toStore === undefined) return undefined;
  try {
    await storePreparedDocuments(db, builder, sent.toStore);
    return undefined;
  } catch (error) {
    return { documents: sent.builtWritten, error };
  }
}
