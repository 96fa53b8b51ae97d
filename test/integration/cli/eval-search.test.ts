import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../src/core/logger';
import { evaluateSearch } from '../../../src/cli/commands/eval-search';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { importProductsFile } from '../../../src/catalog/import/products-jsonl';
import { reindex } from '../../../indexers/reindex/reindex';
import { createProgress } from '../../../src/core/progress';

const products = path.join(__dirname, '../../../fixtures/eval/search-products.jsonl');
const judgments = path.join(__dirname, '../../../fixtures/eval/search-judgments.csv');

interface SystemJson {
  name: string;
  summary: { queries: number; ndcg: number; precision: number; mrr: number; recall: number; zeroRate: number };
}
interface ReportJson {
  protocol: string[];
  systems: SystemJson[];
  queries: Array<Record<string, unknown> & { query: string }>;
}

/*
 * Hand-computed on fixtures/eval: four queries survive (the hidden product's
 * row is dropped). "running shoes", "headphones" and "desk lamp" each have
 * one relevant product, and only that product matches all their words:
 * NDCG 1, P@10 1/10, reciprocal rank 1, R@50 1. "teleporter" matches nothing:
 * all 0, a zero-result query. Means: NDCG, MRR, R@50 3/4; P@10 0.075; zero 1/4.
 */
const expected = { queries: 4, ndcg: 0.75, precision: 0.075, mrr: 0.75, recall: 0.75, zeroRate: 0.25 };

function assertHandComputed(report: ReportJson): void {
  assert.deepEqual(
    report.systems.map((s) => s.name),
    ['Agora', 'baseline: BM25 multi_match'],
  );
  for (const system of report.systems) {
    const { queries, ndcg, precision, mrr, recall, zeroRate } = system.summary;
    const rounded = (n: number) => Math.round(n * 1e9) / 1e9;
    assert.deepEqual(
      { queries, ndcg: rounded(ndcg), precision: rounded(precision), mrr: rounded(mrr), recall: rounded(recall), zeroRate },
      expected,
      system.name,
    );
  }
  assert.deepEqual(report.queries.map((q) => q.query).sort(), ['desk lamp', 'headphones', 'running shoes', 'teleporter']);
}

describe('agora eval search', function () {
  this.timeout(120_000);
  let env: TestEnvironment;
  before(async () => (env = await createTestEnvironment()));
  after(() => env.cleanup());
  const context = () => ({ config: env.config, logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });

  it('imports into a scratch workspace, scores both systems as computed by hand, and removes the workspace', async () => {
    const { text, json } = await evaluateSearch(context(), { products, judgments, minClicks: 1, losses: 5 });
    const report = json as ReportJson;
    assertHandComputed(report);
    assert.match(report.protocol.join('\n'), /6 rows, 4 queries evaluated; 1 rows name products shoppers cannot find/);
    assert.match(text, /\| Agora +\| +4 \| +0\.750 \|/);

    const scratchIndex = /scratch index (\S+)/.exec(report.protocol[0]!)?.[1];
    assert.ok(scratchIndex, report.protocol[0]);
    assert.equal(await env.es.indices.exists({ index: scratchIndex }), false, 'the scratch index is deleted');
    // The scratch schema is named like the index prefix: eval_<run id> for eval-<run id>-products-….
    const schema = scratchIndex.split('-').slice(0, 2).join('_');
    const left = await env.db.raw<{ rows: unknown[] }>('select 1 from pg_namespace where nspname = ?', [schema]);
    assert.equal(left.rows.length, 0, `the scratch schema ${schema} is dropped`);
  });

  it('evaluates the configured live index read-only', async () => {
    await importProductsFile(env.db, products, { progress: () => createProgress({ label: 'import', write: () => undefined }) });
    await reindex(
      { db: env.db, es: env.es, config: { ...env.config, reindexSnapshotDir: 'off' }, logger: context().logger },
      { progress: (total) => createProgress({ label: 'index', total, write: () => undefined }) },
    );
    const url = new URL(env.config.databaseUrl);
    // The test schema travels in the connection string, as a deployment would pass any setting.
    url.searchParams.set('options', `-csearch_path=${env.schema}`);
    const live = { ...context(), config: { ...env.config, databaseUrl: url.toString() } };
    const searchesBefore = await env.db('search_log').count<[{ count: string }]>('* as count');

    const { json } = await evaluateSearch(live, { live: true, judgments, minClicks: 1, losses: 5 });
    assertHandComputed(json as ReportJson);
    const searchesAfter = await env.db('search_log').count<[{ count: string }]>('* as count');
    assert.deepEqual(searchesAfter, searchesBefore, 'nothing is written to the search log');
  });

  it("ranks an imported file's best sellers by its sales ranks, as the signals job gives a served catalog (issue 19)", async () => {
    // Two lamps that match alike; the better-rated one would lead, but the file says the other sells best.
    const dir = await mkdtemp(path.join(tmpdir(), 'agora-eval-rank-'));
    try {
      const lamp = { merchant: { id: 'm-1', name: 'Lights' }, category: { path: [{ id: 'home', name_en: 'Home' }] }, price: 20, stock: 5 };
      const file = path.join(dir, 'products.jsonl');
      await writeFile(
        file,
        [
          { ...lamp, id: 'lamp-rated', title_en: 'Lumen Desk Lamp', rating: 4.5, review_count: 40, sales_rank: 900 },
          { ...lamp, id: 'lamp-seller', title_en: 'Lumen Desk Lamp', rating: 4, review_count: 30, sales_rank: 1 },
          // The merchant's other ranked products: the seller is the best of ten, the rated lamp the last.
          ...Array.from({ length: 8 }, (_, i) => ({ ...lamp, id: `mug-${i}`, title_en: `Stoneware Mug ${i}`, sales_rank: 10 + i })),
        ]
          .map((line) => JSON.stringify(line))
          .join('\n'),
      );
      const grades = path.join(dir, 'judgments.csv');
      await writeFile(grades, 'query,product_id,grade\ndesk lamp,lamp-seller,3\n');
      const { json } = await evaluateSearch(context(), { products: file, judgments: grades, minClicks: 1, losses: 5 });
      const agora = (json as ReportJson).systems.find((s) => s.name === 'Agora')!;
      assert.equal(agora.summary.mrr, 1, 'the best seller first');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses both or neither of --products and --live', async () => {
    await assert.rejects(
      evaluateSearch(context(), { judgments, minClicks: 1, losses: 5 }),
      /exactly one of --products <file>, --live or --demo/,
    );
    await assert.rejects(
      evaluateSearch(context(), { products, live: true, judgments, minClicks: 1, losses: 5 }),
      /exactly one of --products <file>, --live or --demo/,
    );
  });
});
