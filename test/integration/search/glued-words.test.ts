import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Glued and split words against the ranking: a product whose title only
 * splits the word ("Smart Phone Stand" for "smartphone") is found, but never
 * above products whose title has the word itself; a query that splits a
 * title's word ("motion sports") finds that title as if typed whole.
 */
describe('glued and split words in the ranking (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;

  before(async () => {
    shop = await startStorefront();
    const stand = {
      merchantId: 'm-tech',
      categoryId: 'phone-cases',
      titleEn: 'Desk Smart Phone Stand',
      price: 9,
      stock: 40,
      rating: 4.9,
      reviewCount: 500,
    };
    const game = { merchantId: 'm-tech', categoryId: 'electronics', price: 39, stock: 5 };
    await shop.addProducts({
      'stand-1': stand,
      'game-motion': { ...game, titleEn: 'MotionSports Party' },
      'game-arena': {
        ...game,
        titleEn: 'Sports Arena Pro',
        descriptionEn: 'Motion controls for every sport.',
        rating: 5,
        reviewCount: 900,
      },
      'game-bf': { ...game, titleEn: 'Battlefield Heroes' },
      'game-battles': { ...game, titleEn: 'Great Battles Medieval', rating: 5, reviewCount: 900 },
      'game-gears': { ...game, titleEn: 'Gears of War 3' },
    });
  });
  after(async () => {
    await shop?.close();
  });

  it('ranks real title matches above a title that only splits the word, however rare the split form is', async () => {
    const response = await shop.search({ q: 'smartphone' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const found = ids(response.body);
    assert.ok(found.includes('stand-1'), 'the split spelling is found');
    assert.ok(found.indexOf('stand-1') > found.indexOf('phone-1') && found.indexOf('stand-1') > found.indexOf('phone-2'), found.join(', '));
  });

  it('ranks a title whose word the query splits ("motion sports") as a match of both words in the title', async () => {
    const found = ids((await shop.search({ q: 'motion sports' })).body);
    assert.equal(found[0], 'game-motion', found.join(', '));
  });

  it('finds a word split and misspelt at once ("battle feild") when the fallback needs fewer words', async () => {
    const response = await shop.search({ q: 'battle feild' });
    assert.equal(response.body.relaxed, true, 'the words as typed find nothing');
    assert.ok(ids(response.body).includes('game-bf'), ids(response.body).join(', '));
  });

  it('finds a short name glued whole ("gearsofwar")', async () => {
    assert.deepEqual(ids((await shop.search({ q: 'gearsofwar' })).body), ['game-gears']);
  });

  it('matches plurals of split words (joined forms are stemmed like titles)', async () => {
    assert.ok(ids((await shop.search({ q: 'smart phones' })).body).includes('phone-1'));
  });
});
