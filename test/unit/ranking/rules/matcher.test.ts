import assert from 'node:assert/strict';
import { compileRuleIndex, matchRules, queryTerms } from '../../../../ranking/rules/matcher';
import type { MatchInput, Rule } from '../../../../ranking/rules/types';
import { rule } from './support';

const now = Date.parse('2026-11-24T12:00:00Z');
const input = (q: string | null, extra: Partial<MatchInput> = {}): MatchInput => ({
  queryTerms: q === null ? null : queryTerms(q),
  categoryPaths: [],
  context: null,
  now,
  ...extra,
});
const ids = (rules: Rule[], request: MatchInput) => matchRules(compileRuleIndex(rules), request).map((m) => m.rule.id);

describe('rule matching', () => {
  it('compares queries after the search analysis: case, accents, plurals and inflections', () => {
    const rules = [rule('1', { query: { match: 'is', values: ['Running Shoes'] } })];
    for (const q of ['running shoes', 'RUNNING SHOE', 'run shoes', '  running   shoes ']) assert.deepEqual(ids(rules, input(q)), ['1'], q);
    assert.deepEqual(ids(rules, input('running shoes sale')), [], '"is" is the whole query');
  });

  it('matches starts_with and contains on whole words', () => {
    const rules = [
      rule('1', { query: { match: 'starts_with', values: ['iphone'] } }),
      rule('2', { query: { match: 'contains', values: ['phone case'] } }),
    ];
    assert.deepEqual(ids(rules, input('iphone 15 phone case')), ['1', '2']);
    assert.deepEqual(ids(rules, input('iphone')), ['1']);
    assert.deepEqual(ids(rules, input('cheap iphone')), [], 'starts_with anchors at the first word');
    assert.deepEqual(ids(rules, input('phone cases for kids')), ['2']);
    // Letters glued to digits are two words ("iphone15" is "iphone 15", src/core/text/numbers.ts), letters to letters one.
    assert.deepEqual(ids(rules, input('iphonex')), [], 'no partial words');
  });

  it('matches a "no results" rule only when the search found nothing', () => {
    const rules = [rule('1', { query: { match: 'contains', values: ['returns'] }, noResults: true }), rule('2', { noResults: true })];
    assert.deepEqual(ids(rules, input('returns policy')), []);
    assert.deepEqual(ids(rules, input('returns policy', { noResults: true })), ['1', '2']);
    assert.deepEqual(ids(rules, input('zzqx', { noResults: true })), ['2']);
    assert.equal(compileRuleIndex(rules).noResults, 2);
  });

  it('matches Chinese queries by words', () => {
    const rules = [rule('1', { query: { match: 'contains', values: ['跑鞋'] } })];
    assert.deepEqual(ids(rules, input('红色跑鞋')), ['1']);
    assert.deepEqual(ids(rules, input('跑步机')), []);
  });

  it('matches category pages, with descendants only when asked', () => {
    const rules = [
      rule('1', { category: { id: 'shoes', includeDescendants: true } }),
      rule('2', { category: { id: 'shoes', includeDescendants: false } }),
    ];
    assert.deepEqual(ids(rules, input(null, { categoryPaths: [['fashion', 'shoes']] })), ['2', '1']);
    assert.deepEqual(ids(rules, input(null, { categoryPaths: [['fashion', 'shoes', 'running-shoes']] })), ['1']);
    assert.deepEqual(ids(rules, input(null, { categoryPaths: [['fashion']] })), []);
    assert.deepEqual(ids(rules, input('boots')), [], 'a search without the category is not on the page');
  });

  it('needs every condition: query and category together, the context tag, the time window, enabled', () => {
    const rules = [
      rule('1', { query: { match: 'is', values: ['sale'] }, category: { id: 'shoes', includeDescendants: true } }),
      rule('2', { contexts: ['app', 'locale:zh'] }),
      rule('3', { startsAt: '2026-11-24T12:00:00Z', endsAt: '2026-11-25T00:00:00Z' }),
      rule('4', {}, { enabled: false }),
    ];
    assert.deepEqual(ids(rules, input('sale')), ['3']);
    assert.deepEqual(ids(rules, input('sale', { categoryPaths: [['fashion', 'shoes']], context: 'app' })), ['1', '2', '3']);
    assert.deepEqual(ids(rules, input(null, { context: 'web' })), ['3']);
    assert.deepEqual(ids(rules, input(null, { now: now - 1 })), [], 'startsAt is inclusive');
    assert.deepEqual(ids(rules, input(null, { now: Date.parse('2026-11-25T00:00:00Z') })), [], 'endsAt is exclusive');
  });

  it('orders by priority, then specificity, then id', () => {
    const rules = [
      rule('10', {}),
      rule('9', { query: { match: 'contains', values: ['shoes'] } }),
      rule('8', { query: { match: 'starts_with', values: ['red'] } }),
      rule('7', { query: { match: 'is', values: ['red shoes'] } }),
      rule('6', { query: { match: 'contains', values: ['red shoes'] } }),
      rule('5', { category: { id: 'shoes', includeDescendants: true } }),
      rule('4', { category: { id: 'running-shoes', includeDescendants: true } }),
      rule('3', {}, { priority: 5 }),
      rule('11', {}),
    ];
    const request = input('red shoes', { categoryPaths: [['fashion', 'shoes', 'running-shoes']] });
    assert.deepEqual(ids(rules, request), ['3', '7', '8', '6', '9', '4', '5', '10', '11']);
  });

  it('looks up only the rules that could match, whatever their number', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      rule(String(i), { query: { match: (['is', 'starts_with', 'contains'] as const)[i % 3], values: [`word${i}`] } }),
    );
    const index = compileRuleIndex(many);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) matchRules(index, input(`some word${i} here`));
    const perRequestUs = Number(process.hrtime.bigint() - started) / 1e3 / 1000;
    const found = (q: string) => matchRules(index, input(q)).map((m) => m.rule.id);
    assert.deepEqual(found('word3'), ['3'], 'is');
    assert.deepEqual(found('word3 x'), []);
    assert.deepEqual(found('word4 x'), ['4'], 'starts_with');
    assert.deepEqual(found('x word4'), []);
    assert.deepEqual(found('x word5 y'), ['5'], 'contains');
    assert.ok(perRequestUs < 200, `${perRequestUs.toFixed(1)}µs per request`);
  });
});
