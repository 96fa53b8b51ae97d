import assert from 'node:assert/strict';
import { rankQuerySuggestions, type AddedQuery, type PopularQuery } from '../../../../ranking/suggestions/rank';

describe('ranking/suggestions/rank', () => {
  const popular = (text: string, searchers: number, searches = searchers): PopularQuery => ({ text, searchers, searches });
  const added = (text: string, weight: number | null, searchers = 0, searches = 0): AddedQuery => ({ text, weight, searchers, searches });
  const texts = (list: Array<{ text: string }>) => list.map((q) => q.text);

  it('orders popular queries by distinct searchers, then searches, then text: repeating a query does not lift it', () => {
    const ranked = rankQuerySuggestions(
      [popular('run fast', 3, 500), popular('running shoes', 9), popular('runner', 3, 4), popular('run', 3, 4)],
      [],
      5,
    );
    assert.deepEqual(texts(ranked), ['running shoes', 'run fast', 'run', 'runner']);
    assert.deepEqual(ranked[1], { text: 'run fast', searches: 500, added: false });
  });

  it('puts an added suggestion without a weight above every popular query', () => {
    const ranked = rankQuerySuggestions([popular('running shoes', 50)], [added('running socks', null)], 5);
    assert.deepEqual(ranked, [
      { text: 'running socks', searches: 0, added: true },
      { text: 'running shoes', searches: 50, added: false },
    ]);
  });

  it('ranks an added suggestion with a weight among popular queries, by the larger of its weight and its own searchers', () => {
    const list = [popular('running shoes', 50), popular('running shorts', 5), popular('running vest', 3)];
    assert.deepEqual(texts(rankQuerySuggestions(list, [added('running socks', 10)], 5)), [
      'running shoes',
      'running socks',
      'running shorts',
      'running vest',
    ]);
    assert.deepEqual(texts(rankQuerySuggestions(list, [added('running socks', 1, 60, 70)], 5))[0], 'running socks');
  });

  it('always keeps added suggestions when popular ones would fill the list, and never shows a text twice', () => {
    const list = [popular('running shoes', 50), popular('running shorts', 40), popular('running socks', 30)];
    const ranked = rankQuerySuggestions(list, [added('running socks', 0, 30, 31), added('running club', 0)], 2);
    assert.deepEqual(ranked, [
      { text: 'running socks', searches: 31, added: true },
      { text: 'running club', searches: 0, added: true },
    ]);
    assert.deepEqual(texts(rankQuerySuggestions(list, [added('running socks', 0, 30, 31)], 3)), [
      'running shoes',
      'running shorts',
      'running socks',
    ]);
  });

  it('answers nothing for nothing', () => {
    assert.deepEqual(rankQuerySuggestions([], [], 5), []);
  });
});
