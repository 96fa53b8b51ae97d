import type { TestUser } from '../../../../ranking/eval/temporal-split';
import type { BasketCase } from '../../../../ranking/eval/next-basket';
import { AppError } from '../../../core/errors';
import type { ProductRecommendationType } from '../../../recommendations/params';
import { parseProductRecommendationRequest, parseShopperRecommendationRequest } from '../../../recommendations/params';
import type { RecommendationService } from '../../../recommendations/service';

export interface ServedLists<U> {
  lists: Array<{ user: U; items: string[] }>;
  /** Wall time of each service call, in process, ms. */
  latencies: number[];
  /** Lists the service marked as a fallback: at least one item from outside the asked source (a short list topped up, or nothing of its own). */
  fallbacks: number;
  /** Per list, the items that came from the asked source itself (the rest are fallbacks). */
  ownItems: number[];
}

/**
 * "For you" as the API answers `GET /v1/customers/:id/recommendations?size=k`:
 * the request goes through the route's own parser (defaults included:
 * exclude_purchased, in_stock) to the service, one customer at a time.
 */
export async function servedForYou(service: RecommendationService, users: readonly TestUser[], k: number): Promise<ServedLists<TestUser>> {
  const out: ServedLists<TestUser> = { lists: [], latencies: [], fallbacks: 0, ownItems: [] };
  for (const user of users) {
    const request = parseShopperRecommendationRequest({ customerId: user.userId }, { size: String(k) });
    const started = performance.now();
    const response = await service.forShopper(request);
    out.latencies.push(performance.now() - started);
    if (response.fallback) out.fallbacks++;
    out.ownItems.push(response.items.filter((item) => item.source === 'for_you').length);
    out.lists.push({ user, items: response.items.map((item) => item.product.id) });
  }
  return out;
}

/** `GET /v1/products/:id/recommendations?type=…&size=k` for each case's anchor (no shopper: the list a product page shows). */
export async function servedForProduct(
  service: RecommendationService,
  type: ProductRecommendationType,
  cases: readonly BasketCase[],
  k: number,
): Promise<ServedLists<BasketCase>> {
  const out: ServedLists<BasketCase> = { lists: [], latencies: [], fallbacks: 0, ownItems: [] };
  for (const basket of cases) {
    const { productId, request } = parseProductRecommendationRequest(basket.anchor, { type, size: String(k) });
    const started = performance.now();
    let items: string[] = [];
    let own = 0;
    try {
      const response = await service.forProduct(productId, request);
      if (response.fallback) out.fallbacks++;
      items = response.items.map((item) => item.product.id);
      own = response.items.filter((item) => item.source === type).length;
    } catch (error) {
      // An anchor the training period never saw is not in the index: the page would not exist, the list is empty.
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      out.fallbacks++;
    }
    out.latencies.push(performance.now() - started);
    out.ownItems.push(own);
    out.lists.push({ user: basket, items });
  }
  return out;
}
