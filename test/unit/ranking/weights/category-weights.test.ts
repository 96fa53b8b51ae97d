import assert from 'node:assert/strict';
import { weightsFor } from '../../../../ranking/weights/category-weights';
import { defaultRankingWeights } from '../../../../ranking/weights/ranking-settings';

describe('per-category weights', () => {
  const table = {
    global: { popularity: 1 },
    categories: new Map([
      ['fashion', { recency: 0.5 }],
      ['shoes', { popularity: 0 }],
    ]),
  };

  it('layers defaults, global, then each category from the root down', () => {
    assert.deepEqual(weightsFor(table, ['fashion', 'shoes', 'running-shoes']), {
      weights: { ...defaultRankingWeights, popularity: 0, recency: 0.5 },
      sources: ['default', 'global', 'fashion', 'shoes'],
    });
    assert.deepEqual(weightsFor(table, ['electronics']).weights, { ...defaultRankingWeights, popularity: 1 });
    assert.deepEqual(weightsFor({ global: {}, categories: new Map() }, null), { weights: defaultRankingWeights, sources: ['default'] });
  });
});
