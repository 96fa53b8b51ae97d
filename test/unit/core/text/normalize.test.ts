import assert from 'node:assert/strict';
import { normalize, plainText } from '../../../../src/core/text';

describe('normalize', () => {
  it('folds full-width letters and digits to ASCII', () => {
    assert.equal(normalize('ＡＢＣ１２３'), 'abc123');
  });

  it('lower-cases and removes Latin accents', () => {
    assert.equal(normalize('Café CRÈME brûlée Ångström'), 'cafe creme brulee angstrom');
    assert.equal(normalize('Straße Æsir'), 'strasse aesir');
  });

  it('joins words split by an apostrophe, straight or typographic', () => {
    assert.equal(normalize("Men's"), 'mens');
    assert.equal(normalize('Women’s'), 'womens');
  });

  it('leaves Chinese as it is and collapses whitespace', () => {
    assert.equal(normalize('  苹果\t手机壳  \n'), '苹果 手机壳');
  });

  it('folds traditional Chinese to simplified, words and context-dependent phrases alike, and leaves simplified as it is', () => {
    assert.equal(normalize('藍牙耳機'), '蓝牙耳机');
    assert.equal(normalize('運動鞋 頭髮 乾燥'), '运动鞋 头发 干燥');
    assert.equal(normalize('蓝牙耳机 男子轻量跑步鞋'), '蓝牙耳机 男子轻量跑步鞋');
    assert.equal(plainText('筆記型電腦，黑色'), '笔记型电脑 黑色');
  });

  it('keeps Japanese voiced marks, which change the word', () => {
    assert.equal(normalize('ガ'), 'ガ');
  });
});

describe('plainText', () => {
  it('turns punctuation into single spaces', () => {
    assert.equal(plainText('Flex Jacket, Grey — (2-pack)!'), 'flex jacket grey 2 pack');
    assert.equal(plainText('夹克，灰色'), '夹克 灰色');
  });
});
