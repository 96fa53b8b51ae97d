import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { importRetailOrders, importRetailOrdersFile, type OrderImportSummary } from '../../../src/catalog/import/online-retail/import';
import { countRows, createTestSchema, silentProgress, type TestSchema } from './database';

const sample = path.join(__dirname, '../../../fixtures/online-retail-sample.csv');
const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('importing Online Retail orders from CSV (real Postgres)', () => {
  let t: TestSchema;
  let first: OrderImportSummary;
  let tmp: string;

  before(async () => {
    t = await createTestSchema();
    tmp = await mkdtemp(path.join(tmpdir(), 'agora-orders-'));
    first = await importRetailOrdersFile(t.db, sample, { progress: silentProgress });
  });
  after(async () => {
    await t?.drop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('summarises the sample: orders, cancellations, guests, non-products and bad rows with line numbers', () => {
    const { issues, elapsedMs, ...counts } = first;
    assert.ok(elapsedMs >= 0);
    assert.deepEqual(counts, {
      rows: 16,
      badRows: 3,
      nonProductRows: 1,
      rowsWithoutCustomer: 2,
      orders: { imported: 7, cancellations: 1, guest: 1, alreadyPresent: 0, rejected: 0 },
      orderLines: 12,
      customersCreated: 4,
      productsCreated: 10,
    });
    assert.deepEqual(
      issues.sample.map((i) => [i.line, i.code]),
      [
        [11, 'zero-price'],
        [12, 'bad-quantity'],
        [17, 'bad-date'],
      ],
    );
  });

  it('stores each invoice as one order with its lines', async () => {
    const orders = await t.db('orders').select('id', 'status', 'customer_id', 'total', 'currency', 'source').orderBy('id');
    assert.deepEqual(
      orders.map((o) => [o.id, o.status, o.customer_id, o.total]),
      [
        ['900001', 'delivered', '90001', '39.84'],
        ['900002', 'delivered', '90001', '31.44'],
        ['900004', 'delivered', null, '28.86'],
        ['900005', 'delivered', '90002', '30.00'],
        ['900006', 'delivered', '90003', '22.80'],
        ['900007', 'delivered', '90004', '17.85'],
        ['C900003', 'cancelled', '90001', '6.78'],
      ],
    );
    assert.ok(orders.every((o) => o.currency === 'GBP' && o.source === 'online-retail'));
    const lines = await t.db('order_items').where({ order_id: '900006' }).orderBy('line_no');
    assert.deepEqual(
      lines.map((l) => [l.line_no, l.product_id, l.quantity]),
      [
        [1, '21754', 3],
        [2, '22623', 1],
      ],
      'interleaved lines join their invoice',
    );
    const cancelled = await t.db('order_items').where({ order_id: 'C900003' });
    assert.deepEqual(
      cancelled.map((l) => [l.product_id, l.quantity]),
      [['71053', 2]],
    );
    const june = await t.db('orders').where({ id: '900005' }).first();
    assert.equal(june.placed_at.toISOString(), '2011-06-05T13:30:00.000Z', 'UK summer time');
  });

  it('creates one product per stock code, whatever its case, in the online-retail catalog', async () => {
    const hottie = await t.db('products').where({ id: '84029E' }).first();
    assert.equal(hottie.title_en, 'Red Woolly Hottie White Heart.');
    assert.equal(hottie.merchant_id, 'online-retail');
    assert.equal(hottie.category_id, 'online-retail-uncategorised');
    assert.equal(hottie.status, 'active');
    assert.equal(await t.db('products').where({ id: 'POST' }).first(), undefined);
  });

  it('adds nothing on a second run, from a gzip copy this time', async () => {
    const gz = path.join(tmp, 'sample.csv.gz');
    await pipeline(createReadStream(sample), createGzip(), createWriteStream(gz));
    const before = await Promise.all(
      ['orders', 'order_items', 'customers', 'products', 'search_outbox'].map((table) => countRows(t.db, table)),
    );
    const again = await importRetailOrdersFile(t.db, gz, { progress: silentProgress });
    assert.equal(again.rows, 16);
    assert.deepEqual(again.orders, { imported: 0, cancellations: 0, guest: 0, alreadyPresent: 7, rejected: 0 });
    assert.equal(again.customersCreated + again.productsCreated + again.orderLines, 0);
    const after = await Promise.all(
      ['orders', 'order_items', 'customers', 'products', 'search_outbox'].map((table) => countRows(t.db, table)),
    );
    assert.deepEqual(after, before);
  });

  it('never imports half an order: a refused line keeps its whole invoice out, the others go in', async () => {
    // Make the database refuse one product's order lines, as a broken constraint would.
    await t.db.raw(`
      create function refuse_22749() returns trigger language plpgsql as $$
      begin
        if new.product_id = '22749' then raise exception 'refused for the test'; end if;
        return new;
      end $$;
      create trigger refuse_22749 before insert on order_items for each row execute function refuse_22749();`);
    try {
      const csv = [
        header,
        '910001,21754,HOME BUILDING BLOCK WORD,1,2011-07-01 10:00:00,5.95,90005.0,United Kingdom',
        '910001,22749,FELTCRAFT PRINCESS CHARLOTTE DOLL,1,2011-07-01 10:00:00,3.75,90005.0,United Kingdom',
        '910002,21755,LOVE BUILDING BLOCK WORD,2,2011-07-01 10:05:00,5.95,90006.0,United Kingdom',
      ].join('\n');
      const summary = await importRetailOrders(t.db, Readable.from([csv]), { progress: silentProgress });
      assert.equal(summary.orders.imported, 1);
      assert.equal(summary.orders.rejected, 1);
      assert.deepEqual(
        summary.issues.sample.map((i) => [i.line, i.code]),
        [[2, 'order-rejected']],
      );
      assert.match(summary.issues.sample[0]?.message ?? '', /invoice 910001 \(lines 2, 3\).*refused for the test/);
      assert.equal(await t.db('orders').where({ id: '910001' }).first(), undefined);
      assert.equal((await t.db('order_items').where({ order_id: '910001' })).length, 0);
      assert.equal((await t.db('order_items').where({ order_id: '910002' })).length, 1);
    } finally {
      await t.db.raw('drop trigger refuse_22749 on order_items; drop function refuse_22749()');
    }
  });

  it('fails with a clear message on a file that is not an Online Retail CSV', async () => {
    await assert.rejects(
      importRetailOrders(t.db, Readable.from(['a,b,c\n1,2,3\n']), { progress: silentProgress }),
      /missing column\(s\) InvoiceNo/,
    );
  });
});
