import assert from 'node:assert/strict';
import { experimentInput } from '../../../src/experiments/schemas';
import { parseInput } from '../../../src/core/validation';
import { AppError } from '../../../src/core/errors';

const valid = {
  name: 'x',
  variants: [
    { name: 'a', share: 50 },
    { name: 'b', share: 50 },
  ],
  plan: { baselineRate: 0.1, minimumDetectableEffect: 0.2 },
};

/** The first field a 400 would name, or null when the input is accepted; anything thrown other than a 400 fails the test. */
function fieldOf(input: unknown): string | null {
  try {
    parseInput(experimentInput, input);
    return null;
  } catch (error) {
    assert.ok(error instanceof AppError && error.status === 400, `not a 400: ${String(error)}`);
    return error.field ?? null;
  }
}

describe('src/experiments/schemas', () => {
  it('accepts a plain experiment and fills in the defaults', () => {
    const parsed = parseInput(experimentInput, valid);
    assert.equal(parsed.aa, false);
    assert.deepEqual(parsed.targeting, {});
    assert.equal(parsed.plan.primaryMetric, 'purchase_conversion');
    assert.equal(parsed.plan.alpha, 0.05);
  });

  // Found by the API fuzzer: the cross-field checks ran on fields that had already failed (a rate of 0, a share of 0, a null variant) and threw.
  it('answers a 400, never throws, when the cross-field checks meet fields that already failed', () => {
    assert.equal(fieldOf({ ...valid, plan: { baselineRate: 0, minimumDetectableEffect: 0, alpha: 0, power: 0.65 } }), 'plan.baselineRate');
    assert.equal(
      fieldOf({
        ...valid,
        variants: [
          { name: 'a', share: 0 },
          { name: 'b', share: 0 },
        ],
      }),
      'variants[0].share',
    );
    assert.equal(fieldOf({ ...valid, variants: [null, { name: 'b', share: 50 }] }), 'variants[0]');
    assert.equal(fieldOf({ ...valid, variants: 'two' }), 'variants');
    assert.equal(fieldOf({ ...valid, plan: null }), 'plan');
    assert.equal(fieldOf({ ...valid, variants: [{ name: 'a', share: 50 }] }), 'variants');
  });

  it('names the variant of a duplicate name and the plan field of an impossible effect', () => {
    assert.equal(
      fieldOf({
        ...valid,
        variants: [
          { name: 'a', share: 50 },
          { name: 'a', share: 50 },
        ],
      }),
      'variants[1].name',
    );
    assert.equal(fieldOf({ ...valid, plan: { baselineRate: 0.6, minimumDetectableEffect: 1 } }), 'plan.minimumDetectableEffect');
  });

  it('answers a plan too fine to compute with a 400 naming the field, not a 500 (review finding)', () => {
    for (const plan of [
      { baselineRate: 0.5, minimumDetectableEffect: 1e-16 },
      { baselineRate: 0.5, minimumDetectableEffect: 1e-17 },
      { baselineRate: 0.1, minimumDetectableEffect: 0.2, alpha: 1e-300 },
    ]) {
      const field = fieldOf({ ...valid, plan });
      assert.ok(field === 'plan.minimumDetectableEffect' || field === 'plan.alpha', `${JSON.stringify(plan)} → ${field}`);
    }
  });
});
