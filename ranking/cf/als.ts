import { Matrix, solve } from 'ml-matrix';
import { invertRows, type ItemRows } from './interactions';
import { createRandom } from './random';

export interface AlsOptions {
  /** Latent dimensions. @default 64 */
  factors?: number;
  /** Alternating passes (users, then items). @default 15 */
  iterations?: number;
  /** L2 penalty λ on every factor vector. @default 5 */
  regularization?: number;
  /**
   * Confidence of an observed interaction is 1 + alpha (unobserved: 1,
   * preference 0). The literature's 10–40 suits sparse play counts; on
   * binary purchases (Online Retail validation month) α = 1 with λ = 5 did
   * best among α 0.5–40 and λ 0.1–10. @default 1
   */
  alpha?: number;
  /** Conjugate-gradient steps per vector and pass; 3 is the usual sweet spot. @default 3 */
  cgSteps?: number;
  /** @default 1 */
  seed?: number;
}

/** Row-major factor matrices: user u is userFactors[u·f .. u·f+f). */
export interface AlsModel {
  factors: number;
  nUsers: number;
  nItems: number;
  userFactors: Float64Array;
  itemFactors: Float64Array;
  regularization: number;
  alpha: number;
}

/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008) with the conjugate
 * gradient update of Takács, Pilászy & Tikk (2011): each half-step improves
 * every vector by a few CG steps from its previous value instead of solving
 * a k×k system, so a pass costs O(nnz·k + (users + items)·k²) and the
 * all-missing entries are handled through the k×k Gram matrix YᵀY.
 * Binary input: `rows[u]` lists the items user u interacted with.
 */
export function trainAls(rows: ItemRows, nItems: number, options: AlsOptions = {}): AlsModel {
  const f = options.factors ?? 64;
  const iterations = options.iterations ?? 15;
  const regularization = options.regularization ?? 5;
  const alpha = options.alpha ?? 1;
  const cgSteps = options.cgSteps ?? 3;
  const random = createRandom(options.seed ?? 1);
  const nUsers = rows.length;
  const init = (count: number) => Float64Array.from({ length: count * f }, () => (random() - 0.5) * 0.1);
  const userFactors = init(nUsers);
  const itemFactors = init(nItems);
  const columns = invertRows(rows, nItems);
  const step = { f, regularization, alpha, cgSteps };
  for (let it = 0; it < iterations; it++) {
    conjugateGradientPass(userFactors, itemFactors, rows, step);
    conjugateGradientPass(itemFactors, userFactors, columns, step);
  }
  return { factors: f, nUsers, nItems, userFactors, itemFactors, regularization, alpha };
}

/** Scores of every item for a user vector (a row of userFactors or a folded-in one). */
export function alsScores(model: AlsModel, userVector: ArrayLike<number>): Float64Array {
  const f = model.factors;
  const scores = new Float64Array(model.nItems);
  for (let i = 0; i < model.nItems; i++) {
    let s = 0;
    for (let d = 0; d < f; d++) s += model.itemFactors[i * f + d] * userVector[d];
    scores[i] = s;
  }
  return scores;
}

export function alsUserVector(model: AlsModel, user: number): Float64Array {
  return model.userFactors.subarray(user * model.factors, (user + 1) * model.factors);
}

/**
 * The exact least-squares user vector for a history the model never saw (a
 * new customer, or today's basket): solve (YᵀY + α·Σ yᵢyᵢᵀ + λI)·x =
 * (1+α)·Σ yᵢ. A k×k system, cheap enough per request; `itemGram` (YᵀY) can
 * be computed once with alsItemGram and reused.
 */
export function alsFoldIn(model: AlsModel, history: ArrayLike<number>, itemGram = alsItemGram(model)): Float64Array {
  const f = model.factors;
  const a = new Matrix(f, f);
  const b = new Matrix(f, 1);
  for (let r = 0; r < f; r++) {
    for (let c = 0; c < f; c++) a.set(r, c, itemGram[r * f + c] + (r === c ? model.regularization : 0));
  }
  for (let h = 0; h < history.length; h++) {
    const yo = history[h] * f;
    for (let r = 0; r < f; r++) {
      const yr = model.itemFactors[yo + r];
      b.set(r, 0, b.get(r, 0) + (1 + model.alpha) * yr);
      for (let c = 0; c < f; c++) a.set(r, c, a.get(r, c) + model.alpha * yr * model.itemFactors[yo + c]);
    }
  }
  return Float64Array.from(solve(a, b).getColumn(0));
}

export function alsItemGram(model: AlsModel): Float64Array {
  return gram(model.itemFactors, model.nItems, model.factors);
}

interface StepOptions {
  f: number;
  regularization: number;
  alpha: number;
  cgSteps: number;
}

/**
 * Updates every vector of `x` against the fixed `y`. For a row with observed
 * set S the system is A·x = b with A = YᵀY + λI + α·Σ_{i∈S} yᵢyᵢᵀ and
 * b = (1+α)·Σ_{i∈S} yᵢ; A·v is evaluated without forming A.
 */
function conjugateGradientPass(x: Float64Array, y: Float64Array, lists: ItemRows, options: StepOptions): void {
  const { f, regularization, alpha, cgSteps } = options;
  const yty = gram(y, y.length / f, f);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  const applyA = (v: Float64Array, out: Float64Array, list: Int32Array) => {
    for (let a = 0; a < f; a++) {
      let s = regularization * v[a];
      for (let b = 0; b < f; b++) s += yty[a * f + b] * v[b];
      out[a] = s;
    }
    for (const i of list) {
      const yo = i * f;
      let dotYv = 0;
      for (let d = 0; d < f; d++) dotYv += y[yo + d] * v[d];
      const coef = alpha * dotYv;
      for (let d = 0; d < f; d++) out[d] += coef * y[yo + d];
    }
  };
  lists.forEach((list, row) => {
    const xo = row * f;
    const xv = x.subarray(xo, xo + f);
    // r = b − A·x
    applyA(xv, r, list);
    for (let d = 0; d < f; d++) r[d] = -r[d];
    for (const i of list) {
      const yo = i * f;
      for (let d = 0; d < f; d++) r[d] += (1 + alpha) * y[yo + d];
    }
    p.set(r);
    let rsOld = dot(r, r, f);
    for (let step = 0; step < cgSteps && rsOld > 1e-20; step++) {
      applyA(p, ap, list);
      const stepSize = rsOld / dot(p, ap, f);
      for (let d = 0; d < f; d++) {
        xv[d] += stepSize * p[d];
        r[d] -= stepSize * ap[d];
      }
      const rsNew = dot(r, r, f);
      for (let d = 0; d < f; d++) p[d] = r[d] + (rsNew / rsOld) * p[d];
      rsOld = rsNew;
    }
  });
}

/** YᵀY of a row-major n×f matrix. */
function gram(y: Float64Array, n: number, f: number): Float64Array {
  const out = new Float64Array(f * f);
  for (let i = 0; i < n; i++) {
    const yo = i * f;
    for (let a = 0; a < f; a++) {
      const ya = y[yo + a];
      if (ya === 0) continue;
      for (let b = a; b < f; b++) out[a * f + b] += ya * y[yo + b];
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) out[a * f + b] = out[b * f + a];
  return out;
}

function dot(a: Float64Array, b: Float64Array, f: number): number {
  let s = 0;
  for (let d = 0; d < f; d++) s += a[d] * b[d];
  return s;
}
