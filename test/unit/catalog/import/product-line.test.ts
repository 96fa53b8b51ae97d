import assert from 'node:assert/strict';
import { brandIdFromName, parseProductLine, toCatalogRows } from '../../../../src/catalog/import/product-line';

const base = { id: 'p-1', merchant: { id: 'm-1', name: 'Acme' }, category_id: 'shoes', title_en: 'Trail Shoes', price: 10 };
const parse = (line: object) => parseProductLine(JSON.stringify(line));

describe('product line', () => {
  it('accepts a minimal line and fills the defaults', () => {
    const parsed = parse(base);
    assert.ok(parsed.ok);
    assert.deepEqual(toCatalogRows(parsed.line).product, {
      id: 'p-1',
      merchant_id: 'm-1',
      category_id: 'shoes',
      brand_id: null,
      title_en: 'Trail Shoes',
      title_zh: null,
      description_en: null,
      description_zh: null,
      attributes: {},
      price: 10,
      currency: 'USD',
      stock: 0,
      status: 'active',
      image_url: null,
      rating: null,
      review_count: 0,
      sales_rank: null,
    });
  });

  it("keeps a product's sales rank from the merchant's history (issue 19: popularity for a new catalog)", () => {
    const parsed = parse({ ...base, sales_rank: 52 });
    assert.ok(parsed.ok);
    assert.equal(toCatalogRows(parsed.line).product.sales_rank, 52);
  });

  it('turns a category path into parent-first categories and uses its last element', () => {
    const parsed = parse({
      ...base,
      category_id: undefined,
      category: {
        path: [
          { id: 'fashion', name_en: 'Fashion', name_zh: '服饰' },
          { id: 'shoes', name_en: 'Shoes' },
        ],
      },
    });
    assert.ok(parsed.ok);
    const rows = toCatalogRows(parsed.line);
    assert.deepEqual(rows.categories, [
      { id: 'fashion', parent_id: null, name_en: 'Fashion', name_zh: '服饰' },
      { id: 'shoes', parent_id: 'fashion', name_en: 'Shoes', name_zh: null },
    ]);
    assert.equal(rows.product.category_id, 'shoes');
  });

  it('accepts a brand as a name or as {id, name}', () => {
    const byName = parse({ ...base, brand: 'Nimbus Labs' });
    const byObject = parse({ ...base, brand: { id: 'nl', name: 'Nimbus Labs' } });
    assert.ok(byName.ok && byObject.ok);
    assert.deepEqual(toCatalogRows(byName.line).brand, { id: 'nimbus-labs', name: 'Nimbus Labs' });
    assert.deepEqual(toCatalogRows(byObject.line).brand, { id: 'nl', name: 'Nimbus Labs' });
    assert.equal(brandIdFromName('  星辰 Sports '), '星辰-sports');
  });

  it('accepts prices as decimal strings and treats null as absent', () => {
    const parsed = parse({ ...base, price: '19.90', title_zh: null, stock: null });
    assert.ok(parsed.ok);
    assert.equal(parsed.line.price, 19.9);
    assert.equal(toCatalogRows(parsed.line).product.stock, 0);
  });

  const rejects: Array<[string, object, RegExp]> = [
    ['a missing price', { ...base, price: undefined }, /price: required/],
    ['a negative price', { ...base, price: -1 }, /price: Too small/],
    ['no title at all', { ...base, title_en: undefined }, /give title_en or title_zh/],
    ['both category forms', { ...base, category: { path: [{ id: 'a', name_en: 'A' }] } }, /exactly one of category or category_id/],
    ['neither category form', { ...base, category_id: undefined }, /exactly one of category or category_id/],
    ['an unknown status', { ...base, status: 'gone' }, /status/],
    ['a fractional stock', { ...base, stock: 1.5 }, /stock/],
    ['a sales rank of 0 (1 is the best seller)', { ...base, sales_rank: 0 }, /sales_rank/],
    ['a fractional sales rank', { ...base, sales_rank: 2.5 }, /sales_rank/],
    ['a lower-case currency', { ...base, currency: 'usd' }, /three-letter currency/],
    ['a merchant without name', { ...base, merchant: { id: 'm' } }, /merchant\.name/],
    ['nested attribute objects', { ...base, attributes: { size: { eu: 42 } } }, /attributes\.size/],
  ];
  for (const [what, line, message] of rejects) {
    it(`rejects ${what}`, () => {
      const parsed = parse(line);
      assert.ok(!parsed.ok);
      assert.equal(parsed.code, 'invalid-product');
      assert.match(parsed.message, message);
    });
  }

  it('reports text that is not JSON', () => {
    const parsed = parseProductLine('{"id": ');
    assert.ok(!parsed.ok);
    assert.equal(parsed.code, 'invalid-json');
  });
});
