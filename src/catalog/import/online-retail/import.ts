import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Knex } from 'knex';
import { createProgress, type Progress } from '../../../core/progress';
import { chunksOf, insertMissing, upsertProducts } from '../catalog-writer';
import { createIssueLog, type IssueLog, type IssueReport } from '../issues';
import { openSource } from '../source';
import { createInvoiceGrouper, invoiceRows, RETAIL_CATEGORY, RETAIL_MERCHANT, type Invoice } from './invoices';
import { parseRetailRecord, RETAIL_COLUMNS, type RetailRecord } from './row';

export interface OrderImportOptions {
  /** Whole invoices written per transaction. @default 250 */
  invoicesPerBatch?: number;
  /** Lines an invoice stays open without a new line of its own (see createInvoiceGrouper). @default 5000 */
  windowLines?: number;
  /** Progress reporter factory. @default createProgress on stderr */
  progress?: () => Progress;
}

export interface OrderImportSummary {
  /** Data rows read (the header not included). */
  rows: number;
  /** Rows left out as invalid (see issues.byCode). */
  badRows: number;
  /** Postage, fees and other lines that are not products, left out of their orders. */
  nonProductRows: number;
  /** Rows with an empty CustomerID; their orders are imported as guest orders. */
  rowsWithoutCustomer: number;
  orders: {
    /** New orders, cancellations included. */
    imported: number;
    /** Of which credit notes ("C…" invoices), stored with status 'cancelled'. */
    cancellations: number;
    guest: number;
    /** Invoices already in the database (a re-run); left untouched. */
    alreadyPresent: number;
    /** Invoices the database refused (reported in issues with their first line). */
    rejected: number;
  };
  orderLines: number;
  customersCreated: number;
  productsCreated: number;
  issues: IssueReport;
  elapsedMs: number;
}

type Counts = Omit<OrderImportSummary, 'issues' | 'elapsedMs'>;

/**
 * Imports the UCI Online Retail CSV (plain or gzip, streamed). Every invoice
 * becomes one order; batches of whole invoices commit in one transaction,
 * and if the database refuses a batch its invoices are retried one by one,
 * so an order is either complete or absent, never partial. Orders are keyed
 * by InvoiceNo and inserted with ON CONFLICT DO NOTHING: a second run adds
 * nothing. Products are created on first sight (first description and price
 * win) and never rewritten by this importer.
 */
export async function importRetailOrders(db: Knex, input: Readable, options: OrderImportOptions = {}): Promise<OrderImportSummary> {
  const invoicesPerBatch = options.invoicesPerBatch ?? 250;
  const progress = (options.progress ?? (() => createProgress({ label: 'import orders', unit: 'rows' })))();
  const issues = createIssueLog();
  const counts: Counts = {
    rows: 0,
    badRows: 0,
    nonProductRows: 0,
    rowsWithoutCustomer: 0,
    orders: { imported: 0, cancellations: 0, guest: 0, alreadyPresent: 0, rejected: 0 },
    orderLines: 0,
    customersCreated: 0,
    productsCreated: 0,
  };
  const started = performance.now();
  await db.transaction(async (trx) => {
    await insertMissing(trx, 'merchants', [RETAIL_MERCHANT]);
    await insertMissing(trx, 'categories', [RETAIL_CATEGORY]);
  });

  const grouper = createInvoiceGrouper(options.windowLines);
  let pending: Invoice[] = [];
  const enqueue = async (invoices: Invoice[]) => {
    pending.push(...invoices);
    if (pending.length >= invoicesPerBatch) {
      await writeWithFallback(db, pending, issues, counts);
      pending = [];
    }
  };

  const parser = input.pipe(
    parse({
      info: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A malformed record (say, an unclosed quote) is one bad row, not the end of the import.
      skip_records_with_error: true,
      on_skip: (error) => {
        counts.badRows++;
        issues.add({
          line: typeof error?.lines === 'number' ? error.lines : 0,
          code: 'malformed-csv',
          message: error?.message ?? 'malformed record',
        });
        return undefined;
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));

  let header: Map<string, number> | undefined;
  for await (const chunk of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = chunk;
    if (header === undefined) {
      header = readHeader(record);
      continue;
    }
    counts.rows++;
    progress.tick();
    const fields: RetailRecord = {};
    for (const name of RETAIL_COLUMNS) fields[name] = record[header.get(name) as number];
    if ((fields.CustomerID ?? '').trim() === '') counts.rowsWithoutCustomer++;
    const outcome = parseRetailRecord(fields, info.lines);
    if (outcome.kind === 'non-product') counts.nonProductRows++;
    else if (outcome.kind === 'bad') {
      counts.badRows++;
      issues.add({ line: info.lines, code: outcome.code, message: outcome.message });
    } else {
      const done = grouper.add(outcome.line);
      if (done === 'late') {
        counts.badRows++;
        issues.add({
          line: info.lines,
          code: 'late-line',
          message: `invoice ${outcome.line.invoice} was already complete; this line came too far after its other lines`,
        });
      } else await enqueue(done);
    }
  }
  await enqueue(grouper.drain());
  if (pending.length > 0) await writeWithFallback(db, pending, issues, counts);
  progress.done();
  return { ...counts, issues: issues.report(), elapsedMs: performance.now() - started };
}

export async function importRetailOrdersFile(db: Knex, path: string, options: OrderImportOptions = {}): Promise<OrderImportSummary> {
  return importRetailOrders(db, await openSource(path), options);
}

function readHeader(record: string[]): Map<string, number> {
  const header = new Map(record.map((name, i) => [name.trim(), i]));
  const missing = RETAIL_COLUMNS.filter((c) => !header.has(c));
  if (missing.length > 0) throw new Error(`not an Online Retail CSV: missing column(s) ${missing.join(', ')} in the header`);
  return header;
}

interface BatchResult {
  orders: number;
  cancellations: number;
  guest: number;
  alreadyPresent: number;
  lines: number;
  customers: number;
  products: number;
}

async function writeWithFallback(db: Knex, invoices: Invoice[], issues: IssueLog, counts: Counts): Promise<void> {
  let results: BatchResult[];
  try {
    results = [await db.transaction((trx) => writeInvoices(trx, invoices))];
  } catch {
    results = [];
    for (const invoice of invoices) {
      try {
        results.push(await db.transaction((trx) => writeInvoices(trx, [invoice])));
      } catch (error) {
        counts.orders.rejected++;
        const lines = invoice.lines.map((l) => l.line);
        issues.add({
          line: Math.min(...lines),
          code: 'order-rejected',
          message: `invoice ${invoice.id} (lines ${lines.join(', ')}): ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  }
  // Counted only once committed.
  for (const r of results) {
    counts.orders.imported += r.orders;
    counts.orders.cancellations += r.cancellations;
    counts.orders.guest += r.guest;
    counts.orders.alreadyPresent += r.alreadyPresent;
    counts.orderLines += r.lines;
    counts.customersCreated += r.customers;
    counts.productsCreated += r.products;
  }
}

async function writeInvoices(trx: Knex.Transaction, invoices: Invoice[]): Promise<BatchResult> {
  const rows = invoices.map(invoiceRows);
  const customers = await insertMissing(
    trx,
    'customers',
    rows.flatMap((r) => (r.customer ? [r.customer] : [])),
  );
  const products = await upsertProducts(
    trx,
    rows.flatMap((r) => r.products),
    'keep',
  );
  const created = new Set<string>();
  for (const chunk of chunksOf(rows.map((r) => r.order))) {
    const inserted = await trx('orders').insert(chunk).onConflict('id').ignore().returning<Array<{ id: string }>>('id');
    for (const { id } of inserted) created.add(id);
  }
  // Lines only for orders created now: an order that was already there is complete already.
  const fresh = rows.filter((r) => created.has(r.order.id));
  const items = fresh.flatMap((r) => r.items);
  for (const chunk of chunksOf(items)) await trx('order_items').insert(chunk);
  return {
    orders: fresh.length,
    cancellations: fresh.filter((r) => r.order.status === 'cancelled').length,
    guest: fresh.filter((r) => r.order.customer_id === null).length,
    alreadyPresent: rows.length - fresh.length,
    lines: items.length,
    customers,
    products: products.inserted,
  };
}
