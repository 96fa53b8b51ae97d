import assert from 'node:assert/strict';
import { inverse, Matrix } from 'ml-matrix';
import { easeNeighbors, easeScores, trainEase } from '../../../../ranking/cf/ease';
import { rowsFromPairs } from '../../../../ranking/cf/interactions';
import { topIndices } from '../../../../ranking/cf/top-k';

// Items 0 and 1 go together (users 0–3); 2 and 3 go together (users 4–6); user 3 also has 2.
const pairs: Array<[number, number]> = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [2, 0],
  [2, 1],
  [3, 0],
  [3, 1],
  [3, 2],
  [4, 2],
  [4, 3],
  [5, 2],
  [5, 3],
  [6, 2],
  [6, 3],
  [7, 0],
];
const rows = rowsFromPairs(pairs, 8);
const lambda = 0.5;

describe('ranking/cf/ease', () => {
  it('has a zero diagonal', () => {
    const model = trainEase(rows, 4, { lambda });
    for (let i = 0; i < 4; i++) assert.equal(model.weights[i * 4 + i], 0);
  });

  it('equals the closed form I − P·diag(1/diag(P)) computed with ml-matrix', () => {
    const x = new Matrix(8, 4);
    for (const [user, item] of pairs) x.set(user, item, 1);
    const p = inverse(x.transpose().mmul(x).add(Matrix.eye(4).mul(lambda)));
    const model = trainEase(rows, 4, { lambda });
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = i === j ? 0 : -p.get(i, j) / p.get(j, j);
        assert.ok(Math.abs(model.weights[i * 4 + j] - expected) < 1e-10, `B[${i}][${j}]`);
      }
    }
  });

  it('recovers the co-purchase pattern', () => {
    const model = trainEase(rows, 4, { lambda });
    // Bought 0: 1 comes first; bought 3: 2 comes first.
    assert.equal(topIndices(easeScores(model, [0]), 1, (i) => i === 0)[0], 1);
    assert.equal(topIndices(easeScores(model, [3]), 1, (i) => i === 3)[0], 2);
    assert.ok(model.weights[0 * 4 + 1] > 0 && model.weights[0 * 4 + 3] <= 0);
    assert.deepEqual(Array.from(easeNeighbors(model, 1)[0].indices), [1]);
  });

  it('crosses a worker boundary unchanged (plain rows in, typed array out)', () => {
    const model = structuredClone(trainEase(structuredClone(rows), 4, { lambda }));
    assert.ok(model.weights instanceof Float64Array);
    assert.deepEqual(model, trainEase(rows, 4, { lambda }));
  });

  it('refuses a non-positive lambda', () => {
    assert.throws(() => trainEase(rows, 4, { lambda: 0 }), RangeError);
  });
});
