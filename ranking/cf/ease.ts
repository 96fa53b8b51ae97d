import { mostInteractedItems, type ItemRows } from './interactions';
import { invertSpdInPlace } from './linalg/spd-inverse';
import type { Neighbors } from './neighbors';
import { TopK } from './top-k';

export interface EaseOptions {
  /**
   * L2 penalty λ added to the Gram matrix's diagonal. Larger values shrink
   * weights towards zero, which helps rare items; the paper used 200–1000
   * on data sets with hundreds of thousands of users. 400 was best on the
   * Online Retail validation month among 25–800 (benchmarks/recs/README.md);
   * retune per marketplace. @default 400
   */
  lambda?: number;
}

/**
 * An EASE model (Steck, "Embarrassingly Shallow Autoencoders", WWW 2019):
 * an item × item weight matrix B with a zero diagonal, row-major:
 * `weights[i * nItems + j]` is how much having item i speaks for item j.
 */
export interface EaseModel {
  nItems: number;
  weights: Float64Array;
}

/**
 * Closed form B = I − P·diag(1/diag(P)), P = (XᵀX + λI)⁻¹, so B[i][j] =
 * −P[i][j] / P[j][j] off the diagonal and 0 on it. X is binary (bought or
 * not). Cost: O(Σ|row|²) for the Gram matrix, O(n³) for the inverse, 8n²
 * bytes twice at the peak (Gram/inverse and the Cholesky factor); train on
 * the head of the catalogue (mostInteractedItems) to bound n.
 *
 * Pure and self-contained: plain rows in, a Float64Array out, so a worker
 * thread or child process can run it and transfer `weights` back.
 */
export function trainEase(rows: ItemRows, nItems: number, options: EaseOptions = {}): EaseModel {
  const lambda = options.lambda ?? 400;
  if (!(lambda > 0)) throw new RangeError(`lambda must be positive, got ${lambda}`);
  const n = nItems;
  const gram = new Float64Array(n * n);
  for (const row of rows) {
    for (let a = 0; a < row.length; a++) {
      const ri = row[a] * n;
      for (let b = 0; b < row.length; b++) gram[ri + row[b]] += 1;
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
  const p = invertSpdInPlace(gram, n);
  const diagonal = new Float64Array(n);
  for (let j = 0; j < n; j++) diagonal[j] = p[j * n + j];
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) p[ri + j] = i === j ? 0 : -p[ri + j] / diagonal[j];
  }
  return { nItems: n, weights: p };
}

/** Scores of every item for a history: the sum of the history items' rows of B. */
export function easeScores(model: EaseModel, history: ArrayLike<number>): Float64Array {
  const n = model.nItems;
  const scores = new Float64Array(n);
  for (let h = 0; h < history.length; h++) {
    const ri = history[h] * n;
    for (let j = 0; j < n; j++) scores[j] += model.weights[ri + j];
  }
  return scores;
}

/**
 * The k largest positive weights of each row: a sparse form of B the serving
 * side can store per product and query like indicators (summing over a
 * history's rows is exactly what the dense model does, minus the tails).
 */
export function easeNeighbors(model: EaseModel, k: number): Neighbors[] {
  const n = model.nItems;
  const out: Neighbors[] = [];
  for (let i = 0; i < n; i++) {
    const top = new TopK(k);
    const ri = i * n;
    for (let j = 0; j < n; j++) {
      const w = model.weights[ri + j];
      if (w > 0) top.push(j, w);
    }
    out.push(top.drain());
  }
  return out;
}

export interface EaseHeadOptions extends EaseOptions {
  /** Items the dense model covers, most bought first (O(n³) training, 8n² bytes). @default 3000 */
  maxItems?: number;
  /** Weights kept per item: what a product document carries. @default 50 */
  neighbors?: number;
}

/**
 * EASE on the catalogue's head, as the serving side stores it: for every
 * item (global index), the items it speaks for and how strongly, the k
 * largest positive weights of its row of B. Items outside the head get an
 * empty list. `rows[u]` is user u's distinct purchased items.
 */
export function easeHeadNeighbors(rows: ItemRows, nItems: number, options: EaseHeadOptions = {}): Neighbors[] {
  const subset = mostInteractedItems(rows, nItems, options.maxItems ?? 3000);
  const model = trainEase(subset.rows, subset.items.length, options);
  const local = easeNeighbors(model, options.neighbors ?? 50);
  const out: Neighbors[] = Array.from({ length: nItems }, () => ({ indices: new Int32Array(0), scores: new Float64Array(0) }));
  local.forEach((list, column) => {
    out[subset.items[column]!] = { indices: Int32Array.from(list.indices, (j) => subset.items[j]!), scores: list.scores };
  });
  return out;
}
