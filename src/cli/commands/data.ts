import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Knex } from 'knex';
import { loadVocabulary } from '../../../fixtures/generator/vocabulary';
import { sizePresets, type SizeName } from '../../../fixtures/generator/sizes';
import { createWorld } from '../../../fixtures/generator/world';
import { seedDatabase, type SeedSummary } from '../../../fixtures/generator/writer';
import { importProductsFile, type ProductImportSummary } from '../../catalog/import/products-jsonl';
import { importRetailOrdersFile, type OrderImportSummary } from '../../catalog/import/online-retail/import';
import type { IssueReport } from '../../catalog/import/issues';
import { createDatabase } from '../../core/clients';
import { migrateLatest } from '../../db/migrate';
import { formatCount, formatDuration } from '../../core/progress';
import type { CliContext } from './context';

/** `agora migrate`, `agora seed`, `agora import products|orders`. Results go to stdout, progress to stderr. */
export function registerDataCommands(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() =>
      withDatabase(context, async (db) => {
        const applied = await migrateLatest(db);
        print(
          applied.length === 0
            ? 'database schema is up to date'
            : `applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}`,
        );
      }),
    );

  program
    .command('seed')
    .description('fill the database with a generated marketplace; the same size, seed and --now give identical data')
    .addOption(new Option('--size <size>', 'how much to generate').choices(Object.keys(sizePresets)).default('demo'))
    .option('--seed <n>', 'random seed', parseSeed, 1)
    .option('--now <date>', 'instant the generated history ends (ISO 8601); default: today 00:00 UTC', parseDate)
    .option('--reset', 'first empty the catalog, customers, orders and events, queueing index deletes (admin/public API keys are kept)')
    .option('--if-empty', 'do nothing when products exist already (what npm start uses)')
    .action((options: { size: SizeName; seed: number; now?: Date; reset?: boolean; ifEmpty?: boolean }) =>
      withDatabase(context, async (db) => {
        if (options.ifEmpty && !options.reset && (await db('products').first('id'))) {
          print('products exist already: not seeding (use --reset to start over)');
          return;
        }
        const now = options.now ?? startOfTodayUtc();
        const world = createWorld({ vocabulary: loadVocabulary(), size: sizePresets[options.size], seed: options.seed, now });
        const summary = await seedDatabase(db, world, { reset: options.reset === true });
        print(formatSeedSummary(summary, `size ${options.size}, seed ${options.seed}, history ending ${now.toISOString()}`));
      }),
    );

  const importCommand = program.command('import').description('import data from files (plain or gzip)');
  importCommand
    .command('products <file>')
    .description('upsert products from JSON Lines (one product per line; see src/catalog/import/product-line.ts)')
    .action((file: string) =>
      withDatabase(context, async (db) => {
        print(formatProductImport(await importProductsFile(db, file)));
      }),
    );
  importCommand
    .command('orders <file>')
    .description(
      'import orders from an Online Retail CSV (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country)',
    )
    .action((file: string) =>
      withDatabase(context, async (db) => {
        print(formatOrderImport(await importRetailOrdersFile(db, file)));
      }),
    );
}

/** Creates the command's own client and always closes it, so the process can exit. */
async function withDatabase(context: CliContext, run: (db: Knex) => Promise<void>): Promise<void> {
  const db = createDatabase(context.config);
  try {
    await db.raw('select 1').catch((error: unknown) => {
      throw new Error(
        `cannot reach Postgres (DATABASE_URL): ${error instanceof Error ? error.message : String(error)}; is it running? try scripts/services.sh up`,
      );
    });
    await run(db);
  } finally {
    await db.destroy();
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function parseSeed(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z');
  return date;
}

function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function table(rows: Array<[string, number | string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${typeof value === 'number' ? formatCount(value) : value}`).join('\n');
}

function formatIssues(issues: IssueReport, shown = 20): string {
  if (issues.total === 0) return 'no bad lines';
  const codes = Object.entries(issues.byCode).sort((a, b) => b[1] - a[1]);
  const examples = issues.sample.slice(0, shown).map((i) => `  line ${i.line}: [${i.code}] ${i.message}`);
  const more = issues.total > shown ? [`  ... and ${formatCount(issues.total - shown)} more`] : [];
  return [`bad lines: ${formatCount(issues.total)}`, table(codes), ...examples, ...more].join('\n');
}

export function formatSeedSummary(summary: SeedSummary, description: string): string {
  return [
    `seeded ${description} in ${formatDuration(summary.elapsedMs)} (peak RSS ${Math.round(summary.peakRssBytes / 1_048_576)} MiB)`,
    table(Object.entries(summary.rows)),
  ].join('\n');
}

export function formatProductImport(s: ProductImportSummary): string {
  return [
    `imported products from ${formatCount(s.lines)} lines in ${formatDuration(s.elapsedMs)}`,
    table([
      ['products inserted', s.products.inserted],
      ['products updated', s.products.updated],
      ['products unchanged', s.products.unchanged],
      ['merchants created', s.created.merchants],
      ['brands created', s.created.brands],
      ['categories created', s.created.categories],
    ]),
    formatIssues(s.issues),
  ].join('\n');
}

export function formatOrderImport(s: OrderImportSummary): string {
  const seconds = s.elapsedMs / 1000;
  return [
    `imported ${formatCount(s.rows)} rows in ${formatDuration(s.elapsedMs)} (${formatCount(Math.round(s.rows / Math.max(seconds, 0.001)))} rows/s)`,
    table([
      ['orders imported', s.orders.imported],
      ['  of which cancellations', s.orders.cancellations],
      ['  of which guest (no CustomerID)', s.orders.guest],
      ['orders already present', s.orders.alreadyPresent],
      ['orders rejected', s.orders.rejected],
      ['order lines', s.orderLines],
      ['customers created', s.customersCreated],
      ['products created', s.productsCreated],
      ['rows without CustomerID', s.rowsWithoutCustomer],
      ['non-product rows (postage, fees...)', s.nonProductRows],
    ]),
    formatIssues(s.issues),
  ].join('\n');
}
