import { recomputeSignals } from '../../indexers/signals/signals';
import { createTestEnvironment } from '../../test/support/environment';

/**
 * How long a signals run blocks catalog writes (#22: one 26 s transaction over
 * 79k products hung 64 catalog writes past 15 s). On a throwaway schema:
 * `--products N` products that all sold yesterday, so a run rewrites every
 * one; meanwhile a writer updates a random product's price every 10 ms, each
 * in its own transaction, and times it. Once with the whole run in one
 * transaction (the old behaviour), once in batches of 2,000.
 *
 *   npx tsx benchmarks/indexing/background-writes.ts --products 20000
 */
const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function main(): Promise<void> {
  const products = argument('products', 20_000);
  const env = await createTestEnvironment({ LOG_LEVEL: 'silent' });
  const { db } = env;
  try {
    await db('merchants').insert({ id: 'm1', name: 'Bench Goods' });
    await db('categories').insert({ id: 'c1', name_en: 'Bench', facet_attributes: [] });
    await db.raw(
      `insert into products (id, merchant_id, category_id, title_en, attributes, price, stock)
       select 'p-' || lpad(g::text, 7, '0'), 'm1', 'c1', 'Bench product ' || g, '{}', 10 + g % 90, 5 from generate_series(1, ?) g`,
      [products],
    );
    await db('orders').insert({ id: 'o1', placed_at: new Date(Date.now() - 86_400_000), total: 1 });
    await db.raw(
      `insert into order_items (order_id, line_no, product_id, quantity, unit_price)
       select 'o1', g, 'p-' || lpad(g::text, 7, '0'), 1, 1 from generate_series(1, ?) g`,
      [products],
    );

    const rows: string[] = [];
    for (const [label, batchSize] of [
      ['one transaction (before)', products],
      ['batches of 2,000', 2000],
    ] as const) {
      // Every product changes again in this run; what the reset queued is delivered already.
      await db('product_signals').delete();
      await db('search_outbox')
        .whereNull('processed_at')
        .update({ processed_at: db.raw('clock_timestamp()') });

      const latencies: number[] = [];
      let running = true;
      const writer = (async () => {
        while (running) {
          const id = `p-${String(1 + Math.floor(Math.random() * products)).padStart(7, '0')}`;
          const started = performance.now();
          await db('products')
            .where({ id })
            .update({ price: db.raw('price + 0.01') });
          latencies.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const started = performance.now();
      const summary = await recomputeSignals(db, { batchSize });
      const runMs = performance.now() - started;
      running = false;
      await writer;
      const sorted = [...latencies].sort((a, b) => a - b);
      rows.push(
        `| ${label} | ${summary.touched} | ${(runMs / 1000).toFixed(1)} | ${latencies.length} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.99).toFixed(0)} | ${(sorted.at(-1) ?? 0).toFixed(0)} | ${sorted.filter((ms) => ms > 1000).length} |`,
      );
    }
    process.stdout.write(
      [
        `signals run over ${products} products, catalog writes every 10 ms meanwhile`,
        '',
        '| signals writes | products | run s | catalog writes | p50 ms | p99 ms | max ms | > 1 s |',
        '|---|--:|--:|--:|--:|--:|--:|--:|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await env.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
