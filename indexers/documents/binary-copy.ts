import type { Knex } from 'knex';
import type { PoolClient } from 'pg';

/**
 * Where one row's fields lie: field i is `data[starts[i], ends[i])`, or SQL
 * NULL when starts[i] is -1. The view and `data` are reused and overwritten
 * by the next row: read or copy what is needed before returning.
 */
export interface BinaryRowView {
  data: Buffer;
  fields: number;
  starts: Int32Array;
  ends: Int32Array;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Bytes first asked of the next chunk to complete a row split between two chunks; rows are a few kB. */
const STRADDLE_STEP = 4096;

export class BinaryCopyFormatError extends Error {}

/**
 * Reads PostgreSQL's binary COPY format as it arrives: a signature, flags and
 * a header extension, then per row a field count and per field a length
 * (-1: NULL) and that many bytes; a field count of -1 ends the data.
 *
 * Rows are handed over as offsets into the chunk they arrived in, not as
 * copies: the caller copies a field's bytes once, straight to where they go
 * (a _bulk body). Only a row split between two chunks is put together, from
 * the first chunk's tail and as few bytes of the next as it needs. A chunk
 * is not read after push() returns (the tail is copied), so its memory may
 * be reused at once.
 */
export class BinaryCopyReader {
  private headerRead = false;
  private ended = false;
  /** The start of a row (or of the header) whose end has not arrived yet. */
  private tail: Buffer | null = null;
  private readonly row: BinaryRowView = { data: Buffer.alloc(0), fields: 0, starts: new Int32Array(8), ends: new Int32Array(8) };

  constructor(private readonly onRow: (row: BinaryRowView) => void) {}

  push(chunk: Buffer): void {
    if (this.ended) {
      if (chunk.length > 0) throw new BinaryCopyFormatError('data after the end of binary COPY data');
      return;
    }
    let offset = 0;
    if (this.tail !== null) {
      const tail = this.tail;
      for (let take = Math.min(chunk.length, STRADDLE_STEP); ; take = Math.min(chunk.length, take * 4)) {
        const joined = Buffer.concat([tail, chunk.subarray(0, take)]);
        const end = this.readUnit(joined, 0);
        if (end !== -1) {
          // The unit began in the tail, which could not hold all of it: it ends inside this chunk.
          offset = end - tail.length;
          this.tail = null;
          break;
        }
        if (take === chunk.length) {
          this.tail = joined;
          return;
        }
      }
    }
    while (offset < chunk.length && !this.ended) {
      const end = this.readUnit(chunk, offset);
      if (end === -1) {
        this.tail = Buffer.from(chunk.subarray(offset));
        return;
      }
      offset = end;
    }
    if (offset < chunk.length) throw new BinaryCopyFormatError('data after the end of binary COPY data');
  }

  /** Call when the data is over: throws unless it ended where the format says it does. */
  end(): void {
    if (!this.ended) throw new BinaryCopyFormatError('binary COPY data ends early');
  }

  /** Reads the header or one row at `offset`; the offset after it, or -1 if `data` ends first. */
  private readUnit(data: Buffer, offset: number): number {
    if (!this.headerRead) return this.readHeader(data, offset);
    if (offset + 2 > data.length) return -1;
    const fields = data.readInt16BE(offset);
    offset += 2;
    if (fields === -1) {
      this.ended = true;
      return offset;
    }
    if (fields < 0) throw new BinaryCopyFormatError(`binary COPY row with ${fields} fields`);
    const row = this.row;
    if (row.starts.length < fields) {
      row.starts = new Int32Array(fields);
      row.ends = new Int32Array(fields);
    }
    for (let i = 0; i < fields; i++) {
      if (offset + 4 > data.length) return -1;
      const length = data.readInt32BE(offset);
      offset += 4;
      if (length === -1) {
        row.starts[i] = -1;
        row.ends[i] = -1;
        continue;
      }
      if (length < 0) throw new BinaryCopyFormatError(`binary COPY field of length ${length}`);
      if (offset + length > data.length) return -1;
      row.starts[i] = offset;
      row.ends[i] = offset + length;
      offset += length;
    }
    row.data = data;
    row.fields = fields;
    this.onRow(row);
    return offset;
  }

  private readHeader(data: Buffer, offset: number): number {
    const fixed = SIGNATURE.length + 8;
    if (offset + fixed > data.length) {
      // A prefix that already differs from the signature will not become binary COPY data.
      const seen = data.subarray(offset, offset + SIGNATURE.length);
      if (!seen.equals(SIGNATURE.subarray(0, seen.length))) throw new BinaryCopyFormatError('not binary COPY data (bad signature)');
      return -1;
    }
    if (!data.subarray(offset, offset + SIGNATURE.length).equals(SIGNATURE))
      throw new BinaryCopyFormatError('not binary COPY data (bad signature)');
    // Bits 16-31 of the flags are critical: a reader that does not know one must stop.
    if ((data.readInt32BE(offset + SIGNATURE.length) & 0xffff0000) !== 0)
      throw new BinaryCopyFormatError('binary COPY data uses a format extension this reader does not know');
    const extension = data.readInt32BE(offset + SIGNATURE.length + 4);
    if (extension < 0) throw new BinaryCopyFormatError('binary COPY header extension of negative length');
    if (offset + fixed + extension > data.length) return -1;
    this.headerRead = true;
    return offset + fixed + extension;
  }
}

/**
 * One `COPY ... TO STDOUT` as a node-postgres Submittable: each CopyData
 * message goes to `onData` as node-postgres's parser hands it over, a view
 * of the socket's bytes (pg-copy-streams, used before, joined them into new
 * zero-filled buffers first, which cost more CPU than the rest of reading
 * the stored documents). The client routes a query's protocol messages to
 * these handle* methods; a COPY TO gets CopyData, CommandComplete and
 * ReadyForQuery, or ErrorResponse.
 */
class CopyOutQuery {
  readonly done: Promise<void>;
  /**
   * Set by node-postgres when the query has a callback; with a query_timeout
   * it wraps it to clear its timer, so it is called when the query ends.
   */
  callback?: (error: unknown) => void;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private failure: { error: unknown } | undefined;
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly onData: (chunk: Buffer) => void,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    // Throwing here would throw inside the socket's data handler: keep the
    // first error, let the COPY run out, report it at ReadyForQuery. Once the
    // query has ended for its caller (a timeout), nothing more is handed on.
    if (this.failure !== undefined || this.settled) return;
    try {
      this.onData(message.chunk);
    } catch (error) {
      this.failure = { error };
    }
  }

  handleReadyForQuery(): void {
    this.end(this.failure);
  }

  /** A database error (the client then forgets this query), a broken connection or a query_timeout. */
  handleError(error: unknown): void {
    this.end({ error });
  }

  private end(failure: { error: unknown } | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.callback?.(failure?.error ?? null);
    if (failure !== undefined) this.settle.reject(failure.error);
    else this.settle.resolve();
  }

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('expected COPY TO STDOUT');
  }

  // Messages a COPY TO is never sent; the client may still call these on any query.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
}

/**
 * Streams a query's rows as raw bytes to `onRow`, through `COPY (query) TO
 * STDOUT (FORMAT binary)`. For bulk text that is passed on, not looked at:
 * node-postgres decodes every text field into a JavaScript string, which
 * the HTTP client then encodes back into the same bytes; for stored
 * documents that round trip was the indexer's largest cost. COPY takes no
 * bind parameters, so the bindings are inlined by knex's escaping of literals.
 */
export async function copyRowsBinary(
  db: Knex,
  sql: string,
  bindings: readonly Knex.Value[],
  onRow: (row: BinaryRowView) => void,
): Promise<void> {
  const text = `copy (${db.raw(sql, bindings as Knex.Value[]).toQuery()}) to stdout (format binary)`;
  // knex has no COPY; its pool lends the underlying node-postgres client.
  const connection = (await db.client.acquireConnection()) as PoolClient;
  try {
    const reader = new BinaryCopyReader(onRow);
    const query = new CopyOutQuery(text, (chunk) => reader.push(chunk));
    void connection.query(query);
    await query.done;
    reader.end();
  } finally {
    await db.client.releaseConnection(connection);
  }
}
