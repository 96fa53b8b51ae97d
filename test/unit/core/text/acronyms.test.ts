import assert from 'node:assert/strict';
import { acronyms } from '../../../../src/core/text';

describe('acronyms: the initials a product line is known by', () => {
  it('reads the initials of the words that open each part of a title, with a number that follows', () => {
    assert.deepEqual(acronyms('Call of Duty: Modern Warfare 3 Hardened Edition - Xbox 360'), ['cod', 'mw3']);
    assert.deepEqual(acronyms('Grand Theft Auto IV - Xbox 360'), ['gta', 'gta4']);
    assert.deepEqual(acronyms('Need for Speed: Hot Pursuit'), ['nfs']);
    assert.deepEqual(acronyms('Gears of War 3'), ['gow', 'gow3']);
  });

  it('reads nothing from a single word, two words without a number, or a model code', () => {
    assert.deepEqual(acronyms('Battlefield 3 Limited Edition - Xbox 360'), []);
    assert.deepEqual(acronyms('Batman: Arkham City'), []);
    assert.deepEqual(acronyms('Voltix X15 Smartphone'), [], '"x15" is a model code, not a word and a number');
    assert.deepEqual(acronyms('NBA 2K12'), []);
  });

  it('never reads words in the middle of a part, and stops at five words', () => {
    const found = acronyms('Nimbus Trail Running Shoes Men Lightweight Red');
    assert.deepEqual(found, ['ntr', 'ntrs', 'ntrsm']);
    assert.ok(!found.includes('rsm'));
  });

  it('leaves Chinese out', () => {
    assert.deepEqual(acronyms('蓝牙 耳机 无线 降噪'), []);
  });
});
