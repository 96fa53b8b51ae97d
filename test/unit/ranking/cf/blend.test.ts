import assert from 'node:assert/strict';
import { blendScores, fuseScores } from '../../../../ranking/cf/blend';

const cf = [
  { itemId: 'a', score: 10 },
  { itemId: 'b', score: 5 },
  { itemId: 'x', score: -3 },
];
const content = [
  { itemId: 'b', score: 2 },
  { itemId: 'c', score: 1 },
];

describe('ranking/cf/blend', () => {
  it('weighs CF by n / (n + k) after scaling each list by its best score', () => {
    // n = k = 5: half and half. a: .5·1; b: .5·.5 + .5·1; c: .5·.5; x: negative counts as 0.
    assert.deepEqual(blendScores(cf, content, { historySize: 5, k: 5 }), [
      { itemId: 'b', score: 0.75 },
      { itemId: 'a', score: 0.5 },
      { itemId: 'c', score: 0.25 },
      { itemId: 'x', score: 0 },
    ]);
  });

  it('lets content decide without history and CF dominate with a long one', () => {
    assert.deepEqual(
      blendScores(cf, content, { historySize: 0 })
        .map((item) => item.itemId)
        .slice(0, 2),
      ['b', 'c'],
    );
    const long = blendScores(cf, content, { historySize: 95, k: 5 });
    assert.equal(long[0].itemId, 'a');
    assert.ok(Math.abs(long[0].score - 0.95) < 1e-12);
  });

  it('cuts at the limit and survives empty lists', () => {
    assert.equal(blendScores(cf, content, { historySize: 3, limit: 1 }).length, 1);
    assert.deepEqual(blendScores([], [], { historySize: 3 }), []);
    assert.deepEqual(
      blendScores([], content, { historySize: 0, k: 0 }).map((item) => item.itemId),
      ['b', 'c'],
    );
  });

  it('fuses any number of sides, each divided by its best score, keeping items only one side found', () => {
    const llr = [
      { itemId: 'a', score: 8 },
      { itemId: 'b', score: 4 },
    ];
    const ease = [
      { itemId: 'b', score: 0.02 },
      { itemId: 'c', score: 0.01 },
    ];
    assert.deepEqual(
      fuseScores(
        [
          { items: llr, weight: 1 },
          { items: ease, weight: 0.25 },
        ],
        10,
      ),
      [
        { itemId: 'a', score: 1 },
        { itemId: 'b', score: 0.75 },
        { itemId: 'c', score: 0.125 },
      ],
    );
    assert.deepEqual(
      fuseScores(
        [
          { items: llr, weight: 1 },
          { items: ease, weight: 0 },
        ],
        10,
      ).map((i) => i.itemId),
      ['a', 'b', 'c'],
      'weight 0 adds nothing but keeps the items',
    );
  });
});
