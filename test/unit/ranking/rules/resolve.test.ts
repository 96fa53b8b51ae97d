import assert from 'node:assert/strict';
import { compileRuleIndex, matchRules, queryTerms } from '../../../../ranking/rules/matcher';
import { resolveRules } from '../../../../ranking/rules/resolve';
import type { Rule } from '../../../../ranking/rules/types';
import { rule } from './support';

const plan = (rules: Rule[], pinsApply = true) =>
  resolveRules(matchRules(compileRuleIndex(rules), { queryTerms: queryTerms('tv'), categoryPaths: [], context: null, now: 0 }), {
    pinsApply,
  });

describe('resolving rule conflicts', () => {
  it('lets the first rule in order claim pin positions and products; hide and pin of one product go to the first', () => {
    const result = plan([
      rule(
        '1',
        {},
        {
          priority: 10,
          actions: [
            {
              type: 'pin',
              pins: [
                { productId: 'a', position: 1 },
                { productId: 'b', position: 2 },
              ],
            },
            { type: 'hide', productIds: ['x'] },
          ],
        },
      ),
      rule(
        '2',
        {},
        {
          actions: [
            {
              type: 'pin',
              pins: [
                { productId: 'c', position: 1 },
                { productId: 'x', position: 3 },
                { productId: 'd', position: 4 },
              ],
            },
            { type: 'hide', productIds: ['a', 'e'] },
          ],
        },
      ),
    ]);
    assert.deepEqual(result.pins, [
      { productId: 'a', position: 1 },
      { productId: 'b', position: 2 },
      { productId: 'd', position: 4 },
    ]);
    assert.deepEqual(result.hiddenIds, ['x', 'e']);
    assert.deepEqual(result.skipped, [
      { ruleId: '2', action: 'pin', reason: 'position 1 already taken by a higher rule' },
      { ruleId: '2', action: 'pin', reason: 'x already hidden by rule 1' },
      { ruleId: '2', action: 'hide', reason: 'a already pinned by rule 1' },
    ]);
    assert.deepEqual(result.applied, [
      { id: '1', name: 'rule 1', actions: ['pin', 'hide'] },
      { id: '2', name: 'rule 2', actions: ['pin', 'hide'] },
    ]);
  });

  it('keeps the first rewrite, stacks boosts and buries as factors, ANDs filters, merges data with earlier rules winning', () => {
    const shoes = { categoryIds: ['shoes'] };
    const result = plan([
      rule(
        '1',
        {},
        {
          priority: 2,
          actions: [
            { type: 'rewrite', query: 'television' },
            { type: 'boost', filter: shoes, weight: 1 },
            { type: 'data', data: { theme: 'dark' } },
          ],
        },
      ),
      rule(
        '2',
        {},
        {
          priority: 1,
          actions: [
            { type: 'rewrite', query: 'tele' },
            { type: 'bury', filter: { brandIds: ['x'] }, weight: 0.25 },
            { type: 'filter', filter: shoes },
            { type: 'data', data: { theme: 'light', badge: 'new' } },
          ],
        },
      ),
      rule('3', {}, { actions: [{ type: 'banner', banner: { title: 'Sale', placement: 'top' } }] }),
    ]);
    assert.equal(result.rewrite, 'television');
    assert.deepEqual(result.boosts, [
      { ruleId: '1', filter: shoes, factor: 2 },
      { ruleId: '2', filter: { brandIds: ['x'] }, factor: 0.75 },
    ]);
    assert.deepEqual(result.filters, [shoes]);
    assert.deepEqual(result.data, { theme: 'dark', badge: 'new' });
    assert.deepEqual(result.banners, [{ title: 'Sale', placement: 'top' }]);
    assert.deepEqual(
      result.applied.map((a) => [a.id, a.actions]),
      [
        ['1', ['rewrite', 'boost', 'data']],
        ['2', ['bury', 'filter', 'data']],
        ['3', ['banner']],
      ],
    );
  });

  it('answers a redirect with only banners and data beside it', () => {
    const result = plan([
      rule(
        '1',
        {},
        {
          priority: 1,
          actions: [
            { type: 'hide', productIds: ['a'] },
            { type: 'data', data: { k: 1 } },
          ],
        },
      ),
      rule('2', {}, { actions: [{ type: 'redirect', url: '/tv' }] }),
      rule('3', {}, { actions: [{ type: 'redirect', url: '/other' }] }),
    ]);
    assert.equal(result.redirect, '/tv');
    assert.deepEqual(result.hiddenIds, []);
    assert.deepEqual(
      result.applied.map((a) => [a.id, a.actions]),
      [
        ['1', ['data']],
        ['2', ['redirect']],
      ],
    );
  });

  it('lets pins yield when the shopper picked a sort', () => {
    const result = plan(
      [
        rule(
          '1',
          {},
          {
            actions: [
              { type: 'pin', pins: [{ productId: 'a', position: 1 }] },
              { type: 'hide', productIds: ['b'] },
            ],
          },
        ),
      ],
      false,
    );
    assert.deepEqual(result.pins, []);
    assert.deepEqual(result.hiddenIds, ['b']);
    assert.deepEqual(result.applied, [{ id: '1', name: 'rule 1', actions: ['hide'] }]);
  });

  it('keeps "__proto__" in custom data as plain data', () => {
    const result = plan([rule('1', {}, { actions: [{ type: 'data', data: JSON.parse('{"__proto__": {"polluted": true}}') }] })]);
    assert.deepEqual(Object.keys(result.data), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
