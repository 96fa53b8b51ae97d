/**
 * Search latency with 0, 100 and 10,000 active merchandising rules, in one
 * run, on whatever catalog the configured database and index hold (the 100k
 * fixture: DATABASE_URL=…/agora_bench_search INDEX_PREFIX=benchsearch).
 * Rules are generated in memory and compiled exactly as the API's store
 * compiles them; nothing is written anywhere.
 *
 * The 100 rules target this benchmark's own requests (so they fire: pins,
 * hides, boosts, buries, filters, banners). The 10,000 are those 100 plus
 * 9,900 for queries and pages the mix never hits, which is what a large
 * rule base mostly is: the question is whether their number slows the
 * requests they do not concern. A fourth set, all 10,000 aimed at the mix
 * (dozens firing per request), shows the cost of rules that do apply, which
 * is Elasticsearch work (more boost functions, pins fetched), not matching.
 * A last table times matching alone against a linear scan of the same rules.
 *
 *   npx tsx benchmarks/merchandising/rules-latency.ts [--queries 300] [--rounds 3]
 */
import { loadConfig } from '../../src/core/config';
import { closeClients, createClients } from '../../src/core/clients';
import { createCatalogDirectory } from '../../src/search/catalog/catalog-directory';
import { createSearchService } from '../../src/search/search-service';
import { parseSearchRequest } from '../../src/search/request/params';
import { prepareSearch, staticMerchandising } from '../../src/search/merchandising';
import { compileRuleIndex, matchRules, queryTerms } from '../../ranking/rules/matcher';
import { productsAlias } from '../../src/core/product-index';
import { compileSnapshot, type CompiledSnapshot } from '../../src/merchandising/snapshot';
import { emptyWeightTable } from '../../ranking/weights/category-weights';
import { createRng } from '../../fixtures/generator/prng';
import { formatTable, percentiles, timed } from '../support/stats';
import { argument, requestMix } from '../support/request-mix';
import { dormantRules, firingRules, type RuleWorld } from './synthetic-rules';

type Db = ReturnType<typeof createClients>['db'];

async function ruleWorld(db: Db, requests: Array<Record<string, string>>): Promise<RuleWorld> {
  const titles = (await db('products').orderByRaw("md5(id || 'words')").limit(2000).pluck('title_en')) as Array<string | null>;
  const words = [...new Set(titles.flatMap((t) => (t ?? '').toLowerCase().split(/\s+/)).filter((w) => /^[a-z]{3,}$/.test(w)))];
  return {
    requests,
    words,
    categoryIds: (await db('categories').orderBy('id').pluck('id')) as string[],
    brandIds: (await db('brands').orderBy('id').pluck('id')) as string[],
    merchantIds: (await db('merchants').orderBy('id').pluck('id')) as string[],
    productIds: (await db('products').where({ status: 'active' }).orderByRaw('md5(id)').limit(5000).pluck('id')) as string[],
  };
}

/** The rule index against the obvious alternative: checking every rule on every request (one single-rule index each, same semantics). */
function matcherComparison(
  rules: CompiledSnapshot['data']['rules'],
  requests: Array<ReturnType<typeof parseSearchRequest>>,
  paths: string[][][],
): Array<Array<string | number>> {
  const index = compileRuleIndex(rules);
  const singles = rules.map((rule) => compileRuleIndex([rule]));
  const time = (match: (input: Parameters<typeof matchRules>[1]) => unknown) => {
    const us: number[] = [];
    for (let round = 0; round < 5; round++) {
      requests.forEach((request, i) => {
        const input = {
          queryTerms: request.q === null ? null : queryTerms(request.q),
          categoryPaths: paths[i]!,
          context: request.context,
          now: Date.now(),
        };
        const started = process.hrtime.bigint();
        match(input);
        us.push(Number(process.hrtime.bigint() - started) / 1e3);
      });
    }
    const p = percentiles(us);
    return [p.p50, p.p95];
  };
  return [
    ['index (by query terms and category)', ...time((input) => matchRules(index, input))],
    ['linear scan of every rule', ...time((input) => singles.flatMap((single) => matchRules(single, input)))],
  ];
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const clients = createClients(config);
  const index = productsAlias(config.indexPrefix);
  const count = await clients.es.count({ index });
  const mix = await requestMix(clients.db, argument('queries', 300));
  const rounds = argument('rounds', 3);
  const world = await ruleWorld(clients.db, mix);
  const firing = firingRules(world, 100, createRng(7, 'firing'));
  const snapshot = (name: string, rules: typeof firing): [string, CompiledSnapshot] => [
    name,
    compileSnapshot({ version: name, rules, synonyms: [], weights: emptyWeightTable }),
  ];
  const tenThousand = [...firing, ...dormantRules(world, 9_900, createRng(7, 'dormant'), 101)];
  const configs = [
    snapshot('0 rules', []),
    snapshot('100 rules', firing),
    snapshot('10,000 rules', tenThousand),
    snapshot('10,000 rules, all aimed at the mix', firingRules(world, 10_000, createRng(7, 'stress'))),
  ];
  console.log(
    `catalog: ${count.count} documents in ${index}; ${mix.length} requests × ${rounds} rounds × ${configs.length} rule sets, interleaved`,
  );

  const categories = createCatalogDirectory(clients.db);
  const services = configs.map(([, snap]) =>
    createSearchService({ es: clients.es, index, categories, merchandising: staticMerchandising(snap), cache: null, searchLog: null }),
  );
  const requests = mix.map((query) => parseSearchRequest(query));

  // Matching alone (rules matched, resolved, query analysed), in microseconds, and how many rules fire per request.
  const prepareUs: number[][] = configs.map(() => []);
  const fired: number[] = configs.map(() => 0);
  const paths = await Promise.all(
    requests.map((r) => Promise.all(r.filters.categoryIds.map(async (id) => (await categories.get(id))?.path ?? [id]))),
  );
  configs.forEach(([, snap], c) => {
    for (let round = 0; round < 5; round++) {
      requests.forEach((request, i) => {
        const started = process.hrtime.bigint();
        const prepared = prepareSearch(request, snap, paths[i]!, Date.now());
        prepareUs[c]!.push(Number(process.hrtime.bigint() - started) / 1e3);
        if (round === 0) fired[c]! += prepared.plan.applied.length;
      });
    }
  });

  // Warm up every variant (JIT, Elasticsearch caches), then interleave: each request runs under every rule set in a rotating order, so drift hits all alike.
  for (const request of requests) for (const service of services) await service.search(request);
  const samples: number[][] = configs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, request] of requests.entries()) {
      for (let k = 0; k < services.length; k++) {
        const c = (i + round + k) % services.length;
        samples[c]!.push((await timed(() => services[c]!.search(request)))[0]);
      }
    }
  }

  const base = percentiles(samples[0]!).p50;
  const rows = configs.map(([name, snap], c) => {
    const p = percentiles(samples[c]!);
    return [
      name,
      snap.rules.size,
      fired[c]! / requests.length,
      percentiles(prepareUs[c]!).p50,
      p.n,
      p.p50,
      p.p95,
      p.p99,
      p.mean,
      p.p50 / base,
    ];
  });
  console.log(
    formatTable(
      [
        'rule set',
        'enabled',
        'rules applied / request',
        'matching p50 µs',
        'requests',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'mean ms',
        'p50 / p50 (0 rules)',
      ],
      rows,
    ),
  );
  console.log(`\nmatching alone, 10,000 rules (µs per request, ${requests.length} requests × 5):`);
  console.log(formatTable(['matcher', 'p50 µs', 'p95 µs'], matcherComparison(tenThousand, requests, paths)));
  await closeClients(clients);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
