/**
 * Inverse of a symmetric positive definite matrix, stored row-major in a
 * Float64Array, by Cholesky: A = L·Lᵀ, U = L⁻ᵀ, A⁻¹ = U·Uᵀ.
 *
 * Why not ml-matrix's `inverse` or `CholeskyDecomposition`: on this machine
 * they took 7.2 s and 11.6 s for n = 1000 (arrays of row arrays, get/set per
 * element), so ~3 minutes for the 3000-item Gram matrix EASE needs. Every
 * inner loop here is a dot product over two contiguous rows, and four rows
 * are processed per pass so each row fetched from memory serves four sums;
 * that keeps n = 3000 in the ten-second range (benchmarks/recs/README.md).
 * The three phases cost about n³/6 multiply-adds each.
 *
 * `a` is overwritten: on return it holds A⁻¹ (full, symmetric), so the
 * caller pays for one extra n×n array (U), not two.
 */
export function invertSpdInPlace(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  const sums = new Float64Array(4);
  choleskyLowerInPlace(a, n, sums);
  const u = upperInverseTranspose(a, n, sums);
  multiplyByOwnTranspose(u, n, a, sums);
  return a;
}

/** L in the lower triangle of `a` (diagonal included); the strict upper triangle is left alone. */
function choleskyLowerInPlace(a: Float64Array, n: number, sums: Float64Array): void {
  for (let i0 = 0; i0 < n; i0 += 4) {
    const block = Math.min(4, n - i0);
    // Columns left of the block: row j < i0 is final, so all block rows use it at once.
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      const d = a[rj + j];
      if (block === 4) {
        dot4(a, i0 * n, n, a, rj, j, sums);
        for (let r = 0; r < 4; r++) {
          const at = (i0 + r) * n + j;
          a[at] = (a[at] - sums[r]) / d;
        }
      } else {
        for (let r = 0; r < block; r++) {
          const ri = (i0 + r) * n;
          a[ri + j] = (a[ri + j] - dot(a, ri, a, rj, j)) / d;
        }
      }
    }
    // The small triangle inside the block, in order.
    for (let i = i0; i < i0 + block; i++) {
      const ri = i * n;
      for (let j = i0; j <= i; j++) {
        const rj = j * n;
        const s = a[ri + j] - dot(a, ri, a, rj, j);
        if (i === j) {
          if (!(s > 0)) throw new RangeError(`matrix is not positive definite (pivot ${i} = ${s})`);
          a[ri + i] = Math.sqrt(s);
        } else {
          a[ri + j] = s / a[rj + j];
        }
      }
    }
  }
}

/**
 * U = (L⁻¹)ᵀ, upper triangular. Column j of L⁻¹ is row j of U, so the
 * forward substitution U[j][i] = −Σ_{k=j}^{i−1} L[i][k]·U[j][k] / L[i][i]
 * reads two contiguous rows. Entries of U left of the diagonal stay zero, so
 * four rows j0..j0+3 can share one sum starting at k = j0.
 */
function upperInverseTranspose(l: Float64Array, n: number, sums: Float64Array): Float64Array {
  const u = new Float64Array(n * n);
  for (let j0 = 0; j0 < n; j0 += 4) {
    const block = Math.min(4, n - j0);
    const head = Math.min(n, j0 + 4);
    // Inside the block the rows start at different diagonals: plain loops.
    for (let i = j0; i < head; i++) {
      const ri = i * n;
      for (let j = j0; j <= i; j++) {
        const rj = j * n;
        u[rj + i] = i === j ? 1 / l[ri + i] : -dot(l, ri + j, u, rj + j, i - j) / l[ri + i];
      }
    }
    for (let i = head; i < n; i++) {
      const ri = i * n;
      const d = l[ri + i];
      if (block === 4) {
        dot4(u, j0 * n + j0, n, l, ri + j0, i - j0, sums);
        for (let r = 0; r < 4; r++) u[(j0 + r) * n + i] = -sums[r] / d;
      } else {
        for (let r = 0; r < block; r++) {
          const rj = (j0 + r) * n;
          u[rj + i] = -dot(l, ri + j0, u, rj + j0, i - j0) / d;
        }
      }
    }
  }
  return u;
}

/** out = U·Uᵀ; P[i][j] = Σ_{k ≥ max(i,j)} U[i][k]·U[j][k]. Writes the upper triangle, then mirrors it. */
function multiplyByOwnTranspose(u: Float64Array, n: number, out: Float64Array, sums: Float64Array): void {
  for (let i0 = 0; i0 < n; i0 += 4) {
    const block = Math.min(4, n - i0);
    for (let j = i0; j < n; j++) {
      const rj = j * n;
      if (block === 4) {
        // Rows below j inside the block get their (correct) lower-triangle value; harmless.
        dot4(u, i0 * n + j, n, u, rj + j, n - j, sums);
        for (let r = 0; r < 4; r++) out[(i0 + r) * n + j] = sums[r];
      } else {
        for (let r = 0; r < block; r++) {
          const ri = (i0 + r) * n;
          if (j >= i0 + r) out[ri + j] = dot(u, ri + j, u, rj + j, n - j);
        }
      }
    }
  }
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i];
  }
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < length; k += 2) {
    s0 += a[ao + k] * b[bo + k];
    s1 += a[ao + k + 1] * b[bo + k + 1];
  }
  if (k < length) s0 += a[ao + k] * b[bo + k];
  return s0 + s1;
}

/** sums[r] = Σ_k rows[start + r·stride + k] · v[vo + k] for r = 0..3: one pass over v for four rows. */
function dot4(rows: Float64Array, start: number, stride: number, v: Float64Array, vo: number, length: number, sums: Float64Array): void {
  const r0 = start;
  const r1 = start + stride;
  const r2 = r1 + stride;
  const r3 = r2 + stride;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < length; k++) {
    const x = v[vo + k];
    s0 += rows[r0 + k] * x;
    s1 += rows[r1 + k] * x;
    s2 += rows[r2 + k] * x;
    s3 += rows[r3 + k] * x;
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
}
