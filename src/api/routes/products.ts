import Router from '@koa/router';
import { validationError } from '../../core/errors';
import { identifier, parseInput } from '../../core/validation';
import type { ProductLookup } from '../../search/product/product-lookup';
import type { AppState } from '../context/state';

/** One product for the storefront's product page (public key); a customer key's filters narrow what it may see. */
export function productRoutes(lookup: ProductLookup): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/products/:id', async (ctx) => {
    const id = parseInput(identifier, ctx.params.id, 'id');
    const unknown = Object.keys(ctx.query)[0];
    if (unknown !== undefined) throw validationError(unknown, `Unknown parameter "${unknown}": this endpoint takes none.`);
    ctx.body = await lookup.product(id, ctx.state.principal?.keyFilters ?? null);
  });
  return router;
}
