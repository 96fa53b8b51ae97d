import { InvalidArgumentError, type Command } from 'commander';
import type { Knex } from 'knex';
import { createDatabase, createElasticsearch, createRedis } from '../../core/clients';
import { createLogger } from '../../core/logger';
import { productsAlias } from '../../core/product-index';
import { createProgress } from '../../core/progress';
import { importProductsFile } from '../../catalog/import/products-jsonl';
import { createMerchandisingStore } from '../../merchandising/store';
import { createCatalogDirectory } from '../../search/catalog/catalog-directory';
import { reindex } from '../../../indexers/reindex/reindex';
import { buildJudgments } from '../../../ranking/eval/judgments';
import { createScratchWorkspace } from '../eval/scratch-workspace';
import { readJudgmentsFile } from '../eval/judgments-file';
import { biggestLosses, evaluateSearchSystems } from '../eval/search-evaluation';
import { formatSearchReport, searchReportJson } from '../eval/search-report';
import { agoraSystem, bm25Baseline } from '../eval/search-systems';
import type { CliContext } from './context';
import { demoSearchJudgments } from '../../../fixtures/generator/search-judgments';
import { sizePresets } from '../../../fixtures/generator/sizes';
import { loadVocabulary } from '../../../fixtures/generator/vocabulary';
import { createWorld } from '../../../fixtures/generator/world';
import { seedDatabase } from '../../../fixtures/generator/writer';
import { recomputeSignals } from '../../../indexers/signals/signals';

/** The demo marketplace `--demo` evaluates: fixed, so two runs judge the same catalog. */
const DEMO_SEED = 1;
const DEMO_HISTORY_END = new Date('2026-12-01T00:00:00Z');

export interface SearchEvalOptions {
  products?: string;
  /** The generated demo marketplace with judgments from its ground truth, instead of files. */
  demo?: boolean;
  judgments?: string;
  live?: boolean;
  minClicks: number;
  losses: number;
  json?: boolean;
}

/**
 * `agora eval search`: relevance of the search the API serves, on any
 * catalog with judgments, beside a plain BM25 baseline on the same index in
 * the same run. README, "Evaluating search", describes the formats.
 */
export function registerSearchEvaluation(evaluate: Command, context: CliContext): void {
  evaluate
    .command('search')
    .description(
      'import products into a scratch schema and index (or use the live index with --live), run every judged query through the search service and a BM25 baseline, print NDCG@10, P@10, MRR, R@50, zero results and latency',
    )
    .option('--judgments <file>', 'judgments: CSV, TSV or JSON Lines with query, product_id and grade (0–3) or clicks, optional slice')
    .option('--products <file>', 'products as JSON Lines (the format of `agora import products`), imported into a scratch workspace')
    .option('--live', 'evaluate the configured live index and database, read-only (no import)')
    .option(
      '--demo',
      'the demo marketplace (agora seed --size demo --seed 1) in a scratch workspace, judged from the generator: types, brands and colours, English and Chinese',
    )
    .option('--min-clicks <n>', 'click judgments: leave out queries with fewer clicks', wholeNumber, 1)
    .option('--losses <n>', 'rows in the table of queries that lose most', wholeNumber, 20)
    .option('--json', 'print the result as JSON (with per-query scores)')
    .action(async (options: SearchEvalOptions) => {
      const result = await evaluateSearch(context, options);
      process.stdout.write(`${options.json ? JSON.stringify(result.json, null, 2) : result.text}\n`);
    });
}

/** The command's work, callable in process: the printed report and its JSON form. */
export async function evaluateSearch(context: CliContext, options: SearchEvalOptions): Promise<{ text: string; json: unknown }> {
  const sources = [options.products !== undefined, options.live === true, options.demo === true].filter(Boolean).length;
  if (sources !== 1) throw new Error('give exactly one of --products <file>, --live or --demo');
  if (options.demo !== true && options.judgments === undefined) throw new Error('--judgments <file> is required with --products or --live');
  if (options.demo === true && options.judgments !== undefined) throw new Error('--demo brings its own judgments: leave out --judgments');
  return options.live ? evaluateLive(context, options) : evaluateScratch(context, options);
}

interface Target {
  db: Knex;
  es: Parameters<typeof reindex>[0]['es'];
  redis: Parameters<typeof createMerchandisingStore>[0]['redis'];
  indexPrefix: string;
}

async function evaluateScratch(context: CliContext, options: SearchEvalOptions) {
  const workspace = await createScratchWorkspace({ label: 'eval', config: { ...context.config, logLevel: 'silent' } });
  try {
    const logger = createLogger(workspace.config, 'agora-eval');
    let loaded: { description: string; judgments: JudgmentsFile };
    if (options.demo) {
      const world = createWorld({ vocabulary: loadVocabulary(), size: sizePresets.demo, seed: DEMO_SEED, now: DEMO_HISTORY_END });
      const seeded = await seedDatabase(workspace.db, world, { reset: false });
      // Popularity as `npm start` serves it, measured at the end of the generated history.
      await recomputeSignals(workspace.db, { asOf: DEMO_HISTORY_END });
      const rows = demoSearchJudgments(world).map(({ query, productId, grade, slice }) => ({ query, productId, value: grade, slice }));
      loaded = {
        description: `the demo marketplace (size demo, seed ${DEMO_SEED}, history ending ${DEMO_HISTORY_END.toISOString()}): ${seeded.rows.products} products`,
        judgments: { kind: 'grade', rows, name: 'judged from the generator (fixtures/generator/search-judgments.ts)' },
      };
    } else {
      const imported = await importProductsFile(workspace.db, options.products!);
      // Popularity as the signals job gives it once a catalog is imported: from the file's sales ranks, when it has them.
      await recomputeSignals(workspace.db);
      loaded = {
        description: `${options.products} → ${imported.lines} lines, ${imported.products.inserted} products imported (${imported.issues.total} lines rejected)`,
        judgments: await readJudgments(options.judgments!),
      };
    }
    const indexed = await reindex(
      { db: workspace.db, es: workspace.es, config: { ...workspace.config, reindexSnapshotDir: 'off' }, logger },
      { progress: (total) => createProgress({ label: 'eval index', total }) },
    );
    const source = [`catalog: ${loaded.description}; ${indexed.documents} documents in scratch index ${indexed.index}`];
    return await run({ ...workspace, indexPrefix: workspace.config.indexPrefix }, loaded.judgments, options, source);
  } finally {
    await workspace.cleanup();
  }
}

async function evaluateLive(context: CliContext, options: SearchEvalOptions) {
  const { config } = context;
  const target = {
    db: createDatabase(config),
    es: createElasticsearch(config),
    redis: createRedis(config),
    indexPrefix: config.indexPrefix,
  };
  try {
    return await run(target, await readJudgments(options.judgments!), options, [
      `catalog: the live index ${productsAlias(config.indexPrefix)}, read-only (no cache, no search log)`,
    ]);
  } finally {
    await Promise.allSettled([target.db.destroy(), target.es.close(), target.redis.quit()]);
  }
}

type JudgmentsFile = Awaited<ReturnType<typeof readJudgmentsFile>> & { name: string };

async function readJudgments(path: string): Promise<JudgmentsFile> {
  return { ...(await readJudgmentsFile(path)), name: path };
}

async function run(target: Target, file: JudgmentsFile, options: SearchEvalOptions, source: string[]) {
  const judgedIds = [...new Set(file.rows.map((r) => r.productId))];
  const catalogIds = new Set<string>();
  for (let at = 0; at < judgedIds.length; at += 5000) {
    // What shoppers can find: active products of open merchants (the documents' `visible`).
    const ids = await target
      .db('products as p')
      .join('merchants as m', 'm.id', 'p.merchant_id')
      .whereIn('p.id', judgedIds.slice(at, at + 5000))
      .where({ 'p.status': 'active', 'm.status': 'active' })
      .pluck('p.id');
    for (const id of ids) catalogIds.add(id);
  }
  const judgments = buildJudgments(file.rows, { kind: file.kind, minClicks: options.minClicks, inCatalog: (id) => catalogIds.has(id) });
  if (judgments.queries.length === 0)
    throw new Error(`${options.judgments}: no query left to evaluate (are the product ids in the catalog?)`);

  const merchandising = createMerchandisingStore({
    db: target.db,
    redis: target.redis,
    indexPrefix: target.indexPrefix,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
  });
  const deps = { es: target.es, index: productsAlias(target.indexPrefix), categories: createCatalogDirectory(target.db), size: 50 };
  const systems = [agoraSystem(deps, { name: 'Agora', merchandising }), bm25Baseline(deps)];
  const evaluated = await evaluateSearchSystems(systems, judgments.queries, (name, done) =>
    process.stderr.write(`[eval search] ${name}: ${done}/${judgments.queries.length}\n`),
  );
  const losses = biggestLosses(judgments.queries, evaluated[0]!, evaluated[1]!, options.losses);
  const titleIds = [...new Set(losses.flatMap((l) => [l.agoraFirst, l.bestJudged]).filter((id): id is string => id !== null))];
  const titleRows: Array<{ id: string; title_en: string | null; title_zh: string | null }> =
    titleIds.length === 0 ? [] : await target.db('products').whereIn('id', titleIds).select('id', 'title_en', 'title_zh');
  const titles = new Map(titleRows.map((r) => [r.id, r.title_en ?? r.title_zh ?? r.id]));

  const evidence =
    judgments.kind === 'grade'
      ? 'graded 0–3, gain 2^grade − 1; relevant = grade ≥ 1'
      : `clicks, gain = the product's share of the query's clicks; relevant = clicked; queries with < ${options.minClicks} clicks left out (${judgments.queriesBelowMinClicks})`;
  const report = {
    protocol: [
      ...source,
      `judgments: ${file.name}: ${file.rows.length} rows, ${judgments.queries.length} queries evaluated; ${judgments.outOfCatalogRows} rows name products shoppers cannot find (not active, or their merchant is not) and are dropped`,
      `evidence: ${evidence}`,
      `systems: "Agora" is the search service the API calls (typo tolerance, did-you-mean, fallbacks, rules and synonyms of this database), without result cache or search log; "baseline" is one BM25 multi_match over the original titles and descriptions (standard analyzer) on the same index`,
      `metrics: NDCG@10 (graded), P@10, MRR (first relevant in the top 10), R@50 (relevant found in the top 50), zero results (nothing found), latency per query in this process`,
    ],
    systems: evaluated,
    losses,
    titles,
    slices: slicesOf(judgments.queries),
  };
  return {
    text: formatSearchReport(report),
    json: searchReportJson(
      report,
      judgments.queries.map((q) => q.query),
    ),
  };
}

function slicesOf(queries: ReadonlyArray<{ slice: string | null }>): Array<{ name: string; members: number[] }> {
  const slices = new Map<string, number[]>();
  queries.forEach((q, i) => q.slice !== null && slices.set(q.slice, [...(slices.get(q.slice) ?? []), i]));
  return [...slices].map(([name, members]) => ({ name, members }));
}

function wholeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}
