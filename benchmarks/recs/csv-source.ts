import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { OrderHistory } from '../../src/cli/eval/recs/order-history';

/**
 * Product stock codes are five digits and an optional variant suffix
 * ("85123A", "15056BL"); postage, fees, manual lines and vouchers (POST, M,
 * C2, BANK CHARGES, DOT, gift_0001_…) are not goods and would otherwise be
 * "recommended" to everyone.
 */
const PRODUCT_CODE = /^\d{5}[A-Z]*$/;

/**
 * Streams the UCI Online Retail CSV (plain or .gz) into purchases: invoice
 * lines with a customer, a positive quantity and a product code, from
 * invoices that are not cancellations ("C…"). Times are the file's wall
 * clock read as if UTC; the cutoff is parsed the same way, so "2011-09-01"
 * means midnight as the shop's clock read it.
 */
export async function readOnlineRetailCsv(path: string): Promise<OrderHistory> {
  const names = new Map<string, string>();
  const history: OrderHistory = {
    source: `UCI Online Retail CSV (${path})`,
    purchases: [],
    views: [],
    carts: [],
    counts: {},
    describeItems: async (ids) => new Map(ids.flatMap((id) => (names.has(id) ? [[id, names.get(id) ?? '']] : []))),
  };
  const count = (reason: string) => {
    history.counts[reason] = (history.counts[reason] ?? 0) + 1;
  };
  const parser = open(path).pipe(parse({ columns: true, skip_empty_lines: true, trim: true }));
  for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
    count('lines');
    const invoice = record.InvoiceNo ?? '';
    const code = (record.StockCode ?? '').toUpperCase();
    const customer = /^(\d+)(?:\.0+)?$/.exec(record.CustomerID ?? '');
    const quantity = Number(record.Quantity);
    const at = wallClock(record.InvoiceDate ?? '');
    if (invoice.startsWith('C')) count('cancellation lines');
    else if (customer === null) count('lines without CustomerID');
    else if (!PRODUCT_CODE.test(code)) count('non-product lines (postage, fees…)');
    else if (!(quantity > 0)) count('lines with quantity ≤ 0');
    else if (at === null) count('lines with an unreadable date');
    else {
      history.purchases.push({ userId: customer[1], itemId: code, orderId: invoice, at });
      if (!names.has(code) && record.Description) names.set(code, record.Description);
    }
  }
  return history;
}

function open(path: string): Readable {
  const raw = createReadStream(path);
  if (!path.endsWith('.gz')) return raw;
  const gunzip = createGunzip();
  // pipe() does not forward errors; a truncated file must fail, not hang.
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/** "2011-06-05 14:30:00" or "2011-06-05" → epoch ms of that wall-clock time read as UTC. */
export function wallClock(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(ms) ? null : ms;
}
