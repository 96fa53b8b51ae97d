import type { Interaction, Purchase } from '../../../../ranking/eval/temporal-split';

/**
 * What either source (CSV or Postgres) hands the pure evaluator: order
 * history as plain interactions, plus a few names for readable samples.
 */
export interface OrderHistory {
  /** e.g. "UCI Online Retail CSV (…)" or "postgres orders". */
  source: string;
  purchases: Purchase[];
  views: Interaction[];
  carts: Interaction[];
  /** Display names of a few items (for printed samples); ids without a name are left out. */
  describeItems(ids: readonly string[]): Promise<Map<string, string>>;
  /** Lines read and lines left out, by reason, for the printed summary. */
  counts: Record<string, number>;
}
