import assert from 'node:assert/strict';
import { formatAttributes, formatNumber, joinList, optionalList, optionalNumber, optionalText, parseAttributes, splitList } from '../../../src/web/public/assets/form-values.js';

describe('console: form values to API values', () => {
  it('splits lists on commas (also Chinese ones) and lines, dropping blanks', () => {
    assert.deepEqual(splitList('running shoes, sneakers\n\n 球鞋，跑鞋 ,'), ['running shoes', 'sneakers', '球鞋', '跑鞋']);
    assert.deepEqual(splitList(''), []);
    assert.equal(optionalList('  , '), undefined);
    assert.equal(joinList(['a', 'b']), 'a, b');
  });

  it('leaves empty numbers and texts out, and passes what is not a number on for the API to name', () => {
    assert.equal(optionalNumber(''), undefined);
    assert.equal(optionalNumber(' 2.5 '), 2.5);
    assert.equal(optionalNumber('0'), 0);
    assert.equal(optionalNumber('lots'), 'lots');
    assert.equal(optionalText('   '), undefined);
    assert.equal(optionalText(' x '), 'x');
  });

  it('reads attribute filters one per line, and writes them back the same way', () => {
    const attributes = parseAttributes('colour: red, blue\n\nsize: 42\nmaterial');
    assert.deepEqual(attributes, { colour: ['red', 'blue'], size: ['42'], material: [] });
    assert.equal(parseAttributes(' \n'), undefined);
    assert.equal(formatAttributes({ colour: ['red', 'blue'], size: ['42'] }), 'colour: red, blue\nsize: 42');
    assert.deepEqual(parseAttributes(formatAttributes({ colour: ['red', 'blue'] })), { colour: ['red', 'blue'] });
  });

  it('formats numbers without float noise', () => {
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(33.458664), '33.459');
    assert.equal(formatNumber(5), '5');
    assert.equal(formatNumber(null), '—');
  });
});
