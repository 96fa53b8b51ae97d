import assert from 'node:assert/strict';
import { fallbackOrder } from '../../../../src/search/fallback/order';

describe('fallbackOrder', () => {
  it('tries the corrected query, then the relaxed original, then the relaxed correction', () => {
    assert.deepEqual(fallbackOrder({ typedWords: 2, correctedWords: 2 }), [
      { corrected: true, relaxed: false },
      { corrected: false, relaxed: true },
      { corrected: true, relaxed: true },
    ]);
  });

  it('relaxes only queries of several words, and corrects only when there is a correction', () => {
    assert.deepEqual(fallbackOrder({ typedWords: 1, correctedWords: 1 }), [{ corrected: true, relaxed: false }]);
    assert.deepEqual(fallbackOrder({ typedWords: 3, correctedWords: null }), [{ corrected: false, relaxed: true }]);
    assert.deepEqual(fallbackOrder({ typedWords: 1, correctedWords: null }), []);
  });
});
