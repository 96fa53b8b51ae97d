import Router from '@koa/router';
import { restrictToKeyFilters } from '../../auth/key-filters';
import { parseProductRecommendationRequest, parseShopperRecommendationRequest, parseTrendingRequest } from '../../recommendations/params';
import type { RecommendationService } from '../../recommendations/service';
import type { AppState } from '../context/state';
import { customerData } from '../middleware/auth';

/**
 * Recommendations for the storefront (public key). An unknown product is a
 * 404; an unknown customer or session is not an error: it has no history
 * yet, so it gets trending or popular products with `fallback: true`. A
 * customer's own list needs a key bound to that customer (app.ts checks the
 * `customer` parameter of the others). A customer key's filters narrow every
 * list (restrictToKeyFilters), and a product they exclude is a 404 here too.
 */
const keyFiltersOf = (ctx: { state: AppState }) => ctx.state.principal?.keyFilters;

export function recommendationRoutes(recommendations: RecommendationService): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/products/:id/recommendations', async (ctx) => {
    const { productId, request } = parseProductRecommendationRequest(ctx.params.id, ctx.query);
    const restricted = restrictToKeyFilters(request, keyFiltersOf(ctx));
    ctx.body = !request.types
      ? await recommendations.forProduct(productId, restricted)
      : await recommendations.forProductWidgets(productId, restricted);
  });
  const customerInPath = customerData((ctx) => [{ customerId: ctx.params.id, field: 'id' }]);
  router.get('/v1/customers/:id/recommendations', customerInPath, async (ctx) => {
    ctx.body = await recommendations.forShopper(
      restrictToKeyFilters(parseShopperRecommendationRequest({ customerId: ctx.params.id }, ctx.query), keyFiltersOf(ctx)),
    );
  });
  router.get('/v1/sessions/:id/recommendations', async (ctx) => {
    ctx.body = await recommendations.forShopper(
      restrictToKeyFilters(parseShopperRecommendationRequest({ sessionId: ctx.params.id }, ctx.query), keyFiltersOf(ctx)),
    );
  });
  router.get('/v1/recommendations/trending', async (ctx) => {
    ctx.body = await recommendations.trending(restrictToKeyFilters(parseTrendingRequest(ctx.query), keyFiltersOf(ctx)));
  });
  return router;
}
