import assert from 'node:assert/strict';
import { analyze, wordGroups, words } from '../../../../src/core/text';
import { canonicalNumbers, shortYear } from '../../../../src/core/text/numbers';

const index = { purpose: 'index' } as const;
const query = { purpose: 'query' } as const;

/** Every spelling gives the same words, as a query and as a title. */
function assertOneForm(spellings: string[], expected: string[]): void {
  for (const text of spellings) {
    assert.deepEqual(words(text, query), expected, `query ${JSON.stringify(text)}`);
    assert.deepEqual(
      words(text, index).filter((w) => expected.includes(w)),
      expected,
      `title ${JSON.stringify(text)}`,
    );
  }
}

describe('numbers, measures and model codes (src/core/text/numbers.ts)', () => {
  describe('one written form on both sides', () => {
    it('reads a screen size however the inch is written', () => {
      assertOneForm(
        ['13.3"', '13.3 "', '13.3 in', '13.3in', '13.3 inch', '13.3-inch', '13.3 inches', '13.3″', '13.3”', "13.3''"],
        ['13.3', 'inch'],
      );
    });

    it('reads a size typed without its decimal point ("13 3 in") as the decimal, on the query side only', () => {
      assert.deepEqual(words('13 3 in', query), ['13.3', 'inch']);
      assert.deepEqual(words('15 6 inch laptop', query), ['15.6', 'inch', 'laptop']);
      // A title saying twelve three-inch nails keeps its numbers.
      assert.deepEqual(words('Set of 12 3-inch nails', index).slice(0, 5), ['set', 'of', '12', '3', 'inch']);
    });

    it('reads storage and other units glued, spaced or spelt out alike', () => {
      assertOneForm(['256GB', '256 GB', '256 gb', '256-gb', '256 gigabytes', '256 gig'], ['256', 'gb']);
      assertOneForm(['2TB', '2 terabytes'], ['2', 'tb']);
      assertOneForm(['2.5mm', '2.5 millimetres', '2.5 mm'], ['2.5', 'mm']);
      assertOneForm(['65W', '65 watts'], ['65', 'w']);
      assertOneForm(['5lbs', '5 pounds', '5 lb'], ['5', 'lb']);
      assertOneForm(['1.5L', '1.5 litres', '1.5 liter'], ['1.5', 'l']);
    });

    it('splits letters and digits glued together, so model names match written either way', () => {
      assertOneForm(['iphone11', 'iPhone 11', 'IPHONE-11'], ['iphone', '11']);
      assertOneForm(['xbox360', 'Xbox 360'], ['xbox', '360']);
      assertOneForm(['rtx4090', 'RTX 4090'], ['rtx', '4090']);
    });

    it('reads number words two to twelve as digits', () => {
      assertOneForm(['battlefield three', 'Battlefield 3'], ['battlefield', '3']);
      assertOneForm(['ben ten', 'Ben 10'], ['ben', '10']);
    });

    it('reads roman numerals after a word as digits', () => {
      assertOneForm(['force unleashed ii', 'Force Unleashed 2', 'force unleashed two'], ['force', 'unleashed', '2']);
      assert.deepEqual(words('LEGO Star Wars III: The Clone Wars', query), ['lego', 'star', 'wars', '3', 'the', 'clone', 'wars']);
      assert.deepEqual(words('Grand Theft Auto IV', query), ['grand', 'theft', 'auto', '4']);
      assert.deepEqual(words('Final Fantasy XIII', query), ['final', 'fantasy', '13']);
    });

    it('reads a numeral followed by another word as the number only on the stored side, which keeps the letters too', () => {
      // In a query a letter before a word is as often just a letter ("guitar x box").
      assert.deepEqual(words('guitar x box', query), ['guitar', 'x', 'box']);
      assert.deepEqual(words('force unleashed ii xbox', query), ['force', 'unleashed', 'ii', 'xbox']);
      assert.deepEqual(words('Rocky II Special Edition', index), ['rocky', 'ii', '2', 'special', 'edition']);
      assert.deepEqual(words('Star Wars: The Force Unleashed II - Xbox 360', index).slice(4, 7), ['unleashed', 'ii', '2']);
    });

    it('gives the same stems, so the analysed fields agree too; the stored side keeps a glued form besides', () => {
      assert.deepEqual(analyze('Laptop 13.3 inches 256 gigabytes', query), ['laptop', '13.3', 'inch', '256', 'gb']);
      assert.deepEqual(analyze('LAPTOP 13.3" 256GB', index), ['laptop', '13.3', 'inch', '256', 'gb', '256gb']);
    });

    it('keeps the pieces of one written word together (wordGroups), as a query matches them', () => {
      assert.deepEqual(wordGroups('X16 phone 256 GB', query), [['x', '16'], ['phone'], ['256'], ['gb']]);
      assert.deepEqual(wordGroups('iPhone11', index), [['iphone', '11'], ['iphone11']]);
    });
  });

  describe('no false readings', () => {
    it('keeps "i" a letter, and numerals that start a text or follow a number', () => {
      assert.deepEqual(words('I want it', query), ['i', 'want', 'it']);
      assert.deepEqual(words('what i want', query), ['what', 'i', 'want']);
      assert.deepEqual(words('V for Vendetta', query), ['v', 'for', 'vendetta']);
      assert.deepEqual(words('X-Men Origins', query), ['x', 'men', 'origins']);
      assert.deepEqual(words('12 v battery', query), ['12', 'v', 'battery'], 'volts, not five');
      assert.deepEqual(words('a7iii body', query), ['a', '7', 'iii', 'body'], 'a numeral glued to a model code stays');
    });

    it('reads no numeral in a word that merely contains one, nor before a number ("x 360")', () => {
      assert.deepEqual(words('vivid mix civic', query), ['vivid', 'mix', 'civic']);
      assert.deepEqual(words('for x 360', query), ['for', 'x', '360']);
    });

    it('leaves "one" and words that contain number words alone', () => {
      assert.deepEqual(words('the one', query), ['the', 'one']);
      assert.deepEqual(words('often tender twos', query), ['often', 'tender', 'twos']);
    });

    it('reads "in" as inches only after a number and when no number follows', () => {
      assert.deepEqual(words('2 in 1 laptop', query), ['2', 'in', '1', 'laptop']);
      assert.deepEqual(words('3-in-1 charger', query), ['3', 'in', '1', 'charger']);
      assert.deepEqual(words('made in china', query), ['made', 'in', 'china']);
    });

    it('keeps a quotation mark that closes a quotation', () => {
      assert.deepEqual(words('the "Halo 3" bundle', query), ['the', 'halo', '3', 'bundle']);
      assert.deepEqual(words('the “Halo 3” bundle', query), ['the', 'halo', '3', 'bundle']);
      assert.deepEqual(words('the "27" monitor', query), ['the', '27', 'monitor']);
      assert.deepEqual(words('27" monitor', query), ['27', 'inch', 'monitor']);
    });

    it('keeps ordinals whole', () => {
      assert.deepEqual(words('4th edition', query), ['4th', 'edition']);
      assert.deepEqual(words('21st century', query), ['21st', 'century']);
    });

    it('leaves Chinese and text without numbers as it was', () => {
      assert.equal(canonicalNumbers('蓝牙耳机', 'query'), '蓝牙耳机');
      assert.equal(canonicalNumbers('running shoes', 'index'), 'running shoes');
      assert.deepEqual(words('Voltix X15 智能手机 128GB', query), ['voltix', 'x', '15', '智能手机', '128', 'gb']);
    });
  });
});

describe('shortYear (src/core/text/numbers.ts)', () => {
  it("gives a year's two last digits, as yearly editions are titled", () => {
    assert.equal(shortYear('2012'), '12');
    assert.equal(shortYear('1999'), '99');
  });

  it('gives nothing for other numbers and words', () => {
    for (const word of ['12', '360', '4000', '2012gb', '21st', 'madden']) assert.equal(shortYear(word), null, word);
  });
});
