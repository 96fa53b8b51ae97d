import assert from 'node:assert/strict';
import { createApiKey } from '../../src/auth/api-keys';
import { createRandom } from '../../ranking/cf/random';
import { createTestEnvironment } from '../../test/support/environment';
import { startTestApi, type TestApi } from '../../test/support/http';
import { loadSearchCatalog } from '../../test/support/search-catalog';
import { formatTable } from '../support/stats';

/** The chance a shopper buys their favourite shoe when it is shown at position 1, 2, 3, 4 (known to the generator only). */
const buyAt = [0.45, 0.15, 0.06, 0.03];
const favourites = [
  ['shoe-4', 0.6],
  ['shoe-1', 0.4 / 3],
  ['shoe-3', 0.4 / 3],
  ['shoe-2', 0.4 / 3],
] as const;

/**
 * One experiment through the HTTP API of two API processes over an isolated
 * slice of the running services: variant "pinned" puts shoe-4 first for
 * "running shoes", which most shoppers came for, so it truly sells more
 * by a margin the generator computes from the orders each variant serves.
 */
export async function runThroughApi(maxShoppers: number): Promise<void> {
  const env = await createTestEnvironment({ RATE_LIMIT_DISABLED: 'true' });
  const apis: TestApi[] = [];
  try {
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    apis.push(await startTestApi(env), await startTestApi(env));
    const publicKey = (await createApiKey(env.db, { role: 'public' })).key;
    const merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
    const merch = async (method: string, path: string, body?: unknown) => {
      const response = await apis[0]!.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body });
      assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const search = (api: TestApi, session: string | null) =>
      api.request('GET', `/v1/search?q=running+shoes${session === null ? '' : `&session=${session}`}`, { key: publicKey });

    const liveOrder: string[] = (await search(apis[0]!, null)).body.hits.map((h: { id: string }) => h.id);
    const pinnedOrder = ['shoe-4', ...liveOrder.filter((id) => id !== 'shoe-4')];
    const expectedRate = (order: string[]) => favourites.reduce((sum, [id, share]) => sum + share * (buyAt[order.indexOf(id)] ?? 0), 0);
    const truth = { control: expectedRate(liveOrder), pinned: expectedRate(pinnedOrder) };

    const experiment = await merch('POST', '/experiments', {
      name: 'Shoe 2 first for running shoes',
      variants: [
        { name: 'control', share: 50 },
        {
          name: 'pinned',
          share: 50,
          draftRules: [
            {
              name: 'Shoe 2 first',
              conditions: { query: { match: 'is', values: ['running shoes'] } },
              actions: [{ type: 'pin', pins: [{ productId: 'shoe-4', position: 1 }] }],
            },
          ],
        },
      ],
      targeting: { queries: ['running shoes'] },
      // Planned as a merchandiser who expects the control's rate and a lift a little below the true one would.
      plan: {
        baselineRate: Number(truth.control.toFixed(2)),
        minimumDetectableEffect: Math.floor((truth.pinned / truth.control - 1) * 10) / 10,
      },
    });
    await merch('POST', `/experiments/${experiment.id}/start`);
    // Both processes serve it (the second hears within a second).
    while ((await search(apis[1]!, 'sim-0')).body.experiment === null) await new Promise((r) => setTimeout(r, 20));
    const planned = (await merch('GET', `/experiments/${experiment.id}/results`)).sampleSizePerVariant as number;

    const random = createRandom(2026);
    const tally = new Map<string, { users: number; purchases: number }>([
      ['control', { users: 0, purchases: 0 }],
      ['pinned', { users: 0, purchases: 0 }],
    ]);
    let crossProcessMismatches = 0;
    const started = Date.now();
    // Shoppers arrive until every variant has the planned number (or the cap).
    let shoppers = 0;
    for (let i = 0; i < maxShoppers && Math.min(...[...tally.values()].map((t) => t.users)) < planned; i++, shoppers++) {
      const session = `sim-${i}`;
      let pick = random();
      const favourite = favourites.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'shoe-4';
      const first = await search(apis[i % 2]!, session);
      const { experiment: tag, hits } = first.body as { experiment: { variant: string } | null; hits: Array<{ id: string }> };
      assert.ok(tag, 'every shopper with a session is in the experiment');
      // A second search from the other process must land in the same variant.
      if ((await search(apis[(i + 1) % 2]!, session)).body.experiment?.variant !== tag.variant) crossProcessMismatches++;
      const position = hits.findIndex((h) => h.id === favourite);
      const requestId = first.headers.get('x-request-id')!;
      const events: Array<Record<string, unknown>> = [];
      if (position >= 0 && random() < 0.6)
        events.push({ type: 'search_click', sessionId: session, productId: favourite, query: 'running shoes', requestId });
      const bought = position >= 0 && random() < (buyAt[position] ?? 0);
      if (bought)
        events.push(
          { type: 'add_to_cart', sessionId: session, productId: favourite, requestId },
          { type: 'purchase', sessionId: session, productId: favourite, requestId },
        );
      if (events.length > 0) {
        const sent = await apis[i % 2]!.request('POST', '/v1/events', { key: publicKey, body: { events } });
        assert.equal(sent.status, 202, JSON.stringify(sent.body));
      }
      const t = tally.get(tag.variant)!;
      t.users++;
      if (bought) t.purchases++;
    }
    const seconds = (Date.now() - started) / 1000;
    for (const api of apis) await api.searchLog.flush();

    const results = await merch('GET', `/experiments/${experiment.id}/results`);
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const ci = (i: { low: number; high: number }) => `${pct(i.low)}–${pct(i.high)}`;
    console.log(
      `True purchase rates (from the orders served): control ${pct(truth.control)}, pinned ${pct(truth.pinned)}. ` +
        `${shoppers} shoppers, ${shoppers * 2} searches over two API processes and their events in ${seconds.toFixed(1)} s; ` +
        `variant changed between processes for ${crossProcessMismatches} shoppers.\n`,
    );
    console.log(
      formatTable(
        [
          'variant',
          'true purchase rate',
          'shoppers (API / generator)',
          'purchases (API / generator)',
          'purchase conversion (CI)',
          'CTR',
          'revenue/search',
        ],
        results.variants.map(
          (v: {
            name: 'control' | 'pinned';
            users: number;
            purchaseConversion: { count: number; rate: number; interval: { low: number; high: number } };
            clickThroughRate: { value: number };
            revenuePerSearch: { value: number };
          }) => [
            v.name,
            pct(truth[v.name]),
            `${v.users} / ${tally.get(v.name)!.users}`,
            `${v.purchaseConversion.count} / ${tally.get(v.name)!.purchases}`,
            `${pct(v.purchaseConversion.rate)} (${ci(v.purchaseConversion.interval)})`,
            v.clickThroughRate.value.toFixed(3),
            v.revenuePerSearch.value.toFixed(2),
          ],
        ),
      ),
    );
    console.log(
      `\nplanned shoppers per variant: ${results.sampleSizePerVariant}; sample ratio p = ${results.sampleRatio.pValue.toFixed(3)}`,
    );
    console.log(`verdict (${results.verdict.status}): ${results.verdict.message}`);
    if (results.verdict.winner) {
      const promoted = await merch('POST', `/experiments/${experiment.id}/promote`, {});
      const now = (await search(apis[1]!, null)).body.hits.map((h: { id: string }) => h.id);
      console.log(
        `promoted ${promoted.experiment.promotedVariant} (merchandising version ${promoted.merchandisingVersion}); live order now ${now.join(', ')}`,
      );
    }
  } finally {
    for (const api of apis) await api.close();
    await env.cleanup();
  }
}
