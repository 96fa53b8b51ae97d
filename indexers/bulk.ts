import { setTimeout as sleep } from 'node:timers/promises';
import { errors, type Client as ElasticsearchClient, type estypes } from '@elastic/elasticsearch';

/**
 * Bulk writes with external versions. Every write carries the product's
 * Postgres version, so Elasticsearch itself keeps the newest: a duplicate,
 * retried or reordered write of an older state is refused with a 409, which
 * here means "the index already holds this version or a newer one" and is
 * a success. Deletes leave a versioned tombstone, so a stale upsert arriving
 * after a delete is refused the same way.
 */
export type IndexAction =
  /**
   * `json`: the document serialised once, so the same JSON can be sent and
   * stored: text, or UTF-8 bytes. Bytes from a reindex are views of a pooled
   * _bulk body, valid only until the batch releases it (see BulkBodyWriter).
   */
  { op: 'index'; id: string; version: number; json: string | Buffer } | { op: 'delete'; id: string; version: number };

export type ItemOutcome =
  | { kind: 'written' }
  /** Elasticsearch holds this version or a newer one already. */
  | { kind: 'superseded' }
  /** The document itself is at fault (mapping conflict, bad value): retrying cannot help. */
  | { kind: 'rejected'; status: number; errorType: string; reason: string }
  /** Elasticsearch is busy or failing: the same write may succeed later. */
  | { kind: 'retry'; status: number; errorType: string; reason: string };

export interface RejectedWrite {
  id: string;
  version: number;
  op: IndexAction['op'];
  index: string;
  status: number;
  errorType: string;
  reason: string;
}

export interface BulkResult {
  written: IndexAction[];
  superseded: IndexAction[];
  rejected: RejectedWrite[];
}

export class BulkRetryableError extends Error {
  constructor(
    readonly failures: number,
    readonly sample: string,
  ) {
    super(`Elasticsearch did not accept ${failures} write(s) after retries: ${sample}`);
    this.name = 'BulkRetryableError';
  }
}

export function classifyItem(op: IndexAction['op'], item: estypes.BulkResponseItem): ItemOutcome {
  const { status } = item;
  if (status >= 200 && status < 300) return { kind: 'written' };
  // A delete of a document that is not there still records the tombstone.
  if (op === 'delete' && status === 404 && item.error === undefined) return { kind: 'written' };
  if (status === 409) return { kind: 'superseded' };
  const errorType = item.error?.type ?? 'unknown';
  const reason = describeError(item.error);
  // 404 on an index op means the index or alias is missing, not a bad document.
  if (status === 429 || status >= 500 || status === 404) return { kind: 'retry', status, errorType, reason };
  return { kind: 'rejected', status, errorType, reason };
}

/** The reason and its cause, each cut short: a rejected document's preview can be as large as the document. */
function describeError(error: estypes.ErrorCause | undefined): string {
  if (error === undefined) return 'no reason given';
  const short = (text: string | null | undefined) => (text && text.length > 300 ? `${text.slice(0, 300)}…` : (text ?? ''));
  const cause = error.caused_by ? `; caused by ${error.caused_by.type}: ${short(error.caused_by.reason)}` : '';
  return `${short(error.reason ?? error.type)}${cause}`;
}

/**
 * An action as _bulk NDJSON, newline-terminated: text, or bytes (a document
 * read back from the store, or a view into a body BulkBodyWriter wrote).
 */
export type SerializedAction = string | Buffer;

const NEWLINE = Buffer.from('\n');

/**
 * One action as _bulk NDJSON (its metadata line and, for an upsert, the
 * document), newline-terminated. The line names no index: the request's path
 * does (sendBulk), so the same bytes can be sent to any index, which lets a
 * reindex send the bodies of the one before again (see reindex/snapshot.ts).
 */
export function serializeAction(action: IndexAction): SerializedAction {
  if (action.op === 'delete')
    return `{"delete":{"_id":${JSON.stringify(action.id)},"version":${action.version},"version_type":"external"}}\n`;
  const meta = upsertMetadataLine(action.id, action.version);
  if (typeof action.json === 'string') return `${meta}${action.json}\n`;
  return Buffer.concat([Buffer.from(meta), action.json, NEWLINE]);
}

/** An upsert's metadata line: the one format serializeAction, BulkBodyWriter and readUpsertMetadata share. */
export function upsertMetadataLine(id: string, version: number): string {
  return `{"index":{"_id":${JSON.stringify(id)},"version":${version},"version_type":"external"}}\n`;
}

const META_HEAD = Buffer.from('{"index":{"_id":"');
const META_VERSION = Buffer.from('","version":');
const META_TAIL = Buffer.from(',"version_type":"external"}}\n');

/**
 * The id and version of the upsert action at `source[start, end)` if it
 * begins with exactly the metadata line upsertMetadataLine writes, and where
 * its document starts; else null. Ids without quotes, backslashes or control
 * characters (all of them in practice) are read in place; others by JSON.parse.
 */
export function readUpsertMetadata(source: Buffer, start: number, end: number): { id: string; version: number; jsonStart: number } | null {
  const newline = source.indexOf(0x0a, start);
  // A newline ends the metadata line, and a document of at least one byte comes before the action's own.
  if (newline === -1 || newline >= end - 2) return null;
  if (!bytesAt(source, start, META_HEAD)) return null;
  const idStart = start + META_HEAD.length;
  let at = idStart;
  while (at < newline && source[at] !== 0x22 && source[at] !== 0x5c && source[at]! >= 0x20) at++;
  if (source[at] === 0x22 && bytesAt(source, at, META_VERSION)) {
    let digit = at + META_VERSION.length;
    let version = 0;
    const first = digit;
    while (digit < newline && source[digit]! >= 0x30 && source[digit]! <= 0x39 && digit - first < 16)
      version = version * 10 + (source[digit++]! - 0x30);
    if (
      digit > first &&
      (source[first] !== 0x30 || digit === first + 1) &&
      Number.isSafeInteger(version) &&
      bytesAt(source, digit, META_TAIL) &&
      digit + META_TAIL.length === newline + 1
    ) {
      const id = source.toString('utf8', idStart, at);
      // Bytes that are not UTF-8 decode to another id than Elasticsearch would read.
      return Buffer.byteLength(id) === at - idStart ? { id, version, jsonStart: newline + 1 } : null;
    }
    return null;
  }
  // An id that needed escaping: parse the line, and accept it only if it is exactly the line that id and version make.
  try {
    const line = source.toString('utf8', start, newline + 1);
    const parsed = JSON.parse(line) as { index?: { _id?: unknown; version?: unknown } };
    const { _id: id, version } = parsed.index ?? {};
    if (
      typeof id !== 'string' ||
      typeof version !== 'number' ||
      !Number.isSafeInteger(version) ||
      version < 0 ||
      upsertMetadataLine(id, version) !== line
    )
      return null;
    return { id, version, jsonStart: newline + 1 };
  } catch {
    return null;
  }
}

function bytesAt(source: Buffer, at: number, expected: Buffer): boolean {
  if (at + expected.length > source.length) return false;
  for (let i = 0; i < expected.length; i++) if (source[at + i] !== expected[i]) return false;
  return true;
}

/**
 * Lines that are views of one buffer, each starting where the one before
 * ends, as the single view spanning them all; else null. A whole batch
 * written by BulkBodyWriter is sent this way without being copied again.
 */
function adjacentBytes(lines: readonly SerializedAction[]): Buffer | null {
  const first = lines[0];
  if (!Buffer.isBuffer(first)) return null;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!Buffer.isBuffer(line) || line.buffer !== first.buffer || line.byteOffset !== end) return null;
    end += line.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}

/** A _bulk body: the lines joined as text, or as bytes when some are bytes already. */
export function bulkBody(lines: readonly SerializedAction[]): string | Buffer {
  if (lines.every((line) => typeof line === 'string')) return lines.join('');
  return adjacentBytes(lines) ?? Buffer.concat(lines.map((line) => (typeof line === 'string' ? Buffer.from(line) : line)));
}

export interface WriteBulkOptions {
  /** Index or alias to write to (the request's path: metadata lines name none). */
  index: string;
  /** Refuse to write unless `index` is an alias, so a missing alias never auto-creates an unmapped index. */
  requireAlias: boolean;
  /** Attempts for items Elasticsearch answered with 429 or 5xx. @default 4 */
  attempts?: number;
  /**
   * The actions already serialised (serializeAction, same order), so a caller
   * can do that work before it needs to send, e.g. while other _bulk
   * requests are in flight. @default serialised here
   */
  serialized?: readonly SerializedAction[];
  /**
   * Those lines joined already, in order (a reindex writes them into one
   * body): sent as they are the first time; a retry joins the lines it needs.
   */
  body?: Buffer;
}

type BulkItemsResponse = Partial<Pick<estypes.BulkResponse, 'errors' | 'items'>>;

/**
 * One _bulk of prepared NDJSON (the client would serialise the same
 * operations one by one). 'busy' when Elasticsearch refused the whole request
 * with 429 (indexing pressure, a circuit breaker): the transport retries only
 * 502-504 and lost connections, and a 429 deserves the caller's backoff.
 */
async function sendBulk(
  es: ElasticsearchClient,
  index: string,
  body: string | Buffer,
  requireAlias: boolean,
): Promise<BulkItemsResponse | 'busy'> {
  try {
    return await es.transport.request<BulkItemsResponse>({
      method: 'POST',
      path: `/${encodeURIComponent(index)}/_bulk`,
      querystring: { require_alias: String(requireAlias), filter_path: 'errors,items.*.status,items.*.error' },
      bulkBody: body,
      // Named like the client's own bulk(), so tracing still sees it.
      meta: { name: 'bulk' },
    });
  } catch (error) {
    if (error instanceof errors.ResponseError && error.statusCode === 429) return 'busy';
    throw error;
  }
}

/**
 * Sends the actions and sorts each item into written, superseded or
 * rejected. Items Elasticsearch could not take right now are retried with
 * backoff; if some still fail, BulkRetryableError is thrown so the caller's
 * transaction rolls back and the whole batch is tried again later (safe:
 * every write is versioned). Connection errors propagate as they are.
 */
export async function writeBulk(es: ElasticsearchClient, actions: readonly IndexAction[], options: WriteBulkOptions): Promise<BulkResult> {
  const result: BulkResult = { written: [], superseded: [], rejected: [] };
  const attempts = options.attempts ?? 4;
  const lines = options.serialized ?? actions.map((action) => serializeAction(action));
  if (lines.length !== actions.length) throw new RangeError(`${actions.length} actions but ${lines.length} serialized`);
  // Items are credited to actions by position: a body that is not those lines would credit the wrong ones.
  if (
    options.body !== undefined &&
    options.body.length !== lines.reduce((bytes, line) => bytes + (typeof line === 'string' ? Buffer.byteLength(line) : line.length), 0)
  ) {
    throw new RangeError('the prepared body is not the serialized actions');
  }
  /** Indexes of the actions still to send. */
  let pending = actions.map((_, i) => i);
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    // The first attempt sends every line: as the caller's body when it has one (a reindex's), without joining them again.
    const body = attempt === 1 && options.body !== undefined ? options.body : bulkBody(pending.map((i) => lines[i]!));
    const response = await sendBulk(es, options.index, body, options.requireAlias);
    const retry: number[] = [];
    let sample = '';
    pending.forEach((actionIndex, i) => {
      const action = actions[actionIndex]!;
      // A whole request refused as too much right now (429) is every item's "retry".
      const item = response === 'busy' ? undefined : response.items?.[i];
      const itemResult = item === undefined ? undefined : (item.index ?? item.delete ?? item.create ?? item.update);
      const outcome: ItemOutcome = itemResult
        ? classifyItem(action.op, itemResult)
        : response === 'busy'
          ? { kind: 'retry', status: 429, errorType: 'too_many_requests', reason: 'Elasticsearch refused the whole _bulk request for now' }
          : { kind: 'retry', status: 0, errorType: 'missing_item', reason: 'no response item' };
      switch (outcome.kind) {
        case 'written':
          result.written.push(action);
          break;
        case 'superseded':
          result.superseded.push(action);
          break;
        case 'rejected':
          result.rejected.push({
            id: action.id,
            version: action.version,
            op: action.op,
            index: options.index,
            status: outcome.status,
            errorType: outcome.errorType,
            reason: outcome.reason,
          });
          break;
        case 'retry':
          retry.push(actionIndex);
          sample = `${outcome.status} ${outcome.errorType}: ${outcome.reason}`;
          break;
      }
    });
    if (retry.length > 0 && attempt >= attempts) throw new BulkRetryableError(retry.length, sample);
    if (retry.length > 0) await sleep(200 * 2 ** (attempt - 1));
    pending = retry;
  }
  return result;
}
