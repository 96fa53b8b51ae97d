import assert from 'node:assert/strict';
import { historyClauses } from '../../../src/recommendations/bodies';
import { forYouCandidates, historyRowFields, type HistoryRows } from '../../../src/recommendations/for-you-scores';
import { defaultRecommendationSettings } from '../../../src/recommendations/settings';

describe('"for you" history rows', () => {
  const clauses = historyClauses(
    { purchased: ['phone', 'case'], carted: ['charger'], viewed: ['lamp', 'phone'] },
    defaultRecommendationSettings,
  );
  const weights = { llrWeight: 1, easeWeight: 0.25 };

  it('reads of each history product only the rows its kinds are scored with (issue 16: the mget returned every row)', () => {
    const fields = historyRowFields(clauses, weights);
    assert.deepEqual(Object.fromEntries([...fields].map(([id, f]) => [id, [...f].sort()])), {
      phone: ['recommendations.ease', 'recommendations.llr.bought', 'recommendations.llr.viewed'],
      case: ['recommendations.ease', 'recommendations.llr.bought'],
      charger: ['recommendations.ease', 'recommendations.llr.carted'],
      // A view is scored by the LLR view indicators only: EASE models purchases and carts.
      lamp: ['recommendations.llr.viewed'],
    });
  });

  it('does not read a side weighted 0, but still names every history product (titles, the category fallback)', () => {
    const fields = historyRowFields(clauses, { llrWeight: 1, easeWeight: 0 });
    assert.deepEqual([...fields.keys()].sort(), ['case', 'charger', 'lamp', 'phone']);
    assert.ok([...fields.values()].every((f) => !f.includes('recommendations.ease')));
    assert.deepEqual(historyRowFields(clauses, { llrWeight: 0, easeWeight: 0 }).get('lamp'), []);
  });

  it('scores the same from the rows it reads as from whole documents', () => {
    const whole = new Map<string, HistoryRows>([
      [
        'phone',
        {
          ease: { items: ['x', 'y'], weights: [2, 1] },
          llr: { bought: { items: ['y'], weights: [5] }, viewed: { items: ['z'], weights: [3] } },
        },
      ],
      [
        'lamp',
        { ease: { items: ['w'], weights: [9] }, llr: { bought: { items: ['w'], weights: [9] }, viewed: { items: ['x'], weights: [1] } } },
      ],
      ['case', { llr: { carted: { items: ['w'], weights: [9] } } }],
      ['charger', { llr: { carted: { items: ['y'], weights: [2] } } }],
    ]);
    const fields = historyRowFields(clauses, weights);
    const read = new Map(
      [...whole].map(([id, rows]): [string, HistoryRows] => {
        const wanted = fields.get(id) ?? [];
        const llr = Object.fromEntries(Object.entries(rows.llr ?? {}).filter(([kind]) => wanted.includes(`recommendations.llr.${kind}`)));
        return [id, { ...(wanted.includes('recommendations.ease') ? { ease: rows.ease } : {}), llr }];
      }),
    );
    const options = { ...weights, limit: 10, exclude: new Set<string>() };
    assert.deepEqual(forYouCandidates(clauses, read, options), forYouCandidates(clauses, whole, options));
  });
});
