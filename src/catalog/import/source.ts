import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * A file as a byte stream, gunzipped on the fly when it is gzip. The format
 * is read from the first two bytes rather than the name, so `orders.csv`
 * that is really compressed (or `x.gz` that is not) still imports.
 */
export async function openSource(path: string): Promise<Readable> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const raw = createReadStream(path);
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return raw;
  const gunzip = createGunzip();
  // pipe() does not forward errors; a truncated file must fail the import, not hang it.
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}
