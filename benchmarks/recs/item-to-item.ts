import { boughtTogether } from '../../ranking/cf/bought-together';
import { IdIndex } from '../../ranking/cf/id-index';
import { cooccurrenceIndicators, crossOccurrenceIndicators } from '../../ranking/cf/indicators';
import { rowsFromPairs } from '../../ranking/cf/interactions';
import type { Neighbors } from '../../ranking/cf/neighbors';
import { trendingScores } from '../../ranking/cf/trending';
import type { OrderHistory } from '../../src/cli/eval/recs/order-history';
import { seconds } from './table';

const DAY_MS = 86_400_000;

/**
 * What the nightly item-to-item jobs would compute on the whole history
 * (no split: these lists are not evaluated here, only timed and sampled
 * so a reader can judge them by eye).
 */
export async function itemToItemReport(history: OrderHistory, options: { indicators: number; halfLifeDays: number }): Promise<string[]> {
  const users = new IdIndex();
  const items = new IdIndex();
  const orders = new IdIndex();
  const userPairs: Array<[number, number]> = [];
  const orderPairs: Array<[number, number]> = [];
  let latest = 0;
  for (const p of history.purchases) {
    const item = items.intern(p.itemId);
    userPairs.push([users.intern(p.userId), item]);
    orderPairs.push([orders.intern(p.orderId), item]);
    latest = Math.max(latest, p.at);
  }
  const purchases = rowsFromPairs(userPairs, users.size);
  const baskets = rowsFromPairs(orderPairs, orders.size);
  const lines: string[] = [];
  const timed = <T>(label: string, run: () => T): T => {
    const start = performance.now();
    const result = run();
    lines.push(`  ${label}: ${seconds(performance.now() - start)}`);
    return result;
  };

  const alsoBought = timed(`purchase co-occurrence, LLR top ${options.indicators} (${users.size} customers × ${items.size} items)`, () =>
    cooccurrenceIndicators(purchases, items.size, { maxIndicatorsPerItem: options.indicators }),
  );
  const together = timed(`bought together, same order, LLR, support ≥ 3 (${orders.size} orders)`, () =>
    boughtTogether(baskets, items.size),
  );
  timed(`trending, half-life ${options.halfLifeDays} d`, () =>
    trendingScores(
      history.purchases.map((p) => ({ itemId: p.itemId, categoryId: null, at: p.at })),
      { now: latest, halfLifeMs: options.halfLifeDays * DAY_MS },
    ),
  );
  for (const [label, events] of [
    ['views', history.views],
    ['add-to-carts', history.carts],
  ] as const) {
    if (events.length === 0) continue;
    const rows = rowsFromPairs(
      events.map((e): [number, number] => [users.intern(e.userId), items.intern(e.itemId)]),
      users.size,
    );
    timed(`cross-occurrence purchases × ${label} (${events.length} events)`, () =>
      crossOccurrenceIndicators(
        { rows: purchases, nItems: items.size },
        { rows, nItems: items.size },
        { maxIndicatorsPerItem: options.indicators },
      ),
    );
  }
  const withIndicators = alsoBought.filter((list) => list.indices.length > 0).length;
  const withTogether = together.filter((list) => list.indices.length > 0).length;
  lines.push(`  items with indicators: ${withIndicators} of ${items.size}; with bought-together: ${withTogether}`);

  // Samples: the three best sellers.
  const sellers = purchases.reduce((counts, row) => {
    for (const item of row) counts[item]++;
    return counts;
  }, new Int32Array(items.size));
  const top = Array.from(sellers.keys())
    .sort((a, b) => sellers[b] - sellers[a])
    .slice(0, 3);
  const ids = new Set<string>();
  const sample = (list: Neighbors | undefined) => Array.from(list?.indices.slice(0, 4) ?? [], (index) => items.idAt(index));
  for (const item of top) {
    ids.add(items.idAt(item));
    for (const id of [...sample(alsoBought[item]), ...sample(together[item])]) ids.add(id);
  }
  const names = await history.describeItems([...ids]);
  const name = (id: string) => `${names.get(id) ?? ''} [${id}]`.trim();
  for (const item of top) {
    lines.push(`  ${name(items.idAt(item))}`);
    lines.push(`    also bought:     ${sample(alsoBought[item]).map(name).join('; ') || '–'}`);
    lines.push(`    bought together: ${sample(together[item]).map(name).join('; ') || '–'}`);
  }
  return lines;
}
