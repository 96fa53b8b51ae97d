import assert from 'node:assert/strict';
import { matchesPrefix } from '../../../../src/search/suggest/prefix-match';
import { withinEdits } from '../../../../ranking/query/edit-distance';

describe('suggestion prefix matching', () => {
  it('counts substitutions, insertions, deletions and adjacent swaps as one edit', () => {
    assert.equal(withinEdits('sonora', 'sonara', 1), true);
    assert.equal(withinEdits('sonora', 'sonroa', 1), true);
    assert.equal(withinEdits('sonora', 'snra', 1), false);
    assert.equal(withinEdits('abc', 'abcd', 1), true);
  });

  it('matches the start of any word, with one typo from four letters on', () => {
    assert.equal(matchesPrefix('Running Shoes', 'sho'), true);
    assert.equal(matchesPrefix('Running Shoes', 'shoes'), true);
    assert.equal(matchesPrefix('Running Shoes', 'shoee'), true);
    assert.equal(matchesPrefix('Running Shoes', 'shx'), false, 'no typo allowed in a three-letter prefix');
    assert.equal(matchesPrefix('Café Tools', 'cafe'), true);
    assert.equal(matchesPrefix('手机壳', '手机'), true);
  });

  it('matches the start of a Chinese word inside a name, in either script', () => {
    assert.equal(matchesPrefix('运动休闲鞋', '休闲'), true);
    assert.equal(matchesPrefix('男士越野跑鞋', '跑'), true);
    assert.equal(matchesPrefix('運動休閒鞋', '休闲'), true);
    assert.equal(matchesPrefix('运动休闲鞋', '闲鞋'), false, 'not from inside a word');
  });
});
