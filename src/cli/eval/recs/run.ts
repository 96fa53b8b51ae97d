import type { Knex } from 'knex';
import { createCooccurrenceCounter, basketCases } from '../../../../ranking/eval/next-basket';
import { scoreLists, summarise, type MetricRow, type ModelEvaluation } from '../../../../ranking/eval/evaluate';
import { summariseLatency, type LatencySummary } from '../../../../ranking/eval/latency';
import { before, temporalSplit, type TemporalSplit, type TestUser } from '../../../../ranking/eval/temporal-split';
import { buildTrainingData, type TrainingData } from '../../../../ranking/eval/training-data';
import { chooseTrial, validationCut, type TuningTrial } from '../../../../ranking/eval/tune';
import { spreadEvenly } from '../../../../ranking/eval/spread';
import { createDatabase, createElasticsearch } from '../../../core/clients';
import type { Config } from '../../../core/config';
import { createLogger } from '../../../core/logger';
import { productsAlias } from '../../../core/product-index';
import { createRecommendationService } from '../../../recommendations/service';
import type { RecommendationSettings } from '../../../recommendations/settings';
import { readBaskets, type DatedBasket } from './baskets';
import { trainAndIndex, type BuildTimes } from './build';
import { evaluateOffline, type OfflineModel } from './offline';
import { readPostgresHistory } from './postgres-history';
import { createScratchWorkspace, dropScratchWorkspace, scratchNames, type ScratchWorkspace } from '../scratch-workspace';
import { servedForProduct, servedForYou } from './served';
import { loadSource, type EvalSource } from './source';
import { createTimeline } from './timeline';

const DAY_MS = 86_400_000;

export type CandidateSettings = Partial<RecommendationSettings>;

export interface EvalOptions {
  source: EvalSource;
  /** First instant of the test window (epoch ms). */
  cut: number;
  /** End of the test window, exclusive; null: the end of the data. */
  until: number | null;
  k: number;
  models: readonly OfflineModel[];
  /** Test orders scored by the next-basket protocol (spread evenly); 0 skips item-to-item. */
  baskets: number;
  /** Returning customers scored at most (test and validation), spread evenly; 0: all. */
  customers: number;
  /** Settings to try on the validation split; null: no tuning, the service's defaults. */
  candidates: readonly CandidateSettings[] | null;
  /** No progress lines on stderr. */
  quiet: boolean;
}

export interface ServedRow extends Pick<ModelEvaluation, 'newItems' | 'allItems'> {
  model: string;
  latency: LatencySummary;
  /** Lists the service flagged as a fallback (trending/popular, nothing personal). */
  fallbacks: number;
}

export interface ItemToItemRow {
  list: string;
  metrics: MetricRow;
  latency: LatencySummary | null;
  /** Anchors the service answered with a fallback or 404. */
  fallbacks: number | null;
  /** How much of the served lists came from the asked source itself (bought together's coverage); null for baselines. */
  own: OwnSource | null;
}

/** Of the served lists: how many hold at least one item of the asked source, how many are that source's alone, and its mean items per list. */
export interface OwnSource {
  lists: number;
  withAny: number;
  full: number;
  meanItems: number;
}

export function ownSource(ownItems: readonly number[], k: number): OwnSource {
  return {
    lists: ownItems.length,
    withAny: ownItems.filter((n) => n > 0).length,
    full: ownItems.filter((n) => n >= k).length,
    meanItems: ownItems.reduce((sum, n) => sum + n, 0) / Math.max(1, ownItems.length),
  };
}

export interface EvalReport {
  source: string;
  loaded: string;
  protocol: Protocol;
  k: number;
  served: ServedRow;
  offline: ModelEvaluation[];
  itemToItem: { cases: number; rows: ItemToItemRow[] } | null;
  tuning: {
    validationCut: string;
    validationUsers: number;
    chosen: CandidateSettings;
    trials: Array<TuningTrial<CandidateSettings>>;
  } | null;
  build: BuildTimes;
  totalMs: number;
}

export interface Protocol {
  cut: string;
  until: string;
  trainPurchaseLines: number;
  trainCustomers: number;
  trainItems: number;
  testCustomers: number;
  /** Of those, the ones scored (--customers). */
  scoredCustomers: number;
  customersWithNewItems: number;
  coldCustomers: number;
  testPairs: number;
  repurchasePairs: number;
  newPairs: number;
  newPairsUnseenInTraining: number;
}

/**
 * `agora eval recs`: the served recommendations scored on a temporal split,
 * beside the offline models on the same customers. Everything runs on a
 * scratch copy (schema and index) dropped at the end, also on failure.
 */
export async function runRecommendationEval(config: Config, options: EvalOptions, progress: (line: string) => void): Promise<EvalReport> {
  const started = performance.now();
  const names = scratchNames('eval', config);
  let scratch: ScratchWorkspace | null = null;
  const drop = () => (scratch === null ? dropScratchWorkspace(config, names) : scratch.cleanup());
  // Interrupted (Ctrl-C, a CI timeout), even while the schema is being created: the scratch copy goes too, then the process exits as interrupted.
  // A holder, not a let: the handler sets it from a closure, which the checker's narrowing cannot see.
  const pending: { interruption: Promise<never> | null } = { interruption: null };
  const interrupted = (signal: NodeJS.Signals) => {
    progress(`eval: ${signal}, dropping the scratch copy`);
    pending.interruption = drop()
      .catch((error: unknown) => progress(`eval: ${String(error)}`))
      .then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let report: EvalReport;
  try {
    progress(`eval: scratch schema ${names.schema}, index prefix ${names.indexPrefix}`);
    scratch = await createScratchWorkspace({ label: 'eval', config, names });
    report = await evaluateOn(scratch, config, options, progress, started);
  } catch (error) {
    // Interrupted: the run failed because its scratch copy went away; the signal handler exits.
    if (pending.interruption !== null) await pending.interruption;
    // The run's own error is the one to report; a failed clean-up is only mentioned.
    await drop().catch((dropError: unknown) => progress(`eval: ${String(dropError)}`));
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  await drop();
  return report;
}

async function evaluateOn(
  scratch: ScratchWorkspace,
  config: Config,
  options: EvalOptions,
  progress: (line: string) => void,
  started: number,
): Promise<EvalReport> {
  const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
  let loaded: string;
  if (options.source.kind === 'database') {
    const configured = createDatabase(config);
    try {
      loaded = await loadSource(scratch.db, options.source, configured, options.quiet);
    } finally {
      await configured.destroy();
    }
  } else loaded = await loadSource(scratch.db, options.source, scratch.db, options.quiet);
  progress(`eval: ${loaded}`);

  const history = await readPostgresHistory(scratch.db);
  const baskets = await readBaskets(scratch.db);
  if (history.purchases.length === 0) throw new Error('the source holds no purchases by known customers');
  const last = history.purchases.reduce((max, p) => Math.max(max, p.at), 0);
  const first = history.purchases.reduce((min, p) => Math.min(min, p.at), Number.POSITIVE_INFINITY);
  // Default: the end of the last day with a purchase (UTC), so the printed window reads as whole days.
  const until = options.until ?? (Math.floor(last / DAY_MS) + 1) * DAY_MS;
  if (!(options.cut > first)) throw new Error(`nothing was bought before the cut ${iso(options.cut)} (first purchase ${iso(first)})`);
  if (!(until > options.cut)) throw new Error(`the test window is empty: it must end after the cut ${iso(options.cut)}`);

  const splitAt = (cut: number, end: number) => {
    const whole = temporalSplit(history.purchases, { cutoff: cut, until: end });
    const split = {
      ...whole,
      test: options.customers > 0 ? spreadEvenly(whole.test, options.customers) : whole.test,
      returning: whole.test.length,
    };
    const data = buildTrainingData({
      purchases: split.train,
      views: before(history.views, cut),
      carts: before(history.carts, cut),
      now: cut,
    });
    return { split, data };
  };
  const { split, data } = splitAt(options.cut, until);
  const protocol = describeProtocol(split, data, options.cut, until);
  // The API's client (its request timeout), not the indexing one.
  const servingEs = createElasticsearch(config);
  const service = (settings: CandidateSettings = {}) =>
    createRecommendationService({ es: servingEs, db: scratch.db, index: productsAlias(scratch.config.indexPrefix), settings });
  const timeline = createTimeline(scratch.db);
  try {
    let tuning: EvalReport['tuning'] = null;
    let chosen: CandidateSettings = {};
    if (options.candidates !== null) {
      const valCut = validationCut(options.cut, until - options.cut, first);
      const validation = splitAt(valCut, options.cut);
      await timeline.hold(valCut);
      progress(`eval: tuning — training on purchases before ${iso(valCut)}, validating on ${validation.split.test.length} customers`);
      await trainAndIndex(scratch, valCut, logger, options.quiet);
      const trials: Array<TuningTrial<CandidateSettings>> = [];
      for (const [i, settings] of options.candidates.entries()) {
        const served = await servedForYou(service(settings), validation.split.test, options.k);
        const scored = scoreLists(served.lists, options.k, validation.data.purchasedItems);
        trials.push({ settings, validation: scored.newItems });
        progress(
          `eval: candidate ${i + 1}/${options.candidates.length} ${JSON.stringify(settings)}: R@${options.k} ${scored.newItems.recall.toFixed(4)}`,
        );
      }
      const best = chooseTrial(trials);
      chosen = best.settings;
      tuning = { validationCut: iso(valCut), validationUsers: best.validation.users, chosen, trials };
      await timeline.release(options.cut);
    } else {
      await timeline.hold(options.cut);
    }

    progress(`eval: training on purchases before ${iso(options.cut)} and indexing`);
    const build = await trainAndIndex(scratch, options.cut, logger, options.quiet);
    progress(`eval: asking the recommendation service for ${split.test.length} customers`);
    const forYou = await servedForYou(service(chosen), split.test, options.k);
    const served: ServedRow = {
      model: options.candidates === null ? 'served "for you" (defaults)' : 'served "for you" (tuned)',
      ...scoreLists(forYou.lists, options.k, data.purchasedItems),
      latency: summariseLatency(forYou.latencies),
      fallbacks: forYou.fallbacks,
    };
    // What the served lists cannot hold under the request's defaults (visible products, in stock): the offline lists
    // and the co-occurrence baselines leave them out too, or they would be credited for products no shopper is shown.
    const unavailable = await unavailableProducts(scratch.db);
    progress(`eval: offline models ${options.models.join(', ')} (${unavailable.size} products not shown by the service left out)`);
    const offline = evaluateOffline(options.models, data, split.test, options.k, unavailable);
    const itemToItem = options.baskets > 0 ? await evaluateItemToItem(service(chosen), baskets, options, until, data, unavailable) : null;
    return {
      source: history.source,
      loaded,
      protocol,
      k: options.k,
      served,
      offline,
      itemToItem,
      tuning,
      build,
      totalMs: performance.now() - started,
    };
  } finally {
    await servingEs.close();
  }
}

async function evaluateItemToItem(
  service: ReturnType<typeof createRecommendationService>,
  baskets: readonly DatedBasket[],
  options: EvalOptions,
  until: number,
  data: TrainingData,
  unavailable: ReadonlySet<string>,
): Promise<EvalReport['itemToItem']> {
  const train = baskets.filter((b) => b.at < options.cut);
  const test = baskets.filter((b) => b.at >= options.cut && b.at < until);
  const cases = basketCases(test, options.baskets);
  const byCustomer = new Map<string, string[]>();
  for (const b of train) if (b.customerId !== null) byCustomer.set(b.customerId, [...(byCustomer.get(b.customerId) ?? []), ...b.items]);
  const catalogue = data.purchasedItems;
  const rows: ItemToItemRow[] = [];
  for (const type of ['also_bought', 'bought_together'] as const) {
    const served = await servedForProduct(service, type, cases, options.k);
    rows.push({
      list: `served ${type}`,
      metrics: summarise(served.lists, (c) => c.others, options.k, catalogue),
      latency: summariseLatency(served.latencies),
      fallbacks: served.fallbacks,
      own: ownSource(served.ownItems, options.k),
    });
  }
  for (const [list, groups] of [
    ['co-occurrence: same order (count)', train.map((b) => b.items)],
    ['co-occurrence: same customer (count)', [...byCustomer.values()]],
  ] as const) {
    const top = createCooccurrenceCounter(groups, unavailable);
    const lists = cases.map((c) => ({ user: c, items: top(c.anchor, options.k) }));
    rows.push({ list, metrics: summarise(lists, (c) => c.others, options.k, catalogue), latency: null, fallbacks: null, own: null });
  }
  return { cases: cases.length, rows };
}

function describeProtocol(split: TemporalSplit & { returning: number }, data: TrainingData, cut: number, until: number): Protocol {
  const pairs = split.test.reduce((n, user) => n + user.allItems.length, 0);
  const fresh = split.test.reduce((n, user) => n + user.newItems.length, 0);
  const unseen = split.test.reduce((n, user: TestUser) => n + user.newItems.filter((item) => data.items.get(item) === undefined).length, 0);
  return {
    cut: iso(cut),
    until: iso(until),
    trainPurchaseLines: split.train.length,
    trainCustomers: data.users.size,
    trainItems: data.purchasedItems,
    testCustomers: split.returning,
    scoredCustomers: split.test.length,
    customersWithNewItems: split.test.filter((user) => user.newItems.length > 0).length,
    coldCustomers: split.coldUsers,
    testPairs: pairs,
    repurchasePairs: pairs - fresh,
    newPairs: fresh,
    newPairsUnseenInTraining: unseen,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Products a default request can never return: hidden or deleted, their merchant not active, or out of stock. */
async function unavailableProducts(db: Knex): Promise<Set<string>> {
  const ids = (await db('products as p')
    .join('merchants as m', 'm.id', 'p.merchant_id')
    .whereNot('p.status', 'active')
    .orWhereNot('m.status', 'active')
    .orWhere('p.stock', '<=', 0)
    .pluck('p.id')) as string[];
  return new Set(ids);
}
