import assert from 'node:assert/strict';
import { createDiversifier, diversify } from '../../../src/recommendations/diversity';

const item = (id: string, brand: string | null, merchant: string) => ({
  id,
  brand: brand === null ? null : { id: brand },
  merchant: { id: merchant },
});

describe('diversity caps', () => {
  const items = [
    item('a', 'b1', 'm1'),
    item('b', 'b1', 'm1'),
    item('c', 'b2', 'm1'),
    item('d', null, 'm2'),
    item('e', null, 'm2'),
    item('f', 'b2', 'm2'),
  ];

  it('keeps the order and skips items over a brand cap; unbranded products are not capped by brand', () => {
    assert.deepEqual(
      diversify(items, { maxPerBrand: 1, maxPerMerchant: null }, 10).map((i) => i.id),
      ['a', 'c', 'd', 'e'],
    );
  });

  it('caps merchants, and both at once', () => {
    assert.deepEqual(
      diversify(items, { maxPerBrand: null, maxPerMerchant: 2 }, 10).map((i) => i.id),
      ['a', 'b', 'd', 'e'],
    );
    assert.deepEqual(
      diversify(items, { maxPerBrand: 1, maxPerMerchant: 1 }, 10).map((i) => i.id),
      ['a', 'd'],
    );
  });

  it('stops at size, and without caps changes nothing', () => {
    assert.deepEqual(
      diversify(items, { maxPerBrand: null, maxPerMerchant: null }, 3).map((i) => i.id),
      ['a', 'b', 'c'],
    );
  });

  it('counts across batches', () => {
    const admit = createDiversifier({ maxPerBrand: 1, maxPerMerchant: null });
    assert.equal(admit(item('a', 'b1', 'm1')), true);
    assert.equal(admit(item('x', 'b1', 'm9')), false, 'a later source cannot add a second b1');
  });
});
