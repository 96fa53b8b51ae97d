/**
 * What a bulk load has under way besides reading and building a page, and
 * the first failure among it. Tasks never reject: a failure is kept and
 * thrown by throwIfFailed or finish once everything under way has settled,
 * so the caller, which drops the new index on a failure, never hears of it
 * while a late write could still bring the index back.
 */
export class InFlight {
  /** _bulk requests Elasticsearch is working on: what `concurrency` bounds. */
  private readonly sending = new Set<Promise<void>>();
  /** Bookkeeping in Postgres after a batch came back; bounded the same way, but it does not hold a _bulk slot. */
  private readonly recording = new Set<Promise<void>>();
  /** Snapshot writes under way: each holds its body's buffer, so a slow disk must slow the load, not grow memory. */
  private readonly keeping = new Set<Promise<void>>();
  private readonly failures: unknown[] = [];

  constructor(private readonly concurrency: number) {}

  /** A batch's _bulk request (and what follows it until it hands over to record()). */
  send(task: Promise<void>): void {
    this.track(this.sending, task);
  }

  /** A sent batch's bookkeeping. */
  record(task: Promise<void>): void {
    this.track(this.recording, task);
  }

  /** A body being written to the new snapshot; never rejects (SnapshotWriter.append). */
  keep(write: Promise<void>): void {
    this.keeping.add(write);
    void write.then(() => this.keeping.delete(write));
  }

  /** Keeps a failure that happened outside a tracked task (a page read); null, for the caller's "no page". */
  readonly failed = (error: unknown): null => {
    this.failures.push(error);
    return null;
  };

  /** Whether the next batch must wait before it is sent. */
  full(): boolean {
    return this.sending.size >= this.concurrency || this.recording.size >= this.concurrency || this.keeping.size > this.concurrency + 1;
  }

  /** Settles when any task under way does. */
  anySettled(): Promise<void> {
    return Promise.race([...this.sending, ...this.recording, ...this.keeping]);
  }

  /** Throws the first failure, once nothing is being sent or recorded any more. */
  async throwIfFailed(): Promise<void> {
    if (this.failures.length === 0) return;
    await Promise.all([...this.sending, ...this.recording]);
    throw this.failures[0];
  }

  /** Waits for every batch to be sent and recorded; then throws the first failure, if any. */
  async finish(): Promise<void> {
    await Promise.all(this.sending);
    // Only now is every recording started: each sent batch adds its own.
    await Promise.all(this.recording);
    await this.throwIfFailed();
  }

  /** Waits for the snapshot writes, which hold body buffers. */
  async allKept(): Promise<void> {
    await Promise.all(this.keeping);
  }

  private track(tasks: Set<Promise<void>>, task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => void this.failures.push(error));
    tasks.add(tracked);
    void tracked.finally(() => tasks.delete(tracked));
  }
}
