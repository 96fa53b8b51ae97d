/**
 * One CSV row of the UCI Online Retail data set (columns InvoiceNo,
 * StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID,
 * Country), checked and typed. Pure: the importer decides what to do with
 * each outcome.
 */

export const RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;
export type RetailRecord = Partial<Record<(typeof RETAIL_COLUMNS)[number], string>>;

export interface RetailLine {
  /** Physical line in the file (header is line 1). */
  line: number;
  invoice: string;
  cancellation: boolean;
  stockCode: string;
  description: string;
  /** Always positive: a cancellation's negative quantity is folded into `cancellation`. */
  quantity: number;
  unitPrice: number;
  invoicedAt: Date;
  customerId: string | null;
  country: string | null;
}

export type RowOutcome =
  | { kind: 'line'; line: RetailLine }
  /** Postage, fees, discounts, vouchers: money lines that are not products. */
  | { kind: 'non-product'; invoice: string }
  | { kind: 'bad'; code: string; message: string };

/**
 * Stock codes that are not goods (SOURCE.md): postage, carriage, manual
 * adjustments, discounts, bank and marketplace fees, charity, bad debt and
 * gift vouchers. Recommending "POSTAGE" to someone who bought a lantern
 * would be noise, so their lines are left out of orders.
 */
const NON_PRODUCT_CODES = new Set([
  'POST',
  'DOT',
  'M',
  'D',
  'C2',
  'S',
  'B',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'PADS',
  'CRUK COMMISSION',
]);
export function isNonProductCode(code: string): boolean {
  return NON_PRODUCT_CODES.has(code) || code.startsWith('GIFT_0001_');
}

const bad = (code: string, message: string): RowOutcome => ({ kind: 'bad', code, message });

export function parseRetailRecord(record: RetailRecord, line: number): RowOutcome {
  const field = (name: (typeof RETAIL_COLUMNS)[number]) => (record[name] ?? '').trim();
  const invoice = field('InvoiceNo').toUpperCase();
  // Stock codes come in mixed case ("82613c" and "82613C" are one product).
  const stockCode = field('StockCode').toUpperCase();
  if (!/^[A-Z]?\d+$/.test(invoice)) return bad('bad-invoice', `InvoiceNo "${field('InvoiceNo')}" is not an invoice number`);
  if (stockCode === '') return bad('missing-stock-code', 'StockCode is empty');
  if (!/^-?\d+$/.test(field('Quantity'))) return bad('bad-quantity', `Quantity "${field('Quantity')}" is not an integer`);
  const quantity = Number(field('Quantity'));
  const unitPrice = Number(field('UnitPrice'));
  if (field('UnitPrice') === '' || !Number.isFinite(unitPrice))
    return bad('bad-price', `UnitPrice "${field('UnitPrice')}" is not a number`);
  const invoicedAt = parseUkLocalTime(field('InvoiceDate'));
  if (invoicedAt === null) return bad('bad-date', `InvoiceDate "${field('InvoiceDate')}" is not YYYY-MM-DD HH:MM[:SS]`);
  const rawCustomer = field('CustomerID');
  const customer = /^(\d+)(\.0+)?$/.exec(rawCustomer);
  if (rawCustomer !== '' && customer === null) return bad('bad-customer-id', `CustomerID "${rawCustomer}" is not a number`);

  if (isNonProductCode(stockCode)) return { kind: 'non-product', invoice };
  const cancellation = invoice.startsWith('C');
  if (quantity === 0) return bad('zero-quantity', 'Quantity is 0');
  if (unitPrice === 0) return bad('zero-price', 'UnitPrice is 0 (a stock adjustment or free item, not a sale)');
  if (unitPrice < 0) return bad('negative-price', `UnitPrice ${unitPrice} is negative`);
  if (cancellation && quantity > 0) return bad('positive-cancellation', `cancellation ${invoice} has a positive Quantity ${quantity}`);
  if (!cancellation && quantity < 0) return bad('negative-quantity', `Quantity ${quantity} is negative outside a cancellation`);
  const description = field('Description').replace(/\s+/g, ' ');
  if (description === '') return bad('missing-description', 'Description is empty');
  return {
    kind: 'line',
    line: {
      line,
      invoice,
      cancellation,
      stockCode,
      description,
      quantity: Math.abs(quantity),
      unitPrice,
      invoicedAt,
      customerId: customer ? (customer[1] as string) : null,
      country: field('Country') || null,
    },
  };
}

/**
 * "2011-06-05 14:30:00" in UK local time → the instant. British Summer Time
 * runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October (the EU rule, in force since 1996).
 */
export function parseUkLocalTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const summerCandidate = asUtc - 3_600_000;
  return new Date(isBritishSummerTime(summerCandidate) ? summerCandidate : asUtc);
}

function lastSundayUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

export function isBritishSummerTime(instantMs: number): boolean {
  const year = new Date(instantMs).getUTCFullYear();
  return instantMs >= lastSundayUtc(year, 2) && instantMs < lastSundayUtc(year, 9);
}

/** "WHITE HANGING HEART T-LIGHT HOLDER" → "White Hanging Heart T-Light Holder"; codes with digits stay as written. */
export function retailTitle(description: string): string {
  const small = new Set(['of', 'and', 'with', 'in', 'the', 'for', 'a', 'on', 'to']);
  return description
    .trim()
    .toLowerCase()
    .split(' ')
    .map((word, i) => {
      if (/\d/.test(word)) return word.toUpperCase();
      if (i > 0 && small.has(word)) return word;
      return word.replace(/(^|[-/(])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join(' ');
}
