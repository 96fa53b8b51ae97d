import assert from 'node:assert/strict';
import {
  isBritishSummerTime,
  parseRetailRecord,
  parseUkLocalTime,
  retailTitle,
  type RetailRecord,
} from '../../../../../src/catalog/import/online-retail/row';

const record: RetailRecord = {
  InvoiceNo: '536365',
  StockCode: '85123a',
  Description: ' WHITE HANGING  HEART T-LIGHT HOLDER',
  Quantity: '6',
  InvoiceDate: '2010-12-01 08:26:00',
  UnitPrice: '2.55',
  CustomerID: '17850.0',
  Country: 'United Kingdom',
};

describe('online retail row', () => {
  it('types a good row, normalising the stock code, customer id and description', () => {
    assert.deepEqual(parseRetailRecord(record, 2), {
      kind: 'line',
      line: {
        line: 2,
        invoice: '536365',
        cancellation: false,
        stockCode: '85123A',
        description: 'WHITE HANGING HEART T-LIGHT HOLDER',
        quantity: 6,
        unitPrice: 2.55,
        invoicedAt: new Date('2010-12-01T08:26:00Z'),
        customerId: '17850',
        country: 'United Kingdom',
      },
    });
  });

  it("folds a cancellation's negative quantity into a flag", () => {
    const outcome = parseRetailRecord({ ...record, InvoiceNo: 'C536379', Quantity: '-2' }, 5);
    assert.equal(outcome.kind, 'line');
    if (outcome.kind === 'line') {
      assert.equal(outcome.line.cancellation, true);
      assert.equal(outcome.line.quantity, 2);
    }
  });

  it('keeps rows without a customer, as guests', () => {
    const outcome = parseRetailRecord({ ...record, CustomerID: '' }, 3);
    assert.ok(outcome.kind === 'line' && outcome.line.customerId === null);
  });

  it('sets apart postage, fees and vouchers', () => {
    for (const code of ['POST', 'DOT', 'M', 'm', 'BANK CHARGES', 'AMAZONFEE', 'gift_0001_20']) {
      assert.equal(parseRetailRecord({ ...record, StockCode: code }, 2).kind, 'non-product', code);
    }
  });

  const bad: Array<[string, RetailRecord, string]> = [
    ['zero price', { ...record, UnitPrice: '0.0' }, 'zero-price'],
    ['negative price', { ...record, UnitPrice: '-11062.06' }, 'negative-price'],
    ['unparseable price', { ...record, UnitPrice: 'two' }, 'bad-price'],
    ['fractional quantity', { ...record, Quantity: '1.5' }, 'bad-quantity'],
    ['zero quantity', { ...record, Quantity: '0' }, 'zero-quantity'],
    ['negative quantity outside a cancellation', { ...record, Quantity: '-10' }, 'negative-quantity'],
    ['positive quantity in a cancellation', { ...record, InvoiceNo: 'C1' }, 'positive-cancellation'],
    ['bad date', { ...record, InvoiceDate: '12/1/2010 8:26' }, 'bad-date'],
    ['impossible date', { ...record, InvoiceDate: '2011-02-30 10:00:00' }, 'bad-date'],
    ['bad invoice', { ...record, InvoiceNo: 'X-1' }, 'bad-invoice'],
    ['bad customer id', { ...record, CustomerID: 'abc' }, 'bad-customer-id'],
    ['missing stock code', { ...record, StockCode: '' }, 'missing-stock-code'],
    ['missing description', { ...record, Description: '  ' }, 'missing-description'],
    ['missing columns', { InvoiceNo: '1' }, 'missing-stock-code'],
  ];
  for (const [what, input, code] of bad) {
    it(`rejects ${what}`, () => {
      const outcome = parseRetailRecord(input, 7);
      assert.equal(outcome.kind, 'bad');
      if (outcome.kind === 'bad') assert.equal(outcome.code, code);
    });
  }

  it('reads UK local time, with British Summer Time', () => {
    assert.equal(parseUkLocalTime('2010-12-01 08:26:00')?.toISOString(), '2010-12-01T08:26:00.000Z');
    assert.equal(parseUkLocalTime('2011-06-05 14:30')?.toISOString(), '2011-06-05T13:30:00.000Z');
    // 2011: BST from 27 March 01:00 UTC to 30 October 01:00 UTC.
    assert.equal(parseUkLocalTime('2011-03-27 00:30:00')?.toISOString(), '2011-03-27T00:30:00.000Z');
    assert.equal(parseUkLocalTime('2011-03-27 03:00:00')?.toISOString(), '2011-03-27T02:00:00.000Z');
    assert.equal(parseUkLocalTime('2011-10-30 12:00:00')?.toISOString(), '2011-10-30T12:00:00.000Z');
    assert.equal(isBritishSummerTime(Date.UTC(2011, 9, 30, 0, 59)), true);
    assert.equal(isBritishSummerTime(Date.UTC(2011, 9, 30, 1, 0)), false);
    assert.equal(parseUkLocalTime('2011-06-05'), null);
  });

  it('makes readable titles from upper-case descriptions', () => {
    assert.equal(retailTitle('WHITE HANGING HEART T-LIGHT HOLDER'), 'White Hanging Heart T-Light Holder');
    assert.equal(retailTitle('SET OF 3 BABUSHKA STACKING TINS'), 'Set of 3 Babushka Stacking Tins');
    assert.equal(retailTitle("POPPY'S PLAYHOUSE BEDROOM"), "Poppy's Playhouse Bedroom");
    assert.equal(retailTitle('RECORD FRAME 7" SINGLE SIZE'), 'Record Frame 7" Single Size');
  });
});
