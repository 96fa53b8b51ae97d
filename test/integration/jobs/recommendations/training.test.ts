import assert from 'node:assert/strict';
import type Queue from 'bull';
import { createQueue } from '../../../../jobs/queue/create-queue';
import { runJob } from '../../../../jobs/register';
import type { AgoraJob } from '../../../../jobs/queue/agora-job';
import { productsAlias, type ProductDocument } from '../../../../src/core/product-index';
import { createTestEnvironment, type TestEnvironment } from '../../../support/environment';
import { prepareTrainedCatalog, relayAll, trainDeps } from '../../../support/trained-catalog';
import { trainRecommendations } from '../../../../jobs/recommendations/train';
import { ensureProductMapping } from '../../../../indexers/mapping';

describe('recommendation training (real Postgres and Elasticsearch)', function () {
  this.timeout(60_000);
  let env: TestEnvironment;
  let first: Awaited<ReturnType<typeof prepareTrainedCatalog>>;

  before(async () => {
    env = await createTestEnvironment();
    first = await prepareTrainedCatalog(env);
  });
  after(async () => {
    await env?.cleanup();
  });

  const stored = async (productId: string) => env.db('product_recommendations').where({ product_id: productId }).first();
  const document = async (productId: string) =>
    (await env.es.get<ProductDocument>({ index: productsAlias(env.config.indexPrefix), id: productId }))._source!;

  it('stores indicators, bought-together lists and trending, and reports time and peak RSS per part', async () => {
    assert.equal(first.status, 'trained');
    if (first.status !== 'trained') return;
    assert.deepEqual(
      first.metrics.parts.map((p) => p.part),
      ['also_bought', 'viewed_indicators', 'carted_indicators', 'bought_together', 'trending', 'ease'],
    );
    for (const part of first.metrics.parts) assert.ok(part.ms >= 0 && part.peakRssMb > 0, part.part);
    const phone = await stored('phone-1');
    assert.deepEqual([phone.also_bought, phone.bought_together], [['case-1'], ['case-1']]);
    assert.equal(phone.purchasers, 6);
    assert.ok((await stored('case-1')).viewed_indicators.includes('phone-1'), 'viewers of the phone bought the case');
    assert.deepEqual((await stored('audio-1')).viewed_indicators, ['audio-2']);
    assert.ok(phone.trending > (await stored('phone-2')).trending, 'recent activity trends higher');
    const model = await env.db('recommendation_models').where({ id: first.modelVersion }).first();
    assert.equal(model.status, 'succeeded');
    assert.ok(model.metrics.load.orderLines > 0);
  });

  it('copies the lists into the product documents through the outbox', async () => {
    const doc = await document('phone-1');
    assert.deepEqual(doc.recommendations.bought_together, ['case-1']);
    assert.deepEqual(doc.recommendations.also_bought, ['case-1']);
    assert.equal(typeof doc.recommendations.trending, 'number');
  });

  it('does nothing when no order or event changed, and rewrites only what changed', async () => {
    const again = await trainRecommendations(trainDeps(env));
    assert.equal(again.status, 'skipped');
    const forced = await trainRecommendations(trainDeps(env), { force: true });
    assert.equal(forced.status, 'trained');
    if (forced.status === 'trained') assert.deepEqual([forced.metrics.write.changed, forced.metrics.write.touched], [0, 0]);
  });

  it('clears the lists of products that lost them', async () => {
    await env.db('orders').whereIn('customer_id', ['c07', 'c08', 'c09', 'c10']).update({ status: 'returned', updated_at: env.db.fn.now() });
    const result = await trainRecommendations(trainDeps(env));
    assert.equal(result.status, 'trained');
    if (result.status === 'trained') assert.ok(result.metrics.write.touched > 0);
    const pan = await stored('pan-1');
    assert.deepEqual([pan.also_bought, pan.purchasers], [[], 0]);
    await relayAll(env);
    assert.deepEqual((await document('pan-1')).recommendations.also_bought, []);
  });

  it("adds the fields today's documents carry to an index built before they existed, leaving changed fields alone", async () => {
    const alias = `${env.config.indexPrefix}-legacy`;
    await env.es.indices.create({
      index: `${alias}-1`,
      settings: { number_of_replicas: 0 },
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          // A field older code defined differently: it cannot be updated in place, and must not block the new ones.
          title_words: { type: 'text', analyzer: 'whitespace', index_prefixes: { min_chars: 2, max_chars: 10 } },
          recommendations: { properties: { also_bought: { type: 'keyword' } } },
        },
      },
      aliases: { [alias]: {} },
    });
    const document = {
      id: 'p',
      title_joined: 'deadspac',
      recommendations: { also_bought: [], bought_together: ['q'], ease: { items: ['q'], weights: [0.5] }, trending: 1.5 },
    };
    const write = () => env.es.index({ index: alias, id: 'p', document });
    await assert.rejects(write(), /strict_dynamic_mapping_exception/);
    assert.equal(await ensureProductMapping(env.es, alias), 'updated');
    await write();
    assert.equal(await ensureProductMapping(env.es, alias), 'up to date');
    assert.equal(await ensureProductMapping(env.es, `${env.config.indexPrefix}-none`), 'no index');
  });

  it('runs as the recs.train job, moving its progress', async () => {
    await env.db('events').insert({ type: 'view', customer_id: 'c01', product_id: 'case-2', occurred_at: new Date() });
    const queue = createQueue(env.config);
    try {
      const progress: number[] = [];
      const bullJob = { progress: async (value: number) => void progress.push(value) } as unknown as Queue.Job<AgoraJob>;
      const result = (await runJob({ type: 'recs.train' }, { ...trainDeps(env), queue }, bullJob)) as { status: string };
      assert.equal(result.status, 'trained');
      assert.equal(progress[0], 0);
      assert.equal(progress[progress.length - 1], 100);
      assert.deepEqual(
        progress,
        [...progress].sort((a, b) => a - b),
        'progress only moves forward',
      );
    } finally {
      await queue.close();
    }
  });
});
