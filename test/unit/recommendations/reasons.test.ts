import assert from 'node:assert/strict';
import { historyReason, listReason, similarReason, trendingReason } from '../../../src/recommendations/reasons';

describe('recommendation reasons', () => {
  const phone = { id: 'phone-1', title: 'Voltix X15' };

  it('says which product a list item goes with', () => {
    assert.deepEqual(listReason('bought_together', phone), {
      code: 'bought_together',
      text: 'Often bought with Voltix X15',
      productId: 'phone-1',
    });
    assert.deepEqual(listReason('also_bought', phone), {
      code: 'also_bought',
      text: 'Customers who bought Voltix X15 also bought this',
      productId: 'phone-1',
    });
    assert.deepEqual(similarReason(phone), { code: 'similar', text: 'Similar to Voltix X15', productId: 'phone-1' });
  });

  it('names the category of trending and popular items', () => {
    assert.deepEqual(trendingReason(true, { id: 'phones', name: 'Phones' }), {
      code: 'trending',
      text: 'Trending in Phones',
      categoryId: 'phones',
    });
    assert.deepEqual(trendingReason(false, null), { code: 'popular', text: 'Popular right now' });
  });

  it('points "for you" at the strongest matched history item, another product before the hit itself', () => {
    const titles = new Map([
      ['audio-2', 'Sonora Wired'],
      ['case-1', 'Clear Case'],
    ]);
    const matched = [
      { kind: 'viewed' as const, productId: 'audio-1', boost: 0.6 },
      { kind: 'viewed' as const, productId: 'audio-2', boost: 0.3 },
      { kind: 'carted' as const, productId: 'case-1', boost: 0.5 },
    ];
    assert.deepEqual(historyReason('audio-1', matched, titles), {
      code: 'carted',
      text: 'Because you added Clear Case to your cart',
      productId: 'case-1',
    });
    assert.deepEqual(historyReason('audio-1', matched.slice(0, 1), titles), {
      code: 'viewed',
      text: 'You viewed this recently',
      productId: 'audio-1',
    });
    assert.deepEqual(historyReason('x', matched.slice(1, 2), titles), {
      code: 'viewed',
      text: 'Because you viewed Sonora Wired',
      productId: 'audio-2',
    });
    assert.equal(historyReason('x', [], titles), null);
  });
});
