import assert from 'node:assert/strict';
import { createInvoiceGrouper, invoiceRows, type Invoice } from '../../../../../src/catalog/import/online-retail/invoices';
import type { RetailLine } from '../../../../../src/catalog/import/online-retail/row';

function line(invoice: string, lineNo: number, overrides: Partial<RetailLine> = {}): RetailLine {
  return {
    line: lineNo,
    invoice,
    cancellation: invoice.startsWith('C'),
    stockCode: `S${lineNo}`,
    description: 'RED MUG',
    quantity: 2,
    unitPrice: 1.25,
    invoicedAt: new Date('2011-01-01T10:00:00Z'),
    customerId: '17850',
    country: 'United Kingdom',
    ...overrides,
  };
}

function group(lines: RetailLine[], window: number): { invoices: Invoice[]; late: number[] } {
  const grouper = createInvoiceGrouper(window);
  const invoices: Invoice[] = [];
  const late: number[] = [];
  for (const l of lines) {
    const done = grouper.add(l);
    if (done === 'late') late.push(l.line);
    else invoices.push(...done);
  }
  return { invoices: [...invoices, ...grouper.drain()], late };
}

describe('online retail invoices', () => {
  it('groups consecutive lines and tolerates interleaving within the window', () => {
    const { invoices, late } = group([line('1', 2), line('1', 3), line('2', 4), line('3', 5), line('2', 6), line('4', 7)], 3);
    assert.deepEqual(
      invoices.map((i) => [i.id, i.lines.map((l) => l.line)]),
      [
        ['1', [2, 3]],
        ['3', [5]],
        ['2', [4, 6]],
        ['4', [7]],
      ],
    );
    assert.deepEqual(late, []);
  });

  it('emits invoices once the window has passed and reports lines that come later', () => {
    const { invoices, late } = group([line('1', 2), line('2', 3), line('3', 4), line('1', 5)], 2);
    assert.deepEqual(
      invoices.map((i) => i.id),
      ['1', '2', '3'],
    );
    assert.deepEqual(late, [5]);
  });

  it('turns an invoice into one order with numbered lines, a customer and products', () => {
    const rows = invoiceRows({ id: '536365', lines: [line('536365', 2), line('536365', 3, { quantity: 1, unitPrice: 10 })] });
    assert.deepEqual(rows.order, {
      id: '536365',
      customer_id: '17850',
      placed_at: new Date('2011-01-01T10:00:00Z'),
      status: 'delivered',
      currency: 'GBP',
      total: 12.5,
      source: 'online-retail',
    });
    assert.deepEqual(
      rows.items.map((i) => [i.line_no, i.product_id, i.quantity, i.unit_price]),
      [
        [1, 'S2', 2, 1.25],
        [2, 'S3', 1, 10],
      ],
    );
    assert.deepEqual(rows.customer, { id: '17850', country: 'United Kingdom' });
    assert.equal(rows.products[0]?.title_en, 'Red Mug');
    assert.equal(rows.products[0]?.currency, 'GBP');
  });

  it('stores a cancellation as a cancelled order and a guest order without customer', () => {
    assert.equal(invoiceRows({ id: 'C1', lines: [line('C1', 2)] }).order.status, 'cancelled');
    const guest = invoiceRows({ id: '9', lines: [line('9', 2, { customerId: null })] });
    assert.equal(guest.order.customer_id, null);
    assert.equal(guest.customer, null);
  });
});
