import assert from 'node:assert/strict';
import { analyze, joinedPairs, joinedTriples, singular, stem, wordStarts, words } from '../../../../src/core/text';
import { readFileSync } from 'node:fs';
import { createChineseSegmenter, parseRetailWords, RETAIL_WORDS_FILE } from '../../../../src/core/text/chinese';

const index = { purpose: 'index' } as const;
const query = { purpose: 'query' } as const;

describe('analyze', () => {
  it('gives "Running Shoes" and "run shoe" the same stems', () => {
    assert.deepEqual(analyze('Running Shoes', index), ['run', 'shoe']);
    assert.deepEqual(analyze('run shoe', query), ['run', 'shoe']);
  });

  it('segments Chinese into words, not single characters', () => {
    assert.deepEqual(analyze('苹果手机', query), ['苹果', '手机']);
    assert.deepEqual(analyze('无线充电', query), ['无线', '充电']);
  });

  it('knows retail nouns the general dictionary splits wrongly', () => {
    assert.deepEqual(analyze('男士越野跑鞋', query), ['男士', '越野', '跑鞋']);
    assert.ok(analyze('高清水杯', index).includes('水杯'));
  });

  it('keeps retail compounds from the shipped dictionary whole, and indexes their pieces beside them', () => {
    assert.deepEqual(analyze('男子轻量跑步鞋', query), ['男子', '轻量', '跑步鞋']);
    assert.deepEqual(analyze('运动鞋', query), ['运动鞋']);
    assert.deepEqual(analyze('无线蓝牙耳机', query), ['无线', '蓝牙耳机']);
    assert.deepEqual(analyze('平板电脑', query), ['平板电脑']);
    const stored = analyze('男子轻量跑步鞋', index);
    for (const term of ['跑步鞋', '跑步', '鞋']) assert.ok(stored.includes(term), `${term} in ${stored.join(',')}`);
    const earphones = analyze('蓝牙耳机', index);
    for (const term of ['蓝牙耳机', '蓝牙', '耳机']) assert.ok(earphones.includes(term), `${term} in ${earphones.join(',')}`);
  });

  it('indexes the compound that words written apart spell, unless punctuation or other words come between', () => {
    assert.ok(analyze('女子 跑步 鞋', index).includes('跑步鞋'));
    assert.ok(!analyze('女子 跑步 鞋', query).includes('跑步鞋'), 'the query side keeps what was typed');
    assert.ok(!analyze('跑步，鞋', index).includes('跑步鞋'));
    assert.ok(!analyze('跑步 nike 鞋', index).includes('跑步鞋'));
  });

  it('segments traditional Chinese as its simplified form', () => {
    assert.deepEqual(analyze('藍牙耳機', query), analyze('蓝牙耳机', query));
    assert.deepEqual(analyze('男子輕量跑步鞋', index), analyze('男子轻量跑步鞋', index));
  });

  it('indexes the words inside long Chinese words too, so a query for a part finds the whole', () => {
    const stored = analyze('中华人民共和国', index);
    assert.ok(stored.includes('中华人民共和国') && stored.includes('人民') && stored.includes('共和国'));
    assert.deepEqual(analyze('中华人民共和国', query), ['中华人民共和国']);
  });

  it('handles mixed Chinese and English, with or without spaces', () => {
    assert.deepEqual(analyze('Nike 跑鞋', query), ['nike', '跑鞋']);
    assert.deepEqual(analyze('Flex系列夹克', query), ['flex', '系列', '夹克']);
  });

  it('applies the same normalisation as normalize()', () => {
    assert.deepEqual(analyze('ＣＡＦÉ Lattés', query), ['cafe', 'latt']);
  });
});

describe('words', () => {
  it('keeps decimals whole and splits hyphenated words, adding the joined form on the stored side', () => {
    // A measure glued to its number is two words (numbers.ts): "2.5mm" is "2.5 mm".
    assert.deepEqual(words('Wi-Fi 2.5mm USB-C', index), ['wi', 'fi', 'wifi', '2.5', 'mm', '2.5mm', 'usb', 'c', 'usbc']);
    assert.deepEqual(words('Wi-Fi 2.5mm USB-C', query), ['wi', 'fi', '2.5', 'mm', 'usb', 'c']);
  });

  it('does not stem', () => {
    assert.deepEqual(words('Running Shoes', query), ['running', 'shoes']);
  });
});

describe('stem', () => {
  it('stems plain English words only', () => {
    assert.equal(stem('jackets'), 'jacket');
    assert.equal(stem('4k'), '4k');
    assert.equal(stem('跑鞋'), '跑鞋');
    assert.equal(stem('tv'), 'tv');
  });
});

describe('wordStarts', () => {
  it('starts words after spaces and at Chinese word boundaries', () => {
    assert.deepEqual(wordStarts('nimbus 男士越野跑鞋 红色'), [0, 7, 9, 11, 14]);
    assert.deepEqual(wordStarts('running shoes'), [0, 8]);
  });
});

describe('singular', () => {
  it('folds plain English plurals to the singular', () => {
    const plurals = {
      laptops: 'laptop',
      batteries: 'battery',
      boxes: 'box',
      glasses: 'glass',
      watches: 'watch',
      shoes: 'shoe',
      cases: 'case',
    };
    for (const [plural, one] of Object.entries(plurals)) assert.equal(singular(plural), one);
  });

  it('leaves singulars, short words and other tokens alone', () => {
    for (const word of ['laptop', 'glass', 'bus', 'analysis', 'news', 'ties', 'tvs', '4ks', '跑鞋']) assert.equal(singular(word), word);
  });
});

describe('createChineseSegmenter', () => {
  it('answers a repeated run from its memo with the same words, in an array the caller owns', () => {
    const segmenter = createChineseSegmenter();
    const first = segmenter.segment('越野跑鞋', 'index');
    first.push('mutated');
    const second = segmenter.segment('越野跑鞋', 'index');
    assert.ok(second.includes('跑鞋') && !second.includes('mutated'), second.join(','));
    // Purposes are memoised apart: the index side also emits the words inside longer ones, the query side one reading.
    assert.deepEqual(segmenter.segment('不锈钢电水壶', 'index'), ['不锈', '不锈钢', '水壶', '电水壶']);
    assert.deepEqual(segmenter.segment('不锈钢电水壶', 'query'), ['不锈钢', '电水壶']);
  });
});

describe('retail words dictionary', () => {
  it('reads one word per line with an optional frequency, skipping comments and blank lines', () => {
    assert.deepEqual(parseRetailWords('# shoes\n跑步鞋\n\n运动鞋 5000  # trainers\n'), [
      { word: '跑步鞋', frequency: 20000 },
      { word: '运动鞋', frequency: 5000 },
    ]);
  });

  it('names the line of an entry it cannot read', () => {
    assert.throws(() => parseRetailWords('跑步鞋\nrunning shoes'), /line 2/);
    assert.throws(() => parseRetailWords('跑步鞋 often'), /line 1/);
  });

  it('ships the common retail compounds', () => {
    const shipped = parseRetailWords(readFileSync(RETAIL_WORDS_FILE, 'utf8')).map((w) => w.word);
    for (const word of ['跑步鞋', '运动鞋', '蓝牙耳机', '智能手机', '笔记本电脑', '平板电脑', '连衣裙', '羽绒服', '双肩包']) {
      assert.ok(shipped.includes(word), word);
    }
  });

  it('finds the listed compounds that neighbouring words spell', () => {
    const segmenter = createChineseSegmenter(parseRetailWords('跑步鞋\n蓝牙耳机'));
    assert.deepEqual(segmenter.compoundsIn(['女子', '跑步', '鞋']), ['跑步鞋']);
    assert.deepEqual(segmenter.compoundsIn(['蓝牙', '耳机', '跑步', '鞋']), ['蓝牙耳机', '跑步鞋']);
    assert.deepEqual(segmenter.compoundsIn(['跑步', '袜', '鞋']), []);
    assert.deepEqual(segmenter.segment('跑步鞋', 'query'), ['跑步鞋']);
  });
});

describe('joinedPairs', () => {
  it('writes each pair of neighbouring words together, leaving Chinese out', () => {
    assert.deepEqual(joinedPairs(['dead', 'space', '2']), ['deadspace', 'space2']);
    assert.deepEqual(joinedPairs(['x', 'box']), ['xbox']);
    assert.deepEqual(joinedPairs(['跑鞋', 'nike', 'air']), ['nikeair']);
    assert.deepEqual(joinedPairs(['one']), []);
  });
});

describe('joinedTriples', () => {
  it('joins each run of three neighbouring words, leaving Chinese out', () => {
    assert.deepEqual(joinedTriples(['gears', 'of', 'war', '3']), ['gearsofwar', 'ofwar3']);
    assert.deepEqual(joinedTriples(['dragon', 'ball']), []);
    assert.deepEqual(joinedTriples(['跑鞋', 'nike', 'air', 'max']), ['nikeairmax']);
  });
});
