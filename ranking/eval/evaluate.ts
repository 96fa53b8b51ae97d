import { catalogueCoverage, hitRateAtK, ndcgAtK, precisionAtK, recallAtK } from './metrics';
import type { ModelSpec } from './recommender';
import type { TestUser } from './temporal-split';
import type { TrainingData } from './training-data';

/** Mean metrics over the users of one protocol. */
export interface MetricRow {
  users: number;
  precision: number;
  recall: number;
  /** Standard error of the mean recall over users: differences well inside ±2 of these are noise. */
  recallStandardError: number;
  ndcg: number;
  hitRate: number;
  /** Distinct items recommended to these users / items bought in training. */
  coverage: number;
}

export interface ModelEvaluation {
  model: string;
  k: number;
  /**
   * Relevant = items bought in the test window and never in training. The
   * lists never contain past purchases, so this is what they can find; the
   * primary protocol.
   */
  newItems: MetricRow;
  /**
   * Relevant = everything bought in the test window, repurchases included.
   * Repurchases can never be hit (they are excluded from the lists), so this
   * is a lower bound that shows how much of demand is repeat buying.
   */
  allItems: MetricRow;
  trainMs: number;
  /** Mean time per user for one list of k. */
  recommendMsPerUser: number;
}

/**
 * Trains one model on the training side and scores its top-k lists for every
 * test user, excluding each user's training purchases from the lists. Test
 * items the training data never saw stay in the relevant sets: no model can
 * recommend a product it has never seen, and hiding that would flatter all
 * of them equally.
 */
export function evaluateModel(
  spec: ModelSpec,
  data: TrainingData,
  test: readonly TestUser[],
  options: {
    k?: number;
    /** Products the served lists cannot contain (not visible, out of stock): left out of these lists too, so both face the same filters. */
    unavailable?: ReadonlySet<string>;
  } = {},
): ModelEvaluation {
  const k = options.k ?? 10;
  const unavailable: number[] = [];
  for (const id of options.unavailable ?? []) {
    const item = data.items.get(id);
    if (item !== undefined) unavailable.push(item);
  }
  const trainStart = performance.now();
  const recommender = spec.train(data);
  const trainMs = performance.now() - trainStart;

  const lists: Array<{ user: TestUser; items: string[] }> = [];
  const recommendStart = performance.now();
  for (const user of test) {
    const index = data.users.get(user.userId);
    if (index === undefined) throw new Error(`test user ${user.userId} has no training history`);
    const exclude = new Set([...data.purchases[index]!, ...unavailable]);
    const items = recommender.recommend(index, k, exclude).map((item) => data.items.idAt(item));
    lists.push({ user, items });
  }
  const recommendMsPerUser = test.length === 0 ? 0 : (performance.now() - recommendStart) / test.length;

  return { model: spec.name, k, ...scoreLists(lists, k, data.purchasedItems), trainMs, recommendMsPerUser };
}

/**
 * Both protocols' metrics for lists made elsewhere (a model above, or the
 * served recommendation service): one list per test user, best first.
 */
export function scoreLists(
  lists: ReadonlyArray<{ user: TestUser; items: string[] }>,
  k: number,
  catalogueSize: number,
): { newItems: MetricRow; allItems: MetricRow } {
  return {
    newItems: summarise(lists, (user) => user.newItems, k, catalogueSize),
    allItems: summarise(lists, (user) => user.allItems, k, catalogueSize),
  };
}

/** Mean metrics over the lists whose user has something relevant; exported for other protocols (next basket). */
export function summarise<U>(
  lists: ReadonlyArray<{ user: U; items: string[] }>,
  relevantOf: (user: U) => string[],
  k: number,
  catalogueSize: number,
): MetricRow {
  const row: MetricRow = { users: 0, precision: 0, recall: 0, recallStandardError: 0, ndcg: 0, hitRate: 0, coverage: 0 };
  const evaluated: string[][] = [];
  let recallSquares = 0;
  for (const { user, items } of lists) {
    const relevant = new Set(relevantOf(user));
    // A user with nothing relevant under this protocol cannot be scored by it.
    if (relevant.size === 0) continue;
    row.users++;
    row.precision += precisionAtK(items, relevant, k);
    const recall = recallAtK(items, relevant, k);
    row.recall += recall;
    recallSquares += recall * recall;
    row.ndcg += ndcgAtK(items, relevant, k);
    row.hitRate += hitRateAtK(items, relevant, k);
    evaluated.push(items);
  }
  if (row.users > 0) {
    row.precision /= row.users;
    row.recall /= row.users;
    row.ndcg /= row.users;
    row.hitRate /= row.users;
    const variance = Math.max(0, recallSquares / row.users - row.recall * row.recall);
    row.recallStandardError = row.users > 1 ? Math.sqrt((variance * row.users) / (row.users - 1) / row.users) : 0;
  }
  row.coverage = catalogueCoverage(evaluated, catalogueSize, k);
  return row;
}
