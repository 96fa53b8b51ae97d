import Router from '@koa/router';
import { restrictToKeyFilters } from '../../auth/key-filters';
import { parseSearchRequest } from '../../search/request/params';
import type { SearchService } from '../../search/search-service';
import type { AppState } from '../context/state';
import { clientAddressKey } from '../rate-limits/client-address';
import { markStale } from '../middleware/stale';

/** Storefront search and category browsing (public key); a customer key's filters narrow it. */
export function searchRoutes(search: SearchService): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/search', async (ctx) => {
    const request = restrictToKeyFilters(parseSearchRequest(ctx.query), ctx.state.principal?.keyFilters);
    ctx.body = await search.search(request, {
      requestId: ctx.state.requestId,
      clientAddress: clientAddressKey(ctx.ip),
      onStale: (source, cause) => markStale(ctx, source, cause),
    });
  });
  return router;
}
