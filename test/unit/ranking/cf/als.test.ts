import assert from 'node:assert/strict';
import { alsFoldIn, alsScores, alsUserVector, trainAls } from '../../../../ranking/cf/als';
import { rowsFromPairs } from '../../../../ranking/cf/interactions';
import { createRandom } from '../../../../ranking/cf/random';
import { topIndices } from '../../../../ranking/cf/top-k';

/** Two taste groups: users 0–19 buy three of items 0–4, users 20–39 three of items 5–9. */
function groups(): Int32Array[] {
  const random = createRandom(11);
  const pairs: Array<[number, number]> = [];
  for (let user = 0; user < 40; user++) {
    const base = user < 20 ? 0 : 5;
    const picked = new Set<number>();
    while (picked.size < 3) picked.add(base + Math.floor(random() * 5));
    for (const item of picked) pairs.push([user, item]);
  }
  return rowsFromPairs(pairs, 40);
}

describe('ranking/cf/als', () => {
  const rows = groups();
  const model = trainAls(rows, 10, { factors: 2, iterations: 10, seed: 5 });

  it("ranks a user's own group above the other group (two factors for two tastes)", () => {
    for (let user = 0; user < 40; user++) {
      const own = user < 20 ? [0, 1, 2, 3, 4] : [5, 6, 7, 8, 9];
      const bought = new Set(rows[user]);
      const top = topIndices(alsScores(model, alsUserVector(model, user)), 2, (i) => bought.has(i));
      assert.ok(
        Array.from(top).every((item) => own.includes(item)),
        `user ${user}: ${Array.from(top)}`,
      );
    }
  });

  it('folds in an unseen history with the same preference', () => {
    const vector = alsFoldIn(model, [5, 6]);
    const top = topIndices(alsScores(model, vector), 3, (i) => i === 5 || i === 6);
    assert.deepEqual([...top].sort(), [7, 8, 9]);
  });

  it('is reproducible for a seed and returns plain typed arrays', () => {
    const again = trainAls(rows, 10, { factors: 2, iterations: 10, seed: 5 });
    assert.deepEqual(again.itemFactors, model.itemFactors);
    assert.ok(structuredClone(model).userFactors instanceof Float64Array);
  });
});
