import type { HistoryClause } from './bodies';
import type { HistoryKind } from './history';

/** A weighted row as a product document stores it: the products it speaks for, with their weights. */
export interface WeightedRow {
  items: readonly string[];
  weights: readonly number[];
}

/** The model rows a history product's document carries ("for you" reads them by mget). */
export interface HistoryRows {
  /** Its row of EASE's B. */
  ease?: WeightedRow;
  /** Per kind of history, the products it is an LLR indicator for, with the G². */
  llr?: Partial<Record<'bought' | 'viewed' | 'carted', WeightedRow>>;
}

/** A product "for you" proposes: its fused score, and the history item that spoke for it most. */
export interface ForYouCandidate {
  productId: string;
  score: number;
  because: HistoryClause;
}

export interface FusionWeights {
  /** The LLR indicators' share, after dividing by the shopper's best LLR sum. */
  llrWeight: number;
  /** EASE's share, after dividing by the shopper's best EASE score. */
  easeWeight: number;
}

const llrRowOf: Record<HistoryKind, 'bought' | 'viewed' | 'carted'> = { purchased: 'bought', viewed: 'viewed', carted: 'carted' };

/** EASE models purchases: it reads the history's purchases and carts (strong intent), not views, as it was evaluated. */
const EASE_KINDS: ReadonlySet<HistoryKind> = new Set(['purchased', 'carted']);

interface Side {
  scores: Map<string, { score: number; because: HistoryClause; best: number }>;
  top: number;
}

/**
 * The parts of each history product's document "for you" scores: the LLR row
 * of the kind it was seen as (a viewed product's `viewed` row, not its
 * `bought` row) and, for purchases and carts, its EASE row; a side weighted 0
 * is not read. The rows are most of a document's size, and reading only these
 * halves what the mget returns on the 100k catalogue. Pure.
 */
export function historyRowFields(clauses: readonly HistoryClause[], weights: FusionWeights): Map<string, string[]> {
  const fields = new Map<string, Set<string>>();
  for (const clause of clauses) {
    const wanted = fields.get(clause.productId) ?? new Set<string>();
    fields.set(clause.productId, wanted);
    if (weights.llrWeight > 0) wanted.add(`recommendations.llr.${llrRowOf[clause.kind]}`);
    if (weights.easeWeight > 0 && EASE_KINDS.has(clause.kind)) wanted.add('recommendations.ease');
  }
  return new Map([...fields].map(([productId, wanted]) => [productId, [...wanted]]));
}

/** Σ clause.boost × weight over the clauses' rows, remembering the clause that added most to each product. */
function sumRows(clauses: readonly HistoryClause[], rowOf: (clause: HistoryClause) => WeightedRow | undefined): Side {
  const scores: Side['scores'] = new Map();
  for (const clause of clauses) {
    const row = rowOf(clause);
    if (row === undefined) continue;
    row.items.forEach((productId, k) => {
      const contribution = clause.boost * (row.weights[k] ?? 0);
      if (!(contribution > 0)) return;
      const entry = scores.get(productId);
      if (entry === undefined) scores.set(productId, { score: contribution, because: clause, best: contribution });
      else {
        entry.score += contribution;
        if (contribution > entry.best) Object.assign(entry, { because: clause, best: contribution });
      }
    });
  }
  let top = 0;
  for (const { score } of scores.values()) top = Math.max(top, score);
  return { scores, top };
}

/**
 * "For you" scored in Agora, the rule the offline fusion model was evaluated
 * with (ranking/eval/models/hybrid.ts): the LLR side is Σ over history items
 * of (the item's weight by kind and recency) × G² of each product it is an
 * indicator for; the EASE side is Σ (weight) × B[item][product] over the
 * purchases and carts, a product counted once (with its strongest clause)
 * as EASE's input is "interacted or not". Each side is divided by its best
 * score over every product (before exclusions, as offline) and weighted,
 * then added. Products in `exclude` are left out; the rest come best first
 * (ties by id), at most `limit`. Pure.
 */
export function forYouCandidates(
  clauses: readonly HistoryClause[],
  rows: ReadonlyMap<string, HistoryRows>,
  options: FusionWeights & { limit: number; exclude: ReadonlySet<string> },
): ForYouCandidate[] {
  const strongest = new Map<string, HistoryClause>();
  for (const clause of clauses) {
    if (!EASE_KINDS.has(clause.kind)) continue;
    const known = strongest.get(clause.productId);
    if (known === undefined || clause.boost > known.boost) strongest.set(clause.productId, clause);
  }
  const sides: Array<{ side: Side; weight: number }> = [
    { side: sumRows(clauses, (c) => rows.get(c.productId)?.llr?.[llrRowOf[c.kind]]), weight: options.llrWeight },
    { side: sumRows([...strongest.values()], (c) => rows.get(c.productId)?.ease), weight: options.easeWeight },
  ];
  const fused = new Map<string, { score: number; because: HistoryClause; share: number }>();
  for (const { side, weight } of sides) {
    if (!(weight > 0) || side.top === 0) continue;
    for (const [productId, entry] of side.scores) {
      if (options.exclude.has(productId)) continue;
      const share = (weight * entry.score) / side.top;
      const known = fused.get(productId);
      if (known === undefined) fused.set(productId, { score: share, because: entry.because, share });
      else {
        known.score += share;
        // The reason comes from the side that added most.
        if (share > known.share) Object.assign(known, { because: entry.because, share });
      }
    }
  }
  return [...fused]
    .map(([productId, { score, because }]) => ({ productId, score, because }))
    .sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .slice(0, options.limit);
}
