import assert from 'node:assert/strict';
import { inverse, Matrix } from 'ml-matrix';
import { invertSpdInPlace } from '../../../../../ranking/cf/linalg/spd-inverse';
import { createRandom } from '../../../../../ranking/cf/random';

function randomSpd(n: number, seed: number): Matrix {
  const random = createRandom(seed);
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.set(i, j, random() - 0.5);
  const spd = a.transpose().mmul(a);
  for (let i = 0; i < n; i++) spd.set(i, i, spd.get(i, i) + 0.5);
  return spd;
}

describe('ranking/cf/linalg/spd-inverse', () => {
  // Sizes around the 4-row blocks and their remainders.
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 37]) {
    it(`agrees with ml-matrix's inverse for n = ${n}`, () => {
      const spd = randomSpd(n, n);
      const ours = invertSpdInPlace(Float64Array.from(spd.to1DArray()), n);
      const reference = inverse(spd).to1DArray();
      const worst = reference.reduce((max, value, k) => Math.max(max, Math.abs(value - ours[k])), 0);
      assert.ok(worst < 1e-9, `max difference ${worst}`);
    });
  }

  it('gives A·A⁻¹ = I', () => {
    const spd = randomSpd(11, 99);
    const product = spd.mmul(
      new Matrix(
        [...Array(11)].map((_, i) => Array.from(invertSpdInPlace(Float64Array.from(spd.to1DArray()), 11).subarray(i * 11, i * 11 + 11))),
      ),
    );
    for (let i = 0; i < 11; i++) for (let j = 0; j < 11; j++) assert.ok(Math.abs(product.get(i, j) - (i === j ? 1 : 0)) < 1e-9);
  });

  it('refuses matrices that are not positive definite or not n×n', () => {
    assert.throws(() => invertSpdInPlace(Float64Array.from([1, 2, 2, 1]), 2), /not positive definite/);
    assert.throws(() => invertSpdInPlace(new Float64Array(5), 2), RangeError);
  });
});
