import assert from 'node:assert/strict';
import { alsModel } from '../../../../../ranking/eval/models/als';
import { easeModel } from '../../../../../ranking/eval/models/ease-model';
import { fuseByBest, hybridModel } from '../../../../../ranking/eval/models/hybrid';
import { indicatorModel } from '../../../../../ranking/eval/models/indicators';
import { popularityModel } from '../../../../../ranking/eval/models/popularity';
import { backfill, bestScored, type ModelSpec } from '../../../../../ranking/eval/recommender';
import { trendingModel } from '../../../../../ranking/eval/models/trending-model';
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
  const add = (user: number, items: string[], at: number) =>
    items.forEach((itemId) => out.push({ userId: `u${user}`, itemId, orderId: `o${user}`, at }));
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
    return spec
      .train(data)
      .recommend(user(id), 2, exclude)
      .map((item) => data.items.idAt(item));
  };

  it('popularity and trending offer best sellers minus past purchases', () => {
    assert.deepEqual(recommend(popularityModel, 'u12'), ['saucer', 'lamp']);
    assert.equal(recommend(trendingModel({ halfLifeDays: 1 }), 'u12')[0], 'lamp');
  });

  for (const spec of [
    indicatorModel({ minCooccurrence: 1 }),
    easeModel({ lambda: 1 }),
    easeModel({ lambda: 1, neighbors: 2 }),
    hybridModel({ indicators: { minCooccurrence: 1 }, ease: { lambda: 1, neighbors: 2 }, easeWeight: 0.25 }),
    alsModel({ factors: 2, alpha: 5, seed: 3 }),
  ]) {
    it(`${spec.name} completes a lamp with its shade and never repeats a purchase`, () => {
      const list = recommend(spec, 'u13');
      assert.equal(list[0], 'shade');
      assert.ok(!list.includes('lamp'));
      assert.equal(list.length, 2, 'short lists are backfilled');
    });
  }

  it('offers best sellers to a customer with nothing among the EASE head (dense scores would all be 0)', () => {
    // a is seen first but b sells more; c, outside a head of two, is all u5 bought.
    const rows: Purchase[] = [];
    const add = (user: string, items: string[]) => items.forEach((itemId) => rows.push({ userId: user, itemId, orderId: user, at: 0 }));
    add('u0', ['a', 'b']);
    add('u1', ['a', 'b']);
    for (const u of ['u2', 'u3', 'u4']) add(u, ['b']);
    add('u5', ['c']);
    const small = buildTrainingData({ purchases: rows, now: DAY });
    const u5 = small.users.get('u5')!;
    const list = easeModel({ lambda: 1, maxItems: 2 }).train(small).recommend(u5, 2, new Set(small.purchases[u5]));
    assert.deepEqual(
      list.map((item) => small.items.idAt(item)),
      ['b', 'a'],
    );
  });

  it('fuses sides by dividing each by its best positive score', () => {
    const fused = fuseByBest([Float64Array.of(4, 2, -1, 0), Float64Array.of(0, 0.1, 0.2, 0)], [1, 0.5]);
    assert.deepEqual(Array.from(fused), [1, 0.5 + 0.25, 0.5, 0]);
    assert.deepEqual(Array.from(fuseByBest([Float64Array.of(0, -1)], [1])), [0, 0], 'a side with no positive score adds nothing');
  });

  it('ranks by score, optionally only positive ones, and backfills without repeats', () => {
    assert.deepEqual(bestScored([0, 3, -1, 2], 3, new Set([1]), true), [3]);
    assert.deepEqual(bestScored([0, 3, -1, 2], 3, new Set([1]), false), [3, 0, 2]);
    assert.deepEqual(backfill([3], [3, 1, 0, 2], 3, new Set([1])), [3, 0, 2]);
  });
});
