import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** One row of a binary COPY: each field's raw bytes, null for SQL NULL. */
export type BinaryRow = Array<Buffer | null>;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class BinaryCopyFormatError extends Error {}

/**
 * Rows of PostgreSQL's binary COPY format: a signature, flags and a header
 * extension, then per row a field count and per field a length (-1: NULL)
 * and that many bytes; a field count of -1 ends the data. Fields are
 * sub-arrays of `data`, not copies.
 */
export function parseBinaryCopy(data: Buffer): BinaryRow[] {
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new BinaryCopyFormatError('not binary COPY data (bad signature)');
  let offset = SIGNATURE.length + 4;
  offset += 4 + data.readInt32BE(offset);
  const rows: BinaryRow[] = [];
  for (;;) {
    if (offset + 2 > data.length) throw new BinaryCopyFormatError('binary COPY data ends without its trailer');
    const fields = data.readInt16BE(offset);
    offset += 2;
    if (fields === -1) return rows;
    const row: BinaryRow = new Array(fields);
    for (let i = 0; i < fields; i++) {
      const length = data.readInt32BE(offset);
      offset += 4;
      if (length === -1) row[i] = null;
      else {
        if (offset + length > data.length) throw new BinaryCopyFormatError('binary COPY field runs past the end of the data');
        row[i] = data.subarray(offset, offset + length);
        offset += length;
      }
    }
    rows.push(row);
  }
}

/**
 * A query's rows as raw bytes, through `COPY (query) TO STDOUT (FORMAT
 * binary)`. For bulk text that is passed on, not looked at: node-postgres
 * decodes every text field into a JavaScript string, which the HTTP client
 * then encodes back into the same bytes; for stored documents that round
 * trip was the indexer's largest cost. COPY takes no bind parameters, so the
 * bindings are inlined by knex's escaping of literals.
 */
export async function copyRowsBinary(db: Knex, sql: string, bindings: readonly Knex.Value[]): Promise<BinaryRow[]> {
  const text = `copy (${db.raw(sql, bindings as Knex.Value[]).toQuery()}) to stdout (format binary)`;
  // knex has no COPY; its pool lends the underlying node-postgres client.
  const connection = (await db.client.acquireConnection()) as PoolClient;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of connection.query(copyTo(text))) chunks.push(chunk as Buffer);
    return parseBinaryCopy(Buffer.concat(chunks));
  } finally {
    await db.client.releaseConnection(connection);
  }
}
