import type { CustomerInput, ProductInput } from '../catalog-writer';
import { retailTitle, type RetailLine } from './row';

export const RETAIL_MERCHANT = { id: 'online-retail', name: 'Online Retail (UCI)' } as const;
export const RETAIL_CATEGORY = {
  id: 'online-retail-uncategorised',
  parent_id: null,
  name_en: 'Uncategorised (Online Retail)',
  name_zh: '未分类（在线零售）',
} as const;
/** The data set has no stock levels; every product is simply available. */
const RETAIL_STOCK = 100;

export interface Invoice {
  id: string;
  lines: RetailLine[];
}

export interface InvoiceGrouper {
  /** Adds a line; returns the invoices that can no longer grow, or 'late' if this line's invoice was already emitted. */
  add(line: RetailLine): Invoice[] | 'late';
  /** Everything still open, at end of input. */
  drain(): Invoice[];
}

/**
 * Groups a stream of lines into invoices without holding the file. The
 * export is almost sorted by invoice, but not quite (542806 is interrupted by
 * C542805 in the real file), so an invoice stays open until `windowLines`
 * lines have passed without one of its own. A line that shows up after its
 * invoice was emitted cannot join it any more (the order is committed) and
 * is reported as late.
 */
export function createInvoiceGrouper(windowLines = 5000): InvoiceGrouper {
  // Kept in order of last touch, so the stale invoices are always at the front.
  const open = new Map<string, { lastSeen: number; invoice: Invoice }>();
  const emitted = new Set<string>();
  let seen = 0;
  const emit = (id: string, invoice: Invoice) => {
    open.delete(id);
    emitted.add(id);
    return invoice;
  };
  return {
    add(line) {
      seen++;
      if (emitted.has(line.invoice)) return 'late';
      const entry = open.get(line.invoice) ?? { lastSeen: seen, invoice: { id: line.invoice, lines: [] } };
      entry.invoice.lines.push(line);
      entry.lastSeen = seen;
      open.delete(line.invoice);
      open.set(line.invoice, entry);
      const done: Invoice[] = [];
      for (const [id, { lastSeen, invoice }] of open) {
        if (seen - lastSeen < windowLines) break;
        done.push(emit(id, invoice));
      }
      return done;
    },
    drain() {
      return [...open].map(([id, { invoice }]) => emit(id, invoice));
    },
  };
}

export interface InvoiceRows {
  customer: CustomerInput | null;
  products: ProductInput[];
  order: {
    id: string;
    customer_id: string | null;
    placed_at: Date;
    status: 'delivered' | 'cancelled';
    currency: 'GBP';
    total: number;
    source: 'online-retail';
  };
  items: Array<{ order_id: string; line_no: number; product_id: string; quantity: number; unit_price: number }>;
}

/**
 * The rows one invoice becomes. A cancellation ("C536379") is stored as an
 * order of its own with status 'cancelled' and positive quantities: the
 * schema has no per-line status and quantities must be positive, so marking
 * lines of the original invoice would mean rewriting committed orders (and
 * re-running an import would then reverse them twice). About one credit-note
 * line in six has no earlier purchase in the file to match anyway.
 * Readers that want net purchases subtract cancelled orders per customer
 * and product. Orders without a CustomerID keep customer_id null (a guest
 * checkout): they still count for "bought together" and trends.
 */
export function invoiceRows(invoice: Invoice): InvoiceRows {
  const first = invoice.lines[0] as RetailLine;
  const customerId = first.customerId;
  const total = invoice.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  return {
    customer: customerId === null ? null : { id: customerId, country: first.country },
    products: invoice.lines.map((l) => ({
      id: l.stockCode,
      merchant_id: RETAIL_MERCHANT.id,
      category_id: RETAIL_CATEGORY.id,
      brand_id: null,
      title_en: retailTitle(l.description),
      title_zh: null,
      description_en: null,
      description_zh: null,
      attributes: {},
      price: l.unitPrice,
      currency: 'GBP',
      stock: RETAIL_STOCK,
      status: 'active',
      image_url: null,
      rating: null,
      review_count: 0,
      sales_rank: null,
    })),
    order: {
      id: invoice.id,
      customer_id: customerId,
      placed_at: first.invoicedAt,
      status: first.cancellation ? 'cancelled' : 'delivered',
      currency: 'GBP',
      total: Math.round(total * 100) / 100,
      source: 'online-retail',
    },
    items: invoice.lines.map((l, i) => ({
      order_id: invoice.id,
      line_no: i + 1,
      product_id: l.stockCode,
      quantity: l.quantity,
      unit_price: l.unitPrice,
    })),
  };
}
