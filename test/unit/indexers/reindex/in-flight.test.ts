import assert from 'node:assert/strict';
import { InFlight } from '../../../../indexers/reindex/in-flight';

/** A promise and the functions that settle it. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('bulk load work in flight', () => {
  it('is full at `concurrency` sends or recordings, or more than `concurrency + 1` snapshot writes', () => {
    const work = new InFlight(2);
    assert.equal(work.full(), false);
    work.send(deferred().promise);
    assert.equal(work.full(), false);
    work.send(deferred().promise);
    assert.equal(work.full(), true);

    const recording = new InFlight(1);
    recording.record(deferred().promise);
    assert.equal(recording.full(), true);

    const keeping = new InFlight(1);
    keeping.keep(deferred().promise);
    keeping.keep(deferred().promise);
    assert.equal(keeping.full(), false);
    keeping.keep(deferred().promise);
    assert.equal(keeping.full(), true);
  });

  it('frees a slot when a task settles, whether it succeeded or failed', async () => {
    const work = new InFlight(1);
    const send = deferred();
    work.send(send.promise);
    assert.equal(work.full(), true);
    send.reject(new Error('refused'));
    await work.anySettled();
    assert.equal(work.full(), false);
  });

  it('throws the first failure only once nothing is being sent or recorded', async () => {
    const work = new InFlight(2);
    const slow = deferred();
    const failing = deferred();
    work.send(slow.promise);
    work.record(failing.promise);
    failing.reject(new Error('first'));
    await work.anySettled();
    let settled = false;
    const throwing = work.throwIfFailed().finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'the slow send is still under way');
    slow.resolve();
    await assert.rejects(throwing, /first/);
  });

  it('keeps a failed page read for finish(), after what was sent', async () => {
    const work = new InFlight(1);
    const send = deferred();
    work.send(send.promise);
    assert.equal(await Promise.reject(new Error('read failed')).catch(work.failed), null);
    let settled = false;
    const finishing = work.finish().finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    send.resolve();
    await assert.rejects(finishing, /read failed/);
  });

  it('finishes quietly when nothing failed, and waits for snapshot writes apart', async () => {
    const work = new InFlight(1);
    const write = deferred();
    work.keep(write.promise);
    await work.finish();
    let kept = false;
    const allKept = work.allKept().then(() => (kept = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(kept, false);
    write.resolve();
    await allKept;
  });
});
