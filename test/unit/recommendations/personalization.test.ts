import assert from 'node:assert/strict';
import { personalizationClause } from '../../../src/recommendations/personalization';

describe('personalizationClause', () => {
  const history = { purchased: ['phone-1', 'pan-1'], carted: [], viewed: ['audio-2'] };

  it('boosts products matching any indicator by at most the weight', () => {
    assert.deepEqual(personalizationClause(history, 2), {
      dis_max: {
        queries: [
          { terms: { 'recommendations.also_bought': ['phone-1', 'pan-1'], boost: 1 } },
          { terms: { 'recommendations.viewed_indicators': ['audio-2'], boost: 0.6 } },
        ],
        tie_breaker: 0,
        boost: 2,
      },
    });
  });

  it('adds nothing without history or weight', () => {
    assert.equal(personalizationClause({ purchased: [], carted: [], viewed: [] }, 1), null);
    assert.equal(personalizationClause(history, 0), null);
  });

  it('takes the most recent items per kind and custom kind weights', () => {
    const clause = personalizationClause(history, 1, { limits: { purchased: 1 }, kindWeights: { viewed: 0 } });
    assert.deepEqual(clause, {
      dis_max: { queries: [{ terms: { 'recommendations.also_bought': ['phone-1'], boost: 1 } }], tie_breaker: 0, boost: 1 },
    });
  });
});
