import { upsertMetadataLine, type IndexAction } from './bulk';

/** A finished body: the bytes to send, and each action with its own NDJSON inside them (for retrying a subset). */
export interface WrittenBulkBody {
  body: Buffer;
  actions: IndexAction[];
  /** Action i's metadata line and document, newline-terminated: a view of `body`, not a copy. */
  serialized: Buffer[];
  /** Where action i ends in `body` (it starts where i-1 ends). */
  ends: number[];
  /** The actions whose document was given as text (built by the caller), not as bytes. */
  fromText: ReadonlySet<IndexAction>;
  /**
   * Hands the body's memory back to the pool it came from, for another body.
   * Call once nothing reads `body`, the views in `serialized` or the
   * documents of `actions` (views of it too) any more.
   */
  release(): void;
}

/**
 * Buffers for _bulk bodies, kept for reuse. A reindex writes a few hundred
 * MB of bodies per 100k products; copying into memory the process already
 * touched is several times faster than into fresh pages the kernel must
 * fault in, and leaves the garbage collector less to account for.
 */
export class BodyBufferPool {
  private readonly free: Buffer[] = [];

  /** `keep`: buffers held at most (about the bodies alive at once). */
  constructor(private readonly keep: number) {}

  take(minBytes: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= minBytes);
    if (index !== -1) return this.free.splice(index, 1)[0]!;
    // Sizes rounded up to a power of two, so a body a little larger than the last still finds one.
    return Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(Math.max(1024, minBytes))));
  }

  /** Keeps the largest buffers: the small ones a body outgrew are of no use to the next. */
  give(buffer: Buffer): void {
    if (this.free.length < this.keep) {
      this.free.push(buffer);
      return;
    }
    let smallest = -1;
    for (let i = 0; i < this.free.length; i++)
      if (this.free[i]!.length < buffer.length && (smallest === -1 || this.free[i]!.length < this.free[smallest]!.length)) smallest = i;
    if (smallest !== -1) this.free[smallest] = buffer;
  }
}

/**
 * Writes a _bulk request body of external-versioned upserts in place, into
 * one buffer that grows as needed. A document that is bytes already (read
 * from the store) is copied once, straight into the body; one that is text
 * is encoded once. The metadata lines are the ones serializeAction writes.
 */
export class BulkBodyWriter {
  private buffer: Buffer;
  private length = 0;
  private readonly ids: string[] = [];
  private readonly versions: number[] = [];
  /** Whether the document was given as text. */
  private readonly givenAsText: boolean[] = [];
  /** Per action, where its metadata line starts and its document starts and ends (without the newline). */
  private readonly offsets: number[] = [];
  private finished = false;

  /**
   * `capacity`: bytes to start with; the body grows by doubling, so a good
   * guess (the last body's size) saves copies. `pool`: where its buffers come
   * from and go back to (finish().release()); none: garbage collected.
   */
  constructor(
    capacity = 64 * 1024,
    private readonly pool: BodyBufferPool = new BodyBufferPool(0),
    buffer?: Buffer,
  ) {
    this.buffer = buffer ?? pool.take(Math.max(1024, capacity));
  }

  get count(): number {
    return this.ids.length;
  }

  /** An upsert of the document whose JSON is `source[start, end)`. */
  addIndexBytes(id: string, version: number, source: Buffer, start: number, end: number): void {
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= source.length))
      throw new RangeError(`document bytes [${start}, ${end}) are outside the source`);
    this.add(id, version, end - start, false, (at) => source.copy(this.buffer, at, start, end));
  }

  /**
   * A whole upsert action as bytes `source[start, end)`: its metadata line,
   * the document from `jsonStart`, and a newline (read with
   * readUpsertMetadata from a reindex snapshot). Copied as it is.
   */
  addUpsertAction(id: string, version: number, source: Buffer, start: number, jsonStart: number, end: number): void {
    this.assertOpen();
    if (!(start >= 0 && start < jsonStart && jsonStart < end && end <= source.length && source[end - 1] === 0x0a))
      throw new RangeError(`bytes [${start}, ${end}) are not an upsert action`);
    this.reserve(end - start);
    const at = this.length;
    source.copy(this.buffer, at, start, end);
    this.length = at + (end - start);
    this.ids.push(id);
    this.versions.push(version);
    this.givenAsText.push(false);
    this.offsets.push(at, at + (jsonStart - start), this.length - 1);
  }

  /**
   * A writer whose body is already written: `buffer[0, ends.at(-1))`, upsert
   * actions of `ids` at `versions`, documents starting at `jsonStarts` and
   * actions ending at `ends` (a reindex snapshot's chunk). It owns `buffer`
   * from now on and gives it back to `pool` on release.
   */
  static adopt(
    buffer: Buffer,
    chunk: { ids: readonly string[]; versions: readonly number[]; jsonStarts: readonly number[]; ends: readonly number[] },
    pool: BodyBufferPool,
  ): BulkBodyWriter {
    const writer = new BulkBodyWriter(0, pool, buffer);
    let start = 0;
    chunk.ends.forEach((end, i) => {
      writer.ids.push(chunk.ids[i]!);
      writer.versions.push(chunk.versions[i]!);
      writer.givenAsText.push(false);
      writer.offsets.push(start, chunk.jsonStarts[i]!, end - 1);
      start = end;
    });
    writer.length = start;
    return writer;
  }

  /** An upsert of the document whose JSON text is `json`. */
  addIndexText(id: string, version: number, json: string): void {
    this.add(id, version, Buffer.byteLength(json), true, (at) => this.buffer.write(json, at));
  }

  /** The body and its actions. The writer takes nothing more; `release` gives the memory back once. */
  finish(): WrittenBulkBody {
    this.assertOpen();
    this.finished = true;
    const body = this.buffer.subarray(0, this.length);
    const actions: IndexAction[] = new Array(this.ids.length);
    const serialized: Buffer[] = new Array(this.ids.length);
    const ends: number[] = new Array(this.ids.length);
    const fromText = new Set<IndexAction>();
    for (let i = 0; i < this.ids.length; i++) {
      const start = this.offsets[3 * i]!;
      const jsonStart = this.offsets[3 * i + 1]!;
      const end = this.offsets[3 * i + 2]!;
      // Every document as a view of the body: text given is not kept, and storing it needs the bytes.
      actions[i] = { op: 'index', id: this.ids[i]!, version: this.versions[i]!, json: body.subarray(jsonStart, end) };
      serialized[i] = body.subarray(start, end + 1);
      ends[i] = end + 1;
      if (this.givenAsText[i]) fromText.add(actions[i]!);
    }
    const buffer = this.buffer;
    let released = false;
    const release = () => {
      // Twice would put the buffer in the pool twice, for two bodies at once.
      if (released) return;
      released = true;
      this.pool.give(buffer);
    };
    return { body, actions, serialized, ends, fromText, release };
  }

  /**
   * Writes one action whole or not at all: everything that can fail (the
   * room it needs) happens before the first byte is written, so an error
   * leaves the body and its offsets as they were.
   */
  private add(id: string, version: number, jsonBytes: number, givenAsText: boolean, writeJson: (at: number) => number): void {
    this.assertOpen();
    const meta = upsertMetadataLine(id, version);
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    this.reserve(meta.length * 3 + jsonBytes + 1);
    const start = this.length;
    const jsonStart = start + this.buffer.write(meta, start);
    const jsonEnd = jsonStart + writeJson(jsonStart);
    this.buffer[jsonEnd] = 0x0a;
    this.length = jsonEnd + 1;
    this.ids.push(id);
    this.versions.push(version);
    this.givenAsText.push(givenAsText);
    this.offsets.push(start, jsonStart, jsonEnd);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('BulkBodyWriter used after finish()');
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = this.pool.take(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.pool.give(this.buffer);
    this.buffer = grown;
  }
}
