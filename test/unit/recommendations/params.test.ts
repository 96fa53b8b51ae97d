import assert from 'node:assert/strict';
import { AppError } from '../../../src/core/errors';
import {
  parseProductRecommendationRequest,
  parseShopperRecommendationRequest,
  parseTrendingRequest,
} from '../../../src/recommendations/params';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === 'VALIDATION_FAILED', String(error));
    return error.field;
  }
  assert.fail('expected a validation error');
}

describe('recommendation parameters', () => {
  it('defaults to 10 items in stock, purchases excluded, no diversity cap', () => {
    assert.deepEqual(parseTrendingRequest({}), {
      size: 10,
      filters: { categoryIds: [], brandIds: [], merchantIds: [], priceMin: null, priceMax: null, inStock: true },
      exclude: [],
      excludePurchased: true,
      maxPerBrand: null,
      maxPerMerchant: null,
      customerId: null,
      sessionId: null,
    });
  });

  it('reads lists repeated or comma-separated, switches and caps', () => {
    const { productId, request } = parseProductRecommendationRequest('phone-1', {
      type: 'bought_together',
      size: '5',
      brand: ['voltix,sonora', 'voltix'],
      price_min: '10',
      price_max: '99.5',
      in_stock: 'false',
      exclude: 'case-1',
      exclude_purchased: '0',
      max_per_brand: '2',
      customer: 'c1',
    });
    assert.equal(productId, 'phone-1');
    assert.equal(request.type, 'bought_together');
    assert.deepEqual(request.filters, {
      categoryIds: [],
      brandIds: ['voltix', 'sonora'],
      merchantIds: [],
      priceMin: 10,
      priceMax: 99.5,
      inStock: false,
    });
    assert.deepEqual(
      [request.size, request.exclude, request.excludePurchased, request.maxPerBrand, request.customerId],
      [5, ['case-1'], false, 2, 'c1'],
    );
    assert.equal(parseProductRecommendationRequest('p', {}).request.type, 'also_bought');
  });

  it('takes the shopper from the path', () => {
    assert.equal(parseShopperRecommendationRequest({ customerId: 'c1' }, { session: 's1' }).customerId, 'c1');
    assert.equal(parseShopperRecommendationRequest({ sessionId: 's1' }, {}).sessionId, 's1');
    assert.equal(
      fieldOf(() => parseShopperRecommendationRequest({ customerId: 'c1' }, { customer: 'c2' })),
      'customer',
    );
  });

  it('answers a 400 naming the field', () => {
    assert.equal(
      fieldOf(() => parseTrendingRequest({ size: '51' })),
      'size',
    );
    assert.equal(
      fieldOf(() => parseTrendingRequest({ size: ['1', '2'] })),
      'size',
    );
    assert.equal(
      fieldOf(() => parseTrendingRequest({ brand: Array.from({ length: 21 }, (_, i) => `b${i}`) })),
      'brand',
    );
    assert.equal(
      fieldOf(() => parseTrendingRequest({ exclude: 'ok,not ok' })),
      'exclude[1]',
    );
    assert.equal(
      fieldOf(() => parseTrendingRequest({ price_min: '5', price_max: '1' })),
      'price_min',
    );
    assert.equal(
      fieldOf(() => parseTrendingRequest({ in_stock: 'yes' })),
      'in_stock',
    );
    assert.equal(
      fieldOf(() => parseTrendingRequest({ colour: 'red' })),
      'colour',
    );
    assert.equal(
      fieldOf(() => parseProductRecommendationRequest('p', { type: 'viewed' })),
      'type',
    );
    assert.equal(
      fieldOf(() => parseProductRecommendationRequest('bad id', {})),
      'id',
    );
  });

  it('reads several list types, in order, each once, and never beside `type`', () => {
    const { request } = parseProductRecommendationRequest('p', { types: 'similar, bought_together', size: '4' });
    assert.deepEqual(request.types, ['similar', 'bought_together']);
    assert.equal(parseProductRecommendationRequest('p', { types: ['also_bought', 'similar'] }).request.types?.length, 2);
    assert.equal(parseProductRecommendationRequest('p', {}).request.types, null);
    assert.equal(
      fieldOf(() => parseProductRecommendationRequest('p', { types: 'similar', type: 'similar' })),
      'types',
    );
    assert.equal(
      fieldOf(() => parseProductRecommendationRequest('p', { types: 'similar,similar' })),
      'types',
    );
    assert.match(fieldOf(() => parseProductRecommendationRequest('p', { types: 'similar,viewed' })) ?? '', /^types/);
    assert.match(fieldOf(() => parseProductRecommendationRequest('p', { types: ',' })) ?? '', /^types/);
  });
});
