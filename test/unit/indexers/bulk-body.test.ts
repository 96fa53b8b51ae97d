import assert from 'node:assert/strict';
import { BodyBufferPool, BulkBodyWriter } from '../../../indexers/bulk-body';
import { bulkBody, serializeAction } from '../../../indexers/bulk';

describe('BulkBodyWriter', () => {
  const documents = [
    { id: 'a', version: 7, json: '{"title_en":"Tea \\"Pot\\""}' },
    // An id JSON must escape, and non-ASCII text: bytes, not string lengths, place every part.
    { id: 'b"\\壶', version: 9_007_199_254_740_991, json: '{"title_zh":"水壶 Kettle"}' },
    { id: 'c', version: 3, json: '{}' },
  ];

  function write(capacity: number, pool?: BodyBufferPool) {
    const writer = new BulkBodyWriter(capacity, pool);
    for (const [i, d] of documents.entries()) {
      // Every other document as bytes inside a larger buffer, as the store's rows arrive.
      if (i % 2 === 1) {
        const source = Buffer.from(`xx${d.json}yy`);
        writer.addIndexBytes(d.id, d.version, source, 2, source.length - 2);
      } else writer.addIndexText(d.id, d.version, d.json);
    }
    return writer.finish();
  }

  it('writes the same NDJSON as serializeAction, growing from a tiny buffer as needed', () => {
    const expected = documents.map((d) => serializeAction({ op: 'index', ...d })).join('');
    for (const capacity of [1, 64, 100_000]) {
      const { body, actions, serialized, fromText } = write(capacity);
      assert.equal(body.toString('utf8'), expected, `capacity ${capacity}`);
      assert.deepEqual(
        actions.map((a) => (a.op === 'index' ? [a.id, a.version, String(a.json)] : null)),
        documents.map((d) => [d.id, d.version, d.json]),
      );
      for (const action of actions)
        assert.ok(
          action.op === 'index' && Buffer.isBuffer(action.json) && action.json.buffer === body.buffer,
          'every document is a view of the body',
        );
      assert.deepEqual(
        actions.map((a) => fromText.has(a)),
        [true, false, true],
        'the documents given as text (built, to be stored) are told apart from those given as bytes',
      );
      assert.deepEqual(
        serialized.map((line) => line.toString('utf8')),
        documents.map((d) => String(serializeAction({ op: 'index', ...d }))),
      );
    }
  });

  it('is sent as one view of its memory, and a retry of some actions still gets exactly their lines', () => {
    const { body, serialized } = write(1024);
    const whole = bulkBody(serialized);
    assert.ok(Buffer.isBuffer(whole));
    assert.equal(whole.buffer, body.buffer, 'not copied');
    assert.equal(whole.byteOffset, body.byteOffset);
    assert.equal(whole.length, body.length);
    const retry = bulkBody([serialized[0]!, serialized[2]!]);
    assert.equal(retry.toString(), `${serialized[0]!.toString()}${serialized[2]!.toString()}`);
  });

  it('takes its memory from the pool and gives it back on release; the pool keeps the largest buffers', () => {
    const pool = new BodyBufferPool(1);
    const first = write(1 << 16, pool);
    first.release();
    const second = write(1 << 16, pool);
    assert.equal(second.body.buffer, first.body.buffer, 'the released buffer is reused');
    const small = Buffer.alloc(2048);
    const large = Buffer.alloc(1 << 20);
    const keeper = new BodyBufferPool(1);
    keeper.give(small);
    keeper.give(large);
    keeper.give(Buffer.alloc(4096));
    assert.equal(keeper.take(1), large);
    assert.notEqual(keeper.take(1), small, 'the small one was dropped for the large one');
  });

  it('never hands the buffer it is writing into back to the pool while growing', () => {
    const pool = new BodyBufferPool(8);
    const writer = new BulkBodyWriter(16, pool);
    // Bodies start at 1 kB: these take it through a few doublings.
    const large = Array.from({ length: 20 }, (_, i) => ({ id: `p-${i}`, version: i, json: JSON.stringify({ text: 'x'.repeat(300 * i) }) }));
    const expected = large.map((d) => serializeAction({ op: 'index', ...d })).join('');
    for (const d of large) writer.addIndexText(d.id, d.version, d.json);
    // Whatever the pool holds now may be given to another body: scribble over all of it.
    for (let i = 0; i < 8; i++) pool.take(1).fill(0xff);
    assert.equal(writer.finish().body.toString('utf8'), expected);
  });

  it('writes an action whole or not at all, and is closed by finish(); release gives the memory back once', () => {
    const writer = new BulkBodyWriter(16);
    writer.addIndexText('a', 1, '{}');
    assert.throws(() => writer.addIndexBytes('b', 2, Buffer.from('{}'), -1, 2), RangeError);
    assert.throws(() => writer.addIndexBytes('b', 2, Buffer.from('{}'), 0, 3), RangeError);
    writer.addIndexText('c', 3, '{"x":1}');
    const { body, serialized } = writer.finish();
    assert.equal(
      body.toString(),
      `${String(serializeAction({ op: 'index', id: 'a', version: 1, json: '{}' }))}${String(serializeAction({ op: 'index', id: 'c', version: 3, json: '{"x":1}' }))}`,
    );
    assert.equal(serialized.length, 2);
    assert.throws(() => writer.addIndexText('d', 4, '{}'), /after finish/);
    assert.throws(() => writer.finish(), /after finish/);

    const pool = new BodyBufferPool(4);
    // 64 kB: larger sizes get memory of their own rather than a slice of Node's shared slab.
    const pooled = new BulkBodyWriter(1 << 16, pool).finish();
    pooled.release();
    pooled.release();
    assert.equal(pool.take(1).buffer, pooled.body.buffer, 'released once: back in the pool');
    assert.notEqual(pool.take(1).buffer, pooled.body.buffer, 'released twice: still only once in the pool');
  });

  it('adopts a written body as it is, and copies whole actions from one', () => {
    const source = new BulkBodyWriter(64);
    source.addIndexText('a', 1, '{"t":"茶"}');
    source.addIndexText('b', 2, '{}');
    const written = source.finish();
    const jsonStarts = written.actions.map((a) => (a as { json: Buffer }).json.byteOffset - written.body.byteOffset);

    const pool = new BodyBufferPool(4);
    const buffer = Buffer.alloc(1 << 16);
    written.body.copy(buffer);
    const adopted = BulkBodyWriter.adopt(buffer, { ids: ['a', 'b'], versions: [1, 2], jsonStarts, ends: written.ends }, pool).finish();
    assert.ok(adopted.body.equals(written.body));
    assert.equal(adopted.body.buffer, buffer.buffer, 'the same memory, not a copy');
    assert.deepEqual(
      adopted.actions.map((a) => [a.id, a.version, String((a as { json: Buffer }).json)]),
      [
        ['a', 1, '{"t":"茶"}'],
        ['b', 2, '{}'],
      ],
    );
    assert.equal(adopted.fromText.size, 0);
    adopted.release();
    adopted.release();
    assert.equal(pool.take(1), buffer, 'given back to the pool once');
    assert.notEqual(pool.take(1), buffer);

    const copy = new BulkBodyWriter(16);
    copy.addUpsertAction('b', 2, written.body, written.ends[0]!, jsonStarts[1]!, written.ends[1]!);
    assert.throws(
      () => copy.addUpsertAction('a', 1, written.body, 0, jsonStarts[0]!, written.ends[0]! - 1),
      RangeError,
      'an action must end with its newline',
    );
    const copied = copy.finish();
    assert.equal(String(copied.body), String(written.serialized[1]));
    assert.equal(String((copied.actions[0] as { json: Buffer }).json), '{}');
  });
});
