import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Logger } from '../../src/core/logger';
import { productsAlias } from '../../src/core/product-index';
import { withAdvisoryLock } from '../../src/core/advisory-lock';
import { csrRowCount, transposeWeightedCsr, type Csr, type WeightedCsr } from './csr';
import { loadTrainingData, type TrainingData } from './load';
import { ensureProductMapping } from '../../indexers/mapping';
import { TRENDING_EPOCH_MS, halfLifeMs, resolveTrainParams, type TrainParams } from './options';
import { partNames, type PartName, type PartTask } from './parts';
import { runPart, type PartRun } from './run-part';
import { storeModel, type StoreSummary } from './store';
import { readWatermark, sameJson } from './watermark';

export interface TrainDeps {
  db: Knex;
  es: ElasticsearchClient;
  /** dataClock: the instant time decays are measured at (DATA_CLOCK); unset, the newest order or event. */
  config: { indexPrefix: string; dataClock?: Date | null };
  logger: Logger;
}

export type TrainStage = 'load' | 'compute' | 'write';

/** Where a run reports how far it is: the CLI prints lines, the job sets Bull's progress. */
export interface TrainProgress {
  stage(stage: TrainStage, total: number, unit: string): { tick(n?: number): void; done(): void };
}

export interface TrainOptions {
  params?: Partial<TrainParams>;
  /** Train even when no order or event changed since the last model with the same parameters. @default false */
  force?: boolean;
  progress?: TrainProgress;
}

export interface PartMetrics {
  part: PartName;
  ms: number;
  wallMs: number;
  peakRssMb: number;
  inputRssMb: number;
  /** Products the part produced a list or score for. */
  items: number;
}

export interface TrainMetrics {
  load: { ms: number; rssMb: number; items: number; users: number } & TrainingData['counts'];
  parts: PartMetrics[];
  write: { ms: number } & StoreSummary;
  totalMs: number;
}

export type TrainResult =
  { status: 'skipped'; reason: string; modelVersion: number | null } | { status: 'trained'; modelVersion: number; metrics: TrainMetrics };

/**
 * One training run: the item-to-item model (purchase indicators, view and
 * cart cross-occurrence indicators, bought together, trending) and the
 * personalised EASE model's per-product weights, from every
 * order and event, written to product_recommendations and from there into
 * the product documents. Safe to run twice and concurrently (an advisory
 * lock lets one run at a time); when neither orders nor events changed since
 * the last model with the same parameters it does nothing (the
 * incremental part is the write: only products whose lists changed are
 * rewritten).
 */
export async function trainRecommendations(deps: TrainDeps, options: TrainOptions = {}): Promise<TrainResult> {
  const params = resolveTrainParams(options.params);
  return withAdvisoryLock(deps.db, 'recs.train', async () => {
    // Even a run with nothing new makes sure the serving index knows the fields documents carry.
    await ensureProductMapping(deps.es, productsAlias(deps.config.indexPrefix));
    const watermark = await readWatermark(deps.db);
    const last = await deps
      .db('recommendation_models')
      .where({ status: 'succeeded' })
      .orderBy('id', 'desc')
      .first<{ id: string; params: unknown; watermark: unknown } | undefined>('id', 'params', 'watermark');
    if (!options.force && last && sameJson(last.params, params) && sameJson(last.watermark, watermark)) {
      return { status: 'skipped', reason: `no order or event changed since model ${last.id}`, modelVersion: Number(last.id) };
    }
    const [model] = await deps
      .db('recommendation_models')
      .insert({ params: JSON.stringify(params), watermark: JSON.stringify(watermark) })
      .returning<Array<{ id: string }>>('id');
    const modelVersion = Number(model!.id);
    try {
      const metrics = await train(deps, params, modelVersion, options.progress);
      await deps
        .db('recommendation_models')
        .where({ id: modelVersion })
        .update({ status: 'succeeded', metrics: JSON.stringify(metrics), finished_at: deps.db.fn.now() });
      return { status: 'trained', modelVersion, metrics };
    } catch (error) {
      await deps
        .db('recommendation_models')
        .where({ id: modelVersion })
        .update({ status: 'failed', error: String(error), finished_at: deps.db.fn.now() });
      throw error;
    }
  });
}

async function train(deps: TrainDeps, params: TrainParams, modelVersion: number, progress?: TrainProgress): Promise<TrainMetrics> {
  const started = performance.now();
  let stage: ReturnType<TrainProgress['stage']> | undefined;
  const data = await loadTrainingData(
    deps.db,
    params,
    (total) => {
      stage = progress?.stage('load', total, 'rows');
      return { total, tick: (n) => stage?.tick(n) };
    },
    { asOf: deps.config.dataClock ?? null },
  );
  stage?.done();
  const load = {
    ms: performance.now() - started,
    rssMb: process.memoryUsage().rss / 1_048_576,
    items: data.items.size,
    users: data.users,
    ...data.counts,
  };
  deps.logger.info({ modelVersion, ...load }, 'recs.train: history loaded');

  const computing = progress?.stage('compute', partNames.length, 'parts');
  const runs = new Map<PartName, PartRun>();
  // One part at a time: the worker keeps a core for its other jobs, and each peak RSS is one part's.
  for (const part of partNames) {
    const run = await runPart(taskFor(part, data, params));
    runs.set(part, run);
    computing?.tick();
    deps.logger.info({ modelVersion, part, ms: Math.round(run.ms), peakRssMb: Math.round(run.peakRssMb) }, 'recs.train: part computed');
  }
  computing?.done();

  const writeStarted = performance.now();
  const writing = progress?.stage('write', 1, 'transactions');
  const lists = (part: PartName): Csr => {
    const result = runs.get(part)!.result;
    if (result.kind === 'scores') throw new Error(`${part} returned ${result.kind}`);
    return result.lists;
  };
  const weighted = (part: PartName): WeightedCsr => {
    const result = runs.get(part)!.result;
    if (result.kind !== 'weighted') throw new Error(`${part} returned ${result.kind}`);
    return result.lists;
  };
  // Per history item, the products it is an indicator for, strongest first: what "for you" sums.
  const llrRows = (part: PartName) => transposeWeightedCsr(weighted(part), data.items.size, params.llrRowItems);
  const ease = runs.get('ease')!.result;
  if (ease.kind !== 'weighted') throw new Error(`ease returned ${ease.kind}`);
  const trending = runs.get('trending')!.result;
  if (trending.kind !== 'scores') throw new Error(`trending returned ${trending.kind}`);
  const summary = await storeModel(
    deps.db,
    {
      itemIds: data.items.toArray(),
      alsoBought: lists('also_bought'),
      viewedIndicators: lists('viewed_indicators'),
      cartedIndicators: lists('carted_indicators'),
      boughtTogether: lists('bought_together'),
      ease: ease.lists,
      llr: { bought: llrRows('also_bought'), viewed: llrRows('viewed_indicators'), carted: llrRows('carted_indicators') },
      trending: trending.scores,
      purchasers: data.purchasers,
    },
    { modelVersion, trendingTolerance: params.trendingTolerance, easeTolerance: params.easeTolerance },
  );
  writing?.tick();
  writing?.done();

  const parts = partNames.map((part): PartMetrics => {
    const run = runs.get(part)!;
    return { part, ms: run.ms, wallMs: run.wallMs, peakRssMb: run.peakRssMb, inputRssMb: run.inputRssMb, items: itemsWithResults(run) };
  });
  return { load, parts, write: { ms: performance.now() - writeStarted, ...summary }, totalMs: performance.now() - started };
}

function taskFor(part: PartName, data: TrainingData, params: TrainParams): PartTask {
  const nItems = data.items.size;
  const indicators = {
    maxIndicatorsPerItem: params.indicatorsPerItem,
    minCooccurrence: params.minCooccurrence,
    maxInteractionsPerUser: params.maxInteractionsPerUser,
    maxInteractionsPerItem: params.maxInteractionsPerItem,
  };
  switch (part) {
    case 'also_bought':
      return { part, purchases: data.purchases, nItems, options: indicators };
    case 'viewed_indicators':
      return { part, purchases: data.purchases, secondary: data.views, nItems, options: indicators };
    case 'carted_indicators':
      return { part, purchases: data.purchases, secondary: data.carts, nItems, options: indicators };
    case 'bought_together':
      return {
        part,
        baskets: data.baskets,
        nItems,
        options: {
          minSupport: params.boughtTogetherMinSupport,
          maxPerItem: params.boughtTogetherPerItem,
          measure: params.boughtTogetherMeasure,
        },
      };
    case 'trending':
      return {
        part,
        events: data.trending,
        nItems,
        options: { now: data.now, halfLifeMs: halfLifeMs(params), epochMs: TRENDING_EPOCH_MS },
      };
    case 'ease':
      return {
        part,
        purchases: data.purchases,
        nItems,
        options: { maxItems: params.easeItems, lambda: params.easeLambda, neighbors: params.easeNeighbors },
      };
  }
}

function itemsWithResults(run: PartRun): number {
  if (run.result.kind === 'scores') return run.result.scores.reduce((n, score) => (Number.isNaN(score) ? n : n + 1), 0);
  // Weighted lists are a Csr too: count the rows with anything in them.
  const { offsets } = run.result.lists;
  let n = 0;
  for (let i = 0; i < csrRowCount(run.result.lists); i++) if (offsets[i + 1]! > offsets[i]!) n++;
  return n;
}
