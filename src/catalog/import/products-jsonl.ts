import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { createProgress, type Progress } from '../../core/progress';
import { insertMissing, upsertProducts, type UpsertCounts } from './catalog-writer';
import { createIssueLog, type IssueLog, type IssueReport } from './issues';
import { parseProductLine, toCatalogRows, type CatalogRows } from './product-line';
import { openSource } from './source';

export interface ProductImportOptions {
  /** Valid lines written per transaction. @default 500 */
  batchSize?: number;
  /** Progress reporter factory. @default createProgress on stderr */
  progress?: () => Progress;
}

export interface ProductImportSummary {
  /** Non-blank lines read. */
  lines: number;
  products: UpsertCounts;
  created: { merchants: number; brands: number; categories: number };
  issues: IssueReport;
  elapsedMs: number;
}

interface PendingLine {
  line: number;
  rows: CatalogRows;
}

/**
 * Imports products from JSON Lines (shape: see `productLineSchema`). Each
 * batch of lines commits in one transaction with the merchants, brands and
 * categories it needs. Bad lines are reported, not fatal: a line that fails
 * validation is skipped, and if the database rejects a batch, its lines are
 * retried one by one so that only the culprit is left out.
 */
export async function importProducts(db: Knex, input: Readable, options: ProductImportOptions = {}): Promise<ProductImportSummary> {
  const batchSize = options.batchSize ?? 500;
  const progress = (options.progress ?? (() => createProgress({ label: 'import products', unit: 'lines' })))();
  const issues = createIssueLog();
  const summary = { lines: 0, products: { inserted: 0, updated: 0, unchanged: 0 }, created: { merchants: 0, brands: 0, categories: 0 } };
  const started = performance.now();
  let batch: PendingLine[] = [];
  const flush = async () => {
    if (batch.length > 0) await writeWithFallback(db, batch, issues, summary);
    batch = [];
  };

  let lineNo = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    summary.lines++;
    progress.tick();
    const parsed = parseProductLine(text);
    if (!parsed.ok) {
      issues.add({ line: lineNo, code: parsed.code, message: parsed.message });
      continue;
    }
    batch.push({ line: lineNo, rows: toCatalogRows(parsed.line) });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  progress.done();
  return { ...summary, issues: issues.report(), elapsedMs: performance.now() - started };
}

export async function importProductsFile(db: Knex, path: string, options: ProductImportOptions = {}): Promise<ProductImportSummary> {
  return importProducts(db, await openSource(path), options);
}

type Totals = Pick<ProductImportSummary, 'products' | 'created'>;

interface BatchResult {
  created: Totals['created'];
  products: UpsertCounts;
  unknownCategory: PendingLine[];
}

async function writeWithFallback(db: Knex, batch: PendingLine[], issues: IssueLog, totals: Totals): Promise<void> {
  let results: BatchResult[];
  try {
    results = [await db.transaction((trx) => writeBatch(trx, batch))];
  } catch {
    // Find the line(s) the database refuses by writing each alone; the rest still go in.
    results = [];
    for (const pending of batch) {
      try {
        results.push(await db.transaction((trx) => writeBatch(trx, [pending])));
      } catch (error) {
        issues.add({ line: pending.line, code: 'rejected', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  // Counted only once committed.
  for (const r of results) {
    for (const key of ['merchants', 'brands', 'categories'] as const) totals.created[key] += r.created[key];
    for (const key of ['inserted', 'updated', 'unchanged'] as const) totals.products[key] += r.products[key];
    for (const p of r.unknownCategory)
      issues.add({ line: p.line, code: 'unknown-category', message: `category_id ${p.rows.product.category_id} does not exist` });
  }
}

async function writeBatch(trx: Knex.Transaction, batch: PendingLine[]): Promise<BatchResult> {
  const merchants = await insertMissing(
    trx,
    'merchants',
    batch.map((p) => p.rows.merchant),
  );
  const brands = await insertMissing(
    trx,
    'brands',
    batch.flatMap((p) => (p.rows.brand ? [p.rows.brand] : [])),
  );
  const categories = await insertMissing(
    trx,
    'categories',
    batch.flatMap((p) => p.rows.categories),
  );

  // Lines naming a category by id need it to exist; the others brought their own path.
  const wanted = [...new Set(batch.filter((p) => p.rows.categories.length === 0).map((p) => p.rows.product.category_id))];
  const known = new Set(
    wanted.length === 0 ? [] : (await trx('categories').whereIn('id', wanted).select<Array<{ id: string }>>('id')).map((r) => r.id),
  );
  const isKnown = (p: PendingLine) => p.rows.categories.length > 0 || known.has(p.rows.product.category_id);
  const products = await upsertProducts(
    trx,
    batch.filter(isKnown).map((p) => p.rows.product),
    'replace',
  );
  return { created: { merchants, brands, categories }, products, unknownCategory: batch.filter((p) => !isKnown(p)) };
}
