import assert from 'node:assert/strict';
import { createLexicon } from '../../../../src/search/fallback/lexicon';
import { editDistance } from '../../../../ranking/query/edit-distance';

describe('lexicon', () => {
  const lexicon = createLexicon(['wireless', 'wire', 'headphone', 'sneaker', 'seeker', 'unicorn', 'orbit', 'jacket']);

  it('counts a swap of neighbours as one edit, and gives up past the bound', () => {
    assert.equal(editDistance('purpel', 'purple', 2), 1);
    assert.equal(editDistance('wireles', 'wireless', 2), 1);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  });

  it('knows words and their plurals', () => {
    assert.equal(lexicon.knows('unicorns'), true);
    assert.equal(lexicon.knows('unicron'), false);
  });

  it('corrects within the edits allowed, a plural through its singular, and longer words by sound', () => {
    assert.equal(lexicon.correct('wireles', 1), 'wireless');
    assert.equal(lexicon.correct('jakket', 1), 'jacket');
    assert.equal(lexicon.correct('sneakrs', 1), 'sneakers');
    assert.equal(lexicon.correct('hedfonez', 2), 'headphone');
    assert.equal(lexicon.correct('zzqx', 1), null);
    // Short words are not guessed by sound.
    assert.equal(lexicon.correct('orbyx', 0), null);
  });
});
