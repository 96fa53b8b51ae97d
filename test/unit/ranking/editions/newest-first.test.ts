import assert from 'node:assert/strict';
import { newestEditionsFirst } from '../../../../ranking/editions/newest-first';

const order = (titles: string[], query: string) => newestEditionsFirst(titles, (title) => ({ title, inStock: true }), query);

describe('newestEditionsFirst (ranking/editions/newest-first.ts)', () => {
  it('puts the editions of a series newest first, in the places they already hold', () => {
    assert.deepEqual(order(['Madden NFL 10 - Xbox 360', 'Other Game', 'Madden NFL 12 - Xbox 360', 'Madden NFL 11 - Xbox 360'], 'madden'), [
      'Madden NFL 12 - Xbox 360',
      'Other Game',
      'Madden NFL 11 - Xbox 360',
      'Madden NFL 10 - Xbox 360',
    ]);
  });

  it('reads numbers as search does (roman numerals, number words, glued model codes)', () => {
    assert.deepEqual(order(['Dragon Age II', 'Dragon Age III'], 'dragon age'), ['Dragon Age III', 'Dragon Age II']);
    assert.deepEqual(order(['Voltix X15 Pro', 'Voltix X16 Pro'], 'voltix'), ['Voltix X16 Pro', 'Voltix X15 Pro']);
  });

  it('leaves out of the comparison the numbers the query names, which every edition shares', () => {
    assert.deepEqual(order(['Halo 3 - Xbox 360', 'Halo 4 - Xbox 360'], 'halo xbox 360'), ['Halo 4 - Xbox 360', 'Halo 3 - Xbox 360']);
  });

  it('leaves sizes and capacities as ranked: a number before a unit is a measure, not an edition', () => {
    for (const ranked of [
      ['Acme SSD 256GB', 'Acme SSD 512GB'],
      ['Vista 40" LED TV', 'Vista 55" LED TV'],
      ['Braided USB cable 1 m', 'Braided USB cable 2 m'],
    ])
      assert.deepEqual(order(ranked, 'acme vista braided'), ranked);
  });

  it('leaves "2 in 1" and "3 in 1" as ranked: a kind of product, not an edition (review, issue 19)', () => {
    for (const ranked of [
      ['Flip 2 in 1 Tablet', 'Flip 3 in 1 Tablet'],
      ['Volt 2-in-1 Charger', 'Volt 3-in-1 Charger'],
    ])
      assert.deepEqual(order(ranked, 'flip volt'), ranked);
  });

  it('leaves titles of numbers alone as ranked: they name no series ("1984", "2001")', () => {
    assert.deepEqual(order(['1984', '2001'], 'novel'), ['1984', '2001']);
    assert.deepEqual(order(['1984', '2001 - 2', '2001 - 3'], 'novel'), ['1984', '2001 - 2', '2001 - 3']);
  });

  it('keeps the order when the query names a number that tells the editions apart', () => {
    const ranked = ['Madden NFL 11', 'Madden NFL 12'];
    assert.deepEqual(order(ranked, 'madden 11'), ranked);
  });

  it('leaves titles that differ in more than numbers, and titles without numbers, as ranked', () => {
    const ranked = ['Halo: Reach', 'Halo 4', 'Halo 3: ODST', 'Gears of War 2', 'Gears of War 3: Epic Edition'];
    assert.deepEqual(order(ranked, 'halo'), ranked);
  });

  it('keeps hits without a title where they are', () => {
    const hits = [{ t: null }, { t: 'Game 1' }, { t: 'Game 2' }];
    assert.deepEqual(
      newestEditionsFirst(hits, (h) => ({ title: h.t, inStock: true }), 'game').map((h) => h.t),
      [null, 'Game 2', 'Game 1'],
    );
  });

  it('keeps an edition in stock above one that is not', () => {
    const hits = [
      { title: 'Game 1', inStock: true },
      { title: 'Game 2', inStock: false },
      { title: 'Game 3', inStock: true },
    ];
    assert.deepEqual(
      newestEditionsFirst(hits, (h) => h, 'game').map((h) => h.title),
      ['Game 3', 'Game 1', 'Game 2'],
    );
  });
});
