import assert from 'node:assert/strict';
import { suggestionPattern } from '../../../../ranking/suggestions/pattern';

/** What Postgres's LIKE (backslash escapes) answers for `' ' || text || ' ' like pattern`. */
function like(text: string, pattern: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') source += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su').test(` ${text} `);
}

describe('ranking/suggestions/pattern', () => {
  const cases: Array<[string, 'exact' | 'contains', string, boolean]> = [
    ['running shoes', 'exact', 'running shoes', true],
    ['running shoes', 'exact', 'running shoes red', false],
    ['running shoes', 'exact', 'trail running shoes', false],
    ['nike', 'contains', 'nike', true],
    ['nike', 'contains', 'nike air', true],
    ['nike', 'contains', 'cheap nike shoes', true],
    ['nike', 'contains', 'nikeland', false],
    ['cheap pills', 'contains', 'buy cheap pills now', true],
    ['cheap pills', 'contains', 'cheap red pills', false],
    ['铸铁', 'contains', '铸铁锅', true],
    ['铸铁', 'exact', '铸铁锅', false],
    ['100%', 'exact', '100% cotton', false],
    ['100%', 'contains', '100% cotton', true],
    ['100%', 'contains', '1000 cotton', false],
    ['a_b', 'exact', 'axb', false],
  ];
  for (const [banned, match, suggestion, expected] of cases) {
    it(`${match} ${JSON.stringify(banned)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(suggestion)}`, () => {
      assert.equal(like(suggestion, suggestionPattern(banned, match)), expected);
    });
  }
});
