import assert from 'node:assert/strict';
import { banHides, foldSuggestionText, isBanned, mixesScripts } from '../../../../ranking/suggestions/fold';
import { isSuggestable, unsuggestableReason } from '../../../../ranking/suggestions/suggestable';

describe('ranking/suggestions/fold', () => {
  it('folds invisible characters, small capitals, width and case away', () => {
    assert.equal(foldSuggestionText('Nimbus Scam\uFE0F'), 'nimbus scam');
    assert.equal(foldSuggestionText('nim\u00ADbus s\u200Bcam\u2060'), 'nimbus scam');
    assert.equal(foldSuggestionText('nimbus ꜱᴄᴀᴍ'), 'nimbus scam');
    assert.equal(foldSuggestionText('ｎｉｍｂｕｓ　ｆｒａｕｄ'), 'nimbus fraud');
    assert.equal(foldSuggestionText('铸铁锅 iPhone'), '铸铁锅 iphone');
  });

  it('sees scripts mixed inside a word, and Latin beside a lookalike script, but not Latin beside Chinese', () => {
    assert.equal(mixesScripts('nimbus ѕcam'), true, 'Cyrillic dze inside a Latin word');
    assert.equal(mixesScripts('nimbus ꮪꮯꭺꮇ'), true, 'Cherokee word beside a Latin one');
    assert.equal(mixesScripts('nimbυs'), true, 'Greek upsilon');
    assert.equal(mixesScripts('nimbus ꜱᴄᴀᴍ'), true, 'small capitals');
    assert.equal(mixesScripts('iphone 手机壳'), false);
    assert.equal(mixesScripts('iphone手机壳'), false);
    assert.equal(mixesScripts('кроссовки'), false);
    assert.equal(mixesScripts('running shoes'), false);
  });

  describe('bans', () => {
    const scam = { text: 'scam', match: 'contains' as const };
    const cases: Array<[string, boolean]> = [
      ['nimbus scam', true],
      ['nimbus scam.', true],
      ['nimbus-scam shoes', true],
      ['nimbus scam\uFE0F', true],
      ['nimbus ꜱᴄᴀᴍ', true],
      ['nimbus scams', true],
      ['scam-proof wallet', true],
      ['nimbus scampi', false],
      ['nimbus shoes', false],
    ];
    for (const [text, expected] of cases) {
      it(`contains "scam" ${expected ? 'hides' : 'leaves'} ${JSON.stringify(text)}`, () => {
        assert.equal(banHides(scam, text), expected);
      });
    }
    it('matches an exact ban on the folded words, punctuation aside', () => {
      const ban = { text: 'nimbus scam', match: 'exact' as const };
      assert.equal(banHides(ban, 'nimbus scam.'), true);
      assert.equal(banHides(ban, 'nimbus-scam'), true);
      assert.equal(banHides(ban, 'nimbus scam shoes'), false);
    });
    it('matches a phrase in a row, with plurals, and Chinese anywhere', () => {
      assert.equal(isBanned('buy cheap replicas now', [{ text: 'cheap replica', match: 'contains' }]), true);
      assert.equal(isBanned('cheap red replica', [{ text: 'cheap replica', match: 'contains' }]), false);
      assert.equal(isBanned('铸铁锅', [{ text: '铸铁', match: 'contains' }]), true);
      assert.equal(isBanned('nikeland', [{ text: 'nike', match: 'contains' }]), false);
    });
  });

  it('never suggests lookalike or invisible-character queries', () => {
    for (const q of ['nimbus ѕcam', 'nimbus ꮪꮯꭺꮇ', 'nimbus ꜱᴄᴀᴍ']) assert.equal(unsuggestableReason(q), 'mixed-script', q);
    for (const q of ['nimbus scam\uFE0F', 'nimbus sc\u00ADam', 'nimbus\u180Escam'])
      assert.equal(unsuggestableReason(q), 'control-character', JSON.stringify(q));
    assert.equal(isSuggestable('iphone 手机壳'), true);
    assert.equal(isSuggestable('кроссовки'), true);
  });
});
