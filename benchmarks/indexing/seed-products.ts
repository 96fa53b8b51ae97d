import { parseArgs } from 'node:util';
import knex from 'knex';
import { loadVocabulary } from '../../fixtures/generator/vocabulary';
import { createWorld } from '../../fixtures/generator/world';
import { seedDatabase } from '../../fixtures/generator/writer';
import { loadConfig } from '../../src/core/config';
import { migrateLatest } from '../../src/db/migrate';
import { formatCount } from '../../src/core/progress';

/**
 * A catalog-heavy schema for indexer memory runs: the generator's products at
 * the given count, with only a token history (the indexer reads products,
 * not orders or events, so the 1m preset's 8M events would only cost time).
 *
 *   npx tsx benchmarks/indexing/seed-products.ts --schema bench_1m --products 1000000
 */
const { values: args } = parseArgs({
  options: { schema: { type: 'string', default: 'bench_1m' }, products: { type: 'string', default: '1000000' } },
});

async function main(): Promise<void> {
  const config = loadConfig();
  const admin = knex({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 1 } });
  await admin.raw('create schema if not exists ??', [args.schema!]);
  await admin.destroy();
  const db = knex({ client: 'pg', connection: config.databaseUrl, searchPath: [args.schema!], pool: { min: 0, max: 4 } });
  try {
    await migrateLatest(db);
    const products = Number(args.products);
    const size = { products, merchants: 500, customers: 1000, orders: 2000, events: 5000, anonymousShare: 0.2 };
    const world = createWorld({ vocabulary: loadVocabulary(), size, seed: 1, now: new Date('2026-11-01T00:00:00Z') });
    const summary = await seedDatabase(db, world, { reset: true });
    process.stdout.write(`seeded ${formatCount(summary.rows.products)} products into ${args.schema}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
