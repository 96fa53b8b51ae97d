import assert from 'node:assert/strict';
import path from 'node:path';
import { Readable } from 'node:stream';
import { importProducts, importProductsFile, type ProductImportSummary } from '../../../src/catalog/import/products-jsonl';
import { countRows, createTestSchema, silentProgress, type TestSchema } from './database';

const sample = path.join(__dirname, '../../../fixtures/products-sample.jsonl');
const fromLines = (...lines: object[]) => Readable.from([lines.map((l) => JSON.stringify(l)).join('\n')]);

describe('importing products from JSON Lines (real Postgres)', () => {
  let t: TestSchema;
  let first: ProductImportSummary;

  before(async () => {
    t = await createTestSchema();
    first = await importProductsFile(t.db, sample, { progress: silentProgress });
  });
  after(async () => {
    await t?.drop();
  });

  it('imports the good lines and reports the bad ones with line numbers and reasons', () => {
    assert.equal(first.lines, 9, 'the blank line is not counted');
    assert.deepEqual(first.products, { inserted: 4, updated: 0, unchanged: 0 });
    assert.deepEqual(first.created, { merchants: 2, brands: 2, categories: 4 });
    assert.deepEqual(
      first.issues.sample.map((i) => [i.line, i.code]),
      [
        [3, 'invalid-json'],
        [4, 'invalid-product'],
        [5, 'invalid-product'],
        [7, 'unknown-category'],
        [9, 'invalid-product'],
      ],
    );
    assert.match(first.issues.sample[1]?.message ?? '', /price: required/);
    assert.match(first.issues.sample[4]?.message ?? '', /stock/);
  });

  it('creates the category path, brand and merchant, and stores the product as given', async () => {
    const shoes = await t.db('categories').where({ id: 'sample-running-shoes' }).first();
    assert.deepEqual(shoes.path, ['sample-fashion', 'sample-shoes', 'sample-running-shoes']);
    const p1 = await t.db('products').where({ id: 'sample-1' }).first();
    assert.equal(p1.brand_id, 'nimbus-sample');
    assert.deepEqual(p1.attributes, { colour: 'red', size: ['41', '42', '43'] });
    assert.equal(p1.price, '89.99');
    const p2 = await t.db('products').where({ id: 'sample-2' }).first();
    assert.equal(p2.price, '12.50');
    assert.equal(p2.category_id, 'sample-running-shoes');
    const p6 = await t.db('products').where({ id: 'sample-6' }).first();
    assert.equal(p6.title_en, null);
    assert.equal(p6.currency, 'CNY');
    assert.equal((await t.db('merchants').where({ id: 'sample-m2' }).first()).name, '样品商店');
    assert.deepEqual(
      (await t.db('products').select('id').orderBy('id')).map((r) => r.id),
      ['sample-1', 'sample-2', 'sample-6', 'sample-9'],
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const outbox = await countRows(t.db, 'search_outbox');
    const again = await importProductsFile(t.db, sample, { progress: silentProgress });
    assert.deepEqual(again.products, { inserted: 0, updated: 0, unchanged: 4 });
    assert.deepEqual(again.created, { merchants: 0, brands: 0, categories: 0 });
    assert.equal(await countRows(t.db, 'products'), 4);
    assert.equal(await countRows(t.db, 'search_outbox'), outbox, 'no version bump, nothing to reindex');
  });

  it('updates a changed product, bumping its version once', async () => {
    const before = await t.db('products').where({ id: 'sample-9' }).first();
    const summary = await importProducts(
      t.db,
      fromLines({
        id: 'sample-9',
        merchant: { id: 'sample-m1', name: 'Renamed Is Ignored' },
        category_id: 'sample-shoes',
        title_en: 'Trail Sneakers',
        price: 55,
      }),
      { progress: silentProgress },
    );
    assert.deepEqual(summary.products, { inserted: 0, updated: 1, unchanged: 0 });
    const after = await t.db('products').where({ id: 'sample-9' }).first();
    assert.equal(after.price, '55.00');
    assert.equal(after.status, 'active', 'omitted fields take their defaults');
    assert.ok(BigInt(after.version) > BigInt(before.version));
    assert.equal((await t.db('merchants').where({ id: 'sample-m1' }).first()).name, 'Sample Outfitters');
  });

  it('leaves out only the line the database refuses, and imports the rest of its batch', async () => {
    const summary = await importProducts(
      t.db,
      fromLines(
        { id: 'ok-1', merchant: { id: 'sample-m1', name: 'x' }, category_id: 'sample-shoes', title_en: 'Fine', price: 1 },
        // The path names a category as its own parent: the category trigger refuses it.
        {
          id: 'loop-1',
          merchant: { id: 'sample-m1', name: 'x' },
          category: {
            path: [
              { id: 'loop', name_en: 'Loop' },
              { id: 'loop', name_en: 'Loop' },
            ],
          },
          title_en: 'Loop',
          price: 1,
        },
        { id: 'ok-2', merchant: { id: 'sample-m1', name: 'x' }, category_id: 'sample-shoes', title_en: 'Also fine', price: 2 },
      ),
      { progress: silentProgress },
    );
    assert.equal(summary.products.inserted, 2);
    assert.deepEqual(
      summary.issues.sample.map((i) => [i.line, i.code]),
      [[2, 'rejected']],
    );
    assert.equal(await t.db('products').where({ id: 'loop-1' }).first(), undefined);
    assert.equal(await t.db('categories').where({ id: 'loop' }).first(), undefined);
  });
});
