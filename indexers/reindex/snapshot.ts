import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { readUpsertMetadata } from '../bulk';
import type { BodyBufferPool } from '../bulk-body';

/**
 * The _bulk bodies of the last full reindex, kept in local files so the next
 * one can send them again as they are. A reindex mostly sends documents that
 * have not changed since the one before; reading them back from Postgres
 * (product_documents) costs Postgres and Node several µs per document beside
 * Elasticsearch's ~125, which on a machine they share is most of the gap to a
 * raw _bulk. The files are a cache: missing, stale or unreadable, the
 * reindex reads Postgres (when a body may be sent again, and what else a
 * reindex reads instead: indexers/README.md).
 *
 * A snapshot is a directory: `manifest.json` ({ format, builder, token,
 * chunks: [{ file, lastId }] }) and one file per body, listed in page order,
 * so chunk k covers the ids after chunk k-1's lastId through its own (in
 * Postgres's order; the actions inside a body are in no particular order).
 * The token names the reindex that wrote the manifest in its database: the
 * caller accepts the snapshot only if its database knows it (versions come
 * from a sequence, so another database may hold the same ids and versions
 * with other content). A body sent unchanged is listed again by the next
 * manifest, not rewritten. A chunk file is the body, then each action's end
 * as a u32, the body's CRC-32, and the number of actions: the body starts at
 * byte 0, so it is read straight into a _bulk buffer. Nothing is fsynced: a
 * chunk torn by a crash fails its checksum and the reindex reads Postgres.
 * The ids and versions are read from the body's own metadata lines, which are
 * what Elasticsearch is sent.
 */
const FORMAT = 3;
const MANIFEST = 'manifest.json';
/** Larger than any _bulk body Elasticsearch accepts (http.max_content_length is 100 MB). */
const MAX_CHUNK_BYTES = 100 << 20;
/** The trailer of a chunk of a million actions. */
const MAX_TRAILER_BYTES = 4 * (1_000_000 + 2);

export class SnapshotFormatError extends Error {}

export interface SnapshotChunk {
  /** The chunk's file name in the snapshot directory. */
  file: string;
  /** The last id of the page the body was written for. */
  lastId: string;
  ids: string[];
  versions: number[];
  /** Where each action's document starts, and where the action ends (after its newline), in `body`. */
  jsonStarts: number[];
  ends: number[];
  /** The bytes of the _bulk body: `buffer[0, ends.at(-1))`. */
  body: Buffer;
  /** Taken from the pool the reader was given: give it back when done. */
  buffer: Buffer;
}

interface Manifest {
  format: number;
  builder: string;
  token: string;
  chunks: Array<{ file: string; lastId: string }>;
}

/** `<dir>/<name>`: a snapshot directory (reindexSnapshotDirectory names them). */
export function snapshotPath(dir: string, name: string): string {
  return path.join(dir, name);
}

/**
 * Collects the new snapshot's chunks and replaces the manifest on commit, so
 * a failed or interrupted reindex leaves the last good snapshot. A failed
 * write (a full disk) never fails the reindex: the new snapshot is dropped.
 */
export class SnapshotWriter {
  private readonly chunks: Array<{ file: string; lastId: string }> = [];
  private readonly created: string[] = [];
  private readonly writes: Array<Promise<void>> = [];
  private failure: unknown;

  private constructor(
    private readonly dir: string,
    private readonly builder: string,
  ) {}

  /** Null when the directory cannot be made (told to `onError`; the reindex goes on without a snapshot). */
  static async create(dir: string, builder: string, onError: (error: unknown) => void = () => undefined): Promise<SnapshotWriter | null> {
    try {
      await mkdir(dir, { recursive: true });
      return new SnapshotWriter(dir, builder);
    } catch (error) {
      onError(error);
      return null;
    }
  }

  /** The error that stopped writing, if any. */
  get error(): unknown {
    return this.failure;
  }

  /** A page sent as chunk `chunk` of the snapshot being read, unchanged: listed again, not rewritten. Call in page order. */
  reuse(chunk: SnapshotChunk): void {
    this.chunks.push({ file: chunk.file, lastId: chunk.lastId });
  }

  /**
   * A page's body, its actions ending at `ends`. Call in page order, as bodies
   * are finished (not as their requests complete). Resolves when the bytes are
   * written, after which the caller may reuse `body`'s memory; never rejects.
   */
  append(lastId: string, ends: readonly number[], body: Buffer): Promise<void> {
    if (ends.length === 0 || this.failure !== undefined) return Promise.resolve();
    const file = `${randomBytes(8).toString('hex')}.chunk`;
    this.chunks.push({ file, lastId });
    const write = (async () => {
      const trailer = Buffer.allocUnsafe(4 * (ends.length + 2));
      ends.forEach((end, i) => trailer.writeUInt32BE(end, 4 * i));
      trailer.writeUInt32BE(crc32(body), 4 * ends.length);
      trailer.writeUInt32BE(ends.length, 4 * ends.length + 4);
      await writeAll(path.join(this.dir, file), [body, trailer], () => this.created.push(file));
    })().catch((error: unknown) => void (this.failure ??= error));
    this.writes.push(write);
    return write;
  }

  /**
   * Makes the new snapshot the current one, under `token` (which the caller
   * keeps in its database first), and deletes chunks no longer listed; false
   * (nothing replaced) if a write failed.
   */
  async commit(token: string): Promise<boolean> {
    await Promise.all(this.writes);
    if (this.failure === undefined) {
      try {
        const manifest: Manifest = { format: FORMAT, builder: this.builder, token, chunks: this.chunks };
        const temporary = path.join(this.dir, `${MANIFEST}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
        await writeFile(temporary, JSON.stringify(manifest));
        await rename(temporary, path.join(this.dir, MANIFEST));
      } catch (error) {
        this.failure = error;
      }
    }
    if (this.failure !== undefined) {
      await this.abort();
      return false;
    }
    // One reindex runs at a time (an advisory lock): any other chunk is left over from an older snapshot or a failed run.
    const listed = new Set(this.chunks.map((c) => c.file));
    const files = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      files
        .filter((f) => (f.endsWith('.chunk') || f.endsWith('.tmp')) && !listed.has(f))
        .map((f) => rm(path.join(this.dir, f), { force: true }).catch(() => undefined)),
    );
    return true;
  }

  /** Deletes what this writer wrote; the last snapshot stays. */
  async abort(): Promise<void> {
    await Promise.all(this.writes);
    await Promise.all(this.created.map((f) => rm(path.join(this.dir, f), { force: true }).catch(() => undefined)));
  }
}

/** Writes a new file; `created` is told once it exists (and is this writer's to delete). */
async function writeAll(file: string, buffers: Buffer[], created: () => void): Promise<void> {
  const handle = await open(file, 'wx');
  created();
  try {
    const bytes = buffers.reduce((sum, b) => sum + b.length, 0);
    // writev may write less than asked (a signal, a nearly full disk): go on from where it stopped.
    for (let written = 0; written < bytes;) {
      const { bytesWritten } = await handle.writev(remainder(buffers, written), written);
      if (bytesWritten === 0) throw new Error('snapshot write made no progress');
      written += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** `buffers` without their first `skip` bytes. */
function remainder(buffers: readonly Buffer[], skip: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

/** Reads a snapshot's bodies in order, each into a buffer from the caller's pool. */
export class SnapshotReader {
  /** The index of the next chunk to read. */
  private position = 0;

  private constructor(
    private readonly dir: string,
    /** The token of the reindex that wrote it: use the snapshot only if the database knows it. */
    readonly token: string,
    private readonly chunks: Manifest['chunks'],
  ) {}

  /** Null when there is no snapshot, or it was written in another format or by another document builder. */
  static async open(dir: string, builder: string): Promise<SnapshotReader | null> {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
      if (
        manifest.format !== FORMAT ||
        manifest.builder !== builder ||
        typeof manifest.token !== 'string' ||
        !Array.isArray(manifest.chunks)
      )
        return null;
      if (!manifest.chunks.every((c) => typeof c?.file === 'string' && /^[0-9a-f]+\.chunk$/.test(c.file) && typeof c.lastId === 'string'))
        return null;
      return new SnapshotReader(dir, manifest.token, manifest.chunks);
    } catch {
      return null;
    }
  }

  /** The next body, or null at the end. Throws on anything this code would not have written. */
  async next(pool: BodyBufferPool): Promise<SnapshotChunk | null> {
    const entry = this.chunks[this.position++];
    if (entry === undefined) return null;
    const handle = await open(path.join(this.dir, entry.file), 'r');
    let buffer: Buffer | undefined;
    try {
      const { size } = await handle.stat();
      if (size < 8 || size > MAX_CHUNK_BYTES + MAX_TRAILER_BYTES)
        throw new SnapshotFormatError(`chunk ${entry.file} has an impossible size`);
      buffer = pool.take(size);
      const { bytesRead } = await handle.read(buffer, 0, size, 0);
      if (bytesRead !== size) throw new SnapshotFormatError(`chunk ${entry.file} changed while read`);
      const chunk = parseChunk(entry, buffer, size);
      buffer = undefined;
      return chunk;
    } finally {
      if (buffer !== undefined) pool.give(buffer);
      await handle.close();
    }
  }
}

function parseChunk(entry: { file: string; lastId: string }, buffer: Buffer, size: number): SnapshotChunk {
  const count = buffer.readUInt32BE(size - 4);
  const bodyBytes = size - 4 * (count + 2);
  if (count === 0 || bodyBytes <= 0) throw new SnapshotFormatError(`chunk ${entry.file} has no actions`);
  if (crc32(buffer.subarray(0, bodyBytes)) !== buffer.readUInt32BE(size - 8))
    throw new SnapshotFormatError(`chunk ${entry.file} fails its checksum`);
  const ids: string[] = new Array(count);
  const versions: number[] = new Array(count);
  const jsonStarts: number[] = new Array(count);
  const ends: number[] = new Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = buffer.readUInt32BE(bodyBytes + 4 * i);
    if (end <= start || end > bodyBytes || buffer[end - 1] !== 0x0a)
      throw new SnapshotFormatError(`chunk ${entry.file}: action ${i} out of place`);
    const meta = readUpsertMetadata(buffer, start, end);
    if (meta === null) throw new SnapshotFormatError(`chunk ${entry.file}: action ${i} is not an upsert`);
    ids[i] = meta.id;
    versions[i] = meta.version;
    jsonStarts[i] = meta.jsonStart;
    ends[i] = end;
    start = end;
  }
  if (start !== bodyBytes) throw new SnapshotFormatError(`chunk ${entry.file}: actions do not fill the body`);
  return { file: entry.file, lastId: entry.lastId, ids, versions, jsonStarts, ends, body: buffer.subarray(0, bodyBytes), buffer };
}
