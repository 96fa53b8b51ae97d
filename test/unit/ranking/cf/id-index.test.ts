import assert from 'node:assert/strict';
import { IdIndex } from '../../../../ranking/cf/id-index';

describe('ranking/cf/id-index', () => {
  it('maps ids to dense indices in first-seen order and back', () => {
    const index = new IdIndex(['sku-b', 'sku-a']);
    assert.equal(index.intern('sku-a'), 1);
    assert.equal(index.intern('sku-c'), 2);
    assert.equal(index.get('nope'), undefined);
    assert.equal(index.idAt(0), 'sku-b');
    assert.deepEqual(index.toArray(), ['sku-b', 'sku-a', 'sku-c']);
    assert.throws(() => index.idAt(3), RangeError);
  });

  it('survives a worker boundary as its plain id array', () => {
    const index = new IdIndex(['a', 'b']);
    const copy = new IdIndex(structuredClone(index.toArray()));
    assert.equal(copy.get('b'), 1);
  });
});
