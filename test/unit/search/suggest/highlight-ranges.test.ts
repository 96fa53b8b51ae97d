import assert from 'node:assert/strict';
import { highlightRanges } from '../../../../src/search/suggest/highlight-ranges';

/** The highlighted parts, as the storefront would show them. */
const parts = (title: string, typed: string) => highlightRanges(title, typed).map(([start, end]) => title.slice(start, end));

describe('suggestion highlight ranges', () => {
  it('highlights the start of each title word a typed word begins, whatever the case', () => {
    assert.deepEqual(highlightRanges('Nimbus Trail Running Shoes', 'nim'), [[0, 3]]);
    assert.deepEqual(parts('Nimbus Trail Running Shoes', 'RUN shoe'), ['Run', 'Shoe']);
    assert.deepEqual(parts('Nimbus Trail Running Shoes', 'ail'), [], 'only word starts');
  });

  it('keeps the title’s own punctuation, digits and accents, and maps folded letters back to them', () => {
    assert.deepEqual(parts('Voltix Laptop 13.3 in', '13.3 in'), ['13', '3', 'in']);
    assert.deepEqual(parts('Café Crème Brûlée', 'creme bru'), ['Crème', 'Brû']);
    assert.deepEqual(parts('Straße Boots', 'stras'), ['Straß'], 'ß folds to ss: the ß is highlighted whole');
    assert.deepEqual(parts("Men's Shoes", 'mens'), ["Men's"]);
    assert.deepEqual(parts('ＡＢＣ Phone', 'abc'), ['ＡＢＣ'], 'full-width letters');
  });

  it('counts in UTF-16 code units, as JavaScript strings do', () => {
    assert.deepEqual(highlightRanges('😀 Sonora', 'son'), [[3, 6]]);
  });

  it('allows one typo from four letters on, as the suggestions do', () => {
    assert.deepEqual(parts('Sonora Wired Studio Headphones', 'sonroa'), ['Sonora']);
    assert.deepEqual(parts('Sonora Wired Studio Headphones', 'hx'), []);
  });

  it('highlights the typed Chinese characters: the run where the title has it, else each character', () => {
    assert.deepEqual(parts('Nimbus 男士轻便越野跑鞋 红色', '跑鞋'), ['跑鞋']);
    assert.deepEqual(parts('Nimbus 男士轻便越野跑鞋 红色', 'nimbus 跑'), ['Nimbus', '跑']);
    assert.deepEqual(parts('Nimbus 男士轻便越野跑鞋 红色', '红鞋'), ['鞋', '红']);
  });
});
