/**
 * Relevance judgments for search evaluation: what a query should find, as a
 * gain per product. Two kinds of evidence are accepted, one per file:
 *
 * - `grade`, 0–3 (0 not relevant, 1 related, 2 relevant, 3 exactly what was
 *   asked for): gain 2^grade − 1, the usual exponential gain, so one perfect
 *   answer outweighs several merely related ones.
 * - `clicks`: the product's share of the query's clicks (a click log: gains
 *   sum to 1 within a query). Queries with fewer clicks than `minClicks` are
 *   left out, since one click says little.
 *
 * A product with gain > 0 is relevant (for precision, recall and MRR).
 */

export type EvidenceKind = 'grade' | 'clicks';

export interface JudgmentRow {
  query: string;
  productId: string;
  /** The grade (0–3) or the click count, as `kind` says. */
  value: number;
  /** A label to report this query's scores under as well ("type (zh)", "misspelt"); the query's first row decides. */
  slice?: string;
}

export interface QueryJudgments {
  query: string;
  /** Product id → gain; every judged product, relevant or not. */
  gains: Map<string, number>;
  relevant: Set<string>;
  /** Clicks only: the query's in-catalog clicks. */
  clicks: number | null;
  slice: string | null;
}

export interface JudgmentSet {
  kind: EvidenceKind;
  queries: QueryJudgments[];
  /** Judged rows whose product is not in the catalog: dropped, since no system could return them. */
  outOfCatalogRows: number;
  /** Click judgments only: queries left out for having fewer than `minClicks` clicks. */
  queriesBelowMinClicks: number;
}

export interface JudgmentOptions {
  kind: EvidenceKind;
  /** Clicks only. @default 1 */
  minClicks?: number;
  /** When given, rows for other products are dropped (and counted). */
  inCatalog?: (productId: string) => boolean;
}

export function gainOfGrade(grade: number): number {
  return 2 ** grade - 1;
}

/** Groups rows by query (trimmed, whitespace collapsed, case kept as typed; first spelling wins) into gains; pure. */
export function buildJudgments(rows: readonly JudgmentRow[], options: JudgmentOptions): JudgmentSet {
  const minClicks = options.minClicks ?? 1;
  const byQuery = new Map<string, { query: string; slice: string | null; values: Map<string, number> }>();
  let outOfCatalogRows = 0;
  for (const row of rows) {
    if (options.inCatalog && !options.inCatalog(row.productId)) {
      outOfCatalogRows++;
      continue;
    }
    const query = row.query.trim().replace(/\s+/g, ' ');
    const key = query.toLowerCase();
    const entry = byQuery.get(key) ?? { query, slice: row.slice ?? null, values: new Map<string, number>() };
    byQuery.set(key, entry);
    // A product judged twice for one query: grades keep the higher, clicks add up.
    const before = entry.values.get(row.productId);
    const value = before === undefined ? row.value : options.kind === 'grade' ? Math.max(before, row.value) : before + row.value;
    entry.values.set(row.productId, value);
  }

  const queries: QueryJudgments[] = [];
  let queriesBelowMinClicks = 0;
  for (const { query, slice, values } of byQuery.values()) {
    if (options.kind === 'grade') {
      const gains = new Map([...values].map(([id, grade]) => [id, gainOfGrade(grade)]));
      queries.push({ query, gains, relevant: relevantOf(gains), clicks: null, slice });
      continue;
    }
    const clicks = [...values.values()].reduce((sum, n) => sum + n, 0);
    if (clicks < minClicks || clicks === 0) {
      queriesBelowMinClicks++;
      continue;
    }
    const gains = new Map([...values].map(([id, n]) => [id, n / clicks]));
    queries.push({ query, gains, relevant: relevantOf(gains), clicks, slice });
  }
  return { kind: options.kind, queries, outOfCatalogRows, queriesBelowMinClicks };
}

function relevantOf(gains: ReadonlyMap<string, number>): Set<string> {
  return new Set([...gains].filter(([, gain]) => gain > 0).map(([id]) => id));
}
