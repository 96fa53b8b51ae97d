/**
 * How recommendations are served. One frozen object of defaults; the
 * service takes overrides (tests, benchmarks). Nothing here is read from
 * the environment.
 */
export interface RecommendationSettings {
  /** Largest `size` a request may ask for. @default 50 */
  maxSize: number;
  /** @default 10 */
  defaultSize: number;
  /** Hits fetched per wanted item, so that filters, exclusions and diversity caps still leave enough. @default 3 */
  overFetch: number;
  /** @default 150 */
  maxFetch: number;
  /** The shopper's latest events read per request. @default 50 */
  historyEvents: number;
  /**
   * Distinct products bought read per request (all their order lines): the
   * whole history of real customers, so `exclude_purchased` leaves out every
   * product ever bought. On Online Retail (Dec 2010 – Sep 2011, 3,616
   * customers) distinct products per customer are p50 31, p90 115, p99 293,
   * p99.9 759 and at most 1,474; 2,000 covers all of them with room, and as
   * a `must_not` id list it stays far below Elasticsearch's 65,536 terms.
   * Only the first `queryPurchased` of them are scored. @default 2000
   */
  historyPurchases: number;
  /**
   * History items scored per kind, most recent first. 100 purchases covers
   * nine customers in ten of Online Retail (p90 115 distinct products) while
   * the mget of their documents stays small. @default 100, 10, 20
   */
  queryPurchased: number;
  queryCarted: number;
  queryViewed: number;
  /**
   * Weight of a match per kind of history before recency. Views weigh as
   * much as purchases, as the offline LLR model scores them: 0.6 scored
   * lower on the demo marketplace's validation split (0.1289 against 0.1310;
   * Online Retail has no views). @default 1, 1, 1
   */
  boosts: { purchased: number; carted: number; viewed: number };
  /**
   * A history item this many positions older (within its kind) weighs half
   * as much; null: no recency decay, every history item counts alike, as the
   * offline models score. Off until a validation split says otherwise: the
   * 10-position half-life served before cost 16% of recall on Online Retail
   * (issue 16). `agora eval recs` can choose it. @default null
   */
  recencyHalfLife: number | null;
  /** History size at which CF and content weigh the same in "similar" (blendScores' k). @default 5 */
  blendK: number;
  /**
   * The fusion of "for you": the LLR indicators' and EASE's shares, each side
   * divided by the shopper's best score on it first (ranking/eval's hybrid
   * model, the rule that was evaluated); 0 leaves a side out (its rows are
   * then not read). Chosen by `agora eval recs --tune` on the validation
   * splits of both Online Retail and the demo marketplace (README,
   * "Evaluating recommendations"): with views at 1, EASE at 0 had the best
   * validation recall on both (0.0886 and 0.1322, against 0.0880 and 0.1310
   * at 0.25; 0.125 and 0.5 lower on at least one), so "for you" serves the
   * LLR indicators alone; EASE stays trained, for a catalogue where the
   * validation split prefers it. @default 1, 0
   */
  llrWeight: number;
  easeWeight: number;
  /**
   * Fused candidates handed to Elasticsearch to filter (at least the step's
   * size), so filters still leave good ones. Each is one clause: on the 100k
   * catalogue 60 cost 4.6 ms at p50, 300 cost 12.4 ms. @default 60
   */
  forYouCandidates: number;
  /**
   * History documents' model rows kept in the process (least recently used
   * dropped first), so a popular product's rows are not read from
   * Elasticsearch for every shopper who bought or viewed it: the rows are
   * most of what "for you" asks Elasticsearch for (on the 100k catalogue,
   * over 40 customers' histories, an mget with the rows took 22–29 ms on
   * average, without them 6 ms). An entry is one product with the rows of
   * the kinds it was seen as; benchmarks/recs/http-latency.ts's 400
   * customers' histories took 19 MB of heap. It must hold more than the
   * rows read within the TTL, or a cyclic scan evicts every entry before
   * its reuse (10,000 did, for those 400 customers). @default 50000
   */
  historyRowsCacheSize: number;
  /** How long a cached row is used: the rows change only when the model is retrained and reindexed. @default 300000 (5 minutes) */
  historyRowsCacheTtlMs: number;
}

export const defaultRecommendationSettings: Readonly<RecommendationSettings> = Object.freeze({
  maxSize: 50,
  defaultSize: 10,
  overFetch: 3,
  maxFetch: 150,
  historyEvents: 50,
  historyPurchases: 2000,
  queryPurchased: 100,
  queryCarted: 10,
  queryViewed: 20,
  boosts: Object.freeze({ purchased: 1, carted: 1, viewed: 1 }),
  recencyHalfLife: null,
  blendK: 5,
  llrWeight: 1,
  easeWeight: 0,
  forYouCandidates: 60,
  historyRowsCacheSize: 50_000,
  historyRowsCacheTtlMs: 300_000,
});

export function recommendationSettings(overrides: Partial<RecommendationSettings> = {}): Readonly<RecommendationSettings> {
  return Object.freeze({
    ...defaultRecommendationSettings,
    ...overrides,
    boosts: Object.freeze({ ...defaultRecommendationSettings.boosts, ...overrides.boosts }),
  });
}
