/** One user–item interaction; `at` in epoch milliseconds. */
export interface Interaction {
  userId: string;
  itemId: string;
  at: number;
}

export interface Purchase extends Interaction {
  /** The order (invoice) it belongs to; bought-together works per order. */
  orderId: string;
}

export interface TestUser {
  userId: string;
  /** Everything bought in the test window, repurchases included. */
  allItems: string[];
  /** Bought in the test window and never before the cutoff: what a recommender that hides past purchases can find. */
  newItems: string[];
}

export interface TemporalSplit {
  cutoff: number;
  /** Purchases strictly before the cutoff. */
  train: Purchase[];
  /** Users with purchases both before and in the test window, in first-seen order. */
  test: TestUser[];
  /** Users who bought in the test window with no purchase before the cutoff: not evaluated (no history to personalise from). */
  coldUsers: number;
}

export interface SplitOptions {
  /** First instant of the test window, epoch ms: `at < cutoff` trains, `at >= cutoff` tests. */
  cutoff: number;
  /** End of the test window, exclusive; later purchases are ignored. @default no end */
  until?: number;
}

/**
 * A temporal split of order history: train on everything before a date,
 * test on each customer's later purchases. Unlike a random split, no model
 * sees the future, and seasonality and new products hit the evaluation as
 * they hit production.
 */
export function temporalSplit(purchases: Iterable<Purchase>, options: SplitOptions): TemporalSplit {
  const until = options.until ?? Number.POSITIVE_INFINITY;
  if (!(until > options.cutoff)) throw new RangeError('the test window must end after the cutoff');
  const train: Purchase[] = [];
  const trained = new Map<string, Set<string>>();
  const tested = new Map<string, Set<string>>();
  for (const purchase of purchases) {
    if (purchase.at < options.cutoff) {
      train.push(purchase);
      addTo(trained, purchase.userId, purchase.itemId);
    } else if (purchase.at < until) {
      addTo(tested, purchase.userId, purchase.itemId);
    }
  }
  const test: TestUser[] = [];
  let coldUsers = 0;
  for (const [userId, items] of tested) {
    const before = trained.get(userId);
    if (before === undefined) {
      coldUsers++;
      continue;
    }
    const allItems = [...items];
    test.push({ userId, allItems, newItems: allItems.filter((item) => !before.has(item)) });
  }
  return { cutoff: options.cutoff, train, test, coldUsers };
}

/** Interactions strictly before the cutoff (views and carts follow purchases into training). */
export function before<T extends { at: number }>(events: Iterable<T>, cutoff: number): T[] {
  const out: T[] = [];
  for (const event of events) if (event.at < cutoff) out.push(event);
  return out;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}
