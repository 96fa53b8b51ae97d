/**
 * Relevance on real shopper queries, typos included: Best Buy mobile search
 * logs (Xbox 360 games, 2011) with the SKUs clicked after each query as
 * graded judgments (click share). Compares, on one index built in an isolated
 * Postgres schema and index prefix: Agora's search service (typo tolerance,
 * did-you-mean, fallbacks), the same Elasticsearch body with every word exact,
 * and the multi_match a naive integration would send.
 *
 * The data's terms allow internal evaluation only: it is read from
 * ../shared/data/bestbuy-small at run time and exits 2 when that is absent.
 *
 *   npx tsx benchmarks/search/relevance-bestbuy.ts [--data DIR] [--min-clicks 2] [--long-description 600] [--examples 12] [--what-if]
 *
 * The catalog is imported with Best Buy's long-term sales rank as each
 * product's `salesRank`, which the signals job turns into popularity (the
 * sample has no orders or views of its own). --what-if adds two diagnostic runs
 * of Agora: without the rating boost, and without the sales ranks.
 */
import { parseArgs } from 'node:util';
import { createCatalogDirectory } from '../../src/search/catalog/catalog-directory';
import { defaultRankingWeights } from '../../ranking/weights/ranking-settings';
import { productsAlias, productsIndexPattern } from '../../src/core/product-index';
import { createTestEnvironment, type TestEnvironment } from '../../test/support/environment';
import { timed } from '../support/stats';
import { importBestBuyCatalog, withoutSalesRanks } from './bestbuy/catalog';
import { DataUnavailable, DEFAULT_DATA_DIR, readJudgments, readProducts, type Judgment } from './bestbuy/data';
import { catalogVocabulary, isCampaignCode, misspeltWords, scoreQuery, spacingErrors } from './bestbuy/metrics';
import {
  correctionTable,
  examplesTable,
  latencyTable,
  lossesTable,
  missesTable,
  relevanceTable,
  type Slice,
  type SystemRun,
} from './bestbuy/report';
import { agora, agoraExactWords, baseline, type SearchSystem } from './bestbuy/systems';

const K = 10;

class UsageError extends Error {}

interface Options {
  data: string;
  minClicks: number;
  longDescriptionChars: number;
  examples: number;
  /** Adds diagnostic variants of Agora (see the report's what-if rows). */
  whatIf: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      'min-clicks': { type: 'string', default: '2' },
      'long-description': { type: 'string', default: '600' },
      examples: { type: 'string', default: '12' },
      'what-if': { type: 'boolean', default: false },
    },
  });
  const whole = (flag: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number, got "${text}"`);
    return n;
  };
  return {
    data: values.data,
    minClicks: whole('min-clicks', values['min-clicks']),
    longDescriptionChars: whole('long-description', values['long-description']),
    examples: whole('examples', values.examples),
    whatIf: values['what-if'],
  };
}

/** Each system answers every query once to warm caches and the JIT, then once more timed; the timed answers are scored. */
async function runSystem(system: SearchSystem, judgments: readonly Judgment[]): Promise<SystemRun> {
  for (const j of judgments) await system.search(j.query);
  const run: SystemRun = { name: system.name, answers: [], outcomes: [], latenciesMs: [] };
  for (const j of judgments) {
    const [ms, answer] = await timed(() => system.search(j.query));
    run.answers.push(answer);
    run.outcomes.push(scoreQuery(j, answer.ids, answer.total, K));
    run.latenciesMs.push(ms);
  }
  return run;
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const products = readProducts(options.data);
  const { judgments, summary } = readJudgments(options.data, options.minClicks);
  const log = (line = '') => process.stdout.write(`${line}\n`);

  const vocabulary = catalogVocabulary(products);
  const misspelt = new Map<number, string[]>();
  const spacing = new Map<number, string[]>();
  judgments.forEach((j, i) => {
    if (isCampaignCode(j.query)) return;
    const typos = misspeltWords(j.query, vocabulary);
    if (typos.length > 0) misspelt.set(i, typos);
    const joins = spacingErrors(j.query, vocabulary);
    if (joins.length > 0) spacing.set(i, joins);
  });
  const all = judgments.map((_, i) => i);
  const typed = all.filter((i) => !isCampaignCode(judgments[i]!.query));
  const slices: Slice[] = [
    { name: 'all', members: all },
    { name: 'campaign codes (a_b_2011…)', members: all.filter((i) => isCampaignCode(judgments[i]!.query)) },
    { name: 'with a misspelling', members: typed.filter((i) => misspelt.has(i)) },
    { name: 'spelt right', members: typed.filter((i) => !misspelt.has(i)) },
    { name: 'words glued or split', members: typed.filter((i) => spacing.has(i)) },
  ];
  const [, codes, withTypos, , glued] = slices as [Slice, Slice, Slice, Slice, Slice];

  const env = await createTestEnvironment();
  try {
    const indexed = await importBestBuyCatalog(env.db, env.es, env.config.indexPrefix, products, {
      longDescriptionChars: options.longDescriptionChars,
    });
    const deps = { es: env.es, index: productsAlias(env.config.indexPrefix), categories: createCatalogDirectory(env.db), size: K };
    log('# Search relevance on Best Buy shopper queries (Xbox 360 games, 2011; internal evaluation only)');
    log(
      `catalog: ${products.length} products → ${indexed.documents} documents (${indexed.rejected} rejected) in ${indexed.index}; description = short + ${options.longDescriptionChars} chars of long`,
    );
    log(
      `clicks: ${summary.rows} query/SKU rows, ${summary.clicks} clicks (${summary.outOfCatalogClicks} on SKUs outside the catalog, dropped), ${summary.queries} distinct queries`,
    );
    log(
      `judged: ${judgments.length} queries with ≥ ${options.minClicks} in-catalog clicks (${judgments.reduce((s, j) => s + j.totalClicks, 0)} clicks)`,
    );
    log(
      `  ${codes.members.length} are campaign codes from banners, not typed; of the typed ones ${withTypos.members.length} contain a misspelling (a letters-only word of ≥ 4 letters found in no product text) and ${glued.members.length} glue or split words ("deadspace", "rock smith")`,
    );
    log(
      `gain = click share of the SKU within its query; MRR and HitRate look for the most-clicked SKU (any of them when tied) in the top ${K}`,
    );
    log();

    const systems = [agora(deps), agoraExactWords(deps), baseline(deps)];
    if (options.whatIf)
      systems.push(agora(deps, { name: 'what-if: Agora, rating weight 0', weights: { ...defaultRankingWeights, rating: 0 } }));
    const runs: SystemRun[] = [];
    for (const system of systems) {
      process.stderr.write(`[relevance] ${system.name}…\n`);
      runs.push(await runSystem(system, judgments));
    }
    if (options.whatIf) {
      // Last, because it changes the index under the other systems: popularity needs a reindex to reach the documents.
      await withoutSalesRanks(env.db, env.es, env.config.indexPrefix);
      log(
        `what-if rows: "rating weight 0" is Agora with weights.rating = 0; "without sales ranks" is Agora on the catalog without its sales ranks (popularity 0 everywhere, as a catalog that brings none)`,
      );
      log();
      const system = agora(deps, { name: 'what-if: Agora without sales ranks', weights: defaultRankingWeights });
      process.stderr.write(`[relevance] ${system.name}…\n`);
      runs.push(await runSystem(system, judgments));
    }
    const [agoraRun, exactRun, baselineRun] = runs as [SystemRun, SystemRun, SystemRun];
    const context = { judgments, titles: new Map(products.map((p) => [p.sku, p.name])), misspelt, spacing };

    log('## Relevance');
    log(relevanceTable(runs, slices));
    log();
    log('## Latency (second pass, sequential, one client)');
    log(latencyTable(runs));
    log();
    log("## Agora's spelling help on the misspelt queries");
    log(correctionTable(agoraRun, withTypos.members));
    log();
    log('## Most-clicked misspelt queries (rank of the most-clicked SKU per system)');
    log(examplesTable(runs, withTypos.members, context, options.examples));
    log();
    log('## Most-clicked queries with glued or split words');
    log(examplesTable(runs, glued.members, context, options.examples));
    for (const [other, slice] of [
      [baselineRun, slices[0]!],
      [baselineRun, withTypos],
      [exactRun, slices[0]!],
    ] as const) {
      const losses = lossesTable(agoraRun, other, slice.members, context, 20);
      log();
      log(`## Where Agora ranks the most-clicked SKU lower than ${other.name} (${slice.name})`);
      log(losses.summary);
      log(losses.table);
    }
    log();
    log(`## Agora's misses: typed queries whose most-clicked SKU is not in Agora's top ${K}, most clicks first`);
    log(missesTable(runs, typed, context, 25));
  } finally {
    await deleteIndexes(env);
    await env.cleanup();
  }
}

/**
 * The shared cleanup deletes `<prefix>-*` in one call, which this server
 * refuses (action.destructive_requires_name) and the cleanup ignores; so the
 * indexes this run built are listed and deleted by name first.
 */
async function deleteIndexes(env: TestEnvironment): Promise<void> {
  const found = await env.es.indices.get({
    index: productsIndexPattern(env.config.indexPrefix),
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const names = Object.keys(found);
  if (names.length > 0) await env.es.indices.delete({ index: names });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DataUnavailable) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
