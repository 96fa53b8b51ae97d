import Router from '@koa/router';
import { z } from 'zod';
import { validationError } from '../../../core/errors';
import { identifier, parseInput } from '../../../core/validation';
import { productCards } from '../../../merchandising/product-cards';
import { parseSearchRequest } from '../../../search/request/params';
import type { AppState } from '../../context/state';
import { singleValues, type MerchandisingRouteDeps } from './deps';

const cardsQuery = z.strictObject({
  ids: z
    .string()
    .transform((v) => v.split(',').filter((id) => id !== ''))
    .pipe(z.array(identifier).min(1, 'Name at least one product.').max(100, 'At most 100 products at once.'))
    .optional(),
  q: z.string().trim().min(1, 'Type part of a product name.').max(200).optional(),
  size: z.string().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(1).max(20)).default(8),
});

/**
 * Products as the console names them (rule lists, pins, warnings: `ids`,
 * hidden ones and closed merchants' included) and finds them (the product
 * picker: `q`, the storefront's own search under the live rules, run as the
 * preview runs it: not cached, and not logged, so merchandisers' lookups
 * never count as shoppers' searches in the analytics).
 */
export function productRoutes({ db, search, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/merchandising/products', async (ctx) => {
    const { ids, q, size } = parseInput(cardsQuery, singleValues(ctx.query));
    if ((ids === undefined) === (q === undefined)) throw validationError('ids', 'Give either ids (to name products) or q (to find them).');
    if (ids !== undefined) {
      ctx.body = { products: await productCards(db, ids) };
      return;
    }
    const found = await search.explain(parseSearchRequest({ q: q!, size: String(size) }), await store.snapshot());
    ctx.body = { products: found.result.hits };
  });
  return router;
}
