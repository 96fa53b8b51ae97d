import assert from 'node:assert/strict';
import { parsePriceExpression } from '../../../../src/search/interpret/price-expression';

describe('parsePriceExpression', () => {
  it('reads comparisons, ranges and currencies, in English and Chinese', () => {
    const cases: Array<[string, ReturnType<typeof parsePriceExpression>]> = [
      ['shoes under 50', { remaining: 'shoes', price: { lte: 50 } }],
      ['headphones below $100', { remaining: 'headphones', price: { lte: 100 } }],
      ['over 200', { remaining: null, price: { gte: 200 } }],
      ['between 50 and 100', { remaining: null, price: { gte: 50, lte: 100 } }],
      ['$50-100 shoes', { remaining: 'shoes', price: { gte: 50, lte: 100 } }],
      ['shoes 50-100 dollars', { remaining: 'shoes', price: { gte: 50, lte: 100 } }],
      ['headphones under $49.99 wireless', { remaining: 'headphones wireless', price: { lte: 49.99 } }],
      ['tv under 1,000', { remaining: 'tv', price: { lte: 1000 } }],
      ['低于50 跑鞋', { remaining: '跑鞋', price: { lte: 50 } }],
      ['跑鞋 50元以下', { remaining: '跑鞋', price: { lte: 50 } }],
      ['50到100元', { remaining: null, price: { gte: 50, lte: 100 } }],
    ];
    for (const [q, expected] of cases) assert.deepEqual(parsePriceExpression(q), expected, q);
  });

  it('needs a word or sign that says price: never a model number, a size, a measure or a bare range', () => {
    for (const q of ['voltix x15', 'size 42', '50-100', 'iphone 12-13 case', 'under 50 cm', 'shoes size under 42', 'overall 50'])
      assert.equal(parsePriceExpression(q), null, q);
  });

  it('interprets nothing rather than a range that cannot be', () => {
    for (const q of ['between 100 and 50', 'over 50 under 20', 'under 99999999999 tv']) assert.equal(parsePriceExpression(q), null, q);
  });
});
