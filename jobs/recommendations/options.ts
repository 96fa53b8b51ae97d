const DAY_MS = 86_400_000;

/**
 * What a training run computes, and from which history. Every value is
 * stored with the model (recommendation_models.params); a run with other
 * values always trains, even when no order or event is new.
 */
export interface TrainParams {
  /** Purchase and cross-occurrence indicators kept per product (50 was best offline, benchmarks/recs). @default 50 */
  indicatorsPerItem: number;
  /** A pair must be seen with this many customers to count. @default 2 */
  minCooccurrence: number;
  /** Downsampling of heavy customers and best sellers, per action (Mahout's defaults). @default 500 */
  maxInteractionsPerUser: number;
  /** @default 500 */
  maxInteractionsPerItem: number;
  /** Bought-together pairs must share this many orders. @default 3 */
  boughtTogetherMinSupport: number;
  /** @default 10 */
  boughtTogetherPerItem: number;
  /** @default 'llr' */
  boughtTogetherMeasure: 'llr' | 'lift';
  /** An interaction this old counts half as much towards trending. @default 7 */
  trendingHalfLifeDays: number;
  /** Older interactions are left out of trending. @default 90 */
  trendingWindowDays: number;
  /** Trending weights per kind of interaction: an order line, an add to cart, a view (view, click, search click). @default 5, 3, 1 */
  trendingWeights: { purchase: number; cart: number; view: number };
  /** Smallest change of a stored trending value (log2 units) worth rewriting a document for. @default 0.05 (about 3.5%) */
  trendingTolerance: number;
  /** Products the EASE model covers, most bought first: training is O(n³) (3000 ≈ 15 s, 330 MB; benchmarks/recs). @default 3000 */
  easeItems: number;
  /** EASE's L2 penalty (400 was best on the Online Retail validation month). @default 400 */
  easeLambda: number;
  /** EASE weights kept per product on its document. @default 50 */
  easeNeighbors: number;
  /**
   * LLR indicator strengths kept per history product and kind (bought,
   * viewed, carted): the products whose indicator lists name it, strongest
   * first. A best seller is an indicator of thousands of products; "for you"
   * sums the strongest of them (the long tail adds little to a top 10) and
   * reads them from up to `queryPurchased` history documents. @default 100
   */
  llrRowItems: number;
  /**
   * Smallest relative change of an EASE weight worth rewriting a document
   * for; a product whose row keeps its products and moves less is left as
   * it is. Every new order nudges most of the head's weights a little, so
   * without it each run would re-index nearly all of the head. @default 0.1
   */
  easeTolerance: number;
}

export const defaultTrainParams: Readonly<TrainParams> = Object.freeze({
  indicatorsPerItem: 50,
  minCooccurrence: 2,
  maxInteractionsPerUser: 500,
  maxInteractionsPerItem: 500,
  boughtTogetherMinSupport: 3,
  boughtTogetherPerItem: 10,
  boughtTogetherMeasure: 'llr',
  trendingHalfLifeDays: 7,
  trendingWindowDays: 90,
  trendingWeights: Object.freeze({ purchase: 5, cart: 3, view: 1 }),
  trendingTolerance: 0.05,
  easeItems: 3000,
  easeLambda: 400,
  easeNeighbors: 50,
  llrRowItems: 100,
  easeTolerance: 0.1,
});

/** Trending values are log2 counts expressed at this fixed instant (2020-01-01 UTC); see anchoredTrending. */
export const TRENDING_EPOCH_MS = Date.UTC(2020, 0, 1);

export function resolveTrainParams(overrides: Partial<TrainParams> = {}): TrainParams {
  const params: TrainParams = {
    ...defaultTrainParams,
    ...overrides,
    trendingWeights: { ...defaultTrainParams.trendingWeights, ...overrides.trendingWeights },
  };
  const positive: Array<keyof TrainParams> = [
    'indicatorsPerItem',
    'minCooccurrence',
    'maxInteractionsPerUser',
    'maxInteractionsPerItem',
    'boughtTogetherMinSupport',
    'boughtTogetherPerItem',
    'trendingHalfLifeDays',
    'trendingWindowDays',
    'easeItems',
    'easeLambda',
    'easeNeighbors',
    'llrRowItems',
  ];
  for (const key of positive) {
    const value = params[key];
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`${key} must be positive, got ${String(value)}`);
  }
  return params;
}

export function halfLifeMs(params: TrainParams): number {
  return params.trendingHalfLifeDays * DAY_MS;
}

export function windowMs(params: TrainParams): number {
  return params.trendingWindowDays * DAY_MS;
}
