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
  const readInt = (offset: number, bytes: 2 | 4): number => {
    if (offset + bytes > data.length) throw new BinaryCopyFormatError('binary COPY data ends early');
    return bytes === 2 ? data.readInt16BE(offset) : data.readInt32BE(offset);
  };
  // Bits 16-31 of the flags are critical: a reader that does not know one must stop.
  if ((readInt(SIGNATURE.length, 4) & 0xffff0000) !== 0) throw new BinaryCopyFormatError('binary COPY data uses a format extension this reader does not know');
  const extension = readInt(SIGNATURE.length + 4, 4);
  if (extension < 0) throw new BinaryCopyFormatError('binary COPY header extension of negative length');
  let offset = SIGNATURE.length + 8 + extension;
  const rows: BinaryRow[] = [];
  for (;;) {
    const fields = readInt(offset, 2);
    offset += 2;
    if (fields === -1) return rows;
    if (fields < 0) throw new BinaryCopyFormatError(`binary COPY row with ${fields} fields`);
    const row: BinaryRow = new Array(fields);
    for (let i = 0; i < fields; i++) {
      const length = readInt(offset, 4);
      offset += 4;
      if (length === -1) row[i] = null;
      else {
        if (length < 0 || offset + length > data.length) throw new BinaryCopyFormatError('binary COPY field runs past the end of the data');
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
