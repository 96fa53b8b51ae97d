import assert from 'node:assert/strict';
import { splitByRanges } from '../../../src/web/public/assets/text-ranges.js';

const marked = (text: string, ranges: unknown) =>
  splitByRanges(text, ranges)
    .map((p) => (p.marked ? `[${p.text}]` : p.text))
    .join('');

describe('splitByRanges (suggestion highlights)', () => {
  it('marks the ranges and keeps every character', () => {
    assert.equal(marked('Nimbus Trail Running Shoes', [[13, 17]]), 'Nimbus Trail [Runn]ing Shoes');
    assert.equal(
      marked('Nimbus Trail Running Shoes', [
        [0, 3],
        [13, 17],
      ]),
      '[Nim]bus Trail [Runn]ing Shoes',
    );
    assert.equal(marked('13.3 in Laptop', []), '13.3 in Laptop');
    assert.equal(marked('abc', undefined), 'abc');
  });

  it('sorts, merges and clips ranges, and ignores bad ones', () => {
    assert.equal(
      marked('abcdefgh', [
        [4, 6],
        [1, 3],
        [2, 5],
      ]),
      'a[bcdef]gh',
    );
    assert.equal(
      marked('abcdef', [
        [4, 99],
        [-3, 1],
      ]),
      '[a]bcd[ef]',
    );
    assert.equal(marked('abcdef', [[3, 2], ['1', 2], [1.5, 3], null, [2]]), 'abcdef');
  });

  it('counts in UTF-16 units, as JavaScript strings do', () => {
    assert.equal(
      marked('跑步鞋 😀 red', [
        [0, 2],
        [7, 10],
      ]),
      '[跑步]鞋 😀 [red]',
    );
  });
});
