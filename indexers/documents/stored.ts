import type { Knex } from 'knex';
import { copyRowsBinary } from './binary-copy';

/** A built document as JSON, for the product version it was built from. */
export interface DocumentJson {
  id: string;
  version: number;
  /** JSON text, or its UTF-8 bytes as read back from the store. */
  json: string | Buffer;
}

/**
 * A stored document as it streams past: its JSON is `data[start, end)`. The
 * view and its bytes are reused for the next document: copy what is kept.
 */
export interface StoredDocumentView {
  id: string;
  version: number;
  data: Buffer;
  start: number;
  end: number;
}

/**
 * Streams the stored documents with ids in (`afterId`, `lastId`], built by
 * `builder`, to `visit`: one range scan of the primary key, so a reindex page
 * costs the same however large the table is. Rows of products that have
 * since been deleted may be in the range; callers match ids and versions
 * against the products they are indexing and ignore the rest. Bodies come
 * as the bytes Postgres sent, so a reindex copies each once, into its _bulk
 * body (copyRowsBinary says why). When a stored document may be sent, and
 * who writes them: indexers/README.md.
 */
export async function scanStoredDocuments(
  db: Knex,
  builder: string,
  afterId: string | null,
  lastId: string,
  visit: (document: StoredDocumentView) => void,
): Promise<void> {
  await copyStoredDocuments(
    db,
    `select product_id, version, body from product_documents
     where (?::text is null or product_id > ?) and product_id <= ? and builder = ?`,
    [afterId, afterId, lastId, builder],
    visit,
  );
}

/** scanStoredDocuments for the given products (those of a page not found elsewhere), by primary-key lookups. */
export async function scanStoredDocumentsOf(
  db: Knex,
  builder: string,
  productIds: readonly string[],
  visit: (document: StoredDocumentView) => void,
): Promise<void> {
  if (productIds.length === 0) return;
  await copyStoredDocuments(
    db,
    'select product_id, version, body from product_documents where product_id = any(?::text[]) and builder = ?',
    [productIds as string[], builder],
    visit,
  );
}

async function copyStoredDocuments(
  db: Knex,
  sql: string,
  bindings: Knex.Value[],
  visit: (document: StoredDocumentView) => void,
): Promise<void> {
  const view: StoredDocumentView = { id: '', version: 0, data: Buffer.alloc(0), start: 0, end: 0 };
  await copyRowsBinary(db, sql, bindings, ({ data, fields, starts, ends }) => {
    // The columns are NOT NULL: product_id text, version bigint (8 bytes, big-endian), body text.
    if (fields !== 3 || ends[1]! - starts[1]! !== 8) throw new Error('unexpected row shape from product_documents');
    view.id = data.toString('utf8', starts[0]!, ends[0]!);
    view.version = data.readInt32BE(starts[1]!) * 2 ** 32 + data.readUInt32BE(starts[1]! + 4);
    view.data = data;
    view.start = starts[2]!;
    view.end = ends[2]!;
    visit(view);
  });
}

/**
 * Separates the documents sent joined in one text parameter. Documents are
 * JSON.stringify output (or those bytes read back), which never holds it raw:
 * control characters are escaped.
 */
const SEPARATOR = 0x1e;

/**
 * Keeps the documents for the next reindex. A newer version is never
 * replaced by an older one (writers race: the outbox relay and a reindex's
 * replay may build the same product).
 *
 * The documents go as one joined text parameter split by Postgres, and as
 * bytes: node-postgres sends a Buffer parameter in binary format, which for
 * text is the UTF-8 itself, so documents that are bytes already (views of
 * the _bulk body they were sent in) are copied, not decoded and encoded
 * again. As a text[] parameter node-postgres quoted and escaped every
 * character of every document: 80 µs of CPU per document, more than
 * building it.
 */
export async function storeDocuments(db: Knex, builder: string, documents: readonly DocumentJson[]): Promise<void> {
  await storePreparedDocuments(db, builder, prepareDocumentsToStore(documents));
}

/** Documents ready to be stored: one per product, in id order, their JSON copied into one buffer. */
export interface DocumentsToStore {
  ids: string[];
  versions: number[];
  /** The documents' UTF-8, separated by SEPARATOR. */
  joined: Buffer;
}

/**
 * The first, synchronous half of storeDocuments: after it returns nothing
 * reads `documents` any more, so a caller whose documents are views of a
 * reusable buffer may reuse it at once.
 */
export function prepareDocumentsToStore(documents: readonly DocumentJson[]): DocumentsToStore {
  // One row per product (an upsert may not touch the same row twice), in id
  // order: concurrent writers (relays, a reindex) then lock rows in the same
  // order, which keeps them from deadlocking each other.
  const newest = new Map<string, DocumentJson>();
  for (const d of documents) if ((newest.get(d.id)?.version ?? -1) < d.version) newest.set(d.id, d);
  const rows = [...newest.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let size = Math.max(0, rows.length - 1);
  for (const { json } of rows) size += typeof json === 'string' ? Buffer.byteLength(json) : json.length;
  const joined = Buffer.allocUnsafe(size);
  let offset = 0;
  rows.forEach(({ json }, i) => {
    if (i > 0) joined[offset++] = SEPARATOR;
    offset += typeof json === 'string' ? joined.write(json, offset) : json.copy(joined, offset);
  });
  // Sizes measured and bytes written must agree, or uninitialised memory would be stored.
  if (offset !== size) throw new Error(`joined ${offset} bytes of documents into ${size}`);
  return { ids: rows.map((d) => d.id), versions: rows.map((d) => d.version), joined };
}

/** The second half of storeDocuments: the upsert. */
export async function storePreparedDocuments(db: Knex, builder: string, { ids, versions, joined }: DocumentsToStore): Promise<void> {
  if (ids.length === 0) return;
  const statement = `insert into product_documents as d (product_id, version, builder, body)
     select id, version, ?, body
     from unnest(?::text[], ?::bigint[], string_to_array(?::text, E'\\x1e')) with ordinality as u(id, version, body, n)
     order by n
     on conflict (product_id) do update set version = excluded.version, builder = excluded.builder, body = excluded.body, stored_at = now()
       where d.version <= excluded.version`;
  try {
    await db.raw(statement, [builder, ids, versions, joined]);
  } catch (error) {
    throw new StoreDocumentsError(ids.length, error);
  }
}

/**
 * Storing failed. knex writes the statement with its bindings before the
 * driver's message, here megabytes of documents, which would land in logs and
 * job failures: the message keeps only what Postgres said.
 */
export class StoreDocumentsError extends Error {
  readonly code: string | undefined;

  constructor(documents: number, error: unknown) {
    const { message = String(error), code } = (error ?? {}) as { message?: string; code?: string };
    // "<statement> - <what Postgres said>": ids may hold " - ", the documents (hex, last) cannot.
    const separator = message.lastIndexOf(' - ');
    super(`storing ${documents} documents failed: ${message.slice(separator === -1 ? 0 : separator + 3).slice(0, 500)}`);
    this.name = 'StoreDocumentsError';
    this.code = code;
  }
}

/** Deleted products have no document to keep. */
export async function forgetDocuments(db: Knex, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  const ids = [...new Set(productIds)].sort();
  await db.raw('delete from product_documents where product_id = any(?::text[])', [ids]);
}

/**
 * Drops the stored documents of products that are gone or deleted. The relay
 * forgets a product when it deletes its document, but a relay still writing
 * an older version can store it after that, and documents built by older
 * code are never read again once their products are deleted. Run after a
 * reindex's load: the ids are compared on the documents' primary key alone
 * (an index-only scan, not the 2 KB rows), and only the few gone are looked
 * up to be deleted: 0.13 s at 100k products.
 */
export async function forgetDocumentsOfGoneProducts(db: Knex): Promise<number> {
  const result = await db.raw<{ rowCount: number }>(
    `delete from product_documents
     where product_id = any (array(
       select product_id from product_documents
       except
       select id from products where status <> 'deleted'))`,
  );
  return result.rowCount;
}
