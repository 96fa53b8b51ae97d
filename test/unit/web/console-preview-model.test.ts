import assert from 'node:assert/strict';
import { positionChange, scoreBreakdown } from '../../../src/web/public/assets/console-preview-model.js';

describe('console: preview hits', () => {
  it('says how far a hit moved between live and draft', () => {
    assert.deepEqual(positionChange({ change: 3, livePosition: 4 }), { kind: 'up', text: '▲ 3', label: 'up 3 places from 4' });
    assert.deepEqual(positionChange({ change: -1, livePosition: 1 }), { kind: 'down', text: '▼ 1', label: 'down 1 place from 1' });
    assert.equal(positionChange({ change: 0, livePosition: 2 }).kind, 'same');
    assert.equal(positionChange({ change: null, livePosition: null }).kind, 'new');
  });

  it('takes a score apart into the formula’s factors, naming rules', () => {
    const rows = scoreBreakdown(
      {
        score: 40,
        text: 4,
        textWeight: 2,
        signals: { base: 1, popularity: 0.25, recency: 0, rating: 0.5, stock: 0.25, merchantRating: 0 },
        signalFactor: 2,
        rules: [{ ruleId: 'draft-1', factor: 2.5 }],
        ruleFactor: 2.5,
      },
      new Map([['draft-1', 'Stride up']]),
    );
    assert.deepEqual(
      rows.map((r) => [r.label, r.value]),
      [
        ['Text relevance', '4'],
        ['× text weight', '2'],
        ['× signals (1 + …)', '2'],
        ['× rules', '2.5'],
        ['= score', '40'],
      ],
    );
    assert.deepEqual(rows[2]!.parts, [
      { label: 'popularity', value: '+0.25' },
      { label: 'rating', value: '+0.5' },
      { label: 'in stock', value: '+0.25' },
    ]);
    assert.deepEqual(rows[3]!.parts, [{ label: 'Stride up', value: '×2.5' }]);
  });
});
