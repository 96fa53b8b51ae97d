import assert from 'node:assert/strict';
import { overridesFromInputs, weightOrigins } from '../../../src/web/public/assets/console-weights-model.js';
import { FormError } from '../../../src/web/public/assets/form-fields.js';

describe('console: ranking weights', () => {
  it('tells where each current weight comes from', () => {
    const table = {
      defaults: { text: 1, popularity: 0.4, recency: 0.1, rating: 0.2, stock: 0.5, merchantRating: 0.1, personalization: 0.5 },
      global: { stock: 2 },
      categories: { shoes: { rating: 3, stock: 0 } },
    };
    const origins = weightOrigins(table, ['default', 'global', 'shoes']);
    assert.deepEqual(origins.stock, { value: 0, source: 'shoes' });
    assert.deepEqual(origins.rating, { value: 3, source: 'shoes' });
    assert.deepEqual(origins.text, { value: 1, source: 'default' });
    assert.deepEqual(weightOrigins(table, ['default', 'global']).stock, { value: 2, source: 'global' });
  });

  it('reads the typed weights: empty inherits, text that is not a number is an error at that weight', () => {
    const input = (value: string, badInput = false) => ({ value, validity: { badInput } });
    assert.deepEqual(overridesFromInputs({ text: input(''), popularity: input('0.8'), stock: input('0'), speed: input('3') }), {
      popularity: 0.8,
      stock: 0,
    });
    assert.throws(
      () => overridesFromInputs({ popularity: input('0.8'), rating: input('', true) }),
      (error: unknown) => error instanceof FormError && error.field === 'rating' && /not a number/.test(error.message),
    );
  });
});
