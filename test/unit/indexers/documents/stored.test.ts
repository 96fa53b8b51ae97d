import assert from 'node:assert/strict';
import { prepareDocumentsToStore, StoreDocumentsError } from '../../../../indexers/documents/stored';

describe('documents prepared for storing', () => {
  it('keeps the newest version of each product, in id order, documents joined as UTF-8 whatever form they came in', () => {
    const body = Buffer.from('..{"v":"茶"}..');
    const prepared = prepareDocumentsToStore([
      { id: 'b', version: 2, json: '{"v":2}' },
      { id: 'a', version: 5, json: body.subarray(2, body.length - 2) },
      { id: 'b', version: 3, json: '{"v":3}' },
      { id: 'b', version: 1, json: '{"v":1}' },
      { id: 'c', version: 1, json: '' },
    ]);
    assert.deepEqual(prepared.ids, ['a', 'b', 'c']);
    assert.deepEqual(prepared.versions, [5, 3, 1]);
    assert.equal(prepared.joined.toString('utf8'), '{"v":"茶"}\x1e{"v":3}\x1e');
    // A copy, not a view: the body it came from may be reused at once.
    body.fill(0);
    assert.equal(prepared.joined.toString('utf8'), '{"v":"茶"}\x1e{"v":3}\x1e');
  });

  it('prepares nothing from nothing', () => {
    assert.deepEqual(prepareDocumentsToStore([]), { ids: [], versions: [], joined: Buffer.alloc(0) });
  });

  it('reports a failed store by what Postgres said, not by the statement and its megabytes of bindings', () => {
    const driverError = Object.assign(new Error(`insert into product_documents … X'${'7b'.repeat(100_000)}' - deadlock detected`), {
      code: '40P01',
    });
    const error = new StoreDocumentsError(1000, driverError);
    assert.equal(error.message, 'storing 1000 documents failed: deadlock detected');
    assert.equal(error.code, '40P01');
    assert.ok(new StoreDocumentsError(1, new Error('x'.repeat(10_000))).message.length < 600);
  });
});
