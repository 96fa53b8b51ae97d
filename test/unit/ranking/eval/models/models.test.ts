import assert from 'node:assert/strict';
import { alsModel } from '../../../../../ranking/eval/models/als';
import { easeModel } from '../../../../../ranking/eval/models/ease';
import { indicatorModel } from '../../../../../ranking/eval/models/indicators';
import { popularityModel } from '../../../../../ranking/eval/models/popularity';
import { backfill, bestScored, type ModelSpec } from '../../../../../ranking/eval/models/recommender';
import { trendingModel } from '../../../../../ranking/eval/models/trending';
import { buildTrainingData } from '../../../../../ranking/eval/training-data';
import type { Purchase } from '../../../../../ranking/eval/temporal-split';

const DAY = 86_400_000;

/**
 * Fourteen customers: eight buy a mug and a saucer, four a lamp, a shade and
 * a mug; the mug is the best seller. A customer who has only a lamp should
 * be offered the shade first by every personalised model, while the
 * non-personal baselines offer best sellers.
 */
function purchases(): Purchase[] {
  const out: Purchase[] = [];
  const add = (user: number, items: string[], at: number) => items.forEach((itemId) => out.push({ userId: `u${user}`, itemId, orderId: `o${user}`, at }));
  for (let u = 0; u < 8; u++) add(u, ['mug', 'saucer'], u * DAY);
  for (let u = 8; u < 12; u++) add(u, ['lamp', 'shade', 'mug'], u * DAY);
  add(12, ['mug'], 12 * DAY);
  add(13, ['lamp'], 13 * DAY);
  return out;
}

describe('ranking/eval/models', () => {
  const data = buildTrainingData({ purchases: purchases(), now: 14 * DAY });
  const user = (id: string) => data.users.get(id) ?? -1;
  const recommend = (spec: ModelSpec, id: string) => {
    const exclude = new Set(data.purchases[user(id)]);
    return spec.train(data).recommend(user(id), 2, exclude).map((item) => data.items.idAt(item));
  };

  it('popularity and trending offer best sellers minus past purchases', () => {
    assert.deepEqual(recommend(popularityModel, 'u12'), ['saucer', 'lamp']);
    assert.equal(recommend(trendingModel({ halfLifeDays: 1 }), 'u12')[0], 'lamp');
  });

  for (const spec of [indicatorModel({ minCooccurrence: 1 }), easeModel({ lambda: 1 }), easeModel({ lambda: 1, neighbors: 2 }), alsModel({ factors: 2, alpha: 5, seed: 3 })]) {
    it(`${spec.name} completes a lamp with its shade and never repeats a purchase`, () => {
      const list = recommend(spec, 'u13');
      assert.equal(list[0], 'shade');
      assert.ok(!list.includes('lamp'));
      assert.equal(list.length, 2, 'short lists are backfilled');
    });
  }

  it('ranks by score, optionally only positive ones, and backfills without repeats', () => {
    assert.deepEqual(bestScored([0, 3, -1, 2], 3, new Set([1]), true), [3]);
    assert.deepEqual(bestScored([0, 3, -1, 2], 3, new Set([1]), false), [3, 0, 2]);
    assert.deepEqual(backfill([3], [3, 1, 0, 2], 3, new Set([1])), [3, 0, 2]);
  });
});
