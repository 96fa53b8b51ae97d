import assert from 'node:assert/strict';
import type { HistoryClause } from '../../../src/recommendations/bodies';
import { easeCandidates, type EaseRow } from '../../../src/recommendations/ease-candidates';

const clause = (kind: HistoryClause['kind'], productId: string, boost: number): HistoryClause => ({
  kind,
  productId,
  boost,
  name: `${kind}:${productId}`,
});

describe('easeCandidates', () => {
  const rows = new Map<string, EaseRow>([
    ['phone', { items: ['case', 'charger', 'pan'], weights: [0.5, 0.25, 0.01] }],
    ['tablet', { items: ['charger', 'stylus'], weights: [0.5, 0.1] }],
  ]);

  it("sums each history item's weight times its row, best first", () => {
    const got = easeCandidates([clause('purchased', 'phone', 1), clause('viewed', 'tablet', 0.6)], rows, { limit: 10, exclude: new Set() });
    // charger: 1 × 0.25 + 0.6 × 0.5 = 0.55; case 0.5; stylus 0.06; pan 0.01.
    assert.deepEqual(
      got.map((c) => [c.productId, Math.round(c.score * 1000) / 1000]),
      [
        ['charger', 0.55],
        ['case', 0.5],
        ['stylus', 0.06],
        ['pan', 0.01],
      ],
    );
    // The charger owes more to the tablet view (0.3) than to the phone purchase (0.25).
    assert.equal(got[0]!.because.productId, 'tablet');
    assert.equal(got[1]!.because.productId, 'phone');
  });

  it('counts a product seen under several kinds once, with its strongest clause', () => {
    const got = easeCandidates([clause('viewed', 'phone', 0.6), clause('purchased', 'phone', 1)], rows, { limit: 1, exclude: new Set() });
    assert.equal(got[0]!.productId, 'case');
    assert.equal(got[0]!.score, 0.5);
    assert.equal(got[0]!.because.kind, 'purchased');
  });

  it('leaves out excluded products, history items without a row, and obeys the limit', () => {
    const got = easeCandidates([clause('purchased', 'phone', 1), clause('purchased', 'unknown', 1)], rows, {
      limit: 2,
      exclude: new Set(['case']),
    });
    assert.deepEqual(
      got.map((c) => c.productId),
      ['charger', 'pan'],
    );
    assert.deepEqual(easeCandidates([clause('purchased', 'unknown', 1)], rows, { limit: 5, exclude: new Set() }), []);
  });
});
