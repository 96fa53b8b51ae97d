import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { BodyBufferPool } from '../bulk-body';

/**
 * The _bulk bodies of the last full reindex, kept in a local file so the next
 * one can send them again as they are. A reindex mostly sends documents that
 * have not changed since the one before; reading them back from Postgres
 * (product_documents) costs Postgres and Node ~8 µs per document beside
 * Elasticsearch's ~125, which on a machine they share is most of the gap to
 * a raw _bulk. A chunk is sent only if its products, versions and document
 * builder are still current (checked against Postgres page by page), so the
 * file is a cache: missing, stale or unreadable, the reindex reads Postgres.
 *
 * Format: MAGIC, then a u32 length and a JSON header { builder }, then per
 * _bulk body a u32 length and a JSON header { lastId, ids, versions, ends }
 * followed by the body, whose action i (metadata line, document, newline)
 * ends at ends[i] and starts where action i-1 ends. Bodies are written in
 * page order, so chunk k covers the ids after chunk k-1's lastId, through its
 * own (in Postgres's order, which is why the page's last id is kept: the
 * actions of a body are in no particular order).
 */
const MAGIC = Buffer.from('agora reindex snapshot 1\n');
/** A header longer than this is not one this code wrote. */
const MAX_HEADER_BYTES = 64 << 20;
const MAX_BODY_BYTES = 1 << 30;

export class SnapshotFormatError extends Error {}

export interface SnapshotChunk {
  /** The last id of the page the body was written for (its actions are in no particular order). */
  lastId: string;
  ids: string[];
  versions: number[];
  /** Where each action ends in `body`. */
  ends: number[];
  /** The bytes of the _bulk body: a view of `buffer`. */
  body: Buffer;
  /** Taken from the pool the reader was given: give it back when done. */
  buffer: Buffer;
}

/** `<dir>/<alias>.snapshot` */
export function snapshotPath(dir: string, alias: string): string {
  return path.join(dir, `${alias}.snapshot`);
}

function lengthPrefixed(json: unknown): Buffer {
  const text = Buffer.from(JSON.stringify(json));
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(text.length);
  return Buffer.concat([length, text]);
}

/**
 * Writes a new snapshot next to the current one and replaces it on commit,
 * so a failed or interrupted reindex leaves the last good one. A failed
 * write (a full disk) never fails the reindex: the new snapshot is dropped.
 */
export class SnapshotWriter {
  private tail: Promise<void> = Promise.resolve();
  private position = 0;
  private failure: unknown;
  private closed = false;

  private constructor(
    private readonly file: FileHandle,
    private readonly temporaryPath: string,
    private readonly finalPath: string,
  ) {}

  /** Null when the file cannot be created (the reindex goes on without writing one). */
  static async create(finalPath: string, builder: string): Promise<SnapshotWriter | null> {
    const temporaryPath = `${finalPath}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(finalPath), { recursive: true });
      const writer = new SnapshotWriter(await open(temporaryPath, 'wx'), temporaryPath, finalPath);
      writer.write([MAGIC, lengthPrefixed({ builder })]);
      return writer;
    } catch {
      return null;
    }
  }

  /** The error that stopped writing, if any. */
  get error(): unknown {
    return this.failure;
  }

  /**
   * Queues one body (in page order: call as bodies are finished, not as
   * their requests complete). Resolves when its bytes are written, after
   * which the caller may reuse `body`'s memory; never rejects.
   */
  append(lastId: string, ids: readonly string[], versions: readonly number[], ends: readonly number[], body: Buffer): Promise<void> {
    if (ids.length === 0) return this.tail;
    return this.write([lengthPrefixed({ lastId, ids, versions, ends }), body]);
  }

  /** Makes the new snapshot the current one; false (and nothing replaced) if a write failed. */
  async commit(): Promise<boolean> {
    await this.close();
    if (this.failure === undefined) {
      try {
        await rename(this.temporaryPath, this.finalPath);
        return true;
      } catch (error) {
        this.failure = error;
      }
    }
    await rm(this.temporaryPath, { force: true }).catch(() => undefined);
    return false;
  }

  async abort(): Promise<void> {
    await this.close();
    await rm(this.temporaryPath, { force: true }).catch(() => undefined);
  }

  private write(buffers: Buffer[]): Promise<void> {
    this.tail = this.tail.then(async () => {
      if (this.failure !== undefined || this.closed) return;
      try {
        const bytes = buffers.reduce((sum, b) => sum + b.length, 0);
        let written = 0;
        // writev may write less than asked (a signal, a nearly full disk): go on from where it stopped.
        while (written < bytes) {
          const { bytesWritten } = await this.file.writev(remainder(buffers, written), this.position + written);
          if (bytesWritten === 0) throw new Error('snapshot write made no progress');
          written += bytesWritten;
        }
        this.position += bytes;
      } catch (error) {
        this.failure = error;
      }
    });
    return this.tail;
  }

  private async close(): Promise<void> {
    await this.tail;
    if (this.closed) return;
    this.closed = true;
    await this.file.close().catch((error: unknown) => (this.failure ??= error));
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
  private position: number;

  private constructor(
    private readonly file: FileHandle,
    start: number,
  ) {
    this.position = start;
  }

  /** Null when there is no snapshot, or it was written by another format or document builder. */
  static async open(snapshot: string, builder: string): Promise<SnapshotReader | null> {
    let file: FileHandle;
    try {
      file = await open(snapshot, 'r');
    } catch {
      return null;
    }
    try {
      const magic = await readExactly(file, 0, MAGIC.length);
      if (magic === null || !magic.equals(MAGIC)) throw new SnapshotFormatError('not a snapshot');
      const header = await readHeader(file, MAGIC.length);
      if (header === null || (header.value as { builder?: unknown }).builder !== builder) throw new SnapshotFormatError('another document builder');
      return new SnapshotReader(file, header.end);
    } catch {
      await file.close().catch(() => undefined);
      return null;
    }
  }

  /** The next body, or null at the end. Throws SnapshotFormatError on anything this code would not have written. */
  async next(pool: BodyBufferPool): Promise<SnapshotChunk | null> {
    const header = await readHeader(this.file, this.position);
    if (header === null) return null;
    const { lastId, ids, versions, ends } = header.value as { lastId?: unknown; ids?: unknown; versions?: unknown; ends?: unknown };
    if (typeof lastId !== 'string' || !isArrayOf<string>(ids, (id) => typeof id === 'string') || !isArrayOf<number>(versions, Number.isSafeInteger) || !isArrayOf<number>(ends, Number.isSafeInteger)) {
      throw new SnapshotFormatError('malformed chunk header');
    }
    if (ids.length === 0 || versions.length !== ids.length || ends.length !== ids.length) throw new SnapshotFormatError('chunk header lengths differ');
    for (let i = 0, previous = 0; i < ends.length; previous = ends[i]!, i++) if (ends[i]! <= previous) throw new SnapshotFormatError('chunk ends out of order');
    const bodyBytes = ends.at(-1)!;
    if (bodyBytes > MAX_BODY_BYTES) throw new SnapshotFormatError('chunk too large');
    const buffer = pool.take(bodyBytes);
    const { bytesRead } = await this.file.read(buffer, 0, bodyBytes, header.end);
    if (bytesRead !== bodyBytes) {
      pool.give(buffer);
      throw new SnapshotFormatError('snapshot ends inside a chunk');
    }
    this.position = header.end + bodyBytes;
    return { lastId, ids, versions, ends, body: buffer.subarray(0, bodyBytes), buffer };
  }

  async close(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }
}

function isArrayOf<T>(value: unknown, test: (item: unknown) => boolean): value is T[] {
  return Array.isArray(value) && value.every(test);
}

/** `length` bytes at `position`, or null if the file ends first. */
async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer | null> {
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : null;
}

/** A length-prefixed JSON header at `position`; null at the end of the file. */
async function readHeader(file: FileHandle, position: number): Promise<{ value: unknown; end: number } | null> {
  const length = await readExactly(file, position, 4);
  if (length === null) return null;
  const bytes = length.readUInt32BE(0);
  if (bytes > MAX_HEADER_BYTES) throw new SnapshotFormatError('header too large');
  const text = await readExactly(file, position + 4, bytes);
  if (text === null) throw new SnapshotFormatError('snapshot ends inside a header');
  try {
    return { value: JSON.parse(text.toString('utf8')) as unknown, end: position + 4 + bytes };
  } catch {
    throw new SnapshotFormatError('header is not JSON');
  }
}
