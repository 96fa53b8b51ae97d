import assert from 'node:assert/strict';
import { evaluateModel } from '../../../../ranking/eval/evaluate';
import { popularityModel } from '../../../../ranking/eval/models/popularity';
import type { ModelSpec } from '../../../../ranking/eval/recommender';
import { temporalSplit, type Purchase } from '../../../../ranking/eval/temporal-split';
import { buildTrainingData } from '../../../../ranking/eval/training-data';

const cutoff = 1000;
const buy = (userId: string, itemId: string, at: number): Purchase => ({ userId, itemId, at, orderId: `${userId}@${at}` });

// Training: a is bought by 3 customers, b by 2, c by 1. Test: u1 buys c, u2 buys a again and d.
const purchases = [
  buy('u1', 'a', 1),
  buy('u1', 'b', 2),
  buy('u2', 'a', 3),
  buy('u2', 'c', 4),
  buy('u3', 'a', 5),
  buy('u3', 'b', 6),
  buy('u1', 'c', 1000),
  buy('u2', 'a', 1001),
  buy('u2', 'd', 1002),
];

describe('ranking/eval/evaluate', () => {
  const split = temporalSplit(purchases, { cutoff });
  const data = buildTrainingData({ purchases: split.train, now: cutoff });

  it('excludes training purchases and scores both protocols', () => {
    const result = evaluateModel(popularityModel, data, split.test, { k: 2 });
    // u1 gets [c] (a and b bought); u2 gets [b] (a and c bought).
    // New items: u1 {c} → hit; u2 {d} → miss.
    assert.deepEqual(
      { ...result.newItems },
      // Recalls 1 and 0: sample standard deviation √0.5, over √2 users.
      {
        users: 2,
        precision: (1 / 2 + 0) / 2,
        recall: (1 + 0) / 2,
        recallStandardError: Math.sqrt(0.5) / Math.sqrt(2),
        ndcg: (1 + 0) / 2,
        hitRate: 1 / 2,
        coverage: 2 / 3,
      },
    );
    // All items: u2's relevant set is {a, d}; a was excluded, so recall there is 0 of 2.
    assert.equal(result.allItems.users, 2);
    assert.equal(result.allItems.recall, (1 + 0) / 2);
    assert.equal(result.model, 'popularity');
  });

  it('also excludes the products the service cannot show, so offline and served lists face the same filters', () => {
    // c out of stock: u1's only new purchase was c, which no list may now hold; u2 bought d, which nobody bought before.
    const result = evaluateModel(popularityModel, data, split.test, { k: 2, unavailable: new Set(['c', 'unknown-id']) });
    assert.equal(result.newItems.recall, 0);
  });

  it('hands the model each user’s purchases as the exclusion set', () => {
    const seen: string[][] = [];
    const spy: ModelSpec = {
      name: 'spy',
      train: (training) => ({
        recommend(_user, n, exclude) {
          seen.push([...exclude].map((item) => training.items.idAt(item)).sort());
          return [0, 1, 2].filter((item) => !exclude.has(item)).slice(0, n);
        },
      }),
    };
    evaluateModel(spy, data, split.test);
    assert.deepEqual(seen, [
      ['a', 'b'],
      ['a', 'c'],
    ]);
  });
});
