import assert from 'node:assert/strict';
import { describeSynonym, productIdsOf, summarizeActions, summarizeConditions } from '../../../src/web/public/assets/console-summaries.js';

describe('console: rules and synonyms in words', () => {
  it('summarises conditions, or says the rule applies everywhere', () => {
    assert.equal(summarizeConditions({}), 'every search');
    assert.equal(
      summarizeConditions({
        query: { match: 'starts_with', values: ['running shoes', 'sneakers'] },
        category: { id: 'shoes', includeDescendants: false },
        contexts: ['app'],
      }),
      'query starts with “running shoes” or “sneakers” · category shoes only · context app',
    );
    assert.equal(summarizeConditions({ category: { id: 'shoes', includeDescendants: true } }), 'category shoes and below');
    assert.match(summarizeConditions({ startsAt: '2026-12-01T00:00:00Z' }), /^from /);
    assert.match(summarizeConditions({ startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-02T00:00:00Z' }), / – /);
  });

  it('summarises every kind of action', () => {
    const actions = [
      {
        type: 'pin',
        pins: [
          { productId: 'shoe-4', position: 1 },
          { productId: 'shoe-2', position: 3 },
        ],
      },
      { type: 'hide', productIds: ['a', 'b', 'c', 'd', 'e'] },
      { type: 'boost', filter: { brandIds: ['stride'] }, weight: 4 },
      { type: 'bury', filter: { price: { min: 100 } }, weight: 0.25 },
      { type: 'filter', filter: { categoryIds: ['shoes'], attributes: { colour: ['red'] } } },
      { type: 'rewrite', query: 'sneakers' },
      { type: 'redirect', url: '/sale' },
      { type: 'banner', banner: { title: 'Sale', placement: 'top' } },
      { type: 'data', data: { layout: 'grid' } },
    ];
    assert.equal(
      summarizeActions(actions),
      [
        'pin shoe-4 at 1, shoe-2 at 3',
        'hide a, b, c and 2 more',
        'boost brand stride ×5',
        'bury price 100–any ×0.75',
        'only category shoes; colour red',
        'search “sneakers” instead',
        'redirect to /sale',
        'banner “Sale” (top)',
        'data layout',
      ].join(' · '),
    );
  });

  it('names products by their titles when the console knows them, and lists every product a rule names', () => {
    const titles: Record<string, string> = { 'shoe-4': 'Stride Everyday Runner', 'boot-1': 'Alpine Boots' };
    const nameOf = (id: string) => titles[id] ?? id;
    const actions = [
      {
        type: 'pin',
        pins: [
          { productId: 'shoe-4', position: 3 },
          { productId: 'boot-1', position: 1 },
        ],
      },
      { type: 'hide', productIds: ['pan-2'] },
      { type: 'boost', filter: { productIds: ['shoe-4'] }, weight: 1 },
    ];
    assert.equal(
      summarizeActions(actions, nameOf),
      'pin Stride Everyday Runner at 3, Alpine Boots at 1 · hide pan-2 · boost Stride Everyday Runner ×2',
    );
    assert.deepEqual(productIdsOf(actions), ['boot-1', 'shoe-4', 'pan-2']);
  });

  it('shows which way a synonym works', () => {
    assert.equal(describeSynonym({ type: 'multiway', terms: ['tv', 'television', '电视'] }), 'tv ⇄ television ⇄ 电视');
    assert.equal(describeSynonym({ type: 'oneway', input: 'laptop', synonyms: ['notebook', 'ultrabook'] }), 'laptop → notebook, ultrabook');
  });
});
