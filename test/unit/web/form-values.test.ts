import assert from 'node:assert/strict';
import { FormError } from '../../../src/web/public/assets/form-fields.js';
import {
  formatAttributes,
  formatNumber,
  joinList,
  numberValue,
  optionalList,
  optionalNumber,
  optionalText,
  parseAttributes,
  splitLines,
  splitList,
} from '../../../src/web/public/assets/form-values.js';

describe('console: form values to API values', () => {
  it('splits lists on commas (also Chinese ones) and lines, dropping blanks', () => {
    assert.deepEqual(splitList('running shoes, sneakers\n\n 球鞋，跑鞋 ,'), ['running shoes', 'sneakers', '球鞋', '跑鞋']);
    assert.deepEqual(splitList(''), []);
    assert.equal(optionalList('  , '), undefined);
    assert.equal(joinList(['a', 'b']), 'a, b');
  });

  it('splits one value per line where values may hold commas', () => {
    assert.deepEqual(splitLines("men's shoes, 42\n\n  running shoes \n"), ["men's shoes, 42", 'running shoes']);
    assert.deepEqual(splitLines(joinList(["men's shoes, 42", '球鞋，跑鞋'], '\n')), ["men's shoes, 42", '球鞋，跑鞋']);
  });

  it('leaves empty numbers and texts out', () => {
    assert.equal(optionalNumber(''), undefined);
    assert.equal(optionalNumber(' 2.5 '), 2.5);
    assert.equal(optionalNumber('0'), 0);
    assert.equal(optionalText('   '), undefined);
    assert.equal(optionalText(' x '), 'x');
  });

  it('refuses a number input whose text is not a number, which the browser reads as empty', () => {
    const input = (value: string, badInput: boolean) => ({ value, validity: { badInput }, dataset: { path: 'actions[0].weight' } });
    assert.equal(numberValue(input('', false)), undefined, 'an empty box is not set');
    assert.equal(numberValue(input('-1.5', false)), -1.5);
    // What a number input holds after "1e" or "-" is typed: value '' and badInput.
    assert.throws(
      () => numberValue(input('', true)),
      (error: unknown) =>
        error instanceof FormError && error.field === 'actions[0].weight' && error.status === 400 && /not a number/.test(error.message),
    );
    assert.throws(
      () => numberValue(input('', true), 'priority'),
      (error: unknown) => error instanceof FormError && error.field === 'priority',
    );
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
